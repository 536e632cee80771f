"""Run the labelled privacy corpus through the real ``kb init`` / ``kb ingest`` and score it.

Used by ``python -m bench.privacy_recall --labelled DIR``; the scoring rules are in privacy_scoring.py.
Each transcript goes into its own fresh project, so that what "the project stores" is exactly what that one
ingest added: the rows that were not in the empty, initialised project.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .privacy_scoring import (
    CATEGORIES,
    PRECISION_TARGET,
    STRUCTURED,
    TARGETS,
    Mention,
    Replacement,
    TranscriptScore,
    labelled_files,
    score_transcript,
    validate,
)

# Segments are sentences of the pseudonymiser's output: scored piece by piece already. (The interview text
# itself is kept: score_transcript removes the outputs from it, which leaves what the pipeline wrote around
# them, such as speaker labels.)
TEXT_COLUMNS = {("segments", "text"), ("segments", "lemmas")}


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
    """Every string value the ingest added, except the segments (sentences of the pseudonymised text)."""
    values = []
    for table, cols, row in stored_rows(path) - empty:
        values.extend(
            str(v)
            for c, v in zip(cols, row, strict=True)
            if isinstance(v, str) and (table, c) not in TEXT_COLUMNS
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
    import kritischeblik.ingest.pseudonymisation.pseudonymiser as pm

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
                    raise SystemExit(
                        f"{transcript.name}: de pseudonimiseerder is niet aangeroepen (niet gemeten)"
                    )
                stored = stored_beside_text(project, empty)
                pairs = [
                    pair
                    for pieces, output, _, _ in recorder.calls
                    for pair in zip(pieces, output, strict=True)
                ]
                text = transcript.read_text(encoding="utf-8")
                scores.append(score_transcript(transcript.stem, text, lf.labels, pairs, stored, lf.keep))
    finally:
        pm.get_pseudonymiser = real
    return scores, problems


def run_labelled(folder: Path, show_missed: bool = False, json_out: Path | None = None) -> str:
    scores, problems = score_folder(folder)
    summary = summarise(scores)
    text = report(summary, f"Privacy-meting: {folder} ({len(scores)} transcripten)", show_missed)
    if json_out is not None:
        figures = summary_figures(summary, folder, len(scores))
        json_out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if problems:
        text += (
            f"\n### Fouten in de labels ({len(problems)})\n\n" + "\n".join(f"- {p}" for p in problems) + "\n"
        )
    return text


# -- summary -------------------------------------------------------------------------------------------------


@dataclass
class Summary:
    per_category: dict[str, tuple[int, int]]  # category -> (mentions, caught)
    replaced: int
    hits: int
    false_positives: list[Replacement]
    missed: list[tuple[str, Mention]]
    unaligned: int
    keep_total: int
    keep_replaced: Counter

    @property
    def precision(self) -> float:
        return self.hits / self.replaced if self.replaced else 1.0

    def recall(self, cats: Iterable[str]) -> float:
        n = sum(self.per_category.get(c, (0, 0))[0] for c in cats)
        k = sum(self.per_category.get(c, (0, 0))[1] for c in cats)
        return k / n if n else 1.0


def summarise(scores: Sequence[TranscriptScore]) -> Summary:
    per: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    missed, fps = [], []
    replaced = hits = unaligned = keep_total = 0
    keep_replaced: Counter = Counter()
    for sc in scores:
        for m in sc.mentions:
            row = per.setdefault(m.label.category, [0, 0])
            row[0] += 1
            row[1] += m.caught
            if not m.caught:
                missed.append((sc.name, m))
        for r in sc.replacements:
            replaced += 1
            hits += r.hit
            if not r.hit:
                fps.append(r)
        unaligned += sc.unaligned
        keep_total += sc.keep_total
        keep_replaced.update(sc.keep_replaced)
    return Summary(
        {c: (n, k) for c, (n, k) in per.items()},
        replaced,
        hits,
        fps,
        missed,
        unaligned,
        keep_total,
        keep_replaced,
    )


def summary_figures(summary: Summary, folder: Path, files: int) -> dict:
    """What README quotes (bench/figures.py renders it): per category and per group, mentions and recall."""
    groups = {"naam_bekend": ("naam_bekend",), "naam_overig": ("naam_overig",), "gestructureerd": STRUCTURED}
    return {
        "corpus": folder.as_posix(),
        "files": files,
        "mentions": sum(n for n, _ in summary.per_category.values()),
        "precision": summary.precision,
        "groups": {
            g: {
                "mentions": sum(summary.per_category.get(c, (0, 0))[0] for c in cats),
                "recall": summary.recall(cats),
            }
            for g, cats in groups.items()
        },
        "per_category": {c: {"mentions": n, "caught": k} for c, (n, k) in summary.per_category.items() if n},
    }


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def report(summary: Summary, title: str, show_missed: bool = False) -> str:
    """The Markdown report: recall per category with targets, precision, false positives."""
    lines = [
        f"## {title}",
        "",
        "| categorie | vermeldingen | volledig vervangen | recall | doel |",
        "|---|---:|---:|---:|---|",
    ]
    for cat, (n, k) in summary.per_category.items():
        if not n:
            continue
        target = TARGETS.get(cat)
        mark = "" if target is None else (" ✓" if k / n >= target else " ✗")
        goal = "—" if target is None else f"≥ {target:g}"
        lines.append(f"| {cat} | {n} | {k} | {_fmt(k / n)}{mark} | {goal} |")
    total_n = sum(n for n, _ in summary.per_category.values())
    total_k = sum(k for _, k in summary.per_category.values())
    s_n = sum(summary.per_category.get(c, (0, 0))[0] for c in STRUCTURED)
    lines += [
        f"| *gestructureerde identificatoren samen* | {s_n} | "
        f"{sum(summary.per_category.get(c, (0, 0))[1] for c in STRUCTURED)} | {_fmt(summary.recall(STRUCTURED))} | ≥ 1 |",
        f"| **alle categorieën** | {total_n} | {total_k} | {_fmt(total_k / total_n if total_n else 1.0)} | |",
        "",
        f"Precisie: {summary.hits} van {summary.replaced} vervangen stukken raken een gelabelde vermelding = "
        f"**{_fmt(summary.precision)}** (doel ≥ {PRECISION_TARGET:g})"
        + (" ✓" if summary.precision >= PRECISION_TARGET else " ✗"),
        "",
        f"Keep-woorden (gewone woorden die leesbaar moeten blijven): {sum(summary.keep_replaced.values())} van "
        f"{summary.keep_total} vervangen"
        + (
            ": " + ", ".join(f"{w} ({n}×)" for w, n in summary.keep_replaced.most_common())
            if summary.keep_replaced
            else ""
        ),
    ]
    if summary.unaligned:
        lines += [
            "",
            f"Let op: {summary.unaligned} stukken waren niet uit te lijnen (uitvoer is meer dan de invoer "
            "met plaatshouders); daar telt alleen of de identificerende delen in de uitvoer ontbreken.",
        ]
    lines += ["", f"### Vals-positieven ({len(summary.false_positives)})", ""]
    fp = Counter((r.category, r.surface, r.keep) for r in summary.false_positives)
    if not fp:
        lines.append("geen")
    for (cat, surface, is_keep), n in sorted(fp.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"- {'**keep** ' if is_keep else ''}`{cat}` {surface!r}" + (f" ({n}×)" if n > 1 else ""))
    if show_missed:
        lines += ["", f"### Gemist ({len(summary.missed)})", ""]
        for name, m in summary.missed:
            lines.append(f"- {name} `{m.label.category}` {m.label.text!r} ({m.where}): … {m.context} …")
        lines += ["", "### Vals-positieven met context", ""]
        lines += [f"- `{r.category}` {r.surface!r}: … {r.context} …" for r in summary.false_positives]
    return "\n".join(lines) + "\n"
