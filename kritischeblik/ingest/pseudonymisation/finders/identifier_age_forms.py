"""Ages in the forms of the fifth dev author, which the anchored finder (:mod:`.identifier_ages`), the phrases
(:mod:`.identifier_age_phrases`) and the ranges (:mod:`.identifier_age_ranges`) miss:

* a number with something attached that people add to an age: a half ("2½", "zevenenhalf", "tweeënhalf"),
  "-plus"/"+" ("die is 60-plus", "(80+)", "die is tachtig-plus"), a sign of approximation in notes ("(± 16)"), months after the years
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
* a person word with a colon in notes ("Dochter: 11 jaar"), a compound person word ("een tienermoeder van 17");
* a guess with a modal verb ("Ze zal nu zo'n 35 zijn"; not "Dat moet 80 zijn", "ze zullen 20 zijn").

Only the numbers are replaced, as for every age (a compound word such as "tachtigplusser" whole). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..categories import LEEFTIJD
from .age_words import PERSON_NOUNS, SCORE_PARTS
from .identifier_age_phrases import NOT_AGE_TALK
from .identifier_numbers import lower_aligned
from .spoken_numbers import SPELLED, SPELLED_HALF, TENS

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
_PLUS_RE = re.compile(
    rf"(?<![\w.,:/€-])(?P<n>[1-9]\d|(?i:{SPELLED}))(?:\s?-\s?(?i:plus|iets)|\s(?i:plus)(?!\s*\d)|\+)(?![\w+])"
)
# Years written against the number in notes: "(17jr)", "meisje, 14j,", "de kleine is 6jaar".
_ATTACHED_YEARS_RE = re.compile(r"(?<![\w.,:/€-])(?P<n>1[01]\d|[1-9]\d?)(?i:jaar|jr|j)\.?(?!\w)")
_YEARS_HINT = re.compile(r"\dj")
_APPROX_SIGN_RE = re.compile(r"\((?P<sign>\s*(?:±|\+/-|\+-|~)\s*)(?P<n>\d)")
_MONTHS_AFTER_RE = re.compile(
    r"(?P<n>\d{1,3})\s+(?i:jaar)(?P<tail>\s+(?i:en)\s+\d{1,2}\s+(?i:mnd\.?|maanden|maand)(?![\w]))"
)


_RANGE_BEFORE = re.compile(r"(?i)(?:tussen|van)\s+(?:de\s+)?\Z")
_SPLIT_TENS_RE = re.compile(
    r"(?i)(?<![\w-])(?:[1-9]|een|twee|drie|vier|vijf|zes|zeven|acht|negen)\s+en\s+(?P<n>"
    + "|".join(TENS)
    + r")(?![\w-])"
)


def _rewritten(text: str, low: str, digits: bool) -> tuple[str, dict[int, tuple[int, int]]]:
    """``text`` with each addition blanked and the number moved to the end of its form ("tweeënhalf" becomes
    "      twee", so that what follows it still follows it), and per moved number: where it now starts -> (its
    start in ``text``, the end of what it stands for)."""
    chars: list[str] = []  # made only when something is rewritten: most texts have none of these forms
    kept: dict[int, tuple[int, int]] = {}
    rules = (
        (_HALF_SIGN_RE, digits and "½" in text),
        (_HALF_WORD_RE, "enhalf" in low or "ënhalf" in low),
        (_PLUS_RE, "plus" in low or "-iets" in low or (digits and "+" in text)),  # "60-plus", "veertig-iets"
        (_MONTHS_AFTER_RE, digits and ("maand" in low or "mnd" in low) and "jaar en" in low),
        (_ATTACHED_YEARS_RE, digits and _YEARS_HINT.search(low) is not None),
    )
    for rx, possible in rules:
        for m in rx.finditer(text) if possible else ():
            chars = chars or list(text)
            tail = "tail" in rx.groupindex  # months after the years: only the years are the age
            a, b = m.start("n"), m.end()
            stays = text[a : m.start("tail")] if tail else m.group("n")
            chars[a:b] = " " * (b - a - len(stays)) + stays
            kept[b - len(stays)] = (a, m.end("n") if tail else b)
    if " en " in low and any(t in low for t in TENS):
        # A compound split by speech recognition: "die was 2 en dertig" (twelfth dev author); the tens stay.
        for m in _SPLIT_TENS_RE.finditer(text):
            if _RANGE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "tussen de zes en twintig jaar": a range
            chars = chars or list(text)
            a, b = m.start(), m.end()
            chars[a:b] = " " * (b - a - len(m.group("n"))) + m.group("n")
            kept[b - len(m.group("n"))] = (a, b)
    if digits and ("±" in text or "~" in text or "+-" in text or "+/-" in text):
        for m in _APPROX_SIGN_RE.finditer(text):
            chars = chars or list(text)
            chars[m.start("sign") : m.end("sign")] = " " * (m.end("sign") - m.start("sign"))
            kept[m.start("n")] = (m.start("n"), m.start("n"))
    return ("".join(chars) if chars else text), kept


def _via_anchors(
    text: str, low: str, digits: bool, anchored: Callable[[str], Iterable[Found]]
) -> Iterator[Found]:
    rewritten, kept = _rewritten(text, low, digits)
    if not kept:
        return
    for s, e, category in anchored(rewritten):
        if category == LEEFTIJD and s in kept:
            start, end = kept[s]
            yield start, max(end, start + e - s), LEEFTIJD


# --- direct forms ----------------------------------------------------------------------------------------------
_SEX_SIGN_RE = re.compile(rf"[♂♀]\s*[,/:]?\s*(?P<n>{_NUM})(?:\s*(?i:jr|jaar|j)\.?)?(?![\w%€]|[.,:/-]\d)")
_SEX_LETTER_HINT = re.compile(r"[MV][1-9]")
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
# Matched from each separator before a second pronoun (", zij ", " en hij "): the pair before and after it.
_PAIR_LEFT_RE = re.compile(rf"(?<![\w-]){_PRONOUN}\s+{_APPROX}(?P<a>{_N})(?:\s+(?i:aan))?\s*\Z")
_PAIR_RIGHT_RE = re.compile(
    rf"\s*(?:,\s*(?:(?i:en)\s+)?|\s+(?i:en)\s+){_PRONOUN}\s+{_APPROX}(?P<b>{_N}){_NOT_UNIT}"
)
# The second pronoun of a pair comes after a comma or "en": without one of these the pair cannot match.
_SECOND_PRONOUN = (", hij ", ", zij ", ", ze ", ", ik ", " en hij ", " en zij ", " en ze ", " en ik ")
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
# A capitalised word after it is a name only after "de" or nothing: "zijn 7 jaar oude Volvo" is a car. Matched
# back from each "oude" (a scan for every number before "jaar" would be slow).
_OLD_LEFT_RE = re.compile(
    rf"(?<![\w-])(?P<det>(?i:een|zijn|z'n|haar|d'r|mijn|m'n|hun|onze|ons|jouw|je)\s+)?(?P<n>{_N})\s+"
    r"(?i:jaar|maanden|maand|weken)\s+\Z"
)
_OLD_RIGHT_RE = re.compile(rf"\s+(?:(?P<noun>(?i:{_PERSON_ALT}))|[A-Z][a-zà-ÿ]+)(?!\w)")


# "Dochter: 11 jaar." in notes; "een tienermoeder van 17", "een zakenman van 50": a compound person word.
# A guess with a modal verb, the age before "zijn": "Ze zal nu zo'n 35 zijn", "Hij moet inmiddels 80 zijn" (singular
# verbs only: "ze zullen 20 zijn" counts people).
_MODAL_RE = re.compile(
    r"(?<![\w'-])(?P<subj>[^\W\d_][\w'-]*)\s+(?i:zal|zou|moet|moest|kan|kon|mag)\s+"
    r"(?:(?i:nu|toen|ongeveer|zo'n|wel|al|inmiddels|ook|dan|bijna|ruim|rond\s+de|een\s+jaar\s+of)\s+){0,3}"
    rf"(?P<n>{_N})\s+(?:(?i:jaar)\s+)?(?:(?i:oud)\s+)?(?i:zijn|worden|geweest|geworden)(?!\w)"
)
_MODAL_HINT = re.compile(r"(?<!\w)(?:zal|zou|moet|moest|kan|kon|mag)\s")
_NOT_SUBJECTS = frozenset({"het", "dat", "dit", "er", "wat", "die", "deze", "alles", "niets", "iets"})
_AFTER_COLON_RE = re.compile(rf"\s+(?P<n>{_N})(?:\s+(?i:jaar|jr\.?))?(?=\s*[,.;)]|\s*$|\s+(?i:oud)(?!\w))")
_WORD_BEFORE_RE = re.compile(r"(?<![\w-])([^\W\d_]+)\Z")
# Found from the person word at its end (a scan for every word that ends so would be slow), then the word before.
_COMPOUND_OF_RE = re.compile(
    r"(?P<noun>moeder|vader|zoon|dochter|jongen|meisje|vrouw|man|kind|broer|zus)"
    rf"\s+van\s+(?P<n>{_N})(?P<years>\s+(?i:jaar))?{_NOT_UNIT}"
    r"(?!\s*(?:-|ton|kilo|meter|liter|cm|km|m2|hoog|hg|verdieping|etage|tot|t/m)(?!\w))"
)
_COMPOUND_HEAD_RE = re.compile(r"(?<![\w-])[a-zà-ÿ]{3,}\Z")


def _not_a(word: str) -> bool:
    return word.lower() not in ("een", "één")


def _score_talk(text: str, s: int, e: int) -> bool:
    window = text[max(0, s - 150) : e + 60].lower()
    return any(p in window for p in SCORE_PARTS)


def _sentence(text: str, s: int, e: int) -> str:
    a = max(text.rfind(c, 0, s) for c in ".!?\n")
    b = min((i for i in (text.find(c, e) for c in ".!?\n") if i >= 0), default=len(text))
    return text[a + 1 : b]


# As a letter or report writes an age (sixteenth dev author): "14-06-1985 (34 j)" after a date of birth, "een 34
# j.o. alleenwonende man" (jaar oud).
_AGE_AFTER_BIRTH_DATE_RE = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d\s*\(\s*(?P<n>1[01]\d|[1-9]?\d)\s*"
    r"(?:j|jr|jaar)?\.?\s*\)"
)
# Not a range or a lower bound: "6-12 j.o.", "12 j.o. en ouder", as with "jaar oud".
_YEARS_OLD_RE = re.compile(
    r"(?<![\w,.–-])(?<![–-]\s)(?P<n>1[01]\d|[1-9]?\d)\s?j\.\s?o\.(?!\w)(?!\s+en\s+(?:ouder|jonger|meer))"
)


def _direct(text: str, low: str, digits: bool) -> Iterator[Found]:
    if digits and "(" in text:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _AGE_AFTER_BIRTH_DATE_RE.finditer(text))
    if digits and "j." in low:
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _YEARS_OLD_RE.finditer(text))
    if digits and ("♂" in text or "♀" in text):
        yield from ((m.start("n"), m.end("n"), LEEFTIJD) for m in _SEX_SIGN_RE.finditer(text))
    if digits and _SEX_LETTER_HINT.search(text):
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
    for sep in _SECOND_PRONOUN:
        at = low.find(sep)
        while at >= 0:
            left = _PAIR_LEFT_RE.search(text, max(0, at - 40), at)
            right = _PAIR_RIGHT_RE.match(text, at) if left is not None else None
            ages = right is not None and _not_a(left.group("a")) and _not_a(right.group("b"))
            if ages and not _score_talk(text, left.start(), right.end()):
                yield left.start("a"), left.end("a"), LEEFTIJD
                yield right.start("b"), right.end("b"), LEEFTIJD
            at = low.find(sep, at + 1)
    colon = text.find(":")
    while colon > 0:  # from each colon, not a scan for two hundred person words
        word = _WORD_BEFORE_RE.search(text, max(0, colon - 30), colon)
        m = _AFTER_COLON_RE.match(text, colon + 1) if word and word.group(1).lower() in PERSON_NOUNS else None
        if m is not None:
            yield m.start("n"), m.end("n"), LEEFTIJD
        colon = text.find(":", colon + 1)
    if ("zijn" in low or "word" in low or "gewe" in low) and _MODAL_HINT.search(low):
        for m in _MODAL_RE.finditer(text):
            subj = m.group("subj").lower()
            person = (
                subj in PERSON_NOUNS
                or subj in ("hij", "zij", "ze", "ik", "jij", "je", "u")
                or m.group("subj")[0].isupper()
            )
            if person and subj not in _NOT_SUBJECTS and _not_a(m.group("n")):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if " van " in low:
        for m in _COMPOUND_OF_RE.finditer(text):
            head = _COMPOUND_HEAD_RE.search(text, max(0, m.start() - 30), m.start())
            if head is None:
                continue
            # "een tienermoeder van drie" has three children
            few = not m.group("n").isdigit() or int(m.group("n")) < 13
            parent = m.group("noun") in ("moeder", "vader") and few and not m.group("years")
            known = head.group() + m.group("noun") in PERSON_NOUNS  # "buurman": the anchored finder's
            if _not_a(m.group("n")) and not parent and not known:
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "oud" in low:
        for m in _LIST_OLD_RE.finditer(text):
            for n in _LIST_NUMBER_RE.finditer(text, m.start("list"), m.end("list")):
                if _not_a(n.group()):
                    yield n.start(), n.end(), LEEFTIJD
        at = low.find(" oude ")
        while at >= 0:
            left = _OLD_LEFT_RE.search(text, max(0, at - 40), at + 1)
            right = _OLD_RIGHT_RE.match(text, at + 5) if left is not None else None
            if (
                right is not None
                and _not_a(left.group("n"))
                and (right.group("noun") or not left.group("det"))
            ):
                yield left.start("n"), left.end("n"), LEEFTIJD
            at = low.find(" oude ", at + 1)


def find_age_forms(
    text: str, low: str, anchored: Callable[[str], Iterable[Found]], digits: bool = True
) -> Iterator[Found]:
    """The ages of the module docstring in ``text`` (``low``: its lowercase form; ``digits``: whether it holds a
    digit); ``anchored``: the anchored age finder, run again on the rewritten text."""
    low = low if len(low) == len(text) else lower_aligned(text)
    yield from _via_anchors(text, low, digits, anchored)
    yield from _direct(text, low, digits)
