"""Ages said around a verb the anchored finder does not wait for, from the eighth dev author:

    "Thomas, die toen zestien was, ..."       the verb after the number
    "Hij moet volgende maand zestien worden"  the age to come
    "toen waren ze allebei 82"                two people at once
    "dat hij achttien geworden is"            the verb after the number, without a time word
    "Jesse en Joëlle, van zeven, bijna acht"  a name, then "van" and the age
    "de kleine Sem, twee jaar en acht maanden"  a name, then years and months
    "een oma van in de tachtig"               a person and a decade
    "die is al gepensioneerd, 66"             a word about the person, then the age
    "dat hij rond de vijfenveertig moet zijn"  an estimate with the verb after it
    "die tikt bijna de dertig aan", "Abraham gezien, vijftig dus"   sayings
    "zo oud als hij, dertien", "van mijn leeftijd, zevenenveertig"  the age after a comparison

Only the number is replaced, as for every age. Not an age: a score ("die is 4" beside a principle), a number
followed by a noun or unit ("die toen drie kinderen had"). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import LEEFTIJD
from .age_words import FULL_MONTH_ALT, NOT_PERSONS, PERSON_NOUNS
from .name_lists import wordset
from .spoken_numbers import SPELLED, TENS, number_value

Found = tuple[int, int, str]

_N = rf"(?:1[01]\d|[1-9]\d?|(?i:{SPELLED}))"
_PERSON_ALT = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
_WHEN = r"(?:(?i:toen|nu|net|pas|al|inmiddels|bijna|ook|zelf|nog|intussen|destijds|gewoon|eigenlijk|ongeveer|maar)\s+)"
_TIME = (
    r"(?:(?i:volgende|komende|deze|over\s+een)\s+(?i:week|maand|zomer|winter)|(?i:volgend|komend|dit)\s+(?i:jaar)"
    rf"|(?i:in|rond)\s+(?i:{FULL_MONTH_ALT})"
    r"|(?i:binnenkort|straks|bijna|al|dan|eindelijk|pas|ook|snel|morgen|overmorgen))"
)
# "die toen zestien was", "hij nu drie is", "ze pas negen jaar was": subject, a time word or two, the age, the verb.
_VERB_LAST_RE = re.compile(
    rf"(?=[dhziDHZI])(?<![\w-])(?i:die|hij|zij|ze|ie)\s+{_WHEN}{{1,2}}(?P<n>{_N})(?:\s+(?i:jaar(?:\s+oud)?))?"
    r"\s+(?i:was|is|werd|wordt|geworden\s+is|geworden\s+was|geweest\s+is)(?![\w-])"
)
# "moet volgende maand zestien worden", "gaat in mei tien worden", "zal dit jaar 18 worden".
_TO_BECOME_RE = re.compile(
    rf"(?<![\w-])(?i:moet|gaat|zal|mag|ga|gaan|moeten)\s+(?:{_TIME}\s+){{0,3}}(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"\s+(?i:worden)(?![\w-])"
)
# "toen waren ze allebei 82", "ze zijn beiden in de zeventig" (the band is another finder's).
_BOTH_RE = re.compile(
    rf"(?<![\w-])(?i:zijn|waren|worden|werden)\s+(?:(?i:ze|zij|jullie|wij|we)\s+)?{_WHEN}?"
    rf"(?i:allebei|beiden|beide|allebeide)\s+(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:en|oud|geworden|geweest|inmiddels|nu|toen|maar)(?!\w))"
)
_BECAME_RE = re.compile(
    rf"(?=[dhziDHZI])(?<![\w-])(?i:die|hij|zij|ze|ie)\s+{_WHEN}{{0,2}}(?P<n>{_N})(?:\s+(?i:jaar))?\s+(?i:geworden|geweest)"
    r"(?:\s+(?i:is|was))?(?![\w-])"
)
_END = r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:jaar|en|of|oud|bijna|nu|inmiddels)(?!\w))"
# From the thirteenth dev author: an estimate with a modal verb ("dus die zal negen zijn"), what someone turned out
# to be ("Zij bleek tweeëntwintig"), a limit ("die kan niet ouder zijn dan vijfentwintig"), and the age as a second
# language speaker says it, with "hebben" ("ik had zestien jaar", "nu ik heb vierentwintig").
_SUBJECT = r"(?i:die|hij|zij|ze|ie|ik)"
# Without "jaar": "die zal vijf jaar zijn" is a waiting time.
_MODAL_BE_RE = re.compile(
    rf"(?<![\w-]){_SUBJECT}\s+(?i:zal|zou|moet|kan|mag|zullen)\s+{_WHEN}{{0,2}}(?P<n>{_N})\s+(?i:zijn|wezen)(?![\w-])"
)
# The clause ends at the number: "Ze bleek al twee jaar geen huur te betalen" is a duration.
_CLAUSE_END = r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:en|of|oud|te\s+zijn)(?!\w))"
_TURNED_OUT_RE = re.compile(
    rf"(?<![\w-])(?:{_SUBJECT}|(?i:{_PERSON_ALT}))\s+(?i:bleek|blijkt|leek|lijkt)\s+{_WHEN}{{0,2}}(?P<n>{_N})"
    rf"{_CLAUSE_END}"
)
# Only verbs and adverbs between the person and the comparison: not "Die kamer is niet ouder dan twintig".
_LIMIT_RE = re.compile(
    rf"(?<![\w-])(?:(?i:die|deze|de|haar|zijn|mijn)\s+(?i:{_PERSON_ALT})|{_SUBJECT})\s+(?:(?i:kan|kon|zal|zou|is|was|moet|mag|niet|nooit|geen|veel|wel|zeker|ook|nog|al)\s+)"
    rf"{{0,3}}(?i:ouder|jonger)\s+(?:(?i:zijn|wezen|worden)\s+)?(?i:dan|als)\s+(?P<n>{_N}){_END}"
)
# "hebben" for an age, as a second-language speaker says it, in the word order that gives it away: the subject
# before the verb after a clause or "nu"/"toen" ("Toen ik wegging, ik had zestien jaar", "nu ik heb
# vierentwintig"); not "Hij heeft vijf jaar." (a sentence) nor "nu ik heb twee" (a count).
_HAVE_AGE_RE = re.compile(
    rf"(?:,\s*|(?<![\w-])(?i:nu|toen)\s+){_SUBJECT}\s+(?i:had|heb|heeft|hebt)\s+(?P<n>{_N})(?P<y>\s+(?i:jaar))?"
    r"(?=\s*[,.;:!?]|\s*$)"
)
_NAME_VAN_RE = re.compile(rf"(?<![\w-])(?P<name>[A-Z][a-zà-ÿ]+),\s+(?i:van)\s+(?P<n>{_N}){_END}")
_NAME_YEARS_MONTHS_RE = re.compile(
    rf"(?<![\w-])(?P<name>[A-Z][a-zà-ÿ]+),\s+(?P<n>{_N})\s+(?i:jaar)\s+(?i:en)\s+{_N}\s+(?i:maanden|maand)(?!\w)"
)
_DECADE_OF_RE = re.compile(
    rf"(?<![\w-])(?i:{_PERSON_ALT})\s+(?i:van)\s+(?i:in|rond|tegen)\s+(?i:de)\s+(?P<n>(?i:{'|'.join(TENS)})|[2-9]0)"
    r"(?![\w-])"
)
# Speech recognition writes no commas: "ramon die is 38 sharon is ...", "adam die is 5 die is in turkije geboren".
_UNPUNCTUATED_RE = re.compile(
    rf"(?=[dhziDHZI])(?<![\w-])(?:(?i:die|hij|zij|ze)\s+(?i:is|was)|(?i:ik)\s+(?i:ben|was))\s+"
    rf"(?:(?i:eh|ehm|nu|toen|dus|pas|al|net|bijna|ook)\s+){{0,3}}"
    rf"(?P<n>{_N})\s+(?=(?i:die|dat|ze|zij|hij|ik|we|ja|nou|eh|ehm|pas|en|ook|nee)\s"
    # or the next person's clause: "ramon die is 38 sharon is 2 jaar jonger" (not a unit: "die is 50 jaar is")
    r"|(?!(?i:jaar|jaren|keer|uur|minuten|euro|procent|dagen|weken|maanden|mensen|kinderen|stuks)\s)"
    r"[^\W\d_]+\s+(?i:is|was|heeft|had|woont|zit|zat|zegt|werkt|gaat|komt)\s)"
)
# Two people and one age (tenth dev author): "Omar en Adam, die zijn 11,", "de tweeling is 7."; a birthday: "haar
# verjaardag gevierd, 88 geworden".
_TWO_NAMES_RE = re.compile(
    rf"(?<![\w-])(?:[A-Z][a-zà-ÿ]+\s+(?i:en)\s+[A-Z][a-zà-ÿ]+,?\s+(?i:die\s+)?|(?i:de\s+tweeling),?\s+(?i:die\s+)?)"
    rf"(?i:zijn|is|waren|was)\s+(?:(?i:nu|pas|net|allebei|alle\s+twee|bijna)\s+)?(?P<n>{_N})"
    r"(?=\s*[,.;:!?)]|\s+(?i:jaar|en|of|maar)(?!\w))"
)
_BIRTHDAY_RE = re.compile(
    rf"(?<![\w-])(?i:verjaardag|jarig)[^.!?\n]{{0,40}}?[,:]\s*(?P<n>{_N})\s+(?i:geworden|jaar\s+geworden)(?![\w-])"
)
# Speech recognition lists children in lowercase without commas: "jayden is twaalf noah is negen" (tenth dev
# author). Two such clauses side by side, the second number not a count.
_SIDE_BY_SIDE_RE = re.compile(
    rf"(?<![\w-])(?P<a>[a-zà-ÿ]{{3,}})\s+(?i:is)\s+(?P<n>{_N})\s+(?P<b>[a-zà-ÿ]{{3,}})\s+(?i:is)\s+(?P<m>{_N})"
    r"(?![\w-])(?!\s+(?i:euro|procent|keer|uur|minuten|dagen|weken|mensen|kinderen|stuks)(?!\w))"
)
_NOT_SUBJECTS = wordset(
    "het dat dit wat wie waar hier daar er huur prijs score cijfer nummer totaal eenvoud leefwereld nabijheid "
    "mogelijkheden professional ruimte centraal nodig"
)
# "als ik 40 word", "tot hij 18 is": the age at which something happens to the person.
_WHEN_AGE_RE = re.compile(
    rf"(?<![\w-])(?i:als|tot|wanneer|voordat|zodra)\s+(?i:ik|hij|zij|ze|je|jij)\s+(?P<n>{_N})\s+(?i:word|wordt|ben|is)(?![\w-])"
)
# Two close numbers without a sign between them, as speech recognition writes a range ("hij was 12 13", "een jaar
# of 45 50", "een jongen van achttien negentien"), after an age cue.
# (The lookahead: digits and the first letters of every number word; see tests/test_identifier_eighth.py.)
_PAIR_RE = re.compile(rf"(?=[1-9eétdvzanhEÉTDVZANH])(?<![\w-])(?P<a>{_N})\s+(?P<b>{_N})(?![\w-])")
_PAIR_CUE_RE = re.compile(
    r"(?:(?i:een\s+jaar\s+of|rond\s+de|tegen\s+de|in\s+de|eind|begin|midden|zo'n)"
    r"|(?i:hij|zij|ze|die|ik)\s+(?i:is|was|werd|ben)(?:\s+(?i:toen|nu|pas|net|al|dus))?"
    rf"|(?i:{_PERSON_ALT})\s+(?i:van))\s+(?:(?i:eh|ehm)\s+)?\Z"
)
# What a pair of numbers counts when it is no age: "zo'n 10 12 mensen".
_PAIR_COUNTS_RE = re.compile(
    r"\s+(?i:mensen|man|kinderen|keer|uur|minuten|euro|procent|dagen|weken|maanden|stuks|gezinnen|bewoners"
    r"|jongeren|leerlingen|cliënten|huizen|jaar\s+geleden)(?!\w)"
)
_DESCRIPTIONS = (
    "jong",
    "oud",
    "gepensioneerd",
    "weduwe",
    "weduwnaar",
    "alleenstaand",
    "getrouwd",
    "gescheiden",
    "zwanger",
    "student",
    "werkloos",
    "ziek",
)
_ABOUT = r"(?:(?i:zelf|ook|nog|al|pas|net|toen|nu|best|heel|erg|vrij|eigenlijk)\s+)"
_CLAUSE_END = r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:of\s+zo|ofzo|dus|denk\s+ik|geloof\s+ik)(?!\w))"
_DESCRIBED_RE = re.compile(
    rf"(?=[dhziDHZI])(?<![\w-])(?i:die|hij|zij|ze|ie)\s+(?i:is|was)\s+{_ABOUT}{{0,3}}(?i:{'|'.join(_DESCRIPTIONS)}),\s+"
    rf"(?P<n>{_N}){_CLAUSE_END}"
)
# Each description ends in a comma before the age: the cheap test that the text can hold one.
_DESCRIBING = tuple(w + "," for w in _DESCRIPTIONS)
_ESTIMATE_RE = re.compile(
    rf"(?=[dhziDHZI])(?<![\w-])(?i:die|hij|zij|ze|ie)\s+(?i:rond|tegen|ergens\s+rond|in)\s+(?i:de)\s+(?P<n>{_N})\s+"
    r"(?i:moet|zal|kan|is|was)(?:\s+(?i:zijn|wezen))?(?![\w-])"
)
_SAYING_RE = re.compile(
    rf"(?<![\w-])(?i:tikt|tikte|tikken)\s+(?:\w+\s+){{0,2}}?(?i:de)\s+(?P<n>{_N})\s+(?i:aan)(?![\w-])"
    r"|(?<![\w-])(?i:abraham|sarah)\s+(?i:gezien|zien|zag)\s*,?\s*(?P<m>(?i:vijftig)|50)(?![\w-])"
)
_COMPARED_RE = re.compile(
    rf"(?<![\w-])(?:(?i:zo\s+oud)\s+(?:\w+\s+){{0,2}}?(?i:als)\s+\w+|(?i:leeftijd)),\s+(?P<n>{_N}){_CLAUSE_END}"
)
# Near these a bare number is a score of a principle, not an age (see age_scores.SCORE_CUE).
_SCORE_NEAR = re.compile(r"(?i)scor|cijfer|punt(?:en)?(?!\w)|principe|schaal")


def find_age_verbs(text: str, low: str) -> Iterator[Found]:
    """The ages of the module docstring in ``text`` (``low``: its lowercase form)."""
    if " was" in low or " is" in low or " werd" in low or " wordt" in low:
        for m in _VERB_LAST_RE.finditer(text):
            if not _SCORE_NEAR.search(text, max(0, m.start() - 80), m.end() + 40):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "worden" in low:
        for m in _TO_BECOME_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
    if " die " in low or " ze " in low or " hij " in low or "ik " in low:
        for m in _UNPUNCTUATED_RE.finditer(text):
            if not _SCORE_NEAR.search(text, max(0, m.start() - 80), m.end() + 40):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if " word" in low or " ben" in low or " is" in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _WHEN_AGE_RE.finditer(text))
    if " zijn " in low or " is " in low or " waren " in low or " was " in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _TWO_NAMES_RE.finditer(text))
    if low.count(" is ") >= 2:
        for m in _SIDE_BY_SIDE_RE.finditer(text):
            if not ({m.group("a").lower(), m.group("b").lower()} & _NOT_SUBJECTS) and not _SCORE_NEAR.search(
                text, max(0, m.start() - 80), m.end() + 40
            ):
                yield m.start("n"), m.end("n"), LEEFTIJD
                yield m.start("m"), m.end("m"), LEEFTIJD
    if "verjaardag" in low or "jarig" in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _BIRTHDAY_RE.finditer(text))
    yield from _close_pairs(text)
    if "geworden" in low or "geweest" in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _BECAME_RE.finditer(text))
    if ", van " in low:
        for m in _NAME_VAN_RE.finditer(text):
            if m.group("name").lower() not in NOT_PERSONS:
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "maand" in low:
        for m in _NAME_YEARS_MONTHS_RE.finditer(text):
            if m.group("name").lower() not in NOT_PERSONS:
                yield m.start("n"), m.end("n"), LEEFTIJD
    if " van in de " in low or " van rond de " in low or " van tegen de " in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _DECADE_OF_RE.finditer(text))
    rules = (
        (_DESCRIBED_RE, _DESCRIBING),
        (_ESTIMATE_RE, ("rond de", "tegen de", " in de ")),
        (_SAYING_RE, ("tik", "abraham", "sarah")),
        (_COMPARED_RE, ("zo oud", "leeftijd")),
    )
    for rx, cues in rules:
        if any(c in low for c in cues):
            for m in rx.finditer(text):
                g = "m" if "m" in rx.groupindex and m.group("m") else "n"
                yield m.start(g), m.end(g), LEEFTIJD
    if (" zijn" in low or " wezen" in low) and any(
        v in low for v in (" zal ", " zou ", " moet ", " kan ", " mag ")
    ):
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _MODAL_BE_RE.finditer(text))
    if "bleek" in low or "blijkt" in low or "leek" in low or "lijkt" in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _TURNED_OUT_RE.finditer(text))
    if "ouder" in low or "jonger" in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _LIMIT_RE.finditer(text))
    if " had " in low or " heb " in low or " heeft " in low or " hebt " in low:
        for m in _HAVE_AGE_RE.finditer(text):
            value = number_value(m.group("n"))
            if m.group("y") or (value is not None and value >= 12):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "allebei" in low or "beide" in low:
        for m in _BOTH_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD


def _close_pairs(text: str) -> Iterator[Found]:
    for m in _PAIR_RE.finditer(text):
        a, b = number_value(m.group("a")), number_value(m.group("b"))
        if (
            a is not None
            and b is not None
            and 1 <= b - a <= 10
            and _PAIR_CUE_RE.search(text, max(0, m.start() - 40), m.start())
            and not _PAIR_COUNTS_RE.match(text, m.end())
        ):
            yield m.start("a"), m.end("a"), LEEFTIJD
            yield m.start("b"), m.end("b"), LEEFTIJD
