"""--filter KENMERK=WAARDE (and ProjectData(where=...)): every table and analysis limited to the chosen
interviews, checked against plain SQL; typos in keys or values are errors that say what exists."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tui_support import checkpoint_copy

from kritischeblik.api import ProjectData
from kritischeblik.cli import main


@pytest.fixture(scope="module")
def demo(demo_project_path, tmp_path_factory) -> Path:
    dest = checkpoint_copy(demo_project_path, tmp_path_factory.mktemp("filter") / "demo.kb")
    assert main(["code", "auto", "-p", str(dest)]) == 0
    return dest


def _ids(path: Path, where_sql: str) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute(f"SELECT id FROM interviews WHERE {where_sql}")}
    finally:
        con.close()


def test_every_frame_holds_only_the_selected_interviews(demo):
    wanted = _ids(demo, "omgeving = 'huishouden' AND json_extract(attributes, '$.huishouden') IN ('A', 'C')")
    assert len(wanted) == 6
    with ProjectData(demo, where={"omgeving": "huishouden", "huishouden": ["A", "C"]}) as data:
        assert set(data.interviews()["interview_id"]) == wanted
        for frame in (
            data.segments(),
            data.scores(),
            data.suggestions(),
            data.choices(raw=True),
            data.coded(),
            data.codings(include_auto=True),
        ):
            assert len(frame) and set(frame["interview_id"]) <= wanted
        assert data.coded().attrs["basis"] == "suggesties"  # attrs survive the filter


def test_tally_counts_only_the_filtered_interviews(demo, capsys):
    capsys.readouterr()
    assert (
        main(["tally", "-p", str(demo), "--table", "keuzes", "--filter", "omgeving=wijk", "--format", "json"])
        == 0
    )
    got = {r["principe"]: r["aantal"] for r in json.loads(capsys.readouterr().out)["keuzes"]}
    con = sqlite3.connect(demo)
    try:
        expected = dict(
            con.execute(
                "SELECT c.name, COUNT(DISTINCT p.interview_id) FROM principle_choices p JOIN codes c ON c.id = p.code_id "
                "JOIN interviews i ON i.id = p.interview_id WHERE i.omgeving = 'wijk' GROUP BY c.name"
            ).fetchall()
        )
    finally:
        con.close()
    assert {k: v for k, v in got.items() if v} == expected


def test_summary_for_one_setting(demo, tmp_path):
    out = tmp_path / "wijk.md"
    assert main(["export", "samenvatting", "-p", str(demo), str(out), "--filter", "omgeving=wijk"]) == 0
    n = len(_ids(demo, "omgeving = 'wijk'"))
    assert f"We voerden {n} gesprekken: {n} in de omgeving wijk." in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("wijk", "schrijf KENMERK=WAARDE"),
        ("gemeentex=Utrecht", "Onbekende indeling 'gemeentex'"),
        ("wijk=Oost", "Geen interviews met wijk = Oost; wel: West"),
    ],
)
def test_filter_mistakes_say_what_exists(demo, capsys, flag, message):
    capsys.readouterr()
    assert main(["tally", "-p", str(demo), "--filter", flag]) != 0
    assert message in capsys.readouterr().err
