"""The age at which something happened, as an ordinal after a possessive: "vanaf zijn 12e", "op haar 16de",
"bij zijn achttiende", "tussen zijn 16e en 18e", "op uw 12e".

The whole ordinal is replaced, with its ending: "[LEEFTIJD-1]e" would keep half the token (seventeenth dev
author). A second ordinal joined to the first by "en", "of", "tot" or a comma is an age too ("op zijn 18e of
19e"). Not an age: an ordinal that counts something else ("op zijn zesde dag", "voor de vierde keer").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LEEFTIJD
from .age_words import ORDINAL_ENDS
from .spoken_numbers import SPELLED_ORDINAL

Found = tuple[int, int, str]

_HINT = re.compile(r"\d(?:e|ste|de)(?!\w)")
_ORDINAL = rf"(?:(?:1[01]\d|[1-9]\d?)(?:e|ste|de)|(?i:{SPELLED_ORDINAL}))(?!\w)"
_NOT_AN_AGE = (
    r"(?!\s+(?i:keer|dag|dagen|week|weken|maand|maanden|plaats|plek|poging|ronde|klas|groep|uur|les|lessen"
    r"|verdieping|etage|eeuw|hoofdstuk|minuut|minuten|werkdag|schooldag|kind|kindje|gesprek|operatie)(?!\w))"
)
_ORDINAL_AGE_RE = re.compile(
    r"(?<!\w)(?i:sinds|vanaf|tot|na|voor|vóór|op|rond|tegen|met|bij|tussen)\s+"
    r"(?i:haar|zijn|mijn|z'n|zn|m'n|d'r|je|jouw|hun|uw|onze)\s+"
    rf"(?P<n>{_ORDINAL}){_NOT_AN_AGE}(?:(?>\s*(?:,|(?i:en|of|tot))\s+)(?P<m>{_ORDINAL}){_NOT_AN_AGE})?"
)


def ordinal_ages(text: str, low: str, digits: bool, spelled: bool) -> Iterator[Found]:
    """The ordinal ages in ``text`` (``low``: its lowercase form; ``digits``/``spelled``: whether it can hold
    digits or spelled-out numbers)."""
    if not ((digits and _HINT.search(text)) or (spelled and any(o in low for o in ORDINAL_ENDS))):
        return
    for m in _ORDINAL_AGE_RE.finditer(text):
        yield m.start("n"), m.end("n"), LEEFTIJD
        if m.group("m"):
            yield m.start("m"), m.end("m"), LEEFTIJD
