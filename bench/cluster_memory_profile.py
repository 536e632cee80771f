"""Where re-clustering holds its memory: runs the steps of services.themes._recluster by hand on a copy of a
project and prints, after each step, the resident set size, its peak so far, and (with --trace) the largest
Python allocations that tracemalloc sees (numpy's arrays included).

    .venv/bin/python -m bench.cluster_memory_profile --source P.kb [--trace]
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.scale_memory import _copy


def _rss() -> tuple[float, float]:
    with open("/proc/self/status") as fh:
        now = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))
    return now / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(step: str, t0: float, trace: bool) -> None:
    now, peak = _rss()
    cpu = time.process_time() - t0
    line = f"{step:22s} CPU {cpu:6.1f} s  RSS {now:6.0f} MB  piek {peak:6.0f} MB"
    if trace:
        cur, top = tracemalloc.get_traced_memory()
        line += f"  traced {cur / 2**20:6.0f} MB  traced-piek {top / 2**20:6.0f} MB"
        tracemalloc.reset_peak()
    print(line, flush=True)
    if trace:
        for stat in tracemalloc.take_snapshot().statistics("lineno")[:4]:
            print(f"    {stat.size / 2**20:7.1f} MB  {stat.traceback}", flush=True)


def run(project_path: Path, trace: bool) -> None:
    from kritischeblik.analysis.autocode import gc_paused
    from kritischeblik.analysis.fragments import tokens
    from kritischeblik.analysis.theme_groups import meaning_clustering
    from kritischeblik.analysis.themes import _one_thread
    from kritischeblik.services.theme_inputs import choose_method, read_inputs, select, stored_vectors
    from kritischeblik.store import themes as store
    from kritischeblik.store.db import Project

    t0 = time.process_time()
    if trace:
        tracemalloc.start()
    project = Project.open(project_path)
    kind = "belemmerend"
    with gc_paused():
        with project.read() as s:
            inputs = read_inputs(s, kind, None)
            method, vectors = choose_method(s, "auto", "tfidf", "auto")
        _report("inputs gelezen", t0, trace)
        sel = select(kind, inputs, "suggesties", None, None)
        codes = inputs[2]
        del inputs
        _report("fragmenten gekozen", t0, trace)
        with project.read() as s:
            stored = stored_vectors(s, sel.fragments, vectors)
        _report("vectoren gelezen", t0, trace)
        names = dict(zip(codes["code_id"].astype(str), codes["name"].astype(str), strict=True))
        with _one_thread():
            frags = sorted({f.key: f for f in sel.fragments}.values(), key=lambda f: f.key)
            docs = [tokens(f.lemmas) for f in frags]
            _report("docs", t0, trace)
            clustering = meaning_clustering(frags, docs, 1, stored, sel.codes, names)
        del stored
        _report("geclusterd", t0, trace)
        with project.write() as s:
            store.save_clustering(s, kind, clustering, {}, force=True)
        _report("opgeslagen", t0, trace)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--trace", action="store_true")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kb-prof-"))
    try:
        copy = folder / "p.kb"
        _copy(args.source, copy)
        gc.collect()
        run(copy, args.trace)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
