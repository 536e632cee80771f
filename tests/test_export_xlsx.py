"""Excel export: values equal `kb tally --format json`, numbers are numbers, layout, privacy."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from export_helpers import WITHDRAWN_MARK, coded_copy

from kritischeblik.cli import main
from kritischeblik.export.xlsx import SHEETS


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory) -> Path:
    return coded_copy(demo_project_path, tmp_path_factory.mktemp("xlsx") / "coded.kb")


@pytest.fixture(scope="module")
def workbook(coded, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx-out") / "kb.xlsx"
    assert main(["export", "xlsx", "-p", str(coded), str(out)]) == 0
    return openpyxl.load_workbook(out)


def _table(ws, width: int | None = None) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    header = [h for h in rows[0] if h is not None] if width is None else list(rows[0][:width])
    return [dict(zip(header, r[: len(header)], strict=True)) for r in rows[1:]]


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)
    return a == b


def test_sheets_present_in_order(workbook):
    assert workbook.sheetnames == list(SHEETS)


def test_scores_and_choices_equal_tally_json(coded, workbook, capsys):
    assert main(["tally", "-p", str(coded), "--format", "json"]) == 0
    tally = json.loads(capsys.readouterr().out)
    ws = workbook["Principescores"]
    width = len(tally["scores"][0])
    got = _table(ws, width)
    assert len(got) == len(tally["scores"]) > 0
    for mine, theirs in zip(got, tally["scores"], strict=True):
        assert set(mine) == set(theirs)
        for k in theirs:
            assert _same(mine[k], theirs[k]), (k, mine, theirs)
    # Numbers are stored as numbers, not text.
    first = ws.cell(row=2, column=list(tally["scores"][0]).index("gemiddelde") + 1)
    assert first.data_type == "n" and isinstance(ws.cell(row=2, column=5).value, int)
    got = _table(workbook["Keuze principes"])
    assert [(r["principe"], r["aantal"]) for r in got] == [
        (r["principe"], r["aantal"]) for r in tally["keuzes"]
    ]


def test_averages_show_two_decimals_and_stay_numbers(workbook):
    ws = workbook["Principescores"]
    header = [c.value for c in ws[1]]
    mean_columns = [i + 1 for i, h in enumerate(header) if isinstance(h, str) and h.startswith("gemiddelde")]
    assert len(mean_columns) >= 3  # the table's average and the chart data beside it (per voorbeeld)
    fractions = 0
    for col in mean_columns:
        for row in range(2, ws.max_row + 1):
            cell = ws.cell(row=row, column=col)
            if isinstance(cell.value, float):
                assert cell.data_type == "n" and cell.number_format == "0.00", (header[col - 1], row)
                fractions += cell.value != round(cell.value, 2)
    assert (
        fractions > 0
    )  # the demo holds averages with more than 2 decimals: the format is what shortens them


def test_choice_counts_against_store(coded, workbook):
    con = sqlite3.connect(coded)
    want = dict(
        con.execute(
            "SELECT k.name, count(*) FROM principle_choices c JOIN codes k ON k.id=c.code_id GROUP BY 1"
        )
    )
    con.close()
    got = {r["principe"]: r["aantal"] for r in _table(workbook["Keuze principes"])}
    assert {k: v for k, v in got.items() if v} == want


def test_charts_tables_frozen_headers(workbook):
    assert len(workbook["Principescores"]._charts) == 1
    assert len(workbook["Keuze principes"]._charts) == 1
    for name in ("Principescores", "Keuze principes", "Fragmenten", "Codeboek", "Codes x omgeving"):
        ws = workbook[name]
        assert ws.freeze_panes == "A2", name
        assert ws.tables, name
        (table,) = ws.tables.values()
        header = [c.value for c in ws[1]][: len(table.tableColumns)]
        assert [c.name for c in table.tableColumns] == header
        assert ws.column_dimensions["A"].width >= 8


def test_fragments_one_row_per_coding_with_memos_and_marks(coded, workbook):
    con = sqlite3.connect(coded)
    n_codings = con.execute(
        "SELECT count(*) FROM codings c JOIN segments s ON s.id=c.segment_id JOIN coders k ON k.id=c.coder_id "
        "WHERE s.state!='ingetrokken' AND k.name!='auto'"
    ).fetchone()[0]
    n_conf = con.execute(
        "SELECT count(*) FROM codings c JOIN segments s ON s.id=c.segment_id WHERE s.state='vertrouwelijk'"
    ).fetchone()[0]
    con.close()
    rows = _table(workbook["Fragmenten"])
    assert len(rows) == n_codings
    assert sum(r["vertrouwelijk"] == "vertrouwelijk" for r in rows) == n_conf >= 1
    assert any(r["memo"] == "Belangrijk: één cliënt" for r in rows)
    # Counts carry the memos that explain them.
    matrix = {r["code_id"]: r for r in _table(workbook["Codes x omgeving"])}
    assert "Belangrijk: één cliënt" in matrix["lp-leefwereld-centraal"]["memo's"]
    assert matrix["lp-leefwereld-centraal"]["totaal"] == len(
        {
            r["segment_id"]
            for r in rows
            if r["code_id"] == "lp-leefwereld-centraal" and r["status"] == "accepted"
        }
    )


def test_no_withdrawn_text_anywhere(workbook):
    for ws in workbook:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and (WITHDRAWN_MARK in v or "memo bij ingetrokken" in v)), (
                    ws.title
                )


def test_coder_filter(coded, tmp_path):
    out = tmp_path / "bram.xlsx"
    assert main(["export", "xlsx", "-p", str(coded), str(out), "--coder", "Bram"]) == 0
    rows = _table(openpyxl.load_workbook(out)["Fragmenten"])
    assert rows and {r["codeur"] for r in rows} == {"Bram"}
    assert main(["export", "xlsx", "-p", str(coded), str(tmp_path / "x.xlsx"), "--coder", "Niemand"]) == 2
