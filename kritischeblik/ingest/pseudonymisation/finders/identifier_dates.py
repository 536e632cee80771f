"""Dates and dates of birth in Dutch interview text: "3 mei 1990", "12-03-2011", "12-3-'09", "geb. 03/04/2011",
"geboren in '08", "kinderen geboren 2009, 2011 en 2014", "is in 1990 geboren", "Hij is van 2005", "een jongen van
2009". Pure; :func:`.identifiers.find_identifiers` combines the finders. The rules and their limits are listed in
the docstring of :mod:`.identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import DATUM
from .age_words import MONTH_ALT
from .identifier_ages import person_before_van
from .spoken_numbers import SPELLED, SPELLED_ORDINAL, SPELLED_YEAR, spelled_value

Found = tuple[int, int, str]

MONTH_PARTS = ("jan", "feb", "mrt", "maa", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
"""Substrings of every month name: a text without any of them holds no "3 mei"."""

# deduce only knows day-month-year; a day and month without year identifies just as well. The year may be said
# in words: "12 maart negentien achtendertig".
# On an identity card the month stands in two languages: "12 OKT/OCT 1953" (eleventh dev author).
_DATE_RE = re.compile(
    rf"(?<![\w-])(?:0?[1-9]|[12]\d|3[01])(?:e|ste|de)?\s+(?i:{MONTH_ALT})(?:/[A-Z]{{3}}(?![\w-]))?"
    rf"(?:\.?\s+(?:19|20)\d{{2}}|\.?\s+['’]\d\d|\s+(?i:{SPELLED_YEAR}))?(?![\w-])"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:(?:19|20)\d\d|\d\d|['’]\d\d)"
# "12-03-2011", "12/3/'09", "2011-03-12", "05-17-1988"; with spaces around the separators only with a four-digit or apostrophe
# year ("1 - 4 - 1955", "2 - 11 - '36"): "4 - 5 - 6" may be anything.
_NUM_DATE_RE = re.compile(
    rf"(?<![\w/.'’-])(?:{_DAY}(?P<s>[-/.]){_MONTH}(?P=s){_YEAR}|(?:19|20)\d\d-{_MONTH}-{_DAY}"
    # month first, as an American form or a system that swapped them: "05-17-1988" (tenth dev author)
    rf"|{_MONTH}(?P<u>[-/.]){_DAY}(?P=u)(?:19|20)\d\d"
    rf"|{_DAY}\s(?P<t>[-/.])\s{_MONTH}\s(?P=t)\s(?:(?:19|20)\d\d|['’]\d\d))"
    r"(?![\w/-]|[.,]\d)"
)
BIRTH_CUE = r"(?i:geboren|geb\.|geboortejaar|geboortedatum|jarig|verjaart)"
_YEAR_OR_SHORT = r"(?:(?:19|20)\d\d|['’]\d\d)"
_BIRTH_RE = re.compile(
    rf"{BIRTH_CUE}\s*(?:[:,]\s*)?(?:(?i:is|was)\s+)?(?:(?i:in|op)\s+)?"
    rf"(?P<d>(?:(?i:{MONTH_ALT})\.?\s+)?{_YEAR_OR_SHORT}|{_DAY}[-/.]{_MONTH}|(?i:{SPELLED_YEAR}))"
    r"(?![\w/.'’-]?\d)"
)
# More years after the first: "geboren 2009, 2011 en 2014", "zijn van 2009 en 2011".
_MORE_YEARS_RE = re.compile(rf"(?:\s*,\s*|\s+(?i:en|of)\s+)(?P<y>{_YEAR_OR_SHORT})(?![\w/.'’-]?\d)")
# A date with spaces only, a few words after a birth cue: "geboortedatum in het ene systeem van 12 03 2004".
_SPACED_DATE_RE = re.compile(rf"(?<![\w.,/-]){_DAY}\s{_MONTH}\s(?:19|20)\d\d(?![\w.,/-]?\d)")
_CUE_BEFORE = re.compile(rf"{BIRTH_CUE}(?:\W+\w+){{0,6}}\W+\Z")
# "die is in 1990 geboren", "zijn in 2009 en 2011 geboren", "werd in maart 2011 geboren".
_BORN_IN_RE = re.compile(
    rf"(?<!\w)(?i:in|op)\s+(?P<d>(?:(?i:{MONTH_ALT})\.?\s+)?{_YEAR_OR_SHORT})"
    rf"(?P<more>(?:(?:\s*,\s*|\s+en\s+){_YEAR_OR_SHORT})*)\s+(?i:geboren)(?!\w)"
)
_RANGE_AFTER = re.compile(r"\s+(?i:tot|t/m|naar|af)(?!\w)")
_YEAR_AFTER_VAN = re.compile(rf"(?<![\w/.-]){_YEAR_OR_SHORT}(?![\w/'’-]|[.,]\d)")


def _month_dates(text: str) -> Iterator[Found]:
    for m in _DATE_RE.finditer(text):
        yield m.start(), m.end(), DATUM


def _numeric_dates(text: str) -> Iterator[Found]:
    for m in _NUM_DATE_RE.finditer(text):
        yield m.start(), m.end(), DATUM


def _more_years(text: str, end: int) -> Iterator[Found]:
    for _ in range(8):  # the children of one household
        m = _MORE_YEARS_RE.match(text, end)
        if m is None:
            return
        yield m.start("y"), m.end("y"), DATUM
        end = m.end()


def _birth_dates(text: str) -> Iterator[Found]:
    for m in _BIRTH_RE.finditer(text):
        yield m.start("d"), m.end("d"), DATUM
        yield from _more_years(text, m.end("d"))
    for m in _SPACED_DATE_RE.finditer(text):
        if _CUE_BEFORE.search(text, max(0, m.start() - 80), m.start()):
            yield m.start(), m.end(), DATUM


def _born_in(text: str) -> Iterator[Found]:
    for m in _BORN_IN_RE.finditer(text):
        yield m.start("d"), m.end("d"), DATUM
        yield from _more_years(text, m.end("d"))


def _years_of_persons(text: str) -> Iterator[Found]:
    """A person's year of birth after "van": "Hij is van 2005", "die is van '82", "de kinderen zijn van 2009, 2011
    en 2014", "een jongen van 2009"; not "de brief is van 2019" (no person) or "van 2019 tot 2020"."""
    i = text.find("van ")
    while i >= 0:
        m = _YEAR_AFTER_VAN.match(text, i + 4)
        if (
            m is not None
            and not _RANGE_AFTER.match(text, m.end())
            and person_before_van(text[max(0, i - 90) : i + 4])
        ):
            yield m.start(), m.end(), DATUM
            yield from _more_years(text, m.end())
        i = text.find("van ", i + 4)


def find_dates(text: str, low: str, runs: list[tuple[int, int]]) -> Iterator[Found]:
    """Dates and dates of birth in ``text`` (``low``: lowercase; ``runs``: the spans of its digit runs)."""
    n = len(text)
    if any(p in low for p in MONTH_PARTS):
        yield from _month_dates(text)
    digit_count = sum(e - s for s, e in runs)
    if digit_count >= 3 and any(
        e < n - 1 and (text[e] in "-/." or text[e : e + 3] in (" - ", " / ", " . ")) for s, e in runs
    ):
        yield from _numeric_dates(text)
    if "geb" in low or "jarig" in low or "verjaart" in low:
        yield from _birth_dates(text)
    if "geboren" in low:
        yield from _born_in(text)
    if "van " in low and any(e - s in (2, 4) for s, e in runs):
        yield from _years_of_persons(text)


# Said aloud and typed out: the day in words, a month name, the year in words or digits ("zeventien april
# tweeduizend negen", "vijftien augustus achtenzestig" after "geboren op"); the day and month as ordinals ("de
# derde van de elfde, tweeduizend twaalf", also with digits: "de 12e van de 3e, 1945"). Without a year only after a birth cue ("jarig op elf november"):
# "op drie mei" alone may be any day.
_ORDINAL = rf"(?:eerste|tweede|derde|{SPELLED_ORDINAL}|[1-9]\d?(?:e|ste|de))"
_SPELLED_DAY_RE = re.compile(
    # The lookahead: the first letters of every day word and ordinal (and digits), so other positions are passed over.
    rf"(?=[eétdvzanhEÉTDVZANH1-9])(?<![\w-])(?P<day>(?i:{SPELLED}|{_ORDINAL}))\s+(?:(?i:van)\s+)?"
    rf"(?P<month>(?i:{MONTH_ALT}))(?![\w-])"
    rf"(?P<year>\.?\s+(?:(?:19|20)\d{{2}}(?!\d)|'\d\d|(?i:{SPELLED_YEAR}))(?![\w-]))?"
    rf"(?P<short>\s+(?i:{SPELLED})(?![\w-]))?"
)
_ORDINAL_DATE_RE = re.compile(
    rf"(?<![\w-])(?P<day>(?i:{_ORDINAL}))\s+(?i:van)\s+(?i:de)\s+(?P<month>(?i:{_ORDINAL}))(?![\w-])"
    rf"(?P<year>,?\s+(?:(?:19|20)\d{{2}}(?!\d)|'\d\d|(?i:{SPELLED_YEAR}))(?![\w-]))?"
)
# Every spoken date holds a month name as a word of its own. The month's letters alone are no test ("maar",
# "meiden"); scanning for the word first skips the costly scan for a spelled day in most turns.
_MONTH_WORD_RE = re.compile(rf"(?=[jfmasondJFMASOND])(?<![\w-])(?i:{MONTH_ALT})(?![\w-])")
# A birthday before the date counts as a cue too: "haar verjaardag is op de derde april".
_CUE_NEAR = re.compile(rf"(?:{BIRTH_CUE}|(?i:verjaardag))(?:\W+\w+){{0,4}}\W+\Z")
# The cue can follow the date too: "hij is op de twaalfde van de vijfde jarig", "op elf november geboren".
_CUE_AFTER = re.compile(rf"\W+(?:\w+\W+){{0,2}}?(?:{BIRTH_CUE}|(?i:verjaardag))(?!\w)")


# "Gerrit was van vier juni", "ik ben van de twaalfde november": born then (twelfth dev author).
_OF_DATE = re.compile(r"(?<!\w)(?i:ben|bent|is|was)\s+(?i:van)\s+(?:(?i:de)\s+)?\Z")


def _cued(text: str, start: int, end: int) -> bool:
    return (
        _CUE_NEAR.search(text, max(0, start - 60), start) is not None
        or _CUE_AFTER.match(text[end : end + 40]) is not None
        or _OF_DATE.search(text, max(0, start - 20), start) is not None
    )


def _ordinal_value(word: str) -> int | None:
    low = word.lower()
    first = {"eerste": 1, "tweede": 2, "derde": 3}
    if low in first:
        return first[low]
    if low[:1].isdigit():  # "12e", "3de", "1ste"
        return int(low.rstrip("estd"))
    stem = low[:-3] if low.endswith("ste") else low[:-2]
    return spelled_value(stem)


def _day_value(word: str) -> int | None:
    value = spelled_value(word)
    return value if value is not None else _ordinal_value(word)


def find_spoken_dates(text: str) -> Iterator[Found]:
    """Dates with the day in words or as ordinals (see above); no digits needed."""
    low = text.lower()
    if any(p in low for p in MONTH_PARTS) and _MONTH_WORD_RE.search(text):
        for m in _SPELLED_DAY_RE.finditer(text):
            day = _day_value(m.group("day"))
            cued = _cued(text, m.start(), m.end("month"))
            closes = m.group("short") and text[m.end("short") : m.end("short") + 1] in (".", "?", "!")
            if day is None or not 1 <= day <= 31 or not (m.group("year") or cued or closes):
                continue
            if m.group("year"):
                end = m.end("year")
            elif m.group("short") and (cued or text[m.end("short") : m.end("short") + 1] in (".", "?", "!")):
                # "geboren op vijftien augustus achtenzestig"; "Twaalf november tweeëndertig." ends a sentence
                end = m.end("short")
            else:
                end = m.end("month")
            yield m.start(), end, DATUM
    if " van de " in low:
        for m in _ORDINAL_DATE_RE.finditer(text):
            day, month = _ordinal_value(m.group("day")), _ordinal_value(m.group("month"))
            cued = _cued(text, m.start(), m.end())
            if day and month and 1 <= day <= 31 and 1 <= month <= 12 and (m.group("year") or cued):
                yield m.start(), m.end(), DATUM
