"""Identifiers read out sign by sign after the word that names them: a BSN in digit words ("Haar BSN, acht nul
vijf, drie zeven vijf, vijf twee één") and a licence plate with its letters apart ("kenteken H N Z 38 T",
"nummerbord vier, K T R, eenennegentig"). Pure; :func:`.identifiers.find_identifiers` combines the finders.

Only after the cue word (within :data:`_CUE_REACH` characters, same sentence): loose digit words and single
letters are everyday speech. A BSN is eight or nine digits there (as for digits after a cue: a typo or a dropped
leading zero still identifies); a plate needs one of the fourteen RDW sidecodes once the loose signs of a group
are joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import BSN, KENTEKEN
from .identifier_plates import SIDECODES
from .spoken_numbers import NUMBER_VALUES, SPLIT_COMPOUND, spelled_value

Found = tuple[int, int, str]

_CUE_REACH = 48
_SENTENCE_REACH = 1000
# Digit words, or two-digit words as when a BSN is read out in pairs like a phone number ("vijf, zesenzeventig,
# vierenzeventig, ...", fifth dev author).
_DIGIT_WORD = (
    rf"(?:{SPLIT_COMPOUND}|"
    + "|".join(sorted((w for w, v in NUMBER_VALUES.items() if v < 100), key=len, reverse=True))
    + ")"
)
# Nine digit words (or short digit groups) with spaces, commas or dashes between.
_BSN_WORDS_RE = re.compile(
    rf"(?<![\w-])(?i:{_DIGIT_WORD}|\d{{1,4}})(?:[ ,\-–]+(?i:{_DIGIT_WORD}|\d{{1,4}})(?![\w])){{2,10}}"
)
_BSN_CUE = re.compile(
    r"(?i)(?<!\w)(?:bsn(?:-?nummer)?|burgerservicenummer|burger\s*service\s*nummer|sofinummer)"
)
# Signs of a plate: single letters, digit groups, numbers in words.
_SIGN = r"(?:[A-Za-z]|\d{1,3}|(?i:[a-zé]+))"
_PLATE_SIGNS_RE = re.compile(rf"(?<![\w-]){_SIGN}(?:(?:[ ,\-–]+){_SIGN}(?![\w])){{2,8}}")
_PLATE_CUE = re.compile(r"(?i)(?<!\w)(?:kenteken|nummerbord|nummerplaat|kentekenplaat)(?!\w)")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _after_cues(cue: re.Pattern[str], text: str) -> Iterator[tuple[int, int, int]]:
    """For each cue word: where its identifier may start (from, to) and where the sentence ends."""
    for c in cue.finditer(text):
        # Bounded: an identifier is short, and an unbounded search per cue made a text full of cues and
        # without a full stop quadratic (25 s for 20,000 characters of "bsn 1 2 ").
        end = _SENTENCE_END.search(text, c.end(), c.end() + _SENTENCE_REACH)
        sentence_end = end.start() if end is not None else min(len(text), c.end() + _SENTENCE_REACH)
        yield c.end(), min(c.end() + _CUE_REACH, sentence_end), sentence_end


def _digit_string(words: str) -> str:
    out = []
    for token in re.findall(rf"(?i){SPLIT_COMPOUND}|\d+|[^\W\d_]+", words):
        value = None if token.isdigit() else spelled_value(token)
        out.append(token if value is None else str(value))
    return "".join(out)


def _bsns(text: str) -> Iterator[Found]:
    for a, b, stop in _after_cues(_BSN_CUE, text):
        for m in _BSN_WORDS_RE.finditer(text, a, stop):
            if m.start() > b:
                break
            if any(c.isalpha() for c in m.group()) and len(_digit_string(m.group())) in (8, 9):
                yield m.start(), m.end(), BSN  # digits only are find_bsn's work
                break


def _plate_shape(signs: list[str]) -> str | None:
    """The plate written together, when the signs form one of the sidecodes once loose letters and digits of one
    group are joined; None otherwise."""
    groups: list[str] = []
    for sign in signs:
        value = spelled_value(sign) if sign.isalpha() and len(sign) > 1 else None
        if sign.isalpha() and len(sign) > 1 and value is None:
            return None  # a word that is no number: not a plate
        part = str(value) if value is not None else sign.upper()
        kind = part[0].isdigit()
        if groups and groups[-1][0].isdigit() == kind and (len(part) == 1 or len(groups[-1]) == 1):
            groups[-1] += part
        else:
            groups.append(part)
    shape = "-".join(("D" if g[0].isdigit() else "L") + str(len(g)) for g in groups)
    return "".join(groups) if shape in SIDECODES else None


_LEAD = re.compile(r"[\s:,]*(?:(?i:is|was|luidt)\s+)?")


def _plate_at(text: str, i: int, stop: int) -> Found | None:
    m = _PLATE_SIGNS_RE.match(text, i, stop)
    if m is None:
        return None
    signs = re.split(r"[ ,\-–]+", m.group())
    # The longest run of signs from the start that forms a plate ("H N Z 38 T, en die stond": stop at "en").
    for n in range(len(signs), 2, -1):
        if _plate_shape(signs[:n]) is not None:
            taken = re.match(rf"(?:[ ,\-–]*[^ ,\-–]+){{{n}}}", m.group())
            return m.start(), m.start() + len(taken.group()), KENTEKEN
    return None


# The signs may come a few words after the cue: "zijn kenteken, van zijn oude Volvo, gaf hij letter voor letter:
# g, v, acht, nul, twee, l".
_LATER_REACH = 120
_WORD_START = re.compile(r"(?<![\w-])\w")


def _plates(text: str) -> Iterator[Found]:
    for a, _, stop in _after_cues(_PLATE_CUE, text):
        found = _plate_at(text, _LEAD.match(text, a).end(), stop)
        for w in _WORD_START.finditer(text, a, min(stop, a + _LATER_REACH)) if found is None else ():
            found = _plate_at(text, w.start(), stop)
            if found is not None:
                break
        if found is not None:
            yield found


def find_signs(text: str, low: str) -> Iterator[Found]:
    """BSNs in digit words and plates sign by sign, after their cue words (``low``: ``text`` in lowercase)."""
    if "bsn" in low or "burger" in low or "sofi" in low:
        yield from _bsns(text)
    if "kenteken" in low or "nummerb" in low or "nummerpl" in low:
        yield from _plates(text)
