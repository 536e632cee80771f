"""`kb code auto` with stored sentence vectors, timed on a copy of a project (goal: < 5 s at 75 interviews,
< 60 s at 1,000; issue 13 point 7).

    .venv/bin/python -m bench.autocode_speed --source P.kb                 # P as it is (75 in `make bench`)
    .venv/bin/python -m bench.autocode_speed --source P.kb --n 1000        # enlarged to 1,000 interviews
    .venv/bin/python -m bench.autocode_speed --source P.kb --stappen       # CPU per step, in one process

Every run starts a new process on a fresh copy of the project whose ``auto`` layer has been emptied (what the
autocode stage of bench/run.py meets after ingest); ``--opnieuw`` keeps the layer of a first run, so the
timed runs update suggestions instead of inserting them. Printed: per run wall and CPU seconds (user+system of
the process), then the medians and the load average. A larger project is made as bench/tui_bench.py does
(the interviews copied under new ids), with the sentence vectors copied as well.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _interviews(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM interviews").fetchone()[0]
    finally:
        con.close()


def prepare(source: Path, dest: Path, n: int | None) -> int:
    """A copy of ``source`` without machine suggestions and theme sets, enlarged to ``n`` interviews."""
    from bench.tui_bench import enlarge

    have = _interviews(source)
    with sqlite3.connect(source) as src:
        max_seg = src.execute("SELECT max(id) FROM segments").fetchone()[0] or 0
    if n and n > have:
        enlarge(source, dest, n)
    else:
        with sqlite3.connect(source) as src, sqlite3.connect(dest) as out:
            src.backup(out)
    con = sqlite3.connect(dest)
    con.execute("PRAGMA foreign_keys=ON")
    if n and n > have:
        # enlarge() copies segment k·max_seg + i from segment i; its vector follows.
        con.execute(
            "INSERT OR IGNORE INTO segment_vectors (segment_id, encoder, scale, vector) "
            "SELECT s.id, v.encoder, v.scale, v.vector FROM segments s "
            "JOIN segment_vectors v ON v.segment_id = s.id - ? * ((s.id - 1) / ?) WHERE s.id > ?",
            [max_seg, max_seg, max_seg],
        )
    con.execute("DELETE FROM codings WHERE coder_id IN (SELECT id FROM coders WHERE name = 'auto')")
    con.execute("DELETE FROM theme_sets")
    con.commit()
    total = con.execute("SELECT count(*) FROM interviews").fetchone()[0]
    con.close()
    return total


def _copy(src: Path, dest: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copy(src, dest)


def run_cli(project: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `kb code auto` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kritischeblik", "code", "auto", "-p", str(project)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def steps(project: Path) -> None:
    """CPU and wall seconds per step of services.coding.auto_code, in this process."""
    from kritischeblik.services import coding
    from kritischeblik.services.progress import Progress
    from kritischeblik.store.db import Project

    marks: list[tuple[str, float, float]] = [("openen", time.perf_counter(), time.process_time())]

    def report(message: str, fraction: float | None) -> None:
        marks.append((message, time.perf_counter(), time.process_time()))

    with Project.open(project) as p:
        marks.append(("start", time.perf_counter(), time.process_time()))
        coding.auto_code(p, progress=Progress(report=report))
        marks.append(("klaar", time.perf_counter(), time.process_time()))
    for (name, w0, c0), (_, w1, c1) in zip(marks, marks[1:], strict=False):
        print(f"  {name:24s} wall {w1 - w0:6.2f} s   CPU {c1 - c0:6.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True, help="project met zinsvectoren")
    ap.add_argument("--n", type=int, default=None, help="vergroten tot zoveel interviews")
    ap.add_argument("--herhaal", type=int, default=3)
    ap.add_argument("--opnieuw", action="store_true", help="de laag 'auto' van een eerste run laten staan")
    ap.add_argument("--stappen", action="store_true", help="CPU per stap (in dit proces, één keer)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-autocode-") as tmp:
        base = Path(tmp) / "bron.kb"
        t0 = time.perf_counter()
        n = prepare(args.source, base, args.n)
        print(f"project met {n} interviews klaargezet in {time.perf_counter() - t0:.1f} s")
        if args.opnieuw:
            run_cli(base)
        work = Path(tmp) / "run.kb"
        if args.stappen:
            _copy(base, work)
            steps(work)
        runs = []
        for i in range(args.herhaal):
            _copy(base, work)
            wall, cpu = run_cli(work)
            runs.append((wall, cpu))
            print(f"  run {i + 1}: wall {wall:6.2f} s   CPU {cpu:6.2f} s", flush=True)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"mediaan van {len(runs)}: wall {statistics.median(r[0] for r in runs):.2f} s, "
        f"CPU {statistics.median(r[1] for r in runs):.2f} s (load {load})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
