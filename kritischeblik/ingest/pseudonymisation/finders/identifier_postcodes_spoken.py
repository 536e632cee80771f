"""Postcodes as they are dictated and transcribed after the word "postcode": the digits one by one or in two pairs,
in digits or in words, and the letters apart, in any case, with a space, comma, dot or "en" between them
("postcode 3 5 8 1 a b", "de postcode, dat weet ik nog, drie vijf één drie, k l", "postcode vijfendertig twaalf,
K L", "de postcode van die man ...: drie vijf vijf vier, K en L", "postcode 3512 l s"), also with the letters in the
Dutch spelling alphabet ("drie vijf een twee, Karel Lodewijk", "3512 K van Karel, L van Lodewijk"). Pure.

Only after "postcode" in the same sentence (at most :data:`_CUE_REACH` characters back): four loose digits and
two loose letters are too common in speech to be a postcode on their own. SA, SD and SS are never issued.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import POSTCODE
from .spoken_numbers import SPOKEN_PAIR, UNITS, pair_digits

Found = tuple[int, int, str]

_DIGIT_WORDS = "|".join((*UNITS, "één"))
_DIGIT = rf"(?:\d|(?i:{_DIGIT_WORDS})(?![\w-]))"
_FOUR = (
    rf"(?:[1-9]\d{{3}}|[1-9]\d\s\d\d|{_DIGIT}(?:[ ,]+{_DIGIT}){{3}}"
    rf"|(?P<pairs>(?i:{SPOKEN_PAIR})[ ,]+(?i:{SPOKEN_PAIR})))"
)
_LETTER_GAP = r"(?:\s*[,.]\s*|\s+(?i:en)\s+|\s+)"
# The Dutch spelling alphabet: "drie vijf een twee, Karel Lodewijk", "3512 K van Karel, L van Lodewijk".
SPELLING_ALPHABET = (
    "Anton|Bernard|Cornelis|Dirk|Eduard|Ferdinand|Gerard|Hendrik|Izaak|Johannes|Karel|Lodewijk|Maria|Nico|Otto"
    "|Pieter|Quirinus|Richard|Simon|Theodoor|Utrecht|Victor|Willem|Xantippe|Ypsilon|IJsbrand|Zacharias"
)
_LETTER = rf"(?:[A-Za-z](?:\s+(?i:van)\s+(?i:{SPELLING_ALPHABET})(?![\w])|(?![\w])\.?)|(?i:{SPELLING_ALPHABET})(?![\w]))"
_SPOKEN_POSTCODE_RE = re.compile(
    rf"(?<![\w-])(?P<digits>{_FOUR})(?:\s*,\s*|\s+|\.)(?P<a>{_LETTER}){_LETTER_GAP}(?P<b>{_LETTER})(?![\w])"
)
_CUE_RE = re.compile(r"(?i)(?<!\w)post\s?code(?!\w)")
_CUE_REACH = 120
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


_PAIRS_RE = re.compile(rf"(?i)(?P<x>{SPOKEN_PAIR})[ ,]+(?P<y>{SPOKEN_PAIR})")


def _digits(words: str, pairs: bool) -> str:
    """The four digits of a dictated postcode ("drie vijf één drie" -> "3513", "vijfendertig twaalf" -> "3512")."""
    if pairs:
        m = _PAIRS_RE.fullmatch(words)
        x, y = (pair_digits(m.group("x")), pair_digits(m.group("y"))) if m is not None else (None, None)
        return f"{x}{y}" if x and y else ""
    return "".join(
        t if t.isdigit() else str(UNITS.index(t.lower().replace("één", "een")))
        for t in re.findall(r"\d|[^\W\d_]+", words)
    )


def find_spoken_postcodes(text: str) -> Iterator[Found]:
    """Dictated postcodes after "postcode" (see the module docstring)."""
    for cue in _CUE_RE.finditer(text):
        window = text[cue.end() : cue.end() + _CUE_REACH]
        end = _SENTENCE_END.search(window)
        window_end = cue.end() + (end.start() if end is not None else len(window))
        for m in _SPOKEN_POSTCODE_RE.finditer(text, cue.end(), window_end):
            digits = _digits(m.group("digits"), bool(m.group("pairs")))
            letters = (m.group("a")[0] + m.group("b")[0]).upper()
            if len(digits) == 4 and digits[0] != "0" and letters not in ("SA", "SD", "SS"):
                yield m.start(), m.end(), POSTCODE
                break
