"""What every export shares: privacy rules (withdrawn, confidential, unpseudonymised) and spreadsheet-safe
text.

File safety (atomic writes, never over a project or a device) lives in :mod:`kritischeblik.safefiles`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from ..model import SegmentState

WITHDRAWN = str(SegmentState.INGETROKKEN)
CONFIDENTIAL = str(SegmentState.VERTROUWELIJK)
REDACTED = "Ingetrokken fragment."
"""Stands in for withdrawn text wherever a whole transcript is exported."""
UNPSEUDONYMISED = "[niet gepseudonimiseerd]"
"""Stands in for text of interviews that were ingested with --no-pseudonymise."""

PERSON_COLUMNS = ("duo", "speaker", "respondent_rol", "organisatie")
"""Columns that name people of an interview (interviewers, speakers, front matter): for an unpseudonymised
interview they hold the names as written, so exports mask them with its text. ``attr_*`` columns too."""


def mask_unpseudonymised(df: Any, hidden: Collection[str], text_cols: Sequence[str] = ()) -> Any:
    """A copy of the DataFrame ``df`` with, for rows of interviews in ``hidden`` (ingested or imported without
    pseudonymisation), the text columns and every column naming people replaced by ``UNPSEUDONYMISED``.
    Only ``interview_id``, ``omgeving`` and ``datum`` stay, so the rows can still be counted and linked."""
    if not hidden or "interview_id" not in df.columns or not len(df):
        return df
    cols = [c for c in df.columns if c in text_cols or c in PERSON_COLUMNS or str(c).startswith("attr_")]
    if not cols:
        return df
    df = df.copy()
    mask = df["interview_id"].isin(list(hidden))
    if mask.any():
        for c in cols:
            df[c] = df[c].astype(object)
            df.loc[mask, c] = UNPSEUDONYMISED
    return df


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from pasted PDFs, for example)."""
    return _XML_BAD.sub("", text or "")


def redact(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, Callable[[int], int]]:
    """Replace each withdrawn span ``[start, end)`` by ``REDACTED``.

    Returns the new text and a function that maps a position outside the withdrawn spans to its position in
    the new text, so selections of the remaining fragments stay exact.
    """
    spans = sorted((a, b) for a, b in spans if 0 <= a < b <= len(text))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    if not merged:
        return text, lambda p: p
    parts: list[str] = []
    ends: list[int] = []
    deltas: list[int] = []
    pos, delta = 0, 0
    for a, b in merged:
        parts.append(text[pos:a])
        parts.append(REDACTED)
        delta += len(REDACTED) - (b - a)
        ends.append(b)
        deltas.append(delta)
        pos = b
    parts.append(text[pos:])

    def shift(p: int) -> int:
        i = bisect.bisect_right(ends, p) - 1
        return p + (deltas[i] if i >= 0 else 0)

    return "".join(parts), shift


# -- formula injection ------------------------------------------------------------------------------------
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""Characters a spreadsheet may read as the start of a formula (OWASP CSV injection): = + - @, tab, CR, and
their full-width forms, which some East Asian Excel versions treat the same."""
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """A text that a spreadsheet shows as text, never runs as a formula (the OWASP CSV-injection rule).

    Text whose first character, or first after leading white space, could start a formula gets a single quote
    in front: ``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``. Only strings change: numbers stay numbers, and
    a string that is just a number (``-1``, ``+2.5``) is left alone, since it cannot call anything. Used for
    every cell of the csv and xlsx exports (headers too) and for ``--format csv``; not for Markdown, XML or
    JSON, which no spreadsheet evaluates.
    """
    if not isinstance(value, str) or not value:
        return value
    first = value.lstrip()[:1] or value[:1]
    if value[0] not in FORMULA_START and first not in FORMULA_START:
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: spreadsheet-safe, and a carriage return written as a line feed. A CSV writer
    with ``\n`` line ends does not quote a bare CR, and readers (Excel, R, Python's csv) break the row there,
    so ``memo\r=cmd`` would start a new row with a formula; a line feed inside a field is quoted."""
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return spreadsheet_safe(value)
