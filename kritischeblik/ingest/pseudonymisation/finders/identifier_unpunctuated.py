"""Speech recognition writes no punctuation: "de jongste bewoner is 23 de oudste 71 dus", "de kinderen zijn 3 5
en 9 en die kwamen". Many finders end an identifier at a comma, a full stop or a conjunction ("de jongste is 23,
de oudste 71."); in such a text that end is never written.

For a turn with (almost) no punctuation, the finders are run once more on a copy in which the space after a
number (in digits or words) that stands before a word that starts a clause ("de", "die", "en", "dus", "ze", …) is a comma: "23,de
oudste 71,dus". The copy has the same length, so what is found there is found at the same place in the turn;
only what the copy adds is kept. A text with punctuation is never read this way: there a missing comma is
meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .spoken_numbers import SPELLED

Found = tuple[int, int, str]

_PUNCTUATION_RE = re.compile(r"[.,;:!?]")
_WORDS_PER_MARK = 25
"""A text has too little punctuation when it has fewer marks than one per this many words."""
_MIN_WORDS = 12
_STARTERS = (
    "de het die dat deze en maar dus want toen of omdat als ze zij hij ik we wij je jij u ja nee nou eh ehm "
    "daar dan nu"
)
_BOUNDARY_RE = re.compile(rf"(?<![\w-])(?P<n>\d+|(?i:{SPELLED})) (?=(?i:{'|'.join(_STARTERS.split())})\s)")


def unpunctuated(text: str) -> bool:
    """Too little punctuation for its length: a transcript of speech recognition."""
    words = text.count(" ") + 1
    return words >= _MIN_WORDS and len(_PUNCTUATION_RE.findall(text)) * _WORDS_PER_MARK < words


def with_commas(text: str) -> str:
    """``text`` with a comma for the space between a number and a word that starts a clause."""
    return _BOUNDARY_RE.sub(r"\g<n>,", text)


def in_unpunctuated(text: str, find: Callable[[str], list[Found]], found: list[Found]) -> Iterator[Found]:
    """What ``find`` finds in :func:`with_commas` of a :func:`unpunctuated` ``text`` beyond ``found``."""
    if not unpunctuated(text):
        return
    copy = with_commas(text)
    if copy == text:
        return
    known = set(found)
    yield from (f for f in find(copy) if f not in known)
