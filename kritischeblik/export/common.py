"""What every export shares: privacy rules (withdrawn, confidential, unpseudonymised) and atomic file writes."""

from __future__ import annotations

import bisect
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import KBError
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


@contextmanager
def atomic_path(target: str | Path, suffix: str = "") -> Iterator[Path]:
    """Write to a temporary file beside ``target`` and move it into place only when writing succeeded."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise KBError(f"{target}: is een map; geef een bestandsnaam op")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise KBError(f"{parent}: map bestaat niet")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix or ".tmp", dir=parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)
