"""The overview's progress per interview (segments, decided by the coder, open machine suggestions) equals a
count made row by row from the tables, also for an interview whose segment ids are not one run."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from tui_support import CODER, suggested_demo_path, tui_project

from kritischeblik.services import coding
from kritischeblik.store.browse import interview_rows
from kritischeblik.store.db import Project

__all__ = ["suggested_demo_path", "tui_project"]


def _counted(path: Path, coder: str) -> dict[str, tuple[int, int, int]]:
    """(segments, segments with a coding of ``coder``, segments with a machine suggestion and none of
    ``coder``) per interview, from every row."""
    con = sqlite3.connect(path)
    try:
        segments = con.execute("SELECT id, interview_id FROM segments").fetchall()
        layers = con.execute(
            "SELECT c.segment_id, k.name FROM codings c JOIN coders k ON k.id = c.coder_id"
        ).fetchall()
    finally:
        con.close()
    who: dict[int, set[str]] = defaultdict(set)
    for sid, name in layers:
        who[sid].add(name)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for sid, iid in segments:
        row = out[iid]
        row[0] += 1
        row[1] += coder in who[sid]
        row[2] += "auto" in who[sid] and coder not in who[sid]
    return {iid: tuple(v) for iid, v in out.items()}


def _shown(path: Path, coder: str) -> dict[str, tuple[int, int, int]]:
    with Project.open(path) as p, p.read() as s:
        return {r.id: (r.segments, r.coded, r.suggested) for r in interview_rows(s, coder) if r.segments}


def _decide_some(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        picked = con.execute(
            "SELECT c.segment_id, c.code_id FROM codings c JOIN coders k ON k.id = c.coder_id "
            "WHERE k.name = 'auto' ORDER BY c.segment_id LIMIT 12"
        ).fetchall()
    finally:
        con.close()
    with Project.open(path) as p:
        for k, (sid, code) in enumerate(picked):
            coding.decide(p, sid, code, CODER, "accept" if k % 3 else "reject")


def _split_an_interview(path: Path) -> str:
    """Give the first interview one more segment (with the machine's and the coder's codings of one of its
    segments) under an id after every other interview's: its ids are no longer one run."""
    con = sqlite3.connect(path)
    try:
        sid, iid = con.execute(
            "SELECT c.segment_id, s.interview_id FROM codings c JOIN segments s ON s.id = c.segment_id "
            "JOIN coders k ON k.id = c.coder_id WHERE k.name = ? ORDER BY c.segment_id LIMIT 1",
            [CODER],
        ).fetchone()
        new = con.execute("SELECT max(id) + 7 FROM segments").fetchone()[0]
        con.execute(
            "INSERT INTO segments (id, interview_id, turn_id, idx, section, speaker, role, char_start, "
            "char_end, text, lemmas, state) SELECT ?, interview_id, turn_id, idx + 100000, section, speaker, "
            "role, char_start, char_end, text, lemmas, state FROM segments WHERE id = ?",
            [new, sid],
        )
        con.execute(
            "INSERT INTO codings (segment_id, code_id, coder_id, status, source, confidence, evidence, memo, "
            "created_at, updated_at, revision) SELECT ?, code_id, coder_id, status, source, confidence, "
            "evidence, memo, created_at, updated_at, revision FROM codings WHERE segment_id = ?",
            [new, sid],
        )
        con.commit()
    finally:
        con.close()
    return iid


def test_progress_per_interview_equals_a_count_of_every_row(tui_project):
    _decide_some(tui_project)
    for coder in (CODER, "Nog Niemand"):
        expected = _counted(tui_project, coder)
        assert _shown(tui_project, coder) == expected
    assert any(coded for _, coded, _ in expected.values()) is False  # "Nog Niemand" decided nothing
    assert any(coded for _, coded, _ in _counted(tui_project, CODER).values())


def test_an_interview_whose_segment_ids_are_not_one_run_is_counted_the_same(tui_project):
    _decide_some(tui_project)
    split = _split_an_interview(tui_project)
    expected = _counted(tui_project, CODER)
    assert _shown(tui_project, CODER) == expected
    assert expected[split][1] >= 2  # the added segment counts for the coder as well
