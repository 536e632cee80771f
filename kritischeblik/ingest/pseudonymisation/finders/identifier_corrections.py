"""A number taken back or said twice right after an identifier, as people speak and speech recognition types it:

* taken back: "06-19 58 27 44, of was het 47", "die is eh 60 nee 61 geworden", "dani die is 15 nou ja hij zegt
  zelf 16", "06 - 52 91 84 07, of nee, de laatste twee andersom, 70";
* said twice, in digits and in words: "ronald is 61 eenenzestig", "op de boerhaavelaan zesenveertig 46".

The second number belongs to the identifier before it and gets its category. Only a few words may stand between
the cue and the number, all of a short list ("de laatste twee", "hij zegt zelf"), and the number must end its
clause: "hij is 15, nee, 2 broers heeft hij", "nee wacht, 2 jaar later" and "nee, 1 op de 3" keep their numbers. Pure; :func:`.identifiers.find_identifiers` adds these spans to the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LEEFTIJD, LOCATIE, TELEFOONNUMMER
from .age_words import FULL_MONTH_ALT
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_CATEGORIES = frozenset({LEEFTIJD, LOCATIE, TELEFOONNUMMER})
_CUE = r"(?:of\s+was\s+het|of\s+nee|of\s+eigenlijk|nee(?:\s+wacht)?|nou\s+ja|sorry|ik\s+bedoel)"
# A phone number's end put right: "06 51 09 33 78 en het is 87 aan het eind" (twentieth dev author); only after a
# phone number and with "aan het eind" ("ze is 8 en het is 9" is a time; review).
_PHONE_END_RE = re.compile(
    r"[ \t]*,?[ \t]*(?i:en|maar)\s+(?i:het)\s+(?i:is)\s+(?P<n>\d{1,4})\s+(?i:aan|op)\s+(?i:het)\s+(?i:eind|einde)(?!\w)"
)
_FILLERS = (
    "de het laatste laatsten eerste twee drie cijfers andersom omgedraaid hij zij ze ie zegt zei zelf toch eigenlijk "
    "inmiddels ja wacht even dus was is wordt werd geworden"
)
_FILLER = "|".join(_FILLERS.split())
_NUMBER = r"(?P<n>\d{1,4}|(?i:" + SPELLED + r"))(?![\w-])"
# The number ends its clause: "of was het 47, dat weet ik niet", not "nee, 2 broers heeft hij" or "1 op de 3".
_CLAUSE_END = (
    r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:en|want|of|maar|toch|dus|denk|geloof|zei|zegt|ja|nee|die|dat|hoor)(?!\w)"
    r"|\s+(?i:aan|op)\s+(?i:het)\s+(?i:eind|einde)(?!\w)"
)
# An age may go on with its own words: "nee 61 geworden", "16 jaar", not "2 jaar later".
_AGE_END = (
    r"|\s+(?i:geworden|is|was|wordt|werd|inmiddels|nu|al|sinds|vanaf)(?!\w)"
    r"|\s+(?i:jaar)(?!\s+(?i:later|geleden|ouder|jonger|terug|eerder|daarna|verschil)(?!\w))(?!\w))"
)
# "…, denk ik, of 67": a hedge may stand before the cue, and then "of" alone takes the number back.
_HEDGE = r"(?:(?:(?i:eh|uh)|(?i:denk|geloof)\s+(?i:ik))[ \t,]+)*"
# Atomic: a long run of spaces after an identifier is read one way, not split between the optional parts.
_TAKEN_BACK = rf"(?>[ \t]*,?[ \t]*){_HEDGE}(?i:{_CUE}|of)(?:[ \t,:]+(?i:{_FILLER}))*[ \t,:]+"
_SAID_TWICE = r"(?:[ \t]+|[ \t]*,[ \t]*)"
# The next birthday after an age: "negentien, volgende maand twintig", "zes, in augustus zeven", "drie wordt in mei
# vier" (tenth dev author).
_NEXT = rf"(?>[ \t]*,?[ \t]*)(?<=[ \t])(?:(?i:volgende|komende)\s+(?i:maand|week|jaar|zomer|winter)|(?i:in)\s+(?i:{FULL_MONTH_ALT})"
_NEXT += rf"|(?i:wordt|word)(?:\s+(?i:in)\s+(?i:{FULL_MONTH_ALT}))?)[ \t]+"
# A house number taken back may carry its letter: "312 of was het 314 b".
# Looser, so the next age must be one more than the age ("Hij is zestien ook, volgende maand zeventien", "Zestien,
# wallah. Zeventien in de zomer."; fourteenth dev author): a filler and a full stop between, or the time after.
_SEASON = r"(?i:in)\s+(?i:de)\s+(?i:zomer|winter|lente|herfst|zomervakantie|kerstvakantie)|(?i:na)\s+(?i:de)\s+(?i:zomer)"
_WHEN = rf"(?i:volgende|komende)\s+(?i:maand|week|zomer|winter)|(?i:in)\s+(?i:{FULL_MONTH_ALT})|{_SEASON}"
# Atomic groups: a long run of spaces is taken whole, not split between the optional parts in every way.
_LOOSE_LEAD = (
    r"(?>[ \t]*,?[ \t]*)(?:(?i:jaar|ook|hoor|wallah|toch|echt|al|ja)(?!\w))?(?>[ \t]*[,.!]?[ \t]*)(?<=[ \t])"
)
_END = r"(?=\s*[,.;:!?)…]|\s*$)"
_NEXT_LOOSE_RES = (
    re.compile(_LOOSE_LEAD + rf"(?:{_WHEN})[ \t]+{_NUMBER}{_END}"),
    re.compile(_LOOSE_LEAD + rf"{_NUMBER}[ \t]+(?:{_WHEN}){_END}"),
)
_HOUSE_NUMBER = r"(?P<n>\d{1,4}(?:\s?[a-zA-Z](?![\w-]))?)(?![\w-])"
_AGE_RE = {
    "back": re.compile(_TAKEN_BACK + _NUMBER + _CLAUSE_END + _AGE_END),
    "twice": re.compile(_SAID_TWICE + _NUMBER + _CLAUSE_END + _AGE_END),
    "next": re.compile(_NEXT + _NUMBER + _CLAUSE_END + _AGE_END),
}
_OTHER_RE = {
    "back": re.compile(_TAKEN_BACK + _NUMBER + _CLAUSE_END + ")"),
    "twice": re.compile(_SAID_TWICE + _NUMBER + _CLAUSE_END + ")"),
}
_HOUSE_RE = {
    "back": re.compile(_TAKEN_BACK + _HOUSE_NUMBER + _CLAUSE_END + r"|\s+(?i:ik|maar|toch)(?!\w))"),
    "twice": _OTHER_RE["twice"],
}
# The age a found span ends with, "jaar" and "oud" allowed after it: "zestien jaar, volgende maand zeventien".
_AGE_SAID_RE = re.compile(rf"(?P<v>\d{{1,3}}|(?i:{SPELLED}))(?:\s+(?i:jaar)(?:\s+(?i:oud))?)?\Z")
_LAST_NUMBER_RE = re.compile(rf"(?:\d{{1,4}}|(?i:{SPELLED}))\Z")
_MAX_AGE = 120


def corrections(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """The numbers taken back or said twice right after an identifier of ``found`` (see above)."""
    for _, end, category in found:
        if category not in _CATEGORIES:
            continue
        age = category == LEEFTIJD
        rules = _AGE_RE if age else _HOUSE_RE if category == LOCATIE else _OTHER_RE
        last = _LAST_NUMBER_RE.search(text, max(0, end - 30), end)
        if category == LOCATIE and last is None:
            continue  # a street without its number: "de Kerkstraat, nee, 2 jaar al"
        m = rules["back"].match(text, end) or (rules["next"].match(text, end) if age else None)
        if m is None and category == TELEFOONNUMMER:
            m = _PHONE_END_RE.match(text, end)
        if m is None and age:
            said = _AGE_SAID_RE.search(text, max(0, end - 40), end)
            m = _next_age(text, end, said.group("v")) if said is not None else None
        if m is not None:
            if not age or (number_value(m.group("n").lower()) or _MAX_AGE + 1) <= _MAX_AGE:
                yield m.start("n"), m.end("n"), category
            continue
        m = rules["twice"].match(text, end)
        if m is not None and last is not None and _same(last.group(), m.group("n")):
            yield m.start("n"), m.end("n"), category


def _next_age(text: str, end: int, age: str) -> re.Match[str] | None:
    """The age said next after ``age``, which ends at ``end``, in the looser forms; only one year more."""
    for rule in _NEXT_LOOSE_RES:
        m = rule.match(text, end)
        if m is not None:
            before = number_value(age.lower())
            return m if before is not None and number_value(m.group("n").lower()) == before + 1 else None
    return None


def _same(a: str, b: str) -> bool:
    """The same number, once in digits and once in words ("61 eenenzestig", "zesenveertig 46")."""
    if a.isdigit() == b.isdigit():
        return False
    x, y = number_value(a.lower()), number_value(b.lower())
    return x is not None and x == y
