"""What the concurrency tests share: coders as forked processes that run `kb code` through the CLI, started
together so their transactions really interleave (tests/test_reliability_concurrency.py: two coders on a file;
tests/test_concurrency_teams.py: ten coders on both engines)."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import random
import time
from pathlib import Path

from kritischeblik.cli import main
from kritischeblik.store import codings
from kritischeblik.store.db import Project

CODE = "lp-eenvoud"


def kb(argv: list[str]) -> tuple[int, str]:
    """(exit code, stderr) of a CLI command run in this process, its stdout discarded."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def revision(where: str | Path, seg: int, coder: str) -> int:
    """The revision of ``coder``'s coding of :data:`CODE` on ``seg`` (0 when there is none)."""
    with Project.open(where) as p, p.read() as s:
        row = codings.find(s, seg, CODE, coder)
        return row.revision if row is not None else 0


def same_coding(where: str, coder: str, seg: int, seed: int, rounds: int, go, out) -> None:  # noqa: ANN001
    """A worker: ``rounds`` times accept or reject one coding with the revision it saw (``--versie``)."""
    go.wait(60)
    rng = random.Random(seed)
    log = []
    for _ in range(rounds):
        action = rng.choice(["accept", "reject"])
        rev = revision(where, seg, coder)
        time.sleep(rng.random() * 0.01)  # widen the window between "seen" and "written"
        code, err = kb(["code", action, "-p", where, "--coder", coder, "--versie", str(rev), str(seg), CODE])
        log.append((action, rev, code, err))
    out.put((seed, log))


def run_together(target, args_list, timeout: float = 600) -> dict:  # noqa: ANN001
    """Run ``target(*args, go, out)`` in one forked process per ``args``, all released at once; what each put
    on ``out`` as (key, value), by key. Every process must exit cleanly."""
    ctx = multiprocessing.get_context("fork")
    q, go = ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=target, args=(*a, go, q)) for a in args_list]
    for p in procs:
        p.start()
    go.set()
    results = dict(q.get(timeout=timeout) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results
