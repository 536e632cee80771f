"""No formula injection (issue 11, point 7; OWASP CSV injection): no cell of a csv or xlsx export, headers
included, starts with = + - @ tab or CR (or does so after leading white space); such text gets a leading
single quote and xlsx stores it as text. Numbers stay numbers."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from conftest import new_project
from openpyxl import load_workbook
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.commands.output import emit
from kritischeblik.export.common import FORMULA_START, spreadsheet_safe
from kritischeblik.store.codings import decide
from kritischeblik.store.schema import CodeRow, Segment

HYPERLINK = '=HYPERLINK("http://example.org/x","klik")'
TRANSCRIPT = f"""\
---
id: wijk-66
omgeving: wijk
duo: [Interviewer Een, Interviewer Twee]
respondent_rol: "=2+3"
organisatie: "@SUM(1,1)"
datum: 2020-02-01
"=kenmerk": "+cmd|' /C calc'!A0"
wijkdeel: "-2+3+cmd|' /C calc'!A0"
---

## Mooi voorbeeld

I: Kun je een moment noemen waarop de samenwerking echt het verschil maakte?
R: {HYPERLINK} zei de buurvrouw toen.
R: +1 voor het buurtteam, dat loste het op.
R: -- eerlijk gezegd ging het vanzelf.
R: @iedereen kreeg een bericht van de wijkverpleegkundige.

## Vastloopmoment

I: En waar liep het vast?
R: Niemand wist wie aan zet was.

## Scores

mooi voorbeeld | Leefwereld centraal | 5
vastloopmoment | Eenvoud | 2

## Keuze principe

- Leefwereld centraal

## Nieuw principe

{HYPERLINK}
"""
# Written into the store directly: characters a transcript line cannot start with (tab, CR).
MEMOS = ["\t=1+1", "\r@cmd", "-1+1", "+cmd|' /C calc'!A0", " =SUM(A1)", "\n=1"]


def formula_like(value: object) -> bool:
    """Would a spreadsheet read this text cell as (the start of) a formula?"""
    if not isinstance(value, str) or not value:
        return False
    if value[0] not in FORMULA_START and value.lstrip()[:1] not in FORMULA_START:
        return False
    try:
        float(value)  # "-1" is a number, not a formula
        return False
    except ValueError:
        return True


def neutralised(value: object) -> bool:
    return (
        isinstance(value, str)
        and value[:1] == "'"
        and (value[1:2] in FORMULA_START or value[1:].lstrip()[:1] in FORMULA_START)
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, pseudonymiser, nlp) -> Path:
    from kritischeblik.services.ingest import ingest_paths

    base = tmp_path_factory.mktemp("injectie")
    src = base / "wijk-66.md"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    path = base / "injectie.kb"
    with new_project(path) as p:
        ingest_paths(p, [src], nlp=nlp, pseudonymiser=pseudonymiser)
        with p.write() as s:
            segs = s.scalars(
                select(Segment.id).where(Segment.role == "respondent").order_by(Segment.id)
            ).all()
            codes = s.scalars(select(CodeRow.id).order_by(CodeRow.id)).all()
            for i, memo in enumerate(MEMOS):  # one coding per memo, so no memo overwrites another
                decide(s, segs[i % len(segs)], codes[i], "Anna", "add", memo=memo)
                decide(s, segs[i % len(segs)], codes[i], "@bram", "add", memo=memo)
            s.get(CodeRow, "lp-eenvoud").name = "=cmd|' /C calc'!A0"
            s.get(CodeRow, "we-aanpakken").name = "\t+Aanpakken"
    return path


@pytest.fixture(scope="module")
def csv_cells(hostile, tmp_path_factory) -> dict[str, list[list[str]]]:
    out = tmp_path_factory.mktemp("injectie-csv") / "export"
    assert main(["export", "csv", "-p", str(hostile), str(out)]) == 0
    tables = {}
    for f in sorted(out.glob("*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            tables[f.name] = list(csv.reader(fh))
    return tables


@pytest.fixture(scope="module")
def workbook(hostile, tmp_path_factory):  # noqa: ANN201
    out = tmp_path_factory.mktemp("injectie-xlsx") / "w.xlsx"
    assert main(["export", "xlsx", "-p", str(hostile), str(out)]) == 0
    return load_workbook(out)  # not read-only: data_type shows whether a cell is a formula


def test_no_csv_cell_starts_a_formula(csv_cells):
    bad = [
        (name, r, c, v)
        for name, rows in csv_cells.items()
        for r, row in enumerate(rows)
        for c, v in enumerate(row)
        if formula_like(v)
    ]
    assert bad == []
    quoted = [v for rows in csv_cells.values() for row in rows for v in row if neutralised(v)]
    # The hostile texts did reach the files (neutralised), or the check above would prove nothing.
    assert len(quoted) >= 10
    flat = {v for rows in csv_cells.values() for row in rows for v in row}
    assert "'=2+3" in flat and "'@SUM(1,1)" in flat and "'=cmd|' /C calc'!A0" in flat and "'@bram" in flat
    assert any(v.startswith("'=HYPERLINK(") for v in flat)  # the URL itself is pseudonymised
    # A carriage return is written as a line feed (quoted), so it cannot split a row and start a new one.
    assert {"'\t=1+1", "'\n@cmd", "'-1+1", "' =SUM(A1)", "'\n=1"} <= flat
    assert not any("\r" in v for v in flat)


def test_csv_headers_and_numbers(csv_cells):
    headers = [h for rows in csv_cells.values() for h in rows[0]]
    assert not [h for h in headers if formula_like(h)]
    scores = csv_cells["scores.csv"]
    col = scores[0].index("score")
    assert sorted(int(r[col]) for r in scores[1:]) == [2, 5]  # numbers stay plain numbers
    segs = csv_cells["segments.csv"]
    assert all(r[segs[0].index("char_start")].isdigit() for r in segs[1:])


def test_no_xlsx_cell_is_or_starts_a_formula(workbook):
    bad, quoted = [], []
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or formula_like(cell.value):
                    bad.append((ws.title, cell.coordinate, cell.value))
                if neutralised(cell.value):
                    quoted.append(cell.value)
    assert bad == []
    assert len(quoted) >= 10
    assert "'=2+3" in quoted and "'=cmd|' /C calc'!A0" in quoted


def test_xlsx_headers_are_text_and_tables_match_them(workbook):
    # The role is a column header in "Codes x rol": the header that used to become a formula.
    header = [c.value for c in workbook["Codes x rol"][1]]
    assert "'=2+3" in header
    checked = 0
    for ws in workbook.worksheets:
        for table in ws.tables.values():
            first = ws[table.ref.split(":")[0]].row
            cells = [c.value for c in ws[first]][: len(table.tableColumns)]
            assert [tc.name for tc in table.tableColumns] == cells  # else Excel "repairs" the file
            checked += 1
    assert checked >= 5


def test_xlsx_numbers_stay_numbers(workbook):
    ws = workbook["Principescores"]
    header = [c.value for c in ws[1]]
    col = header.index("gemiddelde") + 1
    values = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
    numbers = [v for v in values if v is not None]
    assert numbers and all(isinstance(v, (int, float)) and not math.isnan(v) for v in numbers)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\r=x", "'\r=x"),
        (" =x", "' =x"),
        ("\n+x", "'\n+x"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("-", "'-"),
        ("- punt een", "'- punt een"),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("'=x", "'=x"),
        ("-1", "-1"),
        ("+2.5", "+2.5"),
        ("-1e5", "-1e5"),
        ("gewoon", "gewoon"),
        ("a=b", "a=b"),
        ("", ""),
        (5, 5),
        (-1, -1),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected
    assert spreadsheet_safe(spreadsheet_safe(value)) == expected  # applying it twice changes nothing


def test_format_csv_output_is_safe_too():
    buf = io.StringIO()
    emit([{"=kop": "=1+1", "n": -3, "t": "@x"}], "csv", out=buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows == [["'=kop", "n", "t"], ["'=1+1", "-3", "'@x"]]
    buf = io.StringIO()
    emit([{"memo": "ok\r=1+1"}], "csv", out=buf)
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [["memo"], ["ok\n=1+1"]]


def test_markdown_exports_are_left_as_written(hostile, tmp_path):
    """Markdown is not a spreadsheet: the summary quotes a suggestion as it was written (documented choice)."""
    out = tmp_path / "s.md"
    assert main(["export", "samenvatting", "-p", str(hostile), str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "=HYPERLINK(" in text and "'=HYPERLINK(" not in text
