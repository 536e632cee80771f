"""Two coders at once on one project file, through the CLI (`kb code accept|reject --versie`).

No decision may be lost, no "database is locked" may reach the user, and a last-writer conflict on the
same coding must be reported (ConflictError → message), never silently dropped: every committed decision
is in coding_events and the final state equals the last committed decision.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from concurrency_support import CODE, kb, run_together, same_coding
from conftest import DEMO_DIR, new_project
from sqlalchemy import select

from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.store.schema import CodingEvent, Segment

ROUNDS = 25


@pytest.fixture(scope="module")
def base(tmp_path_factory, nlp) -> tuple[Path, dict[str, list[int]]]:
    path = tmp_path_factory.mktemp("conc") / "samen.kb"
    with new_project(path) as p:
        # No pseudonymisation needed to test locking: skip deduce's load time.
        ingest_paths(
            p,
            [DEMO_DIR / "wijk-02.md", DEMO_DIR / "school-03.md"],
            IngestOptions(pseudonymise=False),
            nlp=nlp,
        )
        with p.read() as s:
            segs: dict[str, list[int]] = {}
            for sid, iid in s.execute(select(Segment.id, Segment.interview_id).order_by(Segment.id)):
                segs.setdefault(iid, []).append(sid)
    return path, segs


@pytest.fixture
def proj(base, tmp_path) -> tuple[Path, dict[str, list[int]]]:
    path, segs = base
    dest = tmp_path / "p.kb"
    with Project.open(path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dest.write_bytes(path.read_bytes())
    return dest, segs


def _worker_distinct(path: str, coder: str, seg_ids: list[int], seed: int, go, out) -> None:  # noqa: ANN001
    go.wait(60)
    rng = random.Random(seed)
    log = []
    for i, seg in enumerate(seg_ids[:ROUNDS]):
        action = rng.choice(["accept", "reject"])
        code, err = kb(["code", action, "-p", path, "--coder", coder, str(seg), CODE])
        log.append((i, seg, action, code, err))
    out.put((coder, log))


def test_two_coders_on_different_interviews_lose_nothing(proj):
    path, segs = proj
    a_segs, b_segs = segs["wijk-02"], segs["school-03"]
    res = run_together(
        _worker_distinct, [(str(path), "Anna", a_segs, 1), (str(path), "Bram", b_segs, 2)], 300
    )
    for coder, log in res.items():
        for *_, code, err in log:
            assert code == 0, f"{coder}: {err}"
            assert "locked" not in err.lower() and "bezet" not in err
    with Project.open(path) as p, p.read() as s:
        for coder, log in res.items():
            for _, seg, action, _, _ in log:
                row = codings.find(s, seg, CODE, coder)
                assert row is not None, f"codering van {coder} op segment {seg} is verloren"
                assert row.status == ("accepted" if action == "accept" else "rejected")
            events = codings.history(s, coder_name=coder)
            assert [(e.segment_id, e.action) for e in events] == [(seg, a) for _, seg, a, _, _ in log]


def test_same_coding_conflicts_are_reported_not_dropped(proj):
    path, segs = proj
    seg = segs["wijk-02"][3]
    # Two processes acting as the same coder (e.g. the same person in two terminals) on one coding.
    res = run_together(
        same_coding, [(str(path), "Duo", seg, 11, ROUNDS), (str(path), "Duo", seg, 12, ROUNDS)], 300
    )
    committed, conflicts = [], 0
    for log in res.values():
        for action, rev, code, err in log:
            assert "locked" not in err.lower() and "Traceback" not in err, err
            if code == 0:
                committed.append((rev, action))
            else:
                assert "Conflict" in err, err
                conflicts += 1
    with Project.open(path) as p, p.read() as s:
        events = [
            e.action
            for e in s.scalars(
                select(CodingEvent).where(CodingEvent.segment_id == seg).order_by(CodingEvent.id)
            )
        ]
        row = codings.find(s, seg, CODE, "Duo")
        revision, status = row.revision, row.status
    # Every committed decision is in the history, exactly once, and nothing else is.
    assert len(events) == len(committed) == 2 * ROUNDS - conflicts
    # Each commit was made against the revision it saw: revisions 0, 1, 2, ... each claimed by one writer.
    assert sorted(rev for rev, _ in committed) == list(range(len(committed)))
    assert revision == len(committed)
    by_rev = dict(committed)
    assert events == [by_rev[r] for r in range(len(committed))]
    assert conflicts > 0, "geen enkel conflict: de test oefent de conflictcontrole niet"
    assert status == ("accepted" if events[-1] == "accept" else "rejected")
