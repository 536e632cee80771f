"""House numbers in the forms of the fifth dev author, which :mod:`.identifier_streets` does not take:

* a street without a street word, named after "in de"/"op de"/"aan het" and followed by its number after
  "nummer" ("in de Donkere Gaard, nummer vijf", "aan het Bolwerk, nummer 7");
* a number with an unmistakable addition after "op", without a street ("ze woont nu op 17-II, met een lift",
  "de buurvrouw op 61A");
* any capitalised name and a number right after "adres"/"woont" ("Het adres is Achter Clarenburg 2", "ze woont op
  Zonnenburg 14", "Bemuurde Weerd OZ 12"; not "woont in Marokko 20 jaar"), and a number before such a name ("nummer
  12 op de Kaardebol");
* more numbers after a street and number, in a list ("Schoolstraat 1, 1a en 1b", "Kanaalstraat 12 en 14") or
  for another household ("zij op nummer 23 boven en hij op 21 beneden").

From the sixth dev author:

* a number across the road in notes, "t.o. nr 4", "t.o. 12a" (not "t.o.v.", not a year);
* a number with a floor or letter after a word for the dwelling, and its corrections ("de bovenwoning, 41-1, nee
  sorry, 31-1", "appartement 12-II"; not "de woning, 3 kamers": without an addition a number there is a count).

From the eighth dev author: the number of a unit, a pitch or a berth, the address inside a building, on a caravan
site or in a harbour ("unit 7", "standplaats 14", "ligplaats 3"; not when a unit of measure follows).

Only the numbers are taken (and the street where it has no street word). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LOCATIE
from .age_words import MONTHS
from .identifier_streets import HOUSE, SPELLED_HOUSE
from .spoken_numbers import SPELLED

Found = tuple[int, int, str]

_NAME = r"[A-Z][a-zà-ÿ]{2,}(?:\s+[A-Z][a-zà-ÿ]{2,})?"
# Each rule is tried only where its cue word starts (found with str.find): a scan of a whole interview for
# "in de"/"woont" with a pattern after it would be slow.
_NAMED_LEFT_RE = re.compile(rf"(?<!\w)(?i:in|op|aan)\s+(?i:de|het)\s+(?P<street>{_NAME}),?\s+\Z")
_NUMBER_RIGHT_RE = re.compile(rf"(?i:huisnummer|nummer|nr\.?)\s*(?P<n>{HOUSE}|{SPELLED_HOUSE})(?![\w-])")
# Words that are no street after "in de": institutions and rooms ("in de Tweede Kamer, nummer 3" is rare, but
# "op de Lijst, nummer 2" a ranking).
_NOT_STREETS = frozenset({"Lijst", "Rij", "Kamer", "Klas", "Groep", "Top", "Ranglijst", "Wachtlijst"})
_STRONG_RE = re.compile(
    r"(?<!\w)(?i:op|nummer|nr\.?)\s*(?P<n>[1-9]\d{0,3}(?:-?bis|\sbis|-[IVX]{1,4}|[ -]hs))(?!\w)"
)
# "bis" makes any number a house number, also alone or in words: "Eenentwintig-bis." (eleventh dev author); not a
# law's article ("artikel 13bis").
_TEXT_POINT_BEFORE = re.compile(
    r"(?i)(?:artikel|art|punt|lid|paragraaf|par|bijlage|hoofdstuk|versie)\.?\s*\Z"
)
_BIS_RE = re.compile(rf"(?<![\w-])(?P<n>(?:[1-9]\d{{0,3}}[ -]?|(?i:{SPELLED})-?)(?i:bis|bies))(?![\w-])")
# A letter written against it, from two digits on: "de buurvrouw op 61A" (eleventh dev author); "op 3B" may be a
# class.
_LETTERED_RE = re.compile(r"(?<!\w)(?i:op|nummer|nr\.?)\s*(?P<n>[1-9]\d{1,3}(?:[A-Z]|[a-d]))(?!\w)")
_HOME_BEFORE = re.compile(
    r"(?i)(?:woon|woont|wonen|buur|buren|boven|beneden|naast|ernaast|huis|flat|portiek)[^.!?]*\Z"
)
_LETTERED_HINT = re.compile(r"\d\d(?:[A-Z]|[a-d])(?!\w)")
_UNIT_AFTER = re.compile(
    r"\s*(?:km|keer|minuten|min|uur|meter|m|jaar|jaren|dagen|weken|maanden|%|procent|euro|kilo|kg|stuks|straten"
    r"|huizen|deuren|portieken|kinderen|mensen)(?!\w)"
)
_SIDE = r"(?:\s+(?:O\.?Z\.?|W\.?Z\.?|N\.?Z\.?|Z\.?Z\.?|Oostzijde|Westzijde|Noordzijde|Zuidzijde))?"
_CUED_STREET_RE = re.compile(
    r"(?<!\w)(?i:adres|woonadres|postadres|bezoekadres|woont|woonde|wonen|woonden|woonachtig|verhuisd\s+naar)"
    r"(?:\s+(?i:is|was|nu|nog|inmiddels|tijdelijk|sinds\s+kort))?\s*:?\s+(?:(?i:op|aan|in)\s+(?:(?i:de|het)\s+)?)?"
    rf"(?P<street>[A-Z][a-zà-ÿ'-]+(?:\s+(?:[A-Z][a-zà-ÿ'-]+|van|de|der|den)){{0,3}}{_SIDE})"
    rf",?\s+(?:(?i:nummer|nr\.?)\s*)?(?P<n>(?=[1-9]){HOUSE})(?!\w)"
)
_RANGE_RE = re.compile(r"\s*(?:t/m|tot\s+en\s+met)\s*[1-9]\d{0,4}[a-zA-Z]?(?!\w)")
_NUMBER_BEFORE_NAME_RE = re.compile(
    rf"(?<!\w)(?i:nummer|nr\.?)\s*(?P<n>{HOUSE})\s+(?i:op|in|aan)\s+(?i:de|het)\s+"
    r"(?P<street>[A-Z][a-zà-ÿ]{2,}(?:\s+[A-Z][a-zà-ÿ]{2,})?)(?![\w-])"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_CALENDAR = frozenset(MONTHS) | frozenset(
    ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
)
# After a street and number: ", 1a en 1b" or "en hij op 21 beneden".
_LIST_ITEM = r"(?P<x>[1-9]\d{0,3}[a-zA-Z]?)(?![\w/]|[.,:]\d)"
# Atomic leads: a long run of spaces is read one way (two optional runs around a comma made a hostile text
# quadratic).
_LIST_RE = re.compile(rf"(?>\s*)(?:,\s*|(?<=\s)(?i:en|of)\s+){_LIST_ITEM}")
_OTHER_HOUSEHOLD_RE = re.compile(
    r"(?>\s*,?\s*)(?<=\s)(?i:en|of)\s+(?:(?i:hij|zij|ze|ik|die|de\s+\w+|haar\s+\w+|zijn\s+\w+)\s+)?(?i:op|aan)\s+"
    rf"(?:(?i:nummer|nr\.?)\s*)?(?P<n>{HOUSE})(?!\w)"
)
# The number said as a sentence of its own after the street: "Neckardreef. 145.", "Neckardreef. Eh, 145, tweede
# verdieping." (seventeenth dev author and its review);
# not "de Biltstraat. 12 jaar geleden", "145 mensen" or a year ("de Stationsweg. 2012. Toen ...").
_NUMBER_SENTENCE_RE = re.compile(
    r"(?>\s*(?:\.{1,3}|…)\s+)(?>(?i:eh|ehm|uh|uhm|ja|nou|nummer)[,.]?\s+)?(?!(?:19|20)\d\d\b)"
    r"(?P<n>[1-9]\d{0,3}(?:[a-zA-Z]|-(?:[1-9]|[IVX]{1,3}|hs|bis))?)(?=\s*(?:[.!?;(,]|$))"
)
_FIRST_NUMBER = re.compile(r"(\d{1,4})[a-zA-Z]?(?:[ -]?(?:boven|beneden|hs|bis|[IVX]{1,4}))?\s*\Z")


_ACROSS_RE = re.compile(
    r"(?<!\w)(?i:t\.\s?o\.)(?!\s?(?i:v)\b)\s*(?:(?i:nr\.?|nummer|no\.?)\s*)?(?P<n>[1-9]\d{0,3}[a-zA-Z]?)(?![\w.,:/-]?\d|\w)"
)
_WITH_ADDITION = (
    r"[1-9]\d{0,3}(?:-\d{1,2}|-?[IVX]{1,4}|\s[IVX]{1,4}|[a-z]|-[a-zA-Z]|[ -]?(?:bis|hs|huis|boven|beneden|bg|rood|zwart))"
    r"(?![\w-])"
)
_DWELLING_RE = re.compile(
    r"(?<!\w)(?i:bovenwoning|benedenwoning|bovenhuis|benedenhuis|woning|portiekwoning|flat|appartement|etage)"
    rf"\s*,?\s+(?:(?i:op|nummer|nr\.?)\s*)?(?P<n>{_WITH_ADDITION})"
)
_DWELLINGS = ("woning", "bovenwoning", "benedenwoning", "portiekwoning", "bovenhuis", "benedenhuis", "flat")
_CORRECTED_RE = re.compile(rf",?\s*(?:(?i:nee|sorry|wacht|of)[\s,]+){{1,3}}(?P<n>{_WITH_ADDITION})")


def _dwellings(text: str, low: str) -> Iterator[Found]:
    for at in _word_starts(low, ("t.o.", "t. o.")) if "t." in low else ():
        m = _ACROSS_RE.match(text, at)
        if m is not None and not _YEAR.fullmatch(m.group("n")) and not _UNIT_AFTER.match(text, m.end()):
            yield m.start("n"), m.end("n"), LOCATIE
    for at in _word_starts(low, (*_DWELLINGS, "appartement", "etage")):
        m = _DWELLING_RE.match(text, at)
        while m is not None and not _UNIT_AFTER.match(text, m.end()):
            yield m.start("n"), m.end("n"), LOCATIE
            m = _CORRECTED_RE.match(text, m.end())


def _list_after(text: str, end: int, first: int) -> Iterator[Found]:
    """Numbers listed after a house number ``first`` that ends at ``end``: each with a letter, or near ``first``."""
    items = []
    pos = end
    while (m := _LIST_RE.match(text, pos)) is not None and len(items) < 6:
        if _UNIT_AFTER.match(text, m.end()):
            return
        items.append(m)
        pos = m.end()
    near = all(not i.group("x")[-1].isdigit() or abs(int(i.group("x")) - first) <= 20 for i in items)
    closed = bool(items) and re.match(r"\s+(?i:en|of)\s", text[items[-1].start() : items[-1].start("x")])
    if items and near and closed:
        yield from ((i.start("x"), i.end("x"), LOCATIE) for i in items)


def _word_starts(low: str, stems: tuple[str, ...]) -> list[int]:
    """Where a word starting with one of ``stems`` starts in ``low``."""
    out = []
    for stem in stems:
        i = low.find(stem)
        while i >= 0:
            if not i or not (low[i - 1].isalnum() or low[i - 1] == "-"):
                out.append(i)
            i = low.find(stem, i + 1)
    return sorted(out)


# The whole "unit 7" is replaced; identifier_streets._FLAT_NUMBER_RE takes only the number after "appartement",
# "app." or "unit" (its older rule; the longer span wins where both match).
_PLACE_WORDS = ("unit", "standplaats", "ligplaats", "woonwagen", "woonunit", "wooneenheid")
_PLACE_NUMBER_RE = re.compile(
    r"(?<![\w-])(?i:unit|standplaats|ligplaats|woonwagen|woonunit|wooneenheid)\s+(?:(?i:nummer|nr\.?)\s*)?"
    rf"(?P<n>{HOUSE})(?![\w-])"
)


# A house number after "woont op", or before "woont", without the street (ninth dev author): "hij woont al twee
# jaar op 13", "terwijl hij op 13 woont". Not "woont op 3 hoog" (a floor), "woont op 2 km", nor the house of someone
# else next door ("die woont hiernaast op 41", as the fourth author decided). Its twin for a number after a street
# named before, where "hiernaast" may stand, is identifier_streets._LIVES_ON_NUMBER_RE.
_LIVES_ON_RE = re.compile(
    r"(?<!\w)(?i:woont|woonde|wonen|woonden)\s+(?:(?!(?i:hiernaast|ernaast|naast|verderop|tegenover)\s)[^\W\d_]+\s+){0,3}?"
    r"(?i:op)\s+(?:(?i:nummer|nr\.?)\s*)?"
    r"(?P<n>[1-9]\d{0,3}[a-h]?)(?=\s*[,.;]|\s*$|\s+(?i:en|bij|met|in|aan|dus|toen|maar)(?!\w))"
    r"|(?<!\w)(?i:op)\s+(?:(?i:nummer|nr\.?)\s*)?(?P<m>[1-9]\d{0,3}[a-h]?)\s+(?i:woont|woonde|wonen|woonden)(?!\w)"
)
# A number alone after "op", where the sentence is about where people live (twelfth and thirteenth dev authors):
# "ze wonen naast me, op vierendertig", "woont bij hen om de hoek, op 16", "het huis van oma ernaast, op 14",
# "Ik woon op eenenveertig."; not "woont op 2 km", "op 3 hoog", "op 16 maart".
_HOME_ON_RE = re.compile(
    rf"(?<!\w)(?i:op)\s+(?:(?i:nummer|nr\.?)\s*)?(?P<n>[1-9]\d{{0,3}}[a-h]?|{SPELLED_HOUSE})"
    r"(?=\s*[,.;]|\s*$|\s+(?i:en|bij|met|in|aan|dus|toen|maar|woont|woonde)(?!\w))"
)
# Where people live, said with a verb of living or a neighbour word, and no other verb between it and "op" ("mijn
# buren hebben de muziek op 10", "ik woon alleen en sta op de wachtlijst op 345", "de kachel staat op 20").
_HOME_CUE = re.compile(
    r"(?i)(?<!\w)(?:woon|woont|wonen|woonde|woonden|buurman|buurvrouw|buren|naast|ernaast|hiernaast"
    r"|om\s+de\s+hoek)(?!\w)(?P<between>[^.!?]*)\Z"
)
_OTHER_VERB = re.compile(
    r"(?i)(?<!\w)(?:sta|staat|stond|zit|zat|zet|zette|kom|komt|kwam|heb|hebt|heeft|hebben|had|hadden|doe|doet|deed"
    r"|stuur|stuurde|stuurden|schaal|niveau|wachtlijst|stand)(?!\w)"
)
# A house number with a colour or floor after "op", without the street: "ze woonden op vierenveertig zwart".
_COLOURS = ("zwart", "rood", "boven", "beneden", "achterhuis", "voorhuis")
_ON_COLOUR_RE = re.compile(
    rf"(?<!\w)(?i:op)\s+(?P<n>(?:{SPELLED_HOUSE}|\d{{1,4}})\s+(?i:{'|'.join(_COLOURS)}))(?=\s*(?:[,.;:)!?]|$))"
)


def _street_name(name: str) -> bool:
    """Whether a capitalised name after a cue can be a street: not a list or a month ("het adres is mei 12")."""
    first = name.split()[0]
    return first not in _NOT_STREETS and first.lower() not in _CALENDAR


def find_house_numbers(text: str, streets: Iterable[Found]) -> Iterator[Found]:
    """The house numbers of the module docstring; ``streets``: the street spans found already."""
    streets = list(streets)
    low = text.lower() if len(text.lower()) == len(text) else text
    cues = _word_starts(low, ("huisnummer", "nummer", "nr"))
    for at in cues:
        left = _NAMED_LEFT_RE.search(text, max(0, at - 50), at)
        number = _NUMBER_RIGHT_RE.match(text, at) if left is not None else None
        if number is not None and _street_name(left.group("street")):
            a, b = left.span("street")
            # A street with a street word is identifier_streets' ("de Merellaan, huisnummer 12a").
            if not any(s < b and a < e for s, e, _ in streets):
                yield a, number.end("n"), LOCATIE
    if "bis" in low or "bies" in low or "hs" in low or "-i" in low or "-v" in low or "-x" in low:
        yield from ((m.start("n"), m.end("n"), LOCATIE) for m in _STRONG_RE.finditer(text))
        for m in _BIS_RE.finditer(text):
            if _TEXT_POINT_BEFORE.search(text, max(0, m.start() - 12), m.start()) is None:
                yield m.start("n"), m.end("n"), LOCATIE
    if _LETTERED_HINT.search(text):
        for m in _LETTERED_RE.finditer(text):
            # only where the sentence is about a home or a neighbour: "op 12A" is a ward or a room elsewhere
            if _HOME_BEFORE.search(text, max(0, m.start() - 60), m.start()):
                yield m.start("n"), m.end("n"), LOCATIE
    for at in _word_starts(low, ("woon", "adres", "postadres", "bezoekadres", "verhuisd")):
        m = _CUED_STREET_RE.match(text, at)
        if m is None or not _street_name(m.group("street")) or _YEAR.fullmatch(m.group("n")):
            continue  # "het adres is mei 12", "woonde in Duitsland 1990"
        if not _UNIT_AFTER.match(text, m.end()):
            span = _RANGE_RE.match(text, m.end("n"))  # "woont nu op Lauwerecht 5 t/m 7"
            yield m.start("street"), span.end() if span is not None else m.end("n"), LOCATIE
    for at in cues:
        m = _NUMBER_BEFORE_NAME_RE.match(text, at)
        if m is not None and _street_name(m.group("street")) and not _UNIT_AFTER.match(text, m.end("n")):
            yield m.start("n"), m.end("n"), LOCATIE
            yield m.start("street"), m.end("street"), LOCATIE
    if (
        "woning" in low
        or "enhuis" in low
        or "flat" in low
        or "appartement" in low
        or "etage" in low
        or "t." in low
    ):
        yield from _dwellings(text, low)
    if "op " in low and any(w in low for w in _COLOURS):
        yield from ((m.start("n"), m.end("n"), LOCATIE) for m in _ON_COLOUR_RE.finditer(text))
    if "woon" in low and " op " in low:
        for m in _LIVES_ON_RE.finditer(text):
            g = "n" if m.group("n") else "m"
            yield m.start(g), m.end(g), LOCATIE
    if " op " in low or low.startswith("op "):
        for m in _HOME_ON_RE.finditer(text):
            cue = _HOME_CUE.search(text, max(0, m.start() - 80), m.start())
            if cue is not None and _OTHER_VERB.search(cue.group("between")) is None:
                yield m.start("n"), m.end("n"), LOCATIE
    if any(w in low for w in _PLACE_WORDS):
        for m in _PLACE_NUMBER_RE.finditer(text):
            if not _UNIT_AFTER.match(text, m.end("n")):
                yield m.start(), m.end("n"), LOCATIE
    for _, end, _ in streets:
        number = _FIRST_NUMBER.search(text, max(0, end - 16), end)
        if number is None:
            alone = _NUMBER_SENTENCE_RE.match(text, end)
            if alone is not None:
                yield alone.start("n"), alone.end("n"), LOCATIE
            continue
        yield from _list_after(text, end, int(number.group(1)))
        other = _OTHER_HOUSEHOLD_RE.match(text, end)
        if other is not None and not _UNIT_AFTER.match(text, other.end()):
            yield other.start("n"), other.end("n"), LOCATIE
