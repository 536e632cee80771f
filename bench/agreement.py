"""Speed of the agreement functions on a synthetic project of realistic size.

    .venv/bin/python bench/agreement.py                  # 300 interviews × 100 segments, two coders
    .venv/bin/python bench/agreement.py --interviews 1000

Builds a temporary project (no transcripts are parsed: rows are inserted directly), lets two simulated
coders code ~6% of the segments with 20 codes (agreeing on most), and prints the wall time of
agreement_frame (kb agreement / the 'Overeenstemming' sheet), per_interview_agreement (TUI overview),
disagreements (kb agreement review) and seed_consensus (kb agreement consensus), the latter both with its
set-based bulk path (the default) and decision by decision (``bulk=False``) on a copy of the project.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from kritischeblik.codebook import load_codebook  # noqa: E402
from kritischeblik.services import agreement, consensus  # noqa: E402
from kritischeblik.store import codings  # noqa: E402
from kritischeblik.store import disagreements as dis  # noqa: E402
from kritischeblik.store.codebooks import save_codebook  # noqa: E402
from kritischeblik.store.db import Project, now  # noqa: E402
from kritischeblik.store.schema import Coding, Interview, Segment, TurnRow  # noqa: E402


def build(path: Path, n_interviews: int, n_segments: int, seed: int = 1) -> Project:
    rng = random.Random(seed)
    project = Project.create(path)
    book = load_codebook("kritische-blik")
    codes = [c.id for c in book.codes][:20]
    stamp = now()
    with project.write() as s:
        save_codebook(s, book, primary=True)
        anna, bram = codings.coder(s, "Anna").id, codings.coder(s, "Bram").id
        s.execute(
            insert(Interview),
            [
                {
                    "id": f"iv-{i:04d}",
                    "source_name": "",
                    "content_hash": str(i),
                    "omgeving": "wijk",
                    "duo": [],
                    "respondent_rol": "",
                    "organisatie": "",
                    "datum": "",
                    "attributes": {},
                    "text": "x" * n_segments,
                    "pseudonymised": True,
                    "blind": False,
                    "warnings": [],
                    "ingested_at": stamp,
                }
                for i in range(n_interviews)
            ],
        )
        s.execute(
            insert(TurnRow),
            [
                {
                    "interview_id": f"iv-{i:04d}",
                    "idx": 0,
                    "section": "mooi voorbeeld",
                    "speaker": "Respondent",
                    "role": "respondent",
                    "char_start": 0,
                    "char_end": n_segments,
                }
                for i in range(n_interviews)
            ],
        )
        turns = dict(s.execute(select(TurnRow.interview_id, TurnRow.id)).all())
        s.execute(
            insert(Segment),
            [
                {
                    "interview_id": iid,
                    "turn_id": tid,
                    "idx": k,
                    "section": "mooi voorbeeld",
                    "speaker": "Respondent",
                    "role": "respondent",
                    "char_start": k,
                    "char_end": k + 1,
                    "text": "x",
                    "lemmas": "",
                    "state": "actief",
                }
                for iid, tid in turns.items()
                for k in range(n_segments)
            ],
        )
        rows = []
        for sid in s.scalars(select(Segment.id)):
            if rng.random() < 0.06:
                code = rng.choice(codes)
                rows.append((sid, code, anna))
                if rng.random() < 0.8:
                    rows.append((sid, code, bram))
                elif rng.random() < 0.5:
                    rows.append((sid, rng.choice(codes), bram))
            elif rng.random() < 0.01:
                rows.append((sid, rng.choice(codes), bram))
        s.execute(
            insert(Coding),
            [
                {
                    "segment_id": sid,
                    "code_id": code,
                    "coder_id": cid,
                    "status": "accepted",
                    "source": "handmatig",
                    "confidence": None,
                    "evidence": "",
                    "memo": "",
                    "created_at": stamp,
                    "updated_at": stamp,
                    "revision": 1,
                }
                for sid, code, cid in dict.fromkeys(rows)
            ],
        )
    return project


def timed(label: str, fn):  # noqa: ANN001, ANN201
    t0 = time.perf_counter()
    result = fn()
    print(f"{label:<32} {time.perf_counter() - t0:7.2f} s")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--interviews", type=int, default=300)
    ap.add_argument("--segments", type=int, default=100, help="segments per interview")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = timed(
            "opbouw synthetisch project",
            lambda: build(Path(tmp) / "bench.kb", args.interviews, args.segments),
        )
        print(f"{args.interviews} interviews × {args.segments} segmenten, 2 codeurs")
        df = timed("agreement_frame", lambda: agreement.agreement_frame(project, ["Anna", "Bram"]))
        timed("per_interview_agreement", lambda: agreement.per_interview_agreement(project))
        with project.read() as s:
            items, _ = timed("disagreements", lambda: dis.disagreements(s, ["Anna", "Bram"]))
        with project.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(Path(tmp) / "bench.kb", Path(tmp) / "per-row.kb")
        counts = timed("seed_consensus (bulk)", lambda: consensus.seed_consensus(project, ["Anna", "Bram"]))
        with Project.open(Path(tmp) / "per-row.kb") as per_row:
            slow = timed(
                "seed_consensus (per rij)",
                lambda: consensus.seed_consensus(per_row, ["Anna", "Bram"], bulk=False),
            )
        assert slow == counts, (slow, counts)
        total = df.iloc[-1]
        print(
            f"totaal: eenheden={total['eenheden']}, kappa={total['kappa']:.3f}, verschillen={len(items)}, "
            f"consensus overgenomen={counts['geaccepteerd']}"
        )
        project.close()


if __name__ == "__main__":
    main()
