"""Scoring forms (CSV/XLSX): principle scores per example, and choices / new-principle suggestions.

Two shapes, recognised by their header:
- scores:  interview_id, voorbeeld, <one column per principle>
- choices: interview_id, keuze_principes (';'-separated), nieuw_principe

An empty cell changes nothing (a score, the choices or the suggestion already stored stay); a cell holding
only ``-`` clears the choices or the suggestion. A formula whose value Excel did not save is an error, never
read as empty. Cell text is cleaned like transcript text (text_clean).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, ScoreError
from ..model import Codebook, Example
from .archive import checked_archive
from .readers import check_file, decode_bytes, read_bytes
from .text_clean import CleanReport, clean_text

CLEAR = "-"  # a cell holding only this clears the stored choices or suggestion


@dataclass
class FormRow:
    line: int
    interview_id: str
    scores: dict[tuple[Example, str], int] = field(default_factory=dict)
    choices: list[str] | None = None
    suggestions: list[str] | None = None


@dataclass
class Form:
    source: str
    kind: str  # "scores" | "choices"
    rows: list[FormRow]
    content_hash: str = ""
    notes: list[str] = field(default_factory=list)
    """what reading changed (counts only), for the ingest report"""


def _norm(s: object) -> str:
    return " ".join(str(s if s is not None else "").strip().lower().replace("-", "_").split()).replace(
        " ", "_"
    )


def read_table(
    path: Path, encoding: str | None = None, cleaned: CleanReport | None = None
) -> list[tuple[int, list[str]]]:
    """Rows as (line number, cells) including the header row; cells cleaned (counted in ``cleaned``)."""
    source = str(path)
    check_file(path, source)
    cleaned = cleaned if cleaned is not None else CleanReport()
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path, source, cleaned)
    else:
        text, report = clean_text(decode_bytes(read_bytes(path, source), source, encoding))
        cleaned.add(report)
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") and "keuze_principes" not in sample else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
        except csv.Error as e:
            raise InputError(source, f"geen geldige CSV ({e})", reader.line_num or None) from None
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(source, "leeg formulier")
    return rows


def _xlsx_rows(path: Path, source: str, cleaned: CleanReport) -> list[tuple[int, list[str]]]:
    """The first sheet's rows. Values are what Excel saved with the formulas (``data_only``); the workbook is
    read a second time for the formulas themselves, because a formula whose value was never saved (a file
    written by a script, not opened in Excel) reads as empty and would then clear what is stored."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    checked_archive(path, source, ".xlsx")
    books = []
    try:
        try:
            books.append(load_workbook(path, read_only=True, data_only=True))
            books.append(load_workbook(path, read_only=True, data_only=False))
        except Exception as e:  # openpyxl raises zip/xml/key errors for damaged files
            raise InputError(
                source, f"kan .xlsx niet lezen ({type(e).__name__}); open en bewaar het opnieuw in Excel"
            ) from None
        values_book, formulas_book = books
        if not values_book.worksheets:
            raise InputError(source, "de werkmap heeft geen werkblad")
        values, formulas = values_book.worksheets[0], formulas_book.worksheets[0]
        rows = []
        try:
            pairs = zip(
                values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False
            )
            for i, (row, row_formulas) in enumerate(pairs, start=1):
                for j, (v, f) in enumerate(zip(row, row_formulas, strict=False), start=1):
                    if v is None and f is not None and (not isinstance(f, str) or f.startswith("=")):
                        raise InputError(
                            source,
                            f"blad '{values.title}', cel {get_column_letter(j)}{i}: formule zonder opgeslagen "
                            "waarde; open het bestand in Excel en sla het op, of vul de waarde in",
                            i,
                        )
                rows.append((i, [_cell(v, cleaned) for v in row]))
        except InputError:
            raise
        except Exception as e:  # broken sheet XML surfaces only while the rows are read
            raise InputError(
                source,
                f"blad '{values.title}' is beschadigd ({type(e).__name__}); open en bewaar het bestand opnieuw in Excel",
                len(rows) + 1,
            ) from None
        return rows
    finally:
        for book in books:
            book.close()


def _cell(value: object, cleaned: CleanReport) -> str:
    if value is None:
        return ""
    text, report = clean_text(str(value))
    cleaned.add(report)
    return text.strip()


def parse_form(path: Path, codebook: Codebook, encoding: str | None = None) -> Form:
    source = str(path)
    cleaned = CleanReport()
    rows = read_table(path, encoding, cleaned)
    form = _parse_rows(source, rows, codebook)
    form.notes = cleaned.notes()
    return form


def _parse_rows(source: str, rows: list[tuple[int, list[str]]], codebook: Codebook) -> Form:
    header_line, header = rows[0]
    cols = [_norm(h) for h in header]
    if "interview_id" not in cols:
        raise InputError(source, "kolom 'interview_id' ontbreekt in de kopregel", header_line)
    id_col = cols.index("interview_id")
    if "voorbeeld" in cols:
        return _parse_scores(source, rows, header, cols, id_col, codebook)
    if "keuze_principes" in cols or "nieuw_principe" in cols:
        return _parse_choices(source, rows, cols, id_col, codebook)
    raise InputError(
        source,
        "onbekend formulier: verwacht kolommen 'interview_id, voorbeeld, <principes>' (scores) of "
        "'interview_id, keuze_principes, nieuw_principe' (keuzes)",
        header_line,
    )


def _parse_scores(source, rows, header, cols, id_col, codebook: Codebook) -> Form:  # noqa: ANN001
    ex_col = cols.index("voorbeeld")
    principle_cols: dict[int, str] = {}
    for i, h in enumerate(header):
        if i in (id_col, ex_col) or not h.strip():
            continue
        code = codebook.resolve_principle(h)
        if code is None:
            raise InputError(source, f"kolom '{h}' is geen leidend principe uit het codeboek", rows[0][0])
        principle_cols[i] = code.id
    out: dict[str, FormRow] = {}
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(header) - len(cells))
        iid = cells[id_col].strip()
        if not iid:
            raise InputError(source, "interview_id is leeg", line)
        example = Example.parse(cells[ex_col])
        if example is None:
            raise InputError(
                source, f"onbekend voorbeeld '{cells[ex_col]}' (mooi voorbeeld of vastloopmoment)", line
            )
        row = out.setdefault(iid, FormRow(line=line, interview_id=iid))
        for i, code_id in principle_cols.items():
            raw = cells[i].strip()
            if not raw:
                continue
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                raise InputError(
                    source, f"score '{raw}' in kolom '{header[i]}' is geen getal", line
                ) from None
            try:
                score = codebook.score_scale.check(value)
            except ScoreError as e:
                raise InputError(source, f"kolom '{header[i]}': {e}", line) from None
            if (example, code_id) in row.scores:
                raise InputError(source, f"dubbele rij voor {iid} / {example}", line)
            row.scores[(example, code_id)] = score
    return Form(source=source, kind="scores", rows=list(out.values()))


def _parse_choices(source, rows, cols, id_col, codebook: Codebook) -> Form:  # noqa: ANN001
    k_col = cols.index("keuze_principes") if "keuze_principes" in cols else None
    n_col = cols.index("nieuw_principe") if "nieuw_principe" in cols else None
    out: list[FormRow] = []
    seen: dict[str, int] = {}
    for line, cells in rows[1:]:
        cells = cells + [""] * (len(cols) - len(cells))
        iid = cells[id_col].strip()
        if not iid:
            raise InputError(source, "interview_id is leeg", line)
        if iid in seen:
            raise InputError(
                source, f"interview '{iid}' staat dubbel in het formulier (ook regel {seen[iid]})", line
            )
        seen[iid] = line
        row = FormRow(line=line, interview_id=iid)
        if k_col is not None and cells[k_col].strip():
            row.choices = []
            for part in re.split(r"[;\n]", "" if cells[k_col].strip() == CLEAR else cells[k_col]):
                if not part.strip():
                    continue
                code = codebook.resolve_principle(part)
                if code is None:
                    raise InputError(source, f"onbekend leidend principe '{part.strip()}'", line)
                if code.id not in row.choices:
                    row.choices.append(code.id)
        if n_col is not None and cells[n_col].strip():
            text = cells[n_col].strip()
            row.suggestions = [] if text == CLEAR else [text]
        out.append(row)
    return Form(source=source, kind="choices", rows=out)
