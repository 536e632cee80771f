"""Groups side by side (kb compare): every figure recomputed independently from plain SQL on the store."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from conftest import sql_rows
from tui_support import checkpoint_copy

from kritischeblik.cli import main


@pytest.fixture(scope="module")
def coded_demo(demo_project_path, tmp_path_factory) -> Path:
    dest = checkpoint_copy(demo_project_path, tmp_path_factory.mktemp("vergelijk") / "demo.kb")
    assert main(["code", "auto", "-p", str(dest)]) == 0
    return dest


def _groups(path: Path, by: str) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT id, omgeving, attributes FROM interviews").fetchall()
    finally:
        con.close()
    out = {}
    for iid, omgeving, attrs in rows:
        value = omgeving if by == "omgeving" else (json.loads(attrs or "{}") or {}).get(by)
        out[iid] = "(geen)" if value in (None, "") else str(value)
    return out


@pytest.mark.parametrize("by", ["omgeving", "huishouden"])
def test_every_figure_matches_plain_sql(coded_demo, capsys, by):
    capsys.readouterr()
    assert main(["compare", by, "-p", str(coded_demo), "--format", "json"]) == 0
    table = {(r["onderdeel"], r["kenmerk"]): r for r in json.loads(capsys.readouterr().out)}
    group_of = _groups(coded_demo, by)
    size = Counter(group_of.values())
    groups = sorted(size)
    assert [table[("Gesprekken", "interviews")][g] for g in groups] == [size[g] for g in groups]

    scores: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for iid, example, name, score in sql_rows(
        coded_demo,
        "SELECT p.interview_id, p.example, c.name, p.score FROM "
        "principle_scores p JOIN codes c ON c.id = p.code_id",
    ):
        scores[(group_of[iid], example, name)].append(score)
    for (group, example, name), values in scores.items():
        assert table[("Scores", f"{example}: {name}")][group] == pytest.approx(sum(values) / len(values))

    hits: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iid, kind, name in sql_rows(
        coded_demo,
        "SELECT DISTINCT s.interview_id, d.kind, d.name FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN codes d ON d.id = c.code_id "
        "JOIN coders k ON k.id = c.coder_id WHERE k.name = 'auto' AND c.status != 'rejected' "
        "AND s.state != 'ingetrokken' AND d.kind IN ('werkend_element', 'belemmerend_element')",
    ):
        hits[(kind, name)].add(iid)
    part = {"werkend_element": "Werkende elementen", "belemmerend_element": "Belemmerende elementen"}
    checked = 0
    for (kind, name), iids in hits.items():
        row = table[(part[kind], name)]
        for g in groups:
            assert row[g] == pytest.approx(sum(group_of[i] == g for i in iids) / size[g]), (name, g)
        assert row["alle"] == pytest.approx(len(iids) / len(group_of))
        checked += 1
    assert checked >= 8

    chosen = Counter(
        (group_of[iid], name)
        for iid, name in sql_rows(
            coded_demo,
            "SELECT DISTINCT p.interview_id, c.name FROM principle_choices p JOIN codes c ON c.id = p.code_id",
        )
    )
    for (group, name), n in chosen.items():
        assert table[("Keuze principe", name)][group] == n
    suggestions = Counter(
        group_of[iid] for (iid,) in sql_rows(coded_demo, "SELECT interview_id FROM principle_suggestions")
    )
    assert [table[("Nieuwe principes", "voorstellen")][g] for g in groups] == [suggestions[g] for g in groups]


def test_chosen_groups_in_order_and_clear_errors(coded_demo, capsys):
    capsys.readouterr()
    assert (
        main(["compare", "omgeving", "--groepen", "wijk", "school", "-p", str(coded_demo), "--format", "csv"])
        == 0
    )
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "onderdeel,kenmerk,eenheid,wijk,school,alle"
    assert main(["compare", "omgeving", "--groepen", "stad", "-p", str(coded_demo)]) != 0
    assert "Geen interviews met omgeving = stad; wel: huishouden, school, wijk" in capsys.readouterr().err
    assert main(["compare", "gemeentee", "-p", str(coded_demo)]) != 0
    err = capsys.readouterr().err
    assert "Onbekende indeling 'gemeentee'" in err and "gemeente" in err


def test_table_format_shows_shares_as_percentages_and_counts_as_whole_numbers(coded_demo, capsys):
    capsys.readouterr()
    assert main(["compare", "omgeving", "-p", str(coded_demo)]) == 0
    lines = capsys.readouterr().out.splitlines()
    interviews = next(ln for ln in lines if ln.startswith("Gesprekken"))
    assert interviews.split()[-4:] == ["9", "9", "8", "26"]  # huishouden, school, wijk, alle
    shares = [ln for ln in lines[1:] if "aandeel interviews" in ln]
    assert shares and all(ln.rstrip().endswith("%") for ln in shares)
