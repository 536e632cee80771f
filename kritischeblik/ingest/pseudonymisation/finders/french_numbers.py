"""Numbers as French speakers say them and a transcriber writes them down, hyphenated as French writes them
("zéro six, quarante-sept, vingt-trois, quatre-vingt-dix-huit, douze"; sixteenth dev author: a Moroccan-Dutch
woman who learned her digits at school in Nador). :mod:`.dialect_numbers` reads them as the standard Dutch words,
so every finder of spoken numbers reads them too. Pure.
"""

from __future__ import annotations

import re

from .spoken_numbers import NUMBER_VALUES

_UNITS = {"zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
_UNITS |= {"sept": 7, "huit": 8, "neuf": 9}
_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
# Also a word in Dutch, English or another language, or a month ("onze", "six", "sept", "neuf"): these count only
# beside another number word.
AMBIGUOUS = frozenset({"un", "une", "six", "sept", "dix", "onze", "neuf", "zero"})
HINT_RE = re.compile(
    r"(?<![^\W\d_])(?:zéro|deux|trois|quatre|cinq|huit|douze|treize|quatorze|quinze|seize|vingt|trente|quarante"
    r"|cinquante|soixante)(?![^\W\d_])|(?<![^\W\d_])(?:dix|vingt|trente|quarante|cinquante|soixante)-"
)
DUTCH = {
    value: word for word, value in sorted(NUMBER_VALUES.items(), key=lambda kv: "é" in kv[0], reverse=True)
}
"""The Dutch word for each value from 0 to 100, without the stressed "één"."""


def _below_twenty(parts: list[str]) -> int | None:
    """The value of "dix-huit", "onze", "trois" (parts of a compound), below twenty."""
    if not parts:
        return 0
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TEENS.get(parts[0]))
    if len(parts) == 2 and parts[0] == "dix" and parts[1] in ("sept", "huit", "neuf"):
        return 10 + _UNITS[parts[1]]
    return None


def french_value(word: str) -> int | None:
    """The value of a French number word or hyphenated compound from 0 to 99, or None."""
    parts = [p for p in word.lower().split("-") if p != "et"]
    if not parts:
        return None
    if parts[0] == "quatre" and len(parts) > 1 and parts[1] in ("vingt", "vingts"):
        base, rest, limit = 80, parts[2:], 20
    elif parts[0] in _TENS:
        base, rest, limit = _TENS[parts[0]], parts[1:], 20 if parts[0] == "soixante" else 10
    else:
        base, rest, limit = 0, parts, 20
    low = _below_twenty(rest)
    if low is None or low >= limit or (base == 0 and not rest):
        return None
    return base + low
