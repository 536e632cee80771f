"""A number taken back or said twice right after an identifier, as people speak and speech recognition types it:

* taken back: "06-19 58 27 44, of was het 47", "die is eh 60 nee 61 geworden", "dani die is 15 nou ja hij zegt
  zelf 16", "06 - 52 91 84 07, of nee, de laatste twee andersom, 70";
* said twice, in digits and in words: "ronald is 61 eenenzestig", "op de boerhaavelaan zesenveertig 46".

The second number belongs to the identifier before it and gets its category. Only a few words may stand between
the cue and the number, all of a short list ("de laatste twee", "hij zegt zelf"): "hij is 15, nee, hij heeft 2
broers" keeps its 2. Pure; :func:`.identifiers.find_identifiers` adds these spans to the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LEEFTIJD, LOCATIE, POSTCODE, TELEFOONNUMMER
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_CATEGORIES = frozenset({LEEFTIJD, LOCATIE, POSTCODE, TELEFOONNUMMER})
_CUE = r"(?:of\s+was\s+het|of\s+nee|of\s+eigenlijk|nee(?:\s+wacht)?|nou\s+ja|sorry|ik\s+bedoel)"
_FILLERS = (
    "de het laatste laatsten eerste twee drie cijfers andersom omgedraaid hij zij ze ie zegt zei zelf toch eigenlijk "
    "inmiddels ja wacht even dus was is wordt werd geworden"
)
_FILLER = "|".join(_FILLERS.split())
# Not a unit the second number counts: "06-1234 5678, of nee, 2 minuten later".
_NOT_UNIT = r"(?!\s+(?i:minuten|minuut|uur|keer|euro|cent|procent|kilo|meter|km|stuks)\b)"
_NUMBER = rf"(?P<n>\d{{1,4}}|(?i:{SPELLED}))(?![\w-]){_NOT_UNIT}"
_TAKEN_BACK_RE = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?i:eh|uh)[ \t,]+)?(?i:{_CUE})(?:[ \t,:]+(?i:{_FILLER}))*[ \t,:]+{_NUMBER}"
)
_SAID_TWICE_RE = re.compile(rf"(?:[ \t]+|[ \t]*,[ \t]*){_NUMBER}")
_LAST_NUMBER_RE = re.compile(rf"(?:\d{{1,4}}|(?i:{SPELLED}))\Z")


def corrections(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """The numbers taken back or said twice right after an identifier of ``found`` (see above)."""
    for _, end, category in found:
        if category not in _CATEGORIES:
            continue
        m = _TAKEN_BACK_RE.match(text, end)
        if m is not None:
            yield m.start("n"), m.end("n"), category
            continue
        m = _SAID_TWICE_RE.match(text, end)
        if m is None:
            continue
        last = _LAST_NUMBER_RE.search(text, max(0, end - 30), end)
        if last is not None and _same(last.group(), m.group("n")):
            yield m.start("n"), m.end("n"), category


def _same(a: str, b: str) -> bool:
    """The same number, once in digits and once in words ("61 eenenzestig", "zesenveertig 46")."""
    if a.isdigit() == b.isdigit():
        return False
    x, y = number_value(a.lower()), number_value(b.lower())
    return x is not None and x == y
