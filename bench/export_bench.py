"""Export benchmark: time and peak RSS of `kb export xlsx` and `kb export qdpx` on a large project.

    .venv/bin/python bench/export_bench.py                 # 300 interviews of ~3,000 words
    .venv/bin/python bench/export_bench.py --n 1000 --words 8000
    .venv/bin/python bench/export_bench.py --project some.kb   # an existing project

The project is built from bench/generate.py (seeded, synthetic text with invented names). To keep the set-up
quick it is ingested without pseudonymisation and then flagged as pseudonymised: the exports leave
unpseudonymised interviews out, and this text describes no real person. Two coders' codings are added
directly (every third respondent sentence). Each export runs in its own process, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kritischeblik"]


def build(project: Path, n: int, words: int, seed: int) -> None:
    try:
        sys.path.insert(0, str(ROOT))
        from bench.generate import generate
    except ImportError:
        print("bench/generate.py ontbreekt: geen testproject te maken; sla over (of geef --project).")
        sys.exit(0)
    src = project.parent / "transcripts"
    files = generate(src, n=n, seed=seed, words=words)
    subprocess.run([*KB, "init", "-p", str(project)], check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run(
        [*KB, "ingest", "-p", str(project), "--no-pseudonymise", *map(str, files)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"opbouw: {n} interviews ingelezen in {time.perf_counter() - t:.1f} s")
    con = sqlite3.connect(project)
    con.execute("UPDATE interviews SET pseudonymised = 1")  # synthetic text, see the module docstring
    stamp = "2020-01-01T00:00:00+00:00"
    coders = []
    for name in ("Anna", "Bram"):
        con.execute("INSERT OR IGNORE INTO coders (name, created_at) VALUES (?, ?)", (name, stamp))
        coders.append(con.execute("SELECT id FROM coders WHERE name=?", (name,)).fetchone()[0])
    principles = [
        r[0] for r in con.execute("SELECT id FROM codes WHERE kind='leidend_principe' ORDER BY sort_order")
    ]
    segs = [r[0] for r in con.execute("SELECT id FROM segments WHERE role='respondent' ORDER BY id")][::3]
    rows = [
        (
            sid,
            principles[(sid + k) % len(principles)],
            cid,
            "accepted",
            "bench",
            "memo" if sid % 10 == 0 else "",
            stamp,
            stamp,
        )
        for sid in segs
        for k, cid in enumerate(coders)
    ]
    con.executemany(
        "INSERT INTO codings (segment_id, code_id, coder_id, status, source, memo, created_at, updated_at, revision, "
        "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, '')",
        rows,
    )
    con.commit()
    n_seg = con.execute("SELECT count(*) FROM segments").fetchone()[0]
    con.close()
    print(f"opbouw: {n_seg} segmenten, {len(rows)} coderingen")


def measure(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one command in a fresh process."""
    code = (
        "import resource, sys, time; from kritischeblik.cli import main; t = time.perf_counter(); "
        f"rc = main({args!r}); dt = time.perf_counter() - t; "
        "print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    dt, rss_kib, rc = out.stdout.strip().splitlines()[-1].split()
    if rc != "0":
        raise SystemExit(f"{' '.join(args)} mislukte: {out.stderr}")
    return float(dt), int(rss_kib) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--words", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--project", type=Path, help="bestaand project gebruiken in plaats van er een te genereren"
    )
    ns = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-export-bench-") as tmp:
        tmp_path = Path(tmp)
        project = ns.project or tmp_path / "bench.kb"
        if ns.project is None:
            build(project, ns.n, ns.words, ns.seed)
        base_rss = measure(["status", "-p", str(project), "--format", "json"])[1]
        print(f"{'export':<8} {'tijd (s)':>9} {'piek-RSS (MiB)':>15} {'bestand (MiB)':>14}")
        for kind in ("xlsx", "qdpx", "csv"):
            out = tmp_path / (f"out.{kind}" if kind != "csv" else "csv")
            dt, rss = measure(["export", kind, "-p", str(project), str(out)])
            size = (
                sum(f.stat().st_size for f in out.iterdir()) if out.is_dir() else out.stat().st_size
            ) / 2**20
            print(f"{kind:<8} {dt:>9.2f} {rss:>15.0f} {size:>14.1f}")
        print(
            f"(ter vergelijking: 'kb status' in een eigen proces: piek-RSS {base_rss:.0f} MiB; {os.cpu_count()} kernen)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
