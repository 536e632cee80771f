"""Run the labelled privacy corpus through the real ``kb init`` / ``kb ingest`` and score it.

Used by ``python -m bench.privacy_recall --labelled DIR``; the scoring rules are in privacy_scoring.py.
Each transcript goes into its own fresh project, so that what "the project stores" is exactly what that one
ingest added: the rows that were not in the empty, initialised project.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import tempfile
from pathlib import Path

from .privacy_scoring import TranscriptScore, labelled_files, report, score_transcript, summarise, validate


# Columns that hold the interview text or what is derived from it (segments, lemmas): the text is scored
# piece by piece from the pseudonymiser's output; searching it again would count a leak twice.
TEXT_COLUMNS = {("interviews", "text"), ("segments", "text"), ("segments", "lemmas")}


def stored_rows(path: Path) -> set[tuple]:
    """Every row of every table as (table, column names, values)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows: set[tuple] = set()
        for t in tables:
            cur = con.execute(f'SELECT * FROM "{t}"')
            cols = tuple(d[0] for d in cur.description)
            rows.update((t, cols, tuple(r)) for r in cur)
        return rows
    finally:
        con.close()


def stored_beside_text(path: Path, empty: set[tuple]) -> str:
    """Every string value the ingest added, except the interview text and what is derived from it."""
    values = []
    for table, cols, row in stored_rows(path) - empty:
        values.extend(
            str(v) for c, v in zip(cols, row, strict=True) if isinstance(v, str) and (table, c) not in TEXT_COLUMNS
        )
    return "\n".join(values)


def _kb(*args: str) -> tuple[int, str]:
    from kritischeblik.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(args))
    return code, out.getvalue()


def score_folder(folder: Path) -> tuple[list[TranscriptScore], list[str]]:
    """Scores per transcript and the problems found in the labels (validation)."""
    import kritischeblik.ingest.pseudonymise as pm

    from .privacy_recall import RecordingPseudonymiser

    files = labelled_files(folder)
    if not files:
        raise SystemExit(f"{folder}: geen *.labels.yaml gevonden")
    problems = [p for transcript, lf in files for p in validate(transcript, lf)]
    # Sequential: the recorder lives in this process and must see every call.
    os.environ["KB_WORKERS"] = "1"
    real = pm.get_pseudonymiser
    recorder = RecordingPseudonymiser(real())
    scores = []
    pm.get_pseudonymiser = lambda *a, **k: recorder
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i, (transcript, lf) in enumerate(files):
                project = Path(tmp) / f"p{i}.kb"
                code, out = _kb("init", "-p", str(project))
                if code:
                    raise SystemExit(f"kb init faalde:\n{out}")
                empty = stored_rows(project)
                recorder.calls.clear()
                code, out = _kb("ingest", "-p", str(project), str(transcript))
                if code:
                    raise SystemExit(f"{transcript.name}: kb ingest faalde:\n{out}")
                if not recorder.calls:
                    raise SystemExit(f"{transcript.name}: de pseudonimiseerder is niet aangeroepen (niet gemeten)")
                stored = stored_beside_text(project, empty)
                pairs = [pair for pieces, output, _, _ in recorder.calls for pair in zip(pieces, output, strict=True)]
                text = transcript.read_text(encoding="utf-8")
                scores.append(score_transcript(transcript.stem, text, lf.labels, pairs, stored, lf.keep))
    finally:
        pm.get_pseudonymiser = real
    return scores, problems


def run_labelled(folder: Path, show_missed: bool = False) -> str:
    scores, problems = score_folder(folder)
    text = report(summarise(scores), f"Privacy-meting: {folder} ({len(scores)} transcripten)", show_missed)
    if problems:
        text += f"\n### Fouten in de labels ({len(problems)})\n\n" + "\n".join(f"- {p}" for p in problems) + "\n"
    return text
