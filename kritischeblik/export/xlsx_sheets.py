"""The sheet writer behind the Excel export (export/xlsx.py): cell values, one table per sheet, widths.

Every text that goes into a cell, headers and table column names included, passes :func:`_value`, which makes
it spreadsheet-safe (:func:`kritischeblik.export.common.spreadsheet_safe`): no cell can start a formula.
"""

from __future__ import annotations

import gc
import math
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from .common import spreadsheet_safe

T = TypeVar("T")
WRAP_MAX_ROWS = 2_000
MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)


# -- cell values ------------------------------------------------------------------------------------------
def _value(v: Any) -> Any:
    """A Python value Excel can hold: NaN/NA → empty, numpy scalars → int/float, lists → text."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, (list, tuple, set)):
        return ", ".join(str(x) for x in v)
    if isinstance(v, str):
        # Strip first: a removed control character could otherwise uncover a leading '='.
        v = spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", v))
        return v if len(v) <= MAX_CELL else v[: MAX_CELL - 1] + "…"
    return v


def _text_cell(ws: Any, v: Any) -> Cell:
    """A cell whose text is stored as text (``data_type 's'``): never read back as a formula."""
    cell = WriteOnlyCell(ws, value=v)
    if isinstance(v, str):
        cell.data_type = "s"
    return cell


def _formatted(ws: Any, v: Any, fmt: str | None) -> Any:
    """A number as a cell with a number format (the value stays a number); anything else as it is."""
    if fmt is None or isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    cell = WriteOnlyCell(ws, value=v)
    cell.number_format = fmt
    return cell


class _Sheet:
    """One write-only sheet holding one table: header, frozen first row, fitted widths, Excel table."""

    def __init__(
        self,
        wb: Workbook,
        title: str,
        columns: Sequence[str],
        sample: Iterable[Sequence[Any]] = (),
        formats: dict[str, str] | None = None,
        wrap: Sequence[str] = (),
        table: bool = True,
        extra_widths: dict[int, float] | None = None,
        below: _Sheet | None = None,
    ):
        """``below``: put this table under another one on that sheet (after a blank line and a title row
        written by the caller); the sheet's column widths were set by the first table."""
        self.ws = wb.create_sheet(title) if below is None else below.ws
        self.title = title
        self.columns = [str(c) for c in columns]
        self.formats = formats or {}
        self.wrap = set(wrap)
        self.table = table
        self.rows = 0
        self.first_row = 1 if below is None else below.next_row
        self.next_row = self.first_row
        if below is None:
            for i, w in enumerate(_widths(self.columns, sample, self.wrap)):
                self.ws.column_dimensions[get_column_letter(i + 1)].width = w
            for col, w in (extra_widths or {}).items():
                self.ws.column_dimensions[get_column_letter(col)].width = w
            self.ws.freeze_panes = "A2"
        self._fmt = [self.formats.get(c) for c in self.columns]
        self._wrap = [c in self.wrap for c in self.columns]

    def widen(self, columns: Sequence[str], sample: Iterable[Sequence[Any]] = ()) -> None:
        """Make room for a second table below this one (before the first row is written)."""
        for i, w in enumerate(_widths(columns, sample, ())):
            dim = self.ws.column_dimensions[get_column_letter(i + 1)]
            dim.width = max(dim.width or 0, w)

    def line(self, values: Sequence[Any]) -> None:
        """A row outside the table (a note, a title, a blank line)."""
        self.ws.append([v if isinstance(v, Cell) else _value(v) for v in values])
        self.next_row += 1

    def header(self, extra: Sequence[Any] = ()) -> None:
        cells = []
        for c in self.columns:
            cell = _text_cell(self.ws, _value(c))
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cells.append(cell)
        self.ws.append([*cells, *[_value(x) for x in extra]])
        self.next_row += 1

    def append(self, row: Sequence[Any], extra: Sequence[Any] = (), extra_format: str | None = None) -> None:
        """One table row; ``extra``: cells beside the table (chart data), numbers shown as ``extra_format``."""
        out: list[Any] = []
        for i, v in enumerate(row):
            v = _value(v)
            fmt = self._fmt[i] if i < len(self._fmt) else None
            if fmt or (i < len(self._wrap) and self._wrap[i]):
                cell = _text_cell(self.ws, v)
                if fmt and isinstance(v, (int, float)):
                    cell.number_format = fmt
                if i < len(self._wrap) and self._wrap[i]:
                    cell.alignment = WRAP
                out.append(cell)
            else:
                out.append(v)
        self.ws.append([*out, *[_formatted(self.ws, _value(x), extra_format) for x in extra]])
        self.rows += 1
        self.next_row += 1

    def finish(self, name: str) -> None:
        ref = f"A{self.first_row}:{get_column_letter(len(self.columns))}{self.first_row + self.rows}"
        if self.table and self.rows:
            tab = Table(displayName=name, ref=ref, tableStyleInfo=TABLE_STYLE)
            tab.tableColumns = [TableColumn(id=i + 1, name=c) for i, c in enumerate(self.columns)]
            tab.autoFilter = AutoFilter(ref=ref)
            with warnings.catch_warnings():
                # openpyxl warns that write-only tables need their columns set by hand, which we just did.
                warnings.simplefilter("ignore", UserWarning)
                self.ws.add_table(tab)
        else:
            self.ws.auto_filter.ref = ref


def _widths(
    columns: Sequence[str], sample: Iterable[Sequence[Any]], wrap: set[str] | Sequence[str]
) -> list[float]:
    """Column widths fitted to the header and a sample of rows (first line of a text, within limits)."""
    widths = [len(c) + 4 for c in columns]
    for row in sample:
        for i, v in enumerate(row[: len(widths)]):
            text = f"{v:.2f}" if isinstance(v, float) else str(_value(v) if v is not None else "")
            widths[i] = max(widths[i], min(len(text.split("\n", 1)[0]), 200) + 2)
    return [max(8, min(w, 70 if columns[i] in wrap else 45)) for i, w in enumerate(widths)]


def _unique_headers(cols: Sequence[Any]) -> list[str]:
    """Excel table headers must be unique, non-empty text."""
    out: list[str] = []
    for c in cols:
        # The table's column names must equal the header cells, so they are made spreadsheet-safe here.
        name = _value(re.sub(r"\s+", " ", str(c)).strip() or "kolom")
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return out


def _frame_sheet(
    wb: Workbook,
    title: str,
    df: pd.DataFrame,
    table_name: str,
    formats: dict[str, str] | None = None,
    wrap: Sequence[str] = (),
    empty_note: str = "(geen gegevens)",
) -> int:
    cols = _unique_headers(df.columns)
    # A styled cell costs openpyxl several times a plain one; on big sheets wide columns must do.
    wrap = wrap if len(df) <= WRAP_MAX_ROWS else ()
    sheet = _Sheet(wb, title, cols, df.head(200).itertuples(index=False), formats=formats, wrap=wrap)
    sheet.header()
    for row in df.itertuples(index=False):
        sheet.append(row)
    if not sheet.rows:
        sheet.line([empty_note])
        sheet.table = False
    sheet.finish(table_name)
    return sheet.rows


def quiet_failure(write: Callable[[], T]) -> T:
    """Run ``write``; when the disk fills up, openpyxl leaves half-written zip and XML streams behind whose
    clean-up prints tracebacks ("Exception ignored in ...") once they are collected. They are collected here,
    silently, as soon as the failed write lets go of them; only the ``OSError`` goes up, to become a clear
    message."""
    hook = sys.unraisablehook
    try:
        return write()
    except OSError as e:
        sys.unraisablehook = lambda _unraisable: None
        error = OSError(e.errno, e.strerror)  # without the traceback, which holds those streams
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise error


AGREEMENT_FORMATS = {
    "% overeenstemming": "0.0",
    "kappa": "0.000",
    "alpha": "0.000",
    "alpha ordinaal": "0.000",
    "alpha interval": "0.000",
    "alpha nominaal": "0.000",
}


def agreement_sheet(wb: Workbook, ag: pd.DataFrame, scores: tuple[str, pd.DataFrame]) -> int:
    """Agreement on the codings (one table), with agreement on the coders' scores in a second table below it."""
    title, sc = scores
    cols, score_cols = _unique_headers(ag.columns), _unique_headers(sc.columns)
    sheet = _Sheet(
        wb, "Overeenstemming", cols, ag.head(200).itertuples(index=False), formats=AGREEMENT_FORMATS
    )
    sheet.widen(score_cols, sc.itertuples(index=False))
    sheet.header()
    for row in ag.itertuples(index=False):
        sheet.append(row)
    if not sheet.rows:
        sheet.line(["(geen gegevens)"])
        sheet.table = False
    sheet.finish("Overeenstemming")
    sheet.line([])
    head = _text_cell(sheet.ws, _value(title))
    head.font = Font(bold=True)
    sheet.line([head])
    below = _Sheet(wb, "Overeenstemming", score_cols, formats=AGREEMENT_FORMATS, below=sheet)
    below.header()
    for row in sc.itertuples(index=False):
        below.append(row)
    below.finish("OvereenstemmingScores")
    return sheet.rows
