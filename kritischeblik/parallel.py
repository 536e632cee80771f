"""Map work over forked processes that inherit the caller's state, instead of pickling it.

deduce's lookup tables, the spaCy pipeline and the text of a very large transcript are hundreds of MB; a
forked child sees them for free (pages shared copy-on-write), so only the small task descriptions (usually
indices) and the results cross the process boundary. The function to run may be a closure: it is handed to
the children through a module global that exists before the fork, never pickled.

Where fork is unavailable, or one worker is asked for, everything runs in this process, in order, with the
same results: callers do not need a second code path.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Mapper = Callable[[Callable[[T], R], Sequence[T]], Iterable[R]]
"""``mapper(fn, items)``: ``fn(item)`` for each item, in order, to be iterated once; possibly computed in
several processes (:func:`fork_map`, :func:`fork_imap`) or lazily here (:func:`lazy_map`)."""

_task: Callable[[Any], Any] | None = None


def available_workers() -> int:
    """Cores this process may use, or ``KB_WORKERS`` when set (``KB_WORKERS=1`` turns forking off)."""
    env = os.environ.get("KB_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def serial_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(item) for item in items]


def lazy_map(fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
    return (fn(item) for item in items)


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def _pool(workers: int):  # noqa: ANN202 - multiprocessing.pool.Pool
    # Objects alive now are moved out of the collector's reach, so the children's garbage collection does
    # not write to (and thereby copy) the shared pages holding deduce's lookup tables. Never unfrozen: that
    # would hand millions of long-lived deduce objects back to the collector (pseudonymise.py froze them on
    # load), and every full collection, including the one at exit, would then take seconds.
    gc.freeze()
    return multiprocessing.get_context("fork").Pool(workers)


def fork_map(fn: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[fn(x) for x in items]`` computed by up to ``workers`` forked children, results in input order."""
    global _task
    n = min(workers or available_workers(), len(items))
    if n <= 1 or not can_fork():
        return serial_map(fn, items)
    _task = fn
    try:
        with _pool(n) as pool:
            return pool.map(_run, items, chunksize=1)
    finally:
        _task = None


def fork_imap(
    fn: Callable[[T], R], items: Sequence[T], workers: int | None = None, ahead: int | None = None
) -> Iterator[R]:
    """Like :func:`fork_map`, but yields results in order as they are ready, with at most ``ahead`` (default
    twice the workers) computed and not yet consumed: a slow consumer bounds memory instead of collecting
    every result. The iterator must be consumed to the end or closed (a ``for`` loop or ``with closing``)."""
    global _task
    n = min(workers or available_workers(), len(items))
    if n <= 1 or not can_fork():
        yield from (fn(item) for item in items)
        return
    _task = fn
    window = max(ahead or 2 * n, 1)
    try:
        with _pool(n) as pool:
            pending: deque = deque()
            todo = iter(items)
            for item in todo:
                pending.append(pool.apply_async(_run, (item,)))
                if len(pending) >= window:
                    break
            while pending:
                result = pending.popleft().get()
                nxt = next(todo, _END)
                if nxt is not _END:
                    pending.append(pool.apply_async(_run, (nxt,)))
                yield result
    finally:
        _task = None


_END = object()
