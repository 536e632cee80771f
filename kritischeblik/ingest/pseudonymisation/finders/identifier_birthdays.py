"""A date of birth said as a sentence of its own right after the birth is talked about (fifteenth dev author): in
the next turn ("En ik ben jarig op bevrijdingsdag." / "Vijf mei, ja. Zevenendertig."; "Ik ben geboren in de week
dat de Duitsers binnenvielen." / "Dertien mei.") or in the next sentence of the same turn ("… binnenvielen. Mei
veertig."). Elsewhere a day and month alone may be any day ("op drie mei waren we in de stad"), so the sentence
before must speak of a birth, and the date must stand at the start of its own sentence. A year said as a sentence
right after the date belongs to it ("Vijf mei, ja. Zevenendertig."). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..categories import DATUM
from .age_words import FULL_MONTH_ALT
from .identifier_dates import BIRTH_CUE
from .spoken_numbers import SPELLED, SPELLED_YEAR, number_value

Found = tuple[int, int, str]

BIRTH_CUE_RE = re.compile(rf"(?<!\w)(?:{BIRTH_CUE}|(?i:verjaardag|geboortedag))")
_DAY = rf"(?P<day>[1-9]|[12]\d|3[01]|(?i:{SPELLED}))"
_YEAR = rf"(?:(?:19|20)\d\d|['’]\d\d|(?i:{SPELLED_YEAR}|{SPELLED}))"
_DATE = rf"(?:{_DAY}\s+(?i:{FULL_MONTH_ALT})(?:,?\s+{_YEAR})?|(?i:{FULL_MONTH_ALT})\s+(?:(?:19|20)\d\d|['’]\d\d|(?i:{SPELLED_YEAR}|{SPELLED})))"
# The date opens the turn or sentence and ends there: "Vijf mei, ja.", "Dertien mei.", "Mei veertig."
_DATE_SENTENCE = rf"(?P<d>{_DATE})(?=\s*(?:[,.!?;]|$)|,?\s+(?i:ja|toch|hoor)\b)"
_AT_START_RE = re.compile(rf"\A[ \t\"'“]*(?:(?i:eh|nou|ja|nee),?\s+)?{_DATE_SENTENCE}")
_AFTER_SENTENCE_RE = re.compile(rf"(?<=[.!?])[ \t\"'“]+{_DATE_SENTENCE}")
# "Vijf mei, ja. Zevenendertig.": a year alone as the next sentence.
_YEAR_SENTENCE_RE = re.compile(rf"(?:,?\s+(?i:ja|toch|hoor))?[.!?]?\s+(?P<y>{_YEAR})(?=\s*[,.!?]|\s*$)")
_CUE_REACH = 200


def _valid(m: re.Match[str]) -> bool:
    day = m.group("day")
    return day is None or 1 <= (number_value(day.lower()) or 0) <= 31


def _with_year(text: str, m: re.Match[str]) -> Iterator[Found]:
    yield m.start("d"), m.end("d"), DATUM
    year = _YEAR_SENTENCE_RE.match(text, m.end("d"))
    if year is not None:
        yield year.start("y"), year.end("y"), DATUM


def answers_a_birthday(pieces: Sequence[str], i: int) -> bool:
    """Whether turn ``i`` starts with a date right after a turn that speaks of a birth."""
    return (
        i >= 1
        and BIRTH_CUE_RE.search(pieces[i - 1][-_CUE_REACH:]) is not None
        and _AT_START_RE.match(pieces[i]) is not None
    )


def birthday_at_start(text: str) -> list[Found]:
    """The date the turn starts with, and a year said right after it (see :func:`answers_a_birthday`)."""
    m = _AT_START_RE.match(text)
    return list(_with_year(text, m)) if m is not None and _valid(m) else []


def birthdays_after_birth_sentences(text: str) -> Iterator[Found]:
    """Dates that open a sentence right after one that speaks of a birth, within the turn."""
    if BIRTH_CUE_RE.search(text) is None:
        return
    for m in _AFTER_SENTENCE_RE.finditer(text):
        before = text[max(0, m.start() - _CUE_REACH) : m.start()]
        # The sentence before: from the end of the one before it.
        cut = max(before.rfind(c, 0, len(before) - 1) for c in ".!?")
        if BIRTH_CUE_RE.search(before[cut + 1 :]) is not None and _valid(m):
            yield from _with_year(text, m)
