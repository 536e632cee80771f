"""Numbers as Dutch speakers say them and transcribers write them out: "zeventien", "vijfenveertig", and the
compound split in two by speech recognition ("zes en twintig", "zeven en tachtig"). Shared by the finders of
ages, phone numbers, IBAN check digits, house numbers and years; pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
TEENS = (
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
)
TENS = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")


def _values() -> dict[str, int]:
    values = {w: i for i, w in enumerate(UNITS)} | {"één": 1, "honderd": 100}
    values |= {w: 10 + i for i, w in enumerate(TEENS)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
    for u, unit in enumerate(UNITS[1:], start=1):
        for t, ten in enumerate(TENS):
            values[unit + ("ën" if unit.endswith("e") else "en") + ten] = 20 + 10 * t + u
    # With the stressed "één" as people write it too: "éénendertig".
    values |= {"éénen" + ten: 21 + 10 * t for t, ten in enumerate(TENS)}
    return values


NUMBER_VALUES = _values()
"""Every number word from "nul" to "negenennegentig" (and "honderd"), written as one word, with its value."""

_UNIT_ALT = "|".join(UNITS[1:]) + "|één"
_TEN_ALT = "|".join(TENS)
# A compound as speech recognition splits it ("zes en twintig", "twee ën dertig") or a transcriber hyphenates it
# ("drie-en-veertig").
_LINK = r"(?:\s+|-)"
SPLIT_COMPOUND = rf"(?:{_UNIT_ALT}){_LINK}(?:en|ën){_LINK}(?:{_TEN_ALT})"
_WORD_ALT = "|".join(sorted((w for w in NUMBER_VALUES if w != "nul"), key=len, reverse=True))
_TEEN_ALT = "|".join(TEENS)
# Structured rather than a list of all hundred words: a regex alternation is tried word by word.
SPELLED = (
    rf"(?:{SPLIT_COMPOUND}|(?:{_UNIT_ALT})(?:en|ën)(?:{_TEN_ALT})|{_TEN_ALT}|{_TEEN_ALT}|{_UNIT_ALT}|honderd)"
)
"""A spelled-out number from 1 to 100, one word or a split compound (pattern text, no flags)."""
SPELLED_HALF = rf"(?:(?:{_UNIT_ALT}|{_TEEN_ALT})(?:en|ën)half)"
"""A half year said as one word: "zevenenhalf", "tweeënhalf", "veertienenhalf" (pattern text, no flags)."""
SPELLED_PARTS = (
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "tig",
    "honderd",
    "één",
)
"""Substrings of every spelled-out number but "een": a text without any of them needs no spelled search."""

# Where a number word can start: every spelled-out number, ordinal or compound the finders read ("zestigjarige",
# "tweeling", "achtste", "derde") begins a word with one of these. The substrings above are in most turns
# inside other words ("zelf", "gedacht", "prettig"); this test skips the age and date scans there.
_NUMBER_STARTS = (
    *("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"),
    *("derti", "veerti", "twintig", "tachtig", "honderd", "één", "eenen", "éénen", "eerste", "derde"),
)
_NUMBER_START_RE = re.compile(r"(?<![^\W\d_])(?:" + "|".join(_NUMBER_STARTS) + ")")


def may_hold_spelled(text: str, low: str) -> bool:
    """Can ``text`` (``low``: its lowercase form) hold a spelled-out number? False is certain; True may not be."""
    if not any(p in low for p in SPELLED_PARTS):
        return False
    # casefold as the finders' case-insensitive patterns compare ("ZEſ" is "zes"); a dotted or dotless i too.
    folded = text.casefold().replace("i\u0307", "i").replace("ı", "i")
    return _NUMBER_START_RE.search(folded) is not None


_SPLIT_RE = re.compile(rf"(?i){_LINK}(?:en|ën){_LINK}(?P<ten>{_TEN_ALT})(?![\w-])")
# "een en twintig": "een" holds none of SPELLED_PARTS, so the split compound is found from its tens word.
_ONE_AND_RE = re.compile(rf"(?i)(?<![\w-])(?:een|één){_LINK}(?:en|ën){_LINK}\Z")


def spelled_value(words: str) -> int | None:
    """The value of a spelled-out number ("zeventien", "zes en twintig"), or None."""
    low = " ".join(words.lower().replace("-", " ").split())
    if low in NUMBER_VALUES:
        return NUMBER_VALUES[low]
    parts = re.fullmatch(rf"({_UNIT_ALT}) (?:en|ën) ({_TEN_ALT})", low)
    if parts is None:
        return None
    return NUMBER_VALUES[parts.group(2)] + NUMBER_VALUES[parts.group(1).replace("één", "een")]


def number_value(word: str) -> int | None:
    """The value of a number in digits or spelled out ("14", "veertien", "zes en twintig"), or None."""
    return int(word) if word.isdigit() else spelled_value(word)


def spelled_spans(text: str, low: str) -> Iterator[tuple[int, int]]:
    """Spelled-out numbers in ``text`` (``low``: its lowercase form, same length), one word or a split compound
    ("zes en twintig" is one span), found from the substrings every such word holds."""
    seen: set[int] = set()
    tens_taken: set[int] = set()
    n = len(text)
    found: list[tuple[int, int]] = []
    for part in SPELLED_PARTS:
        i = low.find(part)
        while i >= 0:
            a = i
            while a > 0 and text[a - 1].isalpha():
                a -= 1
            b = i + len(part)
            while b < n and text[b].isalpha():
                b += 1
            if a not in seen and low[a:b] in NUMBER_VALUES:
                seen.add(a)
                split = _SPLIT_RE.match(text, b) if NUMBER_VALUES[low[a:b]] < 10 else None
                # Not inside a hyphenated word ("vier-vijf") or a compound with digits; "drie-en-veertig" is one.
                one = _ONE_AND_RE.search(text, max(0, a - 10), a) if low[a:b] in TENS else None
                glued = (b < n and text[b] in "-_" and split is None) or (
                    a and (text[a - 1].isdigit() or (text[a - 1] == "-" and one is None))
                )
                if not glued:
                    if split is not None:
                        tens_taken.add(split.start("ten"))
                        b = split.end()
                    elif one is not None:
                        a = one.start()
                    found.append((a, b))
            i = low.find(part, b)
    yield from sorted(span for span in found if span[0] not in tens_taken)


def _digit_counts() -> dict[str, int]:
    """How many digits of a phone number each spoken word stands for: "zes" 1, "zeventien" 2."""
    return {w: (1 if v < 10 else 2) for w, v in NUMBER_VALUES.items() if v < 100}


DIGIT_COUNTS = _digit_counts()
"""Digits a spoken word stands for in a phone number read aloud; a split compound ("zes en twintig") is 2."""


def _ordinal(word: str) -> str:
    """ "zestien" -> "zestiende", "twintig" -> "twintigste", "acht" -> "achtste"."""
    return word + ("ste" if word.endswith(("tig", "honderd", "acht")) else "de")


_ORDINAL_WORDS = sorted(
    (_ordinal(w) for w, v in NUMBER_VALUES.items() if 4 <= v <= 100 and w != "één"), key=len, reverse=True
)
SPELLED_ORDINAL = "(?:" + "|".join(_ORDINAL_WORDS) + ")"
"""Ordinals from "vierde" to "honderdste" (pattern text); "eerste" to "derde" also count things and days."""

_YEAR_TAIL = rf"(?:\s*(?:en\s*)?(?:{_WORD_ALT}))"
SPELLED_YEAR = rf"(?:negentien(?:\s*honderd)?{_YEAR_TAIL}|tweeduizend{_YEAR_TAIL}?|twintig\s+(?:{_WORD_ALT}))"
"""A year said in words: "negentien achtendertig", "negentienhonderdvijftig", "tweeduizend elf", "twintig tien"
(pattern text)."""


_DIGIT_ALT = "|".join(UNITS) + "|één"
SPOKEN_PAIR = rf"(?:(?:{_DIGIT_ALT})\s+(?:{_DIGIT_ALT})(?![\w-])|{SPLIT_COMPOUND}|{_WORD_ALT})"
"""Two digits said aloud: "achtendertig", "zeven en zestig", "drie acht", "nul drie" (pattern text, no flags)."""


def pair_digits(words: str) -> str | None:
    """The two digits of :data:`SPOKEN_PAIR` words ("drie acht" -> "38", "achtendertig" -> "38"), or None."""
    parts = words.lower().replace("één", "een").split()
    if len(parts) == 2 and all(p in UNITS for p in parts):
        return said_digits(words)
    value = spelled_value(words)
    return f"{value}" if value is not None and 10 <= value <= 99 else None


def said_digits(words: str) -> str:
    """The digits of digit words said one by one, with spaces, commas or hyphens between ("nul zeven nul drie" ->
    "0703", "twee-nul-nul-drie" -> "2003"); every word must be one of :data:`UNITS` or "één"."""
    return "".join(str(UNITS.index(w)) for w in re.findall(r"[^\W\d_]+", words.lower().replace("één", "een")))
