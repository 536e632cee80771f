"""Scoring forms (CSV/XLSX): principle scores per example, and choices / new-principle suggestions.

Two shapes, recognised by their header:
- scores:  interview_id, voorbeeld, <one column per principle>
- choices: interview_id, keuze_principes (';'-separated), nieuw_principe
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Codebook, Example
from .readers import decode_bytes


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


def _norm(s: object) -> str:
    return " ".join(str(s if s is not None else "").strip().lower().replace("-", "_").split()).replace(" ", "_")


def read_table(path: Path, encoding: str | None = None) -> list[tuple[int, list[str]]]:
    """Rows as (line number, cells) including the header row."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "bestand bestaat niet")
    if path.suffix.lower() == ".xlsx":
        try:
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises zip/xml/key errors for damaged files
            raise InputError(source, f"kan .xlsx niet lezen ({type(e).__name__})") from None
        ws = wb.worksheets[0]
        rows = [
            (i, ["" if v is None else str(v).strip() for v in row])
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
        wb.close()
    else:
        text = decode_bytes(path.read_bytes(), source, encoding)
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") and "keuze_principes" not in sample else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(source, "leeg formulier")
    return rows


def parse_form(path: Path, codebook: Codebook, encoding: str | None = None) -> Form:
    source = str(path)
    rows = read_table(path, encoding)
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
            raise InputError(source, f"onbekend voorbeeld '{cells[ex_col]}' (mooi voorbeeld of vastloopmoment)", line)
        row = out.setdefault(iid, FormRow(line=line, interview_id=iid))
        for i, code_id in principle_cols.items():
            raw = cells[i].strip()
            if not raw:
                continue
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                raise InputError(source, f"score '{raw}' in kolom '{header[i]}' is geen getal", line) from None
            if value != int(value):
                raise InputError(source, f"score {raw} in kolom '{header[i]}' is geen geheel getal", line)
            score = int(value)
            if not codebook.scale_min <= score <= codebook.scale_max:
                raise InputError(
                    source,
                    f"score {score} in kolom '{header[i]}' valt buiten de schaal "
                    f"{codebook.scale_min}–{codebook.scale_max}",
                    line,
                )
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
            raise InputError(source, f"interview '{iid}' staat dubbel in het formulier (ook regel {seen[iid]})", line)
        seen[iid] = line
        row = FormRow(line=line, interview_id=iid)
        if k_col is not None:
            row.choices = []
            for part in re.split(r"[;\n]", cells[k_col]):
                if not part.strip():
                    continue
                code = codebook.resolve_principle(part)
                if code is None:
                    raise InputError(source, f"onbekend leidend principe '{part.strip()}'", line)
                if code.id not in row.choices:
                    row.choices.append(code.id)
        if n_col is not None:
            text = cells[n_col].strip()
            row.suggestions = [text] if text else []
        out.append(row)
    return Form(source=source, kind="choices", rows=out)
