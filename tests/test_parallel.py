"""kritischeblik.parallel: forked map over inherited state, in order, with a bounded look-ahead."""

from __future__ import annotations

import os

import pytest

from kritischeblik import parallel


def test_fork_map_runs_closures_in_children_and_keeps_order():
    big = list(range(10_000))  # inherited through fork, never pickled

    def task(i: int) -> tuple[int, int]:
        return sum(big[i::7]), os.getpid()

    got = parallel.fork_map(task, range(7), workers=2)
    assert [v for v, _ in got] == [sum(big[i::7]) for i in range(7)]
    assert os.getpid() not in {pid for _, pid in got}


def test_one_worker_runs_in_this_process(monkeypatch):
    monkeypatch.setenv("KB_WORKERS", "1")
    assert parallel.available_workers() == 1
    assert parallel.fork_map(lambda i: (i * i, os.getpid()), [3, 4]) == [(9, os.getpid()), (16, os.getpid())]
    assert list(parallel.fork_imap(lambda i: -i, [1, 2, 3])) == [-1, -2, -3]


def test_fork_imap_looks_ahead_only_as_far_as_allowed(tmp_path):
    log = tmp_path / "started"

    def task(i: int) -> int:
        with open(log, "a") as f:  # appends of a few bytes are atomic
            f.write(f"{i}\n")
        return i * 10

    results = parallel.fork_imap(task, range(20), workers=2, ahead=3)
    seen = []
    for consumed, value in enumerate(results, start=1):
        seen.append(value)
        started = len(log.read_text().split())
        # Work is only handed out when a result is taken, so the children can never be further ahead.
        assert started <= 3 + consumed
    assert seen == [i * 10 for i in range(20)]
    assert sorted(map(int, log.read_text().split())) == list(range(20))


def test_fork_imap_errors_reach_the_consumer():
    def task(i: int) -> int:
        if i == 2:
            raise ValueError("kapot")
        return i

    with pytest.raises(ValueError, match="kapot"):
        list(parallel.fork_imap(task, range(5), workers=2))
