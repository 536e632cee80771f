"""Speed of ``kb merge`` on synthetic duo projects of realistic size.

    .venv/bin/python bench/merge_speed.py                   # two duos of 75 interviews × 300 fragments
    .venv/bin/python bench/merge_speed.py --interviews 300

Builds two projects with bench/agreement.py's builder (the same interview ids and contents, coded by two
simulated coders each with a different seed, so the second source brings codings on matched interviews and
conflicts), then prints the wall time of a dry run, the merge into an empty project, and a second merge
(which adds nothing).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.agreement import build  # noqa: E402
from kritischeblik.codebook import load_codebook  # noqa: E402
from kritischeblik.services.merge import merge  # noqa: E402
from kritischeblik.store.codebooks import save_codebook  # noqa: E402
from kritischeblik.store.db import Project  # noqa: E402


def _timed(label: str, run) -> object:  # noqa: ANN001
    start = time.perf_counter()
    out = run()
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--interviews", type=int, default=75)
    ap.add_argument("--segments", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("KB_KEY_DIR", tmp)
        root = Path(tmp)
        build(root / "a.kb", args.interviews, args.segments, seed=1).close()
        build(root / "b.kb", args.interviews, args.segments, seed=2).close()
        with Project.create(root / "doel.kb") as p, p.write() as s:
            save_codebook(s, load_codebook("kritische-blik"), primary=True)
        sources = [root / "a.kb", root / "b.kb"]
        print(f"{args.interviews} interviews × {args.segments} fragmenten per bron, 2 bronnen")
        _timed("proef (--proef)", lambda: merge(root / "doel.kb", sources, dry_run=True))
        report = _timed("samenvoegen in een leeg project", lambda: merge(root / "doel.kb", sources))
        for r in report.sources:
            print(f"  {r.source.name}: {r.counts['codings']} coderingen, {len(r.conflicts)} conflicten")
        _timed("nogmaals (voegt niets toe)", lambda: merge(root / "doel.kb", sources))


if __name__ == "__main__":
    main()
