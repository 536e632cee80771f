"""Identifiers in lists and tables pasted into a transcript (ninth dev author), where the sentence around a number
is missing and the heading or the list says what it is:

* a Markdown table whose heading names a column (``| naam | klas | geb. | lft |``): every cell of a "leeftijd"
  column is an age, of a "geboortedatum" column a date, of an "adres", "telefoon", "postcode", "bsn" or "e-mail"
  column that identifier (``| Ryan Hoekstra | 2B | 03-09-2005 | 14 |``);
* a year in brackets right after a name (``Mevr. A.M. Lambrechts-Beekman (1936)``): a year of birth;
* an age in brackets right after a date of birth in a list (``Sem: 14-3-2012 (8)``, ``2 februari 2016 (bijna 4)``,
  ``ik: 22-6 (66)``), and that date.

Only what the heading or the date makes certain is taken; names in the cells are the name finders'. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import BSN, DATUM, EMAIL, LEEFTIJD, LOCATIE, POSTCODE, TELEFOONNUMMER
from .age_words import MONTH_ALT

Found = tuple[int, int, str]

_COLUMNS = (
    (re.compile(r"(?i)^(?:leeftijd|lft\.?|leeft\.?|age|jaar|jr\.?)$"), LEEFTIJD),
    (re.compile(r"(?i)^(?:geboortedatum|geb\.?(?:\s*datum)?|geboren|geboortejaar|verjaardag|jarig)$"), DATUM),
    (re.compile(r"(?i)^(?:adres|woonadres|straat|huisadres)$"), LOCATIE),
    (re.compile(r"(?i)^(?:telefoon(?:nummer)?|tel\.?|mobiel|gsm|06)$"), TELEFOONNUMMER),
    (re.compile(r"(?i)^(?:postcode|pc)$"), POSTCODE),
    (re.compile(r"(?i)^(?:bsn|burgerservicenummer)$"), BSN),
    (re.compile(r"(?i)^(?:e-?mail(?:adres)?|mail)$"), EMAIL),
)
_COUNT_RE = re.compile(r"(?i)\d\s*(?:x|keer|maal)(?!\w)")
_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_RULE = re.compile(r"^[\s|:\-]+$")
_DATE_THEN_AGE_RE = re.compile(
    # without a year only as a list entry ("ik: 22-6 (66)"): "de scores 3-4 (5)" is no birthday
    rf"(?<![\w/.-])(?P<d>\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d\d|(?<=:\s)\d{{1,2}}[-/.]\d{{1,2}}"
    rf"|\d{{1,2}}\s+(?i:{MONTH_ALT})\.?(?:\s+['’]?\d{{2,4}})?)"
    r"\s*\(\s*(?:(?i:bijna|ruim|net|pas|ca\.?)\s+)?(?P<n>1[01]\d|[1-9]\d?)\s*\)"
)


def find_table_cells(text: str) -> Iterator[Found]:
    """The cells of the identifying columns of every Markdown table in ``text`` (see the module docstring)."""
    if text.count("|") < 4:
        return
    rows = list(_ROW.finditer(text))
    i = 0
    while i < len(rows):
        # Only the first row of a table is its heading: in a form of two columns ("| Adres | ... |" then
        # "| Postcode | ... |", thirteenth dev author) a row below is no heading for the rows under it.
        head = _cells(text, rows[i])
        ruled = i + 1 < len(rows) and _RULE.match(rows[i + 1].group()) is not None
        # A first row with a rule under it is a heading ("| Leeftijd | Aantal |"); without one it may be a label
        # and its value ("| Telefoon | 030 ... |"), which heads no column.
        labelled = not ruled and len(head) >= 2 and head[1][2].strip() != "" and _kind(head[0][2]) is not None
        if labelled:
            yield from _labelled_cell(head)
        kinds = (
            {}
            if labelled
            else {k: cat for k, (_, _, cell) in enumerate(head) if (cat := _kind(cell)) is not None}
        )
        j = i + 1
        # A table goes on while the next line is a row of it; a blank line ends it, and so does a row with a rule
        # under it: the heading of the next table (ingest drops blank lines inside a turn).
        while (
            j < len(rows)
            and text.count("\n", rows[j - 1].end(), rows[j].start()) == 1
            and not (
                j + 1 < len(rows) and _RULE.match(rows[j + 1].group()) and not _RULE.match(rows[j].group())
            )
        ):
            cells = _cells(text, rows[j])
            if not _RULE.match(rows[j].group()):
                for k, category in kinds.items():
                    if k < len(cells) and cells[k][2].strip():
                        a, b, _ = cells[k]
                        yield a, b, category
                yield from _labelled_cell(cells)
            j += 1
        i = j


def label_cells(text: str) -> list[tuple[int, int]]:
    """Cells that name a column or a form's field ("Geb. datum", "Lft", "Burgerservicenummer"): never a name, whatever
    the lexicon says of the word."""
    if text.count("|") < 4:
        return []
    return [
        (a, b)
        for row in _ROW.finditer(text)
        for a, b, cell in _cells(text, row)
        if b > a and _kind(cell) is not None
    ]


def _kind(cell: str) -> str | None:
    label = cell.strip().strip("*_").strip().rstrip(":")
    return next((category for rx, category in _COLUMNS if rx.match(label)), None)


def _labelled_cell(cells: list[tuple[int, int, str]]) -> Iterator[Found]:
    """A form's row: a label and its value ("| Postcode | 3534 0K |", "| Geboortedatum | 3 november 1972 |")."""
    if len(cells) >= 2 and cells[1][2].strip() and (category := _kind(cells[0][2])) is not None:
        value = cells[1][2]
        # In notes a row can say what was done, not what it is: "| Telefoon | 3 keer gebeld |".
        if category == EMAIL or (any(c.isdigit() for c in value) and _COUNT_RE.search(value) is None):
            yield cells[1][0], cells[1][1], category


def _cells(text: str, row: re.Match[str]) -> list[tuple[int, int, str]]:
    """(start, end, text) of every cell of a table row, stripped of spaces."""
    out = []
    bars = [row.start() + k for k, c in enumerate(row.group()) if c == "|"]
    for a, b in zip(bars, bars[1:], strict=False):
        cell = text[a + 1 : b]
        lead = len(cell) - len(cell.lstrip())
        out.append((a + 1 + lead, a + 1 + len(cell.rstrip()), cell))
    return out


_NAME_YEAR_RE = re.compile(r"(?<![\w-])[A-Z][^\W\d_][\w'’-]*\s?\((?P<y>(?:19|20)\d\d)\)")


def find_ages_after_dates(text: str) -> Iterator[Found]:
    """An age in brackets after a date of birth in a list: "Sem: 14-3-2012 (8)"; a year in brackets after a name."""
    if "(" in text:
        yield from ((m.start("y"), m.end("y"), DATUM) for m in _NAME_YEAR_RE.finditer(text))
        for m in _DATE_THEN_AGE_RE.finditer(text):
            yield m.start("d"), m.end("d"), DATUM  # with an age after it, a day and month is a birthday
            yield m.start("n"), m.end("n"), LEEFTIJD
