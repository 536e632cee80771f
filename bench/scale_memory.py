"""Peak memory, wall and CPU of `kb code auto` and of re-clustering, on a copy of a project (goal at 1,000
interviews: autocode < 60 s, re-clustering < 30 s, peak memory < 2 GB; issue 13 point 7).

    .venv/bin/python -m bench.scale_memory --source P.kb                    # both stages
    .venv/bin/python -m bench.scale_memory --source P.kb --stages cluster   # one of them
    .venv/bin/python -m bench.scale_memory --source P.kb --keep /tmp/x      # keep the copies

Each stage runs as a new process on its own fresh copy of ``source`` (never on ``source`` itself). Printed
per stage: wall and CPU seconds (user+system), the peak resident set size of that process (from wait4, so
of that child alone), the load average before and after, and a fingerprint of what it wrote: for autocode
the number of rows of the ``auto`` layer and a hash of them (bench/auto_layer.py's rows), for the clustering
the number of themes and members and a hash of (label, status, sorted members) per theme — equal
fingerprints before and after a change mean the same output.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLUSTER = ["--kind", "belemmerend", "--basis", "suggesties", "--k", "auto", "--seed", "1", "--force"]


def _copy(source: Path, dest: Path) -> None:
    """``source`` (with its -wal, if any) to ``dest``."""
    for suffix in ("-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, dest)
    wal = Path(f"{source}-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copy(wal, f"{dest}-wal")


def measure(argv: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS bytes) of one `kb ...` run in a new process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kritischeblik", *argv],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kb {' '.join(argv[:2])} stopte met code {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def auto_fingerprint(project: Path) -> str:
    from bench.auto_layer import auto_rows

    rows = auto_rows(project)
    digest = hashlib.sha256("\n".join(map(repr, rows)).encode()).hexdigest()[:16]
    return f"{len(rows)} suggesties, hash {digest}"


def theme_fingerprint(project: Path) -> str:
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        themes = con.execute(
            "SELECT t.id, t.idx, t.label, t.status FROM themes t JOIN theme_sets s ON s.id = t.set_id "
            "WHERE s.kind = 'belemmerend' ORDER BY t.idx"
        ).fetchall()
        members: dict[int, list] = {}
        for tid, sid, sug, rank in con.execute(
            "SELECT theme_id, segment_id, suggestion_id, rank FROM theme_members"
        ):
            members.setdefault(tid, []).append((sid or 0, sug or 0, rank if rank is not None else -1))
    finally:
        con.close()
    parts = [repr((idx, label, status, sorted(members.get(tid, [])))) for tid, idx, label, status in themes]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    n = sum(len(members.get(t[0], [])) for t in themes)
    return f"{len(themes)} thema's, {n} leden, hash {digest}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--stages", nargs="+", choices=["autocode", "cluster"], default=["autocode", "cluster"])
    ap.add_argument("--keep", type=Path, help="folder for the copies (default: a temporary one, removed)")
    args = ap.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kb-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for stage in args.stages:
            copy = folder / f"{stage}.kb"
            _copy(args.source, copy)
            load = os.getloadavg()[0]
            if stage == "autocode":
                wall, cpu, peak = measure(["code", "auto", "-p", str(copy)])
                made = auto_fingerprint(copy)
            else:
                wall, cpu, peak = measure(["themes", "-p", str(copy), *CLUSTER, "--format", "json"])
                made = theme_fingerprint(copy)
            print(
                f"{stage:9s} wall {wall:7.1f} s  CPU {cpu:7.1f} s  piek {peak / 2**20:7.0f} MB  "
                f"load {load:.1f}->{os.getloadavg()[0]:.1f}  {made}",
                flush=True,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
