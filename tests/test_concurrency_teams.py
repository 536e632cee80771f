"""Ten coders at once on one project, on SQLite and on PostgreSQL, through the CLI (`kb code accept|reject
--versie`): no decision lost, no deadlock or lock error reaching anyone, and every conflict on one coding
reported through the --versie check (never dropped, never silently overwritten)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from concurrency_support import CODE, kb, run_together, same_coding
from conftest import BACKENDS, DEMO_DIR, new_project
from sqlalchemy import select

from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.store.schema import CodingEvent, Segment

pytestmark = pytest.mark.slow

CODERS = 10
ROUNDS = 4


@pytest.fixture(scope="module", params=BACKENDS)
def base(request, tmp_path_factory, nlp) -> tuple[str, list[int]]:
    """One ingested project per engine (three demo interviews, not pseudonymised: this is about locking)."""
    if request.param == "sqlite":
        where: str | Path = tmp_path_factory.mktemp("team") / "team.kb"
    else:
        server = request.getfixturevalue("pg_server")
        where = server.url(server.new_database(name=f"team_{request.param}_{id(request)}"))
    with new_project(where) as p:
        files = [DEMO_DIR / "wijk-02.md", DEMO_DIR / "school-03.md", DEMO_DIR / "huishouden-01.md"]
        ingest_paths(p, files, IngestOptions(pseudonymise=False), nlp=nlp)
        with p.read() as s:
            segs = list(s.scalars(select(Segment.id).order_by(Segment.id)))
    return str(where), segs


@pytest.fixture
def team(base, request, tmp_path) -> tuple[str, list[int]]:
    """A private copy of the base project for one test."""
    where, segs = base
    if "://" not in where:
        dest = tmp_path / "team.kb"
        with Project.open(where) as src, src.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        dest.write_bytes(Path(where).read_bytes())
        return str(dest), segs
    server = request.getfixturevalue("pg_server")
    template = where.split("?")[0].rsplit("/", 1)[1]
    return server.url(server.new_database(template)), segs


def _own_layer(where: str, coder: str, seg_ids: list[int], seed: int, go, out) -> None:  # noqa: ANN001
    go.wait(60)
    rng = random.Random(seed)
    log = []
    for seg in seg_ids[:ROUNDS]:
        action = rng.choice(["accept", "reject"])
        code, err = kb(["code", action, "-p", where, "--coder", coder, str(seg), CODE])
        log.append((seg, action, code, err))
    out.put((coder, log))


def test_ten_coders_in_their_own_layers_lose_nothing(team):
    """Ten coders, each on segments of all three interviews (so the same interviews and segments as the
    others, in their own layer)."""
    where, segs = team
    picks = {f"Codeur {i}": random.Random(i).sample(segs, ROUNDS) for i in range(1, CODERS + 1)}
    res = run_together(
        _own_layer, [(where, coder, picked, n) for n, (coder, picked) in enumerate(picks.items())]
    )
    for coder, log in res.items():
        for *_, code, err in log:
            assert code == 0, f"{coder}: {err}"
            assert "locked" not in err.lower() and "bezet" not in err and "deadlock" not in err.lower()
    with Project.open(where) as p, p.read() as s:
        for coder, log in res.items():
            for seg, action, _, _ in log:
                row = codings.find(s, seg, CODE, coder)
                assert row is not None, f"codering van {coder} op segment {seg} is verloren"
                assert row.status == ("accepted" if action == "accept" else "rejected")
            events = codings.history(s, coder_name=coder)
            assert [(e.segment_id, e.action) for e in events] == [(seg, a) for seg, a, _, _ in log]


def test_ten_processes_on_one_coding_report_every_conflict(team):
    """Ten processes acting as the same coder on one coding: each commit is made against the revision it
    saw, every other attempt is reported as a conflict."""
    where, segs = team
    seg = segs[3]
    res = run_together(same_coding, [(where, "Duo", seg, 100 + n, ROUNDS) for n in range(CODERS)])
    committed, conflicts = [], 0
    for log in res.values():
        for action, rev, code, err in log:
            assert "locked" not in err.lower() and "Traceback" not in err and "deadlock" not in err.lower(), (
                err
            )
            if code == 0:
                committed.append((rev, action))
            else:
                assert "Conflict" in err, err
                conflicts += 1
    with Project.open(where) as p, p.read() as s:
        events = [
            e.action
            for e in s.scalars(
                select(CodingEvent).where(CodingEvent.segment_id == seg).order_by(CodingEvent.id)
            )
        ]
        row = codings.find(s, seg, CODE, "Duo")
        revision, status = row.revision, row.status
    assert len(events) == len(committed) == CODERS * ROUNDS - conflicts
    assert sorted(rev for rev, _ in committed) == list(range(len(committed)))
    assert revision == len(committed)
    by_rev = dict(committed)
    assert events == [by_rev[r] for r in range(len(committed))]
    assert conflicts > 0, "geen enkel conflict: de test oefent de conflictcontrole niet"
    assert status == ("accepted" if events[-1] == "accept" else "rejected")
