"""Street names in lowercase, as speech recognition writes them (ninth dev author): "ze woont aan de wolgadreef op
nummer 2", "op de boerhaavelaan 46", "de kanaal weg 112b". :mod:`.identifier_streets` wants a capital; here a word
with a street suffix counts after "op/aan/in/naar/... de" or before a house number, unless it is an ordinary Dutch
word ("op de snelweg", "de arbeidsmarkt", "op de terugweg": the lexicon knows them). A street word written apart
("kanaal weg") needs the house number. A number before the street counts too ("op 9 van de donaustraat"). Pure apart from the lexicon that is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .house_tails import house_tail
from .identifier_streets import LOWER_ADJECTIVE_BEFORE

# Endings from the nineteenth dev author ("wolfaarts bocht 212 b") that end many ordinary compounds too
# ("asielkamp", "loopbaan"): they make a street only with a house number, and written apart only after a word that
# is no Dutch word ("de eerste baan 4" stays; review).
_WEAK = ("bocht", "baan", "vaart", "wetering", "kamp")
_SUFFIXES = (
    "straat",
    "laan",
    "weg",
    "dreef",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "steeg",
    "hof",
    "pad",
    "markt",
    "haven",
    "wal",
    "dam",
    "plantsoen",
    *_WEAK,
)
_SUFFIX = "(?:" + "|".join(_SUFFIXES) + ")"
_NUMBER = (
    # a letter after h only where the address ends: "assendorperstraat 88 k." (twentieth dev author)
    r"\s*(?P<n>\d{1,4}(?:\s?[a-h](?![\w])|\s?[i-z](?=\s*(?:[.,;!?]|$)))?)(?![\w]|[.,]\d)"
    r"(?!\s*(?:keer|km|minuten|min|uur|meter|m|jaar|dagen|weken|maanden|euro|procent|%|kilo|kinderen|mensen)(?!\w))"
)
_JOINED_RE = re.compile(rf"(?<![\w-])(?P<w>[a-zà-ÿ]{{3,}}{_SUFFIX})(?![^\W\d_]|-)(?:{_NUMBER})?")
_APART_RE = re.compile(rf"(?<![\w-])(?P<w>[a-zà-ÿ]{{3,}})\s(?P<s>{_SUFFIX}){_NUMBER}")
_CONTEXT_RE = re.compile(
    r"(?<!\w)(?:op|aan|in|naar|van|via|bij|over|langs|vanaf|richting|achter|tegenover)\s+(?:de|het)\s+\Z"
)
# The number before the street: "die woont op 9 van de donaustraat".
_NUMBER_FIRST_RE = re.compile(
    rf"(?<!\w)(?i:op)\s+(?P<n>[1-9]\d{{0,3}}[a-h]?)\s+(?:van\s+)?(?:de|het)\s+(?P<w>[a-zà-ÿ]{{3,}}{_SUFFIX})(?![\w-])"
)


def lower_streets(text: str, known: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """Spans of lowercase street names (with their house number when one follows); ``known``: is a word ordinary
    Dutch (:meth:`.lexicon.Lexicon.known`)?"""
    if not any(h in text for h in _SUFFIXES):
        return
    for m in _JOINED_RE.finditer(text):
        word = m.group("w")
        cued = _CONTEXT_RE.search(text, max(0, m.start() - 25), m.start()) is not None
        if (m.group("n") or (cued and not word.endswith(_WEAK))) and not known(word):
            yield _with_adjective(text, m.start()), m.end("n") if m.group("n") else m.end("w")
        elif (
            not known(word)
            and not word.endswith(_WEAK)
            and (end := house_tail(text, m.start(), m.end("w"))) is not None
        ):
            yield m.start(), end  # "er stond lindenhof zeven op": a house number in words, no cue before
    for m in _NUMBER_FIRST_RE.finditer(text):
        if not known(m.group("w")):
            yield m.start("n"), m.end("n")
    for m in _APART_RE.finditer(text):
        if not known(m.group("w") + m.group("s")) and not (m.group("s") in _WEAK and known(m.group("w"))):
            yield _with_adjective(text, m.start()), m.end("n")


def _with_adjective(text: str, start: int) -> int:
    """Where a street starts with its adjective: "de groene hilledijk 312" (nineteenth dev author)."""
    m = LOWER_ADJECTIVE_BEFORE.search(text, max(0, start - 30), start)
    return m.start() if m is not None else start
