"""Ages said without the subject and verb :mod:`.identifier_ages` anchors on: an age band on its own ("Moeder,
midden veertig, ...", "pleegvader rond de zestig"), a correction after an age ("die is 14, nee wacht, veertien
en een half"; "een negentigjarige, nou ja, bijna eenennegentig"), names listed with ages ("Daan 4, Mila 6, Finn
9"), pronouns paired with ages ("hij 68 en zij ruim 70") and an age in years and months at the start of a
sentence ("Zeventien jaar en twee maanden, dat weet ik nog"). Only the number is replaced, as for every age.

An age band is identifying like "begin dertig" (which :mod:`.identifier_ages` already replaces after a person):
it narrows a person down to a few years. Not replaced: a band followed by a noun or unit ("rond de zestig
deelnemers", "boven de 30 graden"), a band in a sentence about temperatures, money or counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LEEFTIJD
from .age_words import NOT_BARE_SUBJECTS, NOT_PERSONS, PAREN_NOT_PERSONS
from .spoken_numbers import SPELLED, SPELLED_HALF, TENS

Found = tuple[int, int, str]

_NUM = r"(?:1[01]\d|[1-9]\d?)"
_N = rf"(?:{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{SPELLED_HALF}|{SPELLED})(?![\w-]))"
_DECADE = "(?:" + "|".join(TENS) + "|[2-9]0(?![\\d,.]\\d))"
# Where an age band ends: the clause ends or goes on without a noun ("rond de zestig mensen" is a count).
_BAND_END = (
    r"(?=\s*(?:[,.;:!?)…\"'”’–—]|$)|\s+(?:en|of|zelfs|al|inmiddels|misschien|denk|schat|geloof|gok|ofzo|of\s+zo"
    r"|maar|hoor|toch|dus|want|nu|geworden|is|was|zei|zegt|woont|woonde|heeft|had|aan|jaar\s+oud)(?!\w))"
)
_DECADE_DIGITS = re.compile(r"(?<!\d)[2-9]0(?!\d)")
_BAND_RE = re.compile(
    r"(?<![\w-])(?:(?i:begin|midden|eind|half|laat|vroeg)\s+"
    r"|(?i:(?:achter|voor|diep|ergens|hoog|laag|ver|midden|half|ruim|goed|al)\s+in|achterin|halverwege|rond|richting|tegen"
    # "die zit nu in de 90" (eleventh dev author)
    r"|boven|over|(?:zit|zat|zitten|zaten)(?:\s+(?:nu|al|ook|inmiddels|toch|wel|ergens|eh|dus))*\s+in)\s+(?i:de)\s+)"
    rf"(?P<n>(?i:{_DECADE})){_BAND_END}"
)
# A sentence about measures, money or counts: a band there is no age.
NOT_AGE_TALK = re.compile(
    r"(?i)(?<!\w)(?:graden|temperatuur|euro|procent|prijs|kost|kostte|kilo|km|minuten|uur|mensen|deelnemers"
    r"|score|scores|cijfer|cijfers|wachtlijst|ranglijst|lijst|klas|punten"
    r"|aanmeldingen|meldingen|dossiers|gezinnen|huishoudens|woningen|cliënten|leerlingen)(?!\w)"
)
# A correction or rephrasing after an age: "14, nee wacht, veertien", "negentigjarige, nou ja, bijna eenennegentig".
_CORRECTION_RE = re.compile(
    # atomic: a long run of spaces is read one way (it made a hostile text quadratic)
    r"(?:-?(?i:jarige?)|\s+(?i:jaar)(?:\s+(?i:oud))?)?(?>\s*[,.]?\s*)"
    # "tweeënzeventig, maar op papier zesenzeventig": the age on paper is the person's too.
    r"(?:(?i:eh|ehm|nee|sorry|wacht|nou\s+ja|of\s+eigenlijk|eigenlijk|ik\s+bedoel|beter\s+gezegd|pardon"
    r"|(?:maar\s+)?op\s+papier|(?:maar\s+)?officieel|(?:maar\s+)?volgens\s+(?:de|haar|zijn)\s+papieren"
    r"|dat\s+klopt\s+niet)[,!.]?\s+){1,3}"
    r"(?:(?i:ze|zij|hij|ie)\s+(?i:is|was|wordt)\s+)?(?:(?i:inmiddels|bijna|ruim|al|net|pas|ongeveer|nu)\s+)?"
    rf"(?P<n>{_N})"
    r"(?!\s*(?:%|procent|euro|keer|uur|minuten|dagen|weken|kinderen|jaar\s+geleden)(?!\w))"
)
# "Daan 4, Mila 6, Finn 9": two or more names, each with a bare age.
_PAIR = rf"[A-Z][^\W\d_]+\s+{_NUM}(?:\s+(?i:jaar|jr\.?))?(?![\w%€]|[.,:/-]\d)"
_SEP = r"(?:\s*[,;]\s*(?:en\s+)?|\s+en\s+)"
_NAME_LIST_RE = re.compile(rf"(?<![\w-]){_PAIR}(?:{_SEP}{_PAIR})+")
_DIGIT = re.compile(r"\d")
_PAIR_RE = re.compile(rf"(?P<name>[A-Z][^\W\d_]+)\s+(?P<n>{_NUM})")
# "hij 68 en zij ruim 70": a pronoun and a number, twice, no verb.
_APPROX = r"(?:(?i:ruim|bijna|net|al|pas|ongeveer|zo'n)\s+)?"
_PRONOUN_PAIR_RE = re.compile(
    rf"(?=[hzHZiI])(?<![\w-])(?i:hij|zij|ze|ik)\s+{_APPROX}(?P<a>{_N})\s+(?i:en)\s+(?i:hij|zij|ze|ik)\s+{_APPROX}(?P<b>{_N})"
    r"(?!\s*(?:%|procent|euro|keer|uur|minuten|dagen|weken|maanden|jaar\s+geleden|kinderen)(?!\w))"
)
# "Zeventien jaar en twee maanden, dat weet ik nog": years and months at a sentence start, said as an age.
_YEARS_MONTHS_RE = re.compile(
    rf"(?:^|(?<=[.!?:]\s)|(?<=\n))(?P<n>{_N})\s+(?i:jaar)\s+(?i:en)\s+{_N}\s+(?i:maanden|maand)"
    r"(?=\s*(?:,|\.|$)|\s+(?i:oud)(?!\w))(?!,?\s+(?i:heeft|duurde|duurt|geleden|lang|later)(?!\w))",
    re.MULTILINE,
)


def _name_like(word: str) -> bool:
    low = word.lower()
    return not (low in NOT_PERSONS or low in PAREN_NOT_PERSONS or low in NOT_BARE_SUBJECTS)


def _sentence_around(text: str, s: int, e: int) -> str:
    a = max(text.rfind(c, 0, s) for c in ".!?\n")
    b = min((i for i in (text.find(c, e) for c in ".!?\n") if i >= 0), default=len(text))
    return text[a + 1 : b]


def find_age_phrases(text: str, ages: Iterable[Found] = ()) -> Iterator[Found]:
    """Ages in ``text`` said without subject and verb; ``ages``: ages found already, whose corrections follow."""
    low = text.lower()
    if any(t in low for t in TENS) or _DECADE_DIGITS.search(text):
        for m in _BAND_RE.finditer(text):
            if not NOT_AGE_TALK.search(_sentence_around(text, m.start(), m.end())):
                yield m.start("n"), m.end("n"), LEEFTIJD
    for _, e, _ in ages:
        end = e
        for _ in range(3):  # "14, nee wacht, veertien", and a second correction after that
            c = _CORRECTION_RE.match(text, end)
            if c is None or c.group("n").lower() in ("een", "één"):
                break
            yield c.start("n"), c.end("n"), LEEFTIJD
            end = c.end("n")
    for m in _NAME_LIST_RE.finditer(text) if _DIGIT.search(text) else ():  # its ages are digits
        pairs = list(_PAIR_RE.finditer(text, m.start(), m.end()))
        if all(_name_like(p.group("name")) for p in pairs):
            yield from ((p.start("n"), p.end("n"), LEEFTIJD) for p in pairs)
    for m in _PRONOUN_PAIR_RE.finditer(text):
        yield m.start("a"), m.end("a"), LEEFTIJD
        yield m.start("b"), m.end("b"), LEEFTIJD
    if "maand" in low:
        for m in _YEARS_MONTHS_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
