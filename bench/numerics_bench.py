"""Speed of the numerics in analysis/: theme clustering and the agreement statistics, on an existing project.

    .venv/bin/python -m bench.numerics_bench PROJECT.kb            # a project with machine suggestions
    .venv/bin/python -m bench.numerics_bench PROJECT.kb --repeat 5

Prints, per case, the best and median wall time and the CPU time of ``cluster_fragments`` on the fragments of
one kind (read once, outside the timing), and of the agreement functions on synthetic coder layers of the
same size (two and three coders, ~6% of the units coded per code). A separate child process measures the
whole ``kb themes`` stage as ``bench.run`` does (imports included). The numbers are for comparing two
versions of the code on the same machine: run both in the same session, the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = [
    ("belemmerend", "auto", "kmeans"),
    ("belemmerend", 8, "kmeans"),
    ("werkend", "auto", "kmeans"),
    ("vraag", "auto", "kmeans"),
]


def _timed(fn, repeat: int) -> tuple[float, float, float]:  # noqa: ANN001
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), statistics.median(walls), min(cpus)


def _fragments(project: Path, kind: str) -> list:
    import pandas as pd

    try:
        from kritischeblik.analysis.fragments import select_fragments
    except ImportError:  # before the split of analysis/themes.py
        from kritischeblik.analysis.themes import select_fragments
    from kritischeblik.store import reads
    from kritischeblik.store.db import Project

    with Project.open(project) as p, p.read() as s:
        segs = reads.segments(s)
        cods = reads.codings(s, include_auto=True, with_metadata=False)
        codes = reads.codes(s)
    cods = cods if cods is not None else pd.DataFrame(columns=["segment_id", "code_id", "coder", "status"])
    return select_fragments(kind, segs, cods, codes, basis="suggesties").fragments


def zipf_fragments(n: int, seed: int = 1, n_topics: int = 8, n_lemmas: int = 6000) -> list:
    """Fragments as real interviews give them: few repeats, a large vocabulary with Zipf-like frequencies, each
    fragment mostly about one of ``n_topics`` topics (the generated bench corpus has a vocabulary of ~70
    content lemmas and many identical fragments, which flatters every shortcut for repeated rows)."""
    import numpy as np

    try:
        from kritischeblik.analysis.fragments import Fragment
    except ImportError:  # before the split of analysis/themes.py
        from kritischeblik.analysis.themes import Fragment

    rng = np.random.default_rng(seed)
    letters = "bdfgklmnprstvz"
    vocab = [
        "".join(rng.choice(list(letters), 3)) + "".join(rng.choice(list("aeiou"), 2)) for _ in range(n_lemmas)
    ]
    zipf = 1.0 / np.arange(1, n_lemmas + 1)
    topics = [rng.permutation(n_lemmas) for _ in range(n_topics)]
    out = []
    for i in range(n):
        topic = topics[i % n_topics]
        size = int(rng.integers(4, 26))
        picks = topic[rng.choice(n_lemmas, size, p=zipf / zipf.sum())]
        lemmas = [vocab[j] for j in picks]
        out.append(Fragment.segment(i + 1, " ".join(lemmas), lemmas, f"iv{i % 75:03d}"))
    return out


def bench_clustering(project: Path, repeat: int, zipf_sizes: list[int]) -> list[dict]:
    from kritischeblik.analysis.themes import cluster_fragments

    rows = []
    cases = [(kind, k, method, None) for kind, k, method in CASES]
    cases += [(f"zipf{n}", "auto", "kmeans", n) for n in zipf_sizes]
    for kind, k, method, zipf_n in cases:
        frags = zipf_fragments(zipf_n) if zipf_n else _fragments(project, kind)
        cluster_fragments(frags[:50], k=2, seed=1)  # warm-up: lazy imports, stop words
        result = {}

        def run(frags=frags, k=k, method=method, result=result) -> None:  # noqa: ANN001
            result["c"] = cluster_fragments(frags, k=k, seed=1, method=method)

        best, median, cpu = _timed(run, repeat)
        c = result["c"]
        rows.append(
            {
                "case": f"cluster {kind} k={k}",
                "n": len(frags),
                "k": c.k,
                "best_s": best,
                "median_s": median,
                "cpu_s": cpu,
                "silhouette": c.silhouette,
                "sizes": [t.size for t in c.themes],
            }
        )
    return rows


def _synthetic_layers(n_units: int, n_coders: int, n_codes: int = 20, seed: int = 1) -> tuple:
    import numpy as np

    rng = np.random.default_rng(seed)
    coders = [f"C{i}" for i in range(n_coders)]
    units = list(range(n_units))
    codes = [f"code-{j}" for j in range(n_codes)]
    positives, patterns = [], {}
    for code in codes:
        truth = rng.random(n_units) < 0.06
        m = np.where(rng.random((n_coders, n_units)) < 0.9, truth, rng.random((n_coders, n_units)) < 0.06)
        masks = (m * (1 << np.arange(n_coders))[:, None]).sum(axis=0)
        patterns[code] = {
            int(a): int(b) for a, b in zip(*np.unique(masks, return_counts=True), strict=True) if a
        }
        positives += [(int(u), coders[i], code) for i, u in zip(*np.nonzero(m), strict=True)]
    return units, coders, codes, positives, patterns


def _agreement_cases(n_units: int, n_coders: int) -> dict:
    from kritischeblik.analysis import agreement as stats
    from kritischeblik.analysis import agreement_counts as counts

    # The list-based functions moved from agreement to agreement_counts (one way to build a row).
    table = getattr(counts, "agreement_table", None) or stats.agreement_table
    pooled = getattr(counts, "pooled_agreement", None) or stats.pooled_agreement
    units, coders, codes, positives, patterns = _synthetic_layers(n_units, n_coders)
    # The TUI overview asks for one pooled number per interview: 200 interviews of 100 segments.
    per_iv = [_synthetic_layers(100, n_coders, seed=s) for s in range(200)]
    return {
        "agreement_table (lists)": lambda: table(units, coders, positives, codes),
        "agreement_table_from_patterns": lambda: counts.agreement_table_from_patterns(
            len(units), coders, patterns, codes
        ),
        "pooled_agreement_from_patterns x200 interviews": lambda: [
            counts.pooled_agreement_from_patterns(len(u), c, p, cs) for u, c, cs, _pos, p in per_iv
        ],
        "pooled_agreement (lists) x200 interviews": lambda: [
            pooled(u, c, pos, cs) for u, c, cs, pos, _p in per_iv
        ],
    }


def bench_agreement(n_units: int, repeat: int) -> list[dict]:
    rows = []
    for n_coders in (2, 3):
        for name, fn in _agreement_cases(n_units, n_coders).items():
            fn()
            best, median, cpu = _timed(fn, repeat)
            rows.append(
                {
                    "case": f"{name}, {n_coders} codeurs",
                    "n": n_units,
                    "best_s": best,
                    "median_s": median,
                    "cpu_s": cpu,
                }
            )
    return rows


def stage_in_child(project: Path) -> dict:
    """``kb themes`` in a fresh process, timed from just before the CLI call (as bench.run's stage time)."""
    code = (
        "import contextlib, io, sys, time\n"
        "t0 = time.perf_counter(); c0 = time.process_time()\n"
        "from kritischeblik.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    rc = main(['themes', '-p', {str(project)!r}, '--kind', 'belemmerend', '--basis', 'suggesties',\n"
        "               '--k', 'auto', '--seed', '1', '--force', '--format', 'json'])\n"
        "print(rc, time.perf_counter() - t0, time.process_time() - c0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        "case": "kb themes (nieuw proces, incl. imports)",
        "rc": int(out[0]),
        "best_s": float(out[1]),
        "cpu_s": float(out[2]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.numerics_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--units", type=int, default=30_000, help="eenheden voor de overeenstemming")
    ap.add_argument("--stage-runs", type=int, default=3)
    ap.add_argument("--zipf", default="1500,6000", help="groottes van de Zipf-fragmentensets (leeg: geen)")
    ap.add_argument("--only", choices=["clustering", "agreement", "stage"], help="alleen dit deel meten")
    args = ap.parse_args(argv)
    rows = []
    with contextlib.redirect_stderr(io.StringIO()):
        if args.only in (None, "clustering"):
            rows += bench_clustering(args.project, args.repeat, [int(x) for x in args.zipf.split(",") if x])
        if args.only in (None, "agreement"):
            rows += bench_agreement(args.units, args.repeat)
    if args.only in (None, "stage"):
        stages = [stage_in_child(args.project) for _ in range(args.stage_runs)]
        best = min(stages, key=lambda r: r["best_s"])
        best["median_s"] = statistics.median(r["best_s"] for r in stages)
        rows.append(best)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
