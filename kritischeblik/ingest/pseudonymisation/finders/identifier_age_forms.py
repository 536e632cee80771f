"""Ages in the forms of the fifth dev author, which the anchored finder (:mod:`.identifier_ages`), the phrases
(:mod:`.identifier_age_phrases`) and the ranges (:mod:`.identifier_age_ranges`) miss:

* a number with something attached that people add to an age: a half ("2½", "zevenenhalf", "tweeënhalf"),
  "-plus"/"+" ("die is 60-plus", "(80+)"), a sign of approximation in notes ("(± 16)"), months after the years
  ("17 jaar en 4 mnd"), years written against the number ("(17jr)", "14j"). The text is rewritten with the number alone (same length, the rest blanked, the number
  last) and the anchored finder decides, so "5 ½ jaar in Nederland" stays a duration;
* the sex sign of case notes ("♂ 84", "♀, 81", "M16," after a quote or bracket);
* an age passed ("de tachtig al ruim gepasseerd", "net de veertig gepasseerd", "de 50 al voorbij");
* a person by age ("een tachtigplusser", "een 60-plusser"; not the plural, a group);
* a birthday just had ("jarig geweest, nu 17");
* two pronouns with ages ("Hij 79, zij tegen de 75 aan"), unless the talk is about scores;
* a suspended compound ("een veertien-, vijftienjarige", "een 14- of 15-jarige");
* ages listed before "jaar oud" ("van 11, 8 en 5 jaar oud");
* an age before a person ("de 7 jaar oude Fenna", "haar drie maanden oude baby");
* a person word with a colon in notes ("Dochter: 11 jaar"), a compound person word ("een tienermoeder van 17").

Only the numbers are replaced, as for every age (a compound word such as "tachtigplusser" whole). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..categories import LEEFTIJD
from .age_words import PERSON_NOUNS, SCORE_PARTS
from .identifier_age_phrases import NOT_AGE_TALK
from .spoken_numbers import SPELLED, SPELLED_HALF

Found = tuple[int, int, str]

_NUM = r"(?:1[01]\d|[1-9]\d?)"
_N = rf"(?:{_NUM}(?![\w%€]|[.,:/-]\d)|(?i:{SPELLED_HALF}|{SPELLED})(?![\w-]))"
_NOT_UNIT = r"(?!\s*(?:%|procent|euro|keer|uur|minuten|dagen|weken|kinderen|mensen|jaar\s+geleden)(?!\w))"

# --- rewritten and judged by the anchored finder ---------------------------------------------------------------
# Each pattern's group "n" is the number that stays; the rest of the match is blanked.
_HALF_SIGN_RE = re.compile(r"(?<![\w.,:/€-])(?P<n>\d{1,2})\s?½")
_HALF_WORD_RE = re.compile(
    r"(?i)(?<![\w-])(?P<n>een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien"
    r"|vijftien|zestien|zeventien|achttien|negentien)(?:en|ën)half(?![\w-])"
)
_PLUS_RE = re.compile(r"(?<![\w.,:/€-])(?P<n>[1-9]\d)(?:\s?-\s?(?i:plus)|\s(?i:plus)(?!\s*\d)|\+)(?![\w+])")
# Years written against the number in notes: "(17jr)", "meisje, 14j,".
_ATTACHED_YEARS_RE = re.compile(r"(?<![\w.,:/€-])(?P<n>1[01]\d|[1-9]\d?)(?i:jr|j)\.?(?!\w)")
_APPROX_SIGN_RE = re.compile(r"\((?P<sign>\s*(?:±|\+/-|\+-|~)\s*)(?P<n>\d)")
_MONTHS_AFTER_RE = re.compile(
    r"(?P<n>\d{1,3})\s+(?i:jaar)(?P<tail>\s+(?i:en)\s+\d{1,2}\s+(?i:mnd\.?|maanden|maand)(?![\w]))"
)


def _rewritten(text: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """``text`` with each addition blanked and the number moved to the end of its form ("tweeënhalf" becomes
    "      twee", so that what follows it still follows it), and per moved number: where it now starts -> (its
    start in ``text``, the end of what it stands for)."""
    chars = list(text)
    kept: dict[int, tuple[int, int]] = {}
    low = text.lower()
    rules = (
        (_HALF_SIGN_RE, "½" in text),
        (_HALF_WORD_RE, "half" in low),
        (_PLUS_RE, "plus" in low or "+" in text),
        (_MONTHS_AFTER_RE, "maand" in low or "mnd" in low),
        (_ATTACHED_YEARS_RE, "j" in low),
    )
    for rx, possible in rules:
        for m in rx.finditer(text) if possible else ():
            tail = "tail" in rx.groupindex  # months after the years: only the years are the age
            a, b = m.start("n"), m.end()
            stays = text[a : m.start("tail")] if tail else m.group("n")
            chars[a:b] = " " * (b - a - len(stays)) + stays
            kept[b - len(stays)] = (a, m.end("n") if tail else b)
    if "(" in text:
        for m in _APPROX_SIGN_RE.finditer(text):
            chars[m.start("sign") : m.end("sign")] = " " * (m.end("sign") - m.start("sign"))
            kept[m.start("n")] = (m.start("n"), m.start("n"))
    return "".join(chars), kept


def _via_anchors(text: str, anchored: Callable[[str], Iterable[Found]]) -> Iterator[Found]:
    rewritten, kept = _rewritten(text)
    if not kept:
        return
    for s, e, category in anchored(rewritten):
        if category == LEEFTIJD and s in kept:
            start, end = kept[s]
            yield start, max(end, start + e - s), LEEFTIJD


# --- direct forms ----------------------------------------------------------------------------------------------
_SEX_SIGN_RE = re.compile(rf"[♂♀]\s*[,/:]?\s*(?P<n>{_NUM})(?:\s*(?i:jr|jaar|j)\.?)?(?![\w%€]|[.,:/-]\d)")
_SEX_LETTER_RE = re.compile(r"(?:(?<=[(\"“‘'])|(?<=,\s))[MV](?P<n>[1-9]\d?)(?=\s*[,;)\"”’']|\s*$)")
_PASSED_RE = re.compile(
    rf"(?<!\w)(?i:de)\s+(?P<n>{_N})\s+(?:(?i:al|net|ruim|ruimschoots|pas|allang|ook|nog|ver|inmiddels|lang)\s+)"
    r"{0,2}(?i:gepasseerd|voorbij)(?!\w)"
)
_PLUSSER_RE = re.compile(rf"(?<![\w-])(?:[1-9]\d-?|(?i:{SPELLED}))(?i:plusser)(?![\w-])")
_BIRTHDAY_JUST_RE = re.compile(
    r"(?<!\w)(?i:jarig)\s+(?i:geweest|geworden)\s*[,.;]?\s+(?:(?i:dus|en)\s+)?(?i:nu|inmiddels|dus)\s+"
    rf"(?:(?i:al|dus)\s+)?(?P<n>{_N}){_NOT_UNIT}"
)
_APPROX = (
    r"(?:(?i:ruim|bijna|net|al|pas|ongeveer|zo'n|(?:tegen|rond|in|over|boven)\s+de|begin|eind|midden)\s+)?"
)
_PRONOUN = r"(?i:hij|zij|ze|ik)"
_PRONOUN_PAIR_RE = re.compile(
    rf"(?<![\w-]){_PRONOUN}\s+{_APPROX}(?P<a>{_N})(?:\s+(?i:aan))?\s*(?:,\s*(?:(?i:en)\s+)?|\s+(?i:en)\s+)"
    rf"{_PRONOUN}\s+{_APPROX}(?P<b>{_N}){_NOT_UNIT}"
)
_SUSPENDED_RE = re.compile(
    rf"(?<![\w-])(?P<a>{_NUM}|(?i:{SPELLED}))-\s*,?\s*(?:(?i:of|à|a|tot|en)\s+)?"
    rf"(?P<b>{_NUM}|(?i:{SPELLED}))\s?-?\s?(?i:jarige?)(?![\w-])"
)
_LIST_OLD_RE = re.compile(
    rf"(?<!\w)(?i:van|zijn|waren|:)\s+(?P<list>{_N}(?:\s*,\s*{_N})*\s*,?\s+(?i:en|of)\s+{_N})\s+(?i:jaar|jr\.?)"
    r"\s+(?i:oud)(?!\w)"
)
_LIST_NUMBER_RE = re.compile(_N)
_PERSON_ALT = "|".join(sorted(PERSON_NOUNS, key=len, reverse=True))
# A capitalised word after it is a name only after "de" or nothing: "zijn 7 jaar oude Volvo" is a car.
_OLD_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?P<det>(?i:een|zijn|z'n|haar|d'r|mijn|m'n|hun|onze|ons|jouw|je)\s+)?(?P<n>{_N})\s+"
    rf"(?i:jaar|maanden|maand|weken)\s+(?i:oude)\s+(?:(?P<noun>(?i:{_PERSON_ALT}))|[A-Z][a-zà-ÿ]+)(?!\w)"
)


# "Dochter: 11 jaar." in notes; "een tienermoeder van 17", "een zakenman van 50": a compound person word.
_PERSON_COLON_RE = re.compile(
    rf"(?<![\w-])(?i:{_PERSON_ALT}):\s+(?P<n>{_N})(?:\s+(?i:jaar|jr\.?))?(?=\s*[,.;)]|\s*$|\s+(?i:oud)(?!\w))"
)
_COMPOUND_OF_RE = re.compile(
    r"(?<![\w-])(?P<word>[a-zà-ÿ]{3,}(?P<noun>moeder|vader|zoon|dochter|jongen|meisje|vrouw|man|kind|broer|zus))"
    rf"\s+van\s+(?P<n>{_N})(?P<years>\s+(?i:jaar))?{_NOT_UNIT}"
    r"(?!\s*(?:-|ton|kilo|meter|liter|cm|km|m2|hoog|hg|verdieping|etage|tot|t/m)(?!\w))"
)


def _not_a(word: str) -> bool:
    return word.lower() not in ("een", "één")


def _score_talk(text: str, s: int, e: int) -> bool:
    window = text[max(0, s - 150) : e + 60].lower()
    return any(p in window for p in SCORE_PARTS)


def _sentence(text: str, s: int, e: int) -> str:
    a = max(text.rfind(c, 0, s) for c in ".!?\n")
    b = min((i for i in (text.find(c, e) for c in ".!?\n") if i >= 0), default=len(text))
    return text[a + 1 : b]


def _direct(text: str, low: str) -> Iterator[Found]:
    if "♂" in text or "♀" in text:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _SEX_SIGN_RE.finditer(text))
    if "M" in text or "V" in text:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _SEX_LETTER_RE.finditer(text))
    if "gepasseerd" in low or "voorbij" in low:
        for m in _PASSED_RE.finditer(text):
            if _not_a(m.group("n")) and not NOT_AGE_TALK.search(_sentence(text, m.start(), m.end())):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "plusser" in low:
        yield from ((m.start(), m.end(), LEEFTIJD) for m in _PLUSSER_RE.finditer(text))
    if "jarig" in low:
        for m in _BIRTHDAY_JUST_RE.finditer(text):
            yield m.start("n"), m.end("n"), LEEFTIJD
        for m in _SUSPENDED_RE.finditer(text):
            yield m.start("a"), m.end("a"), LEEFTIJD
            yield m.start("b"), m.end("b"), LEEFTIJD
    for m in _PRONOUN_PAIR_RE.finditer(text):
        if _not_a(m.group("a")) and _not_a(m.group("b")) and not _score_talk(text, m.start(), m.end()):
            yield m.start("a"), m.end("a"), LEEFTIJD
            yield m.start("b"), m.end("b"), LEEFTIJD
    if ":" in text:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _PERSON_COLON_RE.finditer(text))
    if " van " in low:
        for m in _COMPOUND_OF_RE.finditer(text):
            # "een tienermoeder van drie" has three children
            few = not m.group("n").isdigit() or int(m.group("n")) < 13
            parent = m.group("noun") in ("moeder", "vader") and few and not m.group("years")
            known = m.group("word") in PERSON_NOUNS  # "buurman": the anchored finder's, with its own limits
            if _not_a(m.group("n")) and not parent and not known:
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "oud" in low:
        for m in _LIST_OLD_RE.finditer(text):
            for n in _LIST_NUMBER_RE.finditer(text, m.start("list"), m.end("list")):
                if _not_a(n.group()):
                    yield n.start(), n.end(), LEEFTIJD
        for m in _OLD_BEFORE_RE.finditer(text):
            if _not_a(m.group("n")) and (m.group("noun") or not m.group("det")):
                yield m.start("n"), m.end("n"), LEEFTIJD


def find_age_forms(text: str, low: str, anchored: Callable[[str], Iterable[Found]]) -> Iterator[Found]:
    """The ages of the module docstring in ``text`` (``low``: its lowercase form); ``anchored``: the anchored age
    finder, run again on the rewritten text."""
    yield from _via_anchors(text, anchored)
    yield from _direct(text, low)
