"""Consensus seeding: the set-based bulk path writes exactly what deciding one by one writes.

A duo codes the demo project through the CLI and the store: machine suggestions (kb code auto) that each
coder accepts or rejects by their own rule, own additions, one earlier consensus decision (kb agreement
decide), one blind interview and one withdrawn segment. The store is then copied; one copy is seeded with
the bulk path (kb agreement consensus), the other decision by decision, and the tables are compared.
"""

from __future__ import annotations

import json
import shutil

from sqlalchemy import select, text

from kritischeblik.cli import main
from kritischeblik.services import consensus
from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Coder, Coding, Segment

ANNA, BRAM = "Anna", "Bram"


def _duo(project: Project, capsys) -> dict:  # noqa: ANN001
    path = str(project.path)
    assert main(["code", "auto", "-p", path]) == 0
    capsys.readouterr()
    with project.read() as s:
        sugg = s.execute(
            select(Coding.segment_id, Coding.code_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.name == "auto")
            .order_by(Coding.segment_id, Coding.code_id)
        ).all()
        segs = s.execute(select(Segment.id, Segment.interview_id).order_by(Segment.id)).all()
    assert len(sugg) >= 40
    # Two decisions through the CLI, the rest through the store function the CLI calls.
    (s0, c0), (s1, c1) = sugg[0], sugg[1]
    assert main(["code", "accept", str(s0), c0, "--coder", ANNA, "-p", path]) == 0
    assert main(["code", "reject", str(s1), c1, "--coder", BRAM, "-p", path, "--memo", "past niet"]) == 0
    with project.write() as s:
        for sid, code in sugg[2:]:
            codings.decide(s, sid, code, ANNA, "reject" if sid % 5 == 0 else "accept")
            codings.decide(s, sid, code, BRAM, "reject" if sid % 7 == 0 else "accept", memo=f"Bram {sid}")
        codings.decide(s, s0, c0, BRAM, "accept")
        codings.decide(s, s1, c1, ANNA, "reject")
        for sid, _iid in segs:
            if sid % 11 == 0:
                codings.decide(s, sid, "we-aanpakken", ANNA, "add")
                codings.decide(s, sid, "we-aanpakken", BRAM, "add")
            elif sid % 13 == 0:
                codings.decide(s, sid, "we-creatief-flexibel", ANNA, "add")
    shared = sorted((sid, code) for sid, code in sugg[2:] if sid % 5 and sid % 7)
    assert (
        main(
            ["agreement", "decide", str(shared[0][0]), shared[0][1], "--keep", "no", "--by", ANNA, "-p", path]
        )
        == 0
    )
    iv_of = dict(segs)
    blind_iv = iv_of[shared[-1][0]]
    assert main(["blind", "on", blind_iv, "-p", path]) == 0
    withdrawn = next(sid for sid, code in shared if iv_of[sid] != blind_iv and sid != shared[0][0])
    with project.write() as s:
        s.get(Segment, withdrawn).state = "ingetrokken"
    capsys.readouterr()
    return {"decided": shared[0], "blind": blind_iv, "withdrawn": withdrawn, "interview_of": iv_of}


def _expected(project: Project, info: dict) -> dict[tuple[int, str], str]:
    """(segment, code) -> consensus status, from the two layers read with plain SQL."""
    with project.read() as s:
        rows = s.execute(
            text(
                "SELECT c.segment_id, c.code_id, k.name, c.status FROM codings c JOIN coders k ON k.id = c.coder_id "
                "WHERE k.name IN ('Anna', 'Bram')"
            )
        ).all()
    layers: dict[tuple[int, str], dict[str, str]] = {}
    for sid, code, who, status in rows:
        layers.setdefault((sid, code), {})[who] = status
    return {
        key: per[ANNA]
        for key, per in layers.items()
        if len(per) == 2
        and per[ANNA] == per[BRAM]
        and key != info["decided"]
        and key[0] != info["withdrawn"]
        and info["interview_of"][key[0]] != info["blind"]
    }


TABLES = {
    "codings": "SELECT id, segment_id, code_id, coder_id, status, source, confidence, evidence, memo, revision "
    "FROM codings ORDER BY id",
    "coding_events": "SELECT id, coding_id, segment_id, code_id, coder, action, old_status, new_status, memo "
    "FROM coding_events ORDER BY id",
    "coders": "SELECT id, name FROM coders ORDER BY id",
}


def _dump(project: Project) -> dict[str, list[tuple]]:
    with project.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(q))] for name, q in TABLES.items()}


def test_bulk_and_per_row_consensus_write_identical_stores(demo_project, tmp_path, capsys):
    info = _duo(demo_project, capsys)
    expected = _expected(demo_project, info)
    with demo_project.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_project.path, tmp_path / "per-row.kb")
    before = _dump(demo_project)

    assert main(["agreement", "consensus", "--format", "json", "-p", str(demo_project.path)]) == 0
    bulk_counts = json.loads(capsys.readouterr().out)
    with Project.open(tmp_path / "per-row.kb") as per_row:
        row_counts = consensus.seed_consensus(per_row, None, bulk=False)
        per_row_tables = _dump(per_row)
        with per_row.read() as s:
            per_row_stamps = s.execute(text("SELECT min(at), max(at) FROM coding_events")).one()
    bulk_tables = _dump(demo_project)

    assert bulk_counts == row_counts
    assert bulk_tables == per_row_tables
    assert bulk_counts["overgeslagen_blind"] == [info["blind"]] and bulk_counts["al_besloten"] == 1
    assert bulk_counts["geaccepteerd"] == sum(v == "accepted" for v in expected.values()) > 10
    assert bulk_counts["afgewezen"] == sum(v == "rejected" for v in expected.values()) > 0

    with demo_project.read() as s:
        cons = s.execute(
            select(Coding.segment_id, Coding.code_id, Coding.status, Coding.source, Coding.created_at)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coder.name == "consensus")
        ).all()
        events = [
            (e.coder, e.action, e.old_status, e.new_status, e.memo, e.at)
            for e in codings.history(s, coder_name="consensus")
        ]
        stamps = {c.created_at for c in cons} | {e[-1] for e in events}
    assert {
        (sid, code): st for sid, code, st, _src, _at in cons if (sid, code) != info["decided"]
    } == expected
    # Suggestions accepted by both keep the machine's source; own additions stay handmatig.
    assert {src for *_x, src, _at in cons} >= {"handmatig"} and len({src for *_x, src, _at in cons}) > 1
    # Every new consensus coding has exactly one history row saying who, when and what.
    new_events = events[1:]  # the first one is the earlier kb agreement decide
    assert len(new_events) == len(expected)
    assert {(who, act, old, new, memo) for who, act, old, new, memo, _at in new_events} == {
        ("consensus", "accept", None, "accepted", "overeenstemming Anna en Bram"),
        ("consensus", "reject", None, "rejected", "overeenstemming Anna en Bram"),
    }
    assert all(stamps) and per_row_stamps[0] <= max(stamps)
    # Nothing else changed, and the previous rows are untouched.
    for name, rows in before.items():
        assert bulk_tables[name][: len(rows)] == rows

    # A second run finds everything decided, in both paths alike.
    again = consensus.seed_consensus(demo_project, None)
    assert again["geaccepteerd"] == again["afgewezen"] == 0 and again["al_besloten"] == len(expected) + 1
    assert _dump(demo_project) == bulk_tables
