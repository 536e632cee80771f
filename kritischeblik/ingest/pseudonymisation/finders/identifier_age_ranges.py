"""Ages the anchored finder (:mod:`.identifier_ages`) and the phrases (:mod:`.identifier_age_phrases`) miss, from the
fourth dev author: ranges ("die is 6 - 7", "een jaar of tien, elf", "tussen de 40 en 45", "twaalf, dertien jaar",
"dus dertien-veertien", "een meisje van 15-16"), case-note shorthand for sex and age ("(m, 14)", "m, 41", "v/39",
"K. (9)"), a rank word with a bare age ("de oudste 17"), "wordt volgende week zaterdag zestien", a bare age as its own sentence after a name ("Gerard van den Heuvel. 92."), an age restated after a date of
birth ("16 juni 1937, dat is 83 nu"), "iemand van drieëntachtig", "Omar, van vijf maanden". Only the numbers are
replaced, as for every age.

A range is an age only where a single number would be one (the same anchors, run on the text with the second
number blanked out), or where its form says so: ``jaar`` closing the clause, or ``dus``/``is``/``ongeveer`` before
a bare range. Its numbers lie at most five apart: "kinderen van 4 tot 12" is a group, "2 à 3 jaar" a duration.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..categories import DATUM, LEEFTIJD
from .age_words import DURATION_BEFORE, FULL_MONTH_ALT
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_NUM = r"(?:1[01]\d|[1-9]\d?)"
_N = rf"(?:{_NUM}(?![\w%€]|[.,:/]\d)|(?i:{SPELLED})(?![\w]))"
_END = r"(?=\s*[,.;:!?)…]|\s*$)"
# What may follow an age and still leave it an age (not "uur", "keer", "euro", "kinderen"...).
_AGE_TAIL = (
    r"(?=\s*[,.;:!?)…]|\s*$|\s+(?i:en|of|ofzo|jaar|jr|denk|schat|geloof|nu|dus|maar|hoor|toch|zit|is|was|misschien"
    r"|ongeveer)(?!\w)"
    # the next birthday: "die is 46, zevenenveertig in april"
    rf"|\s+(?i:in\s+(?:{FULL_MONTH_ALT}))(?!\w))"
)
_SEP = r"(?:\s*[-–]\s*|,\s*|\s+(?i:à|a|á|of)\s+)"
_RANGE_RE = re.compile(rf"(?<![\w.,/-])(?P<a>{_N})(?P<sep>{_SEP})(?P<b>{_N}){_AGE_TAIL}")
# A number's last letters or digit, a range sign, a number's first letters or digit: cheap, before _RANGE_RE.
_RANGE_HINT = re.compile(
    r"(?:\d|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|honderd)"
    r"\s*(?:[-–,]|\s(?:à|a|á|of)\s)\s*"
    r"(?:\d|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|twintig|dertig"
    r"|veertig|vijftig|zestig|zeventig|tachtig|negentig|honderd)"
)
_RANGE_YEARS_RE = re.compile(
    rf"(?<![\w.,/-])(?P<a>{_N}){_SEP}(?P<b>{_N})\s+(?i:jaar)(?:\s+(?i:oud))?{_END}", re.MULTILINE
)
_BARE_RANGE_RE = re.compile(
    rf"(?<!\w)(?i:dus|is|was|ongeveer|zo'n|pakweg|circa|ca\.|plusminus|rond|nu|inmiddels)\s+(?P<a>{_N})\s*[-–]\s*"
    rf"(?P<b>{_N})(?:\s+(?i:ongeveer|ofzo|of\s+zo|denk\s+ik|schat\s+ik))?{_END}",
    re.MULTILINE,
)
_BETWEEN_RE = re.compile(
    rf"(?<!\w)(?i:tussen)\s+(?i:de\s+)?(?P<a>{_N})\s+(?i:en)\s+(?P<b>{_N})(?:\s+(?i:jaar))?"
    r"(?=\s*[,.;:!?)…]|\s*$|\s+(?i:oud|in|of|ofzo|denk|schat|geloof|werkt|woont|is|was)(?!\w))",
    re.MULTILINE,
)
_MORE_RE = re.compile(rf"\A(?P<sep>{_SEP})(?P<b>{_N}){_AGE_TAIL}")
# Case notes: "(m, 14)", "m, 41", "v/39", "(14, v)", "K. (9)", "T. (4 jr)".
_SEX_AGE_RE = re.compile(
    rf"(?:(?<=\()|(?<=,\s)|(?<=^))[mvMV]\s*[,/]\s*(?P<n>{_NUM})(?:\s*(?i:jr|jaar)\.?)?(?![\w%€]|[.,:/-]\d)",
    re.MULTILINE,
)
_AGE_SEX_RE = re.compile(rf"\(\s*(?P<n>{_NUM})\s*(?:(?i:jr|jaar)\.?)?\s*[,/]\s*[mvMV]\s*\)")
# One scan that says whether any of the three can match.
_NOTE_HINT = re.compile(r"(?<![\w.])[mvMV]\s*[,/]\s*\d|\(\s*\d|[A-Z]\.\s*\(")
_INITIAL_AGE_RE = re.compile(rf"(?<![\w.])[A-Z]\.\s*\(\s*(?P<n>{_N})\s*(?:(?i:jr|jaar)\.?)?\s*\)")
_RANK_RE = re.compile(
    rf"(?<![\w-])(?i:oudste|jongste|middelste|kleinste|grootste)\s+(?P<n>{_N})"
    r"(?=\s*[,.;:!?)…]|\s*$|\s+(?i:en|jaar)(?!\w))",
    re.MULTILINE,
)
_TIME_WORD = (
    r"(?i:volgende|komende|deze|vorige|week|maand|zomer|winter|herfst|lente|morgen|overmorgen|straks|"
    r"binnenkort|eindelijk|pas|al|echt|dan|over|op|in|na|twee|drie|vier|weken|dagen|maanden|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|januari|februari|maart|april|mei|juni|juli|"
    r"augustus|september|oktober|november|december)"
)
_BECOMES_RE = re.compile(
    rf"(?<!\w)(?P<subj>[\w']+)\s+(?i:wordt|word|werd)\s+(?:{_TIME_WORD}\s+){{1,4}}(?P<n>{_N})"
    r"(?=\s*[,.;:!?)…]|\s*$|\s+(?i:en|jaar)(?!\w))",
    re.MULTILINE,
)
_NOT_PERSON_SUBJECTS = frozenset(["het", "dat", "dit", "er", "wat"])
# "Gerard van den Heuvel. 92.": a sentence that is only an age, after a sentence ending in a name.
_BARE_SENTENCE_RE = re.compile(r"(?<=[^\W\d_]\.\s)(?P<n>\d{1,3})(?=\.(?:\s|$))")
_NAME_END_RE = re.compile(r"(?:^|[^.!?:\n]*\s)(?P<w>[A-Z][^\W\d_]+)\.\s\Z")
_AFTER_BIRTH_RE = re.compile(
    rf"\A\s*,?\s*(?:(?i:dus|en)\s+)?(?:(?i:dat|die|hij|ze|zij|ie)\s+(?i:is|wordt|werd|was)\s+)?"
    rf"(?:(?i:nu|dus|inmiddels|al|bijna|net)\s+)?(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"(?=\s*[,.;:!?)…]|\s*$|\s+(?i:nu|dus|geworden|oud)(?!\w))"
)
# "voor iemand van drieëntachtig heel lang": a degree word after it comments on that person's age; "iemand van 80
# die alleen woont" describes a kind of person and stays (see _R_ANYONE_OF in identifier_ages).
_ANYONE_RE = re.compile(
    rf"(?<!\w)(?i:iemand|een\s+mens|een\s+persoon)\s+van\s+(?P<n>{_N})(?:\s+(?i:jaar))?"
    r"(?=\s+(?i:heel|erg|best|nogal|veel|te|zo)(?!\w))",
    re.MULTILINE,
)
_NAME_OF_RE = re.compile(
    rf"(?<![\w-])[A-Z][^\W\d_]+,\s+(?i:van)\s+(?P<n>{_N})\s+(?i:jaar|maanden|maand|weken|week)(?!\w)"
)


def _close(a: str, b: str) -> bool:
    """Two numbers that can be the ends of an age range: the second 1 to 5 above the first."""
    va, vb = number_value(a), number_value(b)
    return va is not None and vb is not None and 1 <= vb - va <= 5 and va >= 1


def _pair(m: re.Match[str]) -> Iterator[Found]:
    yield m.start("a"), m.end("a"), LEEFTIJD
    yield m.start("b"), m.end("b"), LEEFTIJD


def _not_a(word: str) -> bool:
    return word.lower() not in ("een", "één")


def _ranges(
    text: str, anchored: Callable[[str], Iterable[Found]], ages: set[tuple[int, int]]
) -> Iterator[Found]:
    """Ranges where the single first number would be an age: the second number blanked, the anchors run again."""
    chars = list(text)
    firsts: dict[int, tuple[int, int]] = {}
    for m in _RANGE_RE.finditer(text):
        if _close(m.group("a"), m.group("b")) and _not_a(m.group("a")):
            if (m.start("a"), m.end("a")) in ages:
                yield m.start("b"), m.end("b"), LEEFTIJD
                continue
            chars[m.start("sep") : m.end("b")] = " " * (m.end("b") - m.start("sep"))
            firsts[m.start("a")] = (m.start("b"), m.end("b"))
    if not firsts:
        return
    for s, e, category in anchored("".join(chars)):
        if category == LEEFTIJD and s in firsts:
            yield s, e, LEEFTIJD
            yield (*firsts[s], LEEFTIJD)


def find_age_ranges(
    text: str,
    low: str,
    ages: Iterable[Found],
    anchored: Callable[[str], Iterable[Found]],
    dates: Iterable[Found] = (),
    numbers: int = 2,
) -> Iterator[Found]:
    """The ages described in the module docstring (``low``: ``text`` in lowercase). ``ages``: ages found
    already (a range or a list may go on after them); ``anchored``: the anchored age finder, run again on the
    text with range ends blanked; ``dates``: dates found, after which an age may be restated; ``numbers``: how
    many numbers the text may hold at least (a range needs two; each scan runs only when it can match)."""
    ages = [a for a in ages if a[2] == LEEFTIJD]
    spans = {(s, e) for s, e, _ in ages}
    for s, e, _ in ages:
        m = _MORE_RE.match(text[e : e + 40])
        if m is not None and _close(text[s:e], m.group("b")):
            yield e + m.start("b"), e + m.end("b"), LEEFTIJD
    dash = "-" in text or "–" in text
    if numbers >= 2:
        # Without spelled numbers (``numbers`` counts them as two) a range needs two digit groups side by side.
        if _RANGE_HINT.search(low):
            yield from _ranges(text, anchored, spans)
        for rx in (_RANGE_YEARS_RE,) * ("jaar" in low) + (_BARE_RANGE_RE,) * dash:
            for m in rx.finditer(text):
                before = text[max(0, m.start() - 20) : m.start()].split()
                duration = (
                    rx is _RANGE_YEARS_RE and before and before[-1].lower().strip(",") in DURATION_BEFORE
                )
                if _close(m.group("a"), m.group("b")) and not duration and _not_a(m.group("a")):
                    yield from _pair(m)
        if "tussen" in low:
            for m in _BETWEEN_RE.finditer(text):
                if _close(m.group("a"), m.group("b")) or (
                    (va := number_value(m.group("a"))) is not None
                    and va >= 18
                    and number_value(m.group("b")) == va + 10
                ):
                    yield from _pair(m)
    if _NOTE_HINT.search(text):
        yield from _notes(text)
    yield from _elliptic(text, low, numbers > 0)
    for s, e, category in dates:
        if category == DATUM and re.search(r"\d{4}|'\d\d|(?i:duizend|negentien)", text[s:e]):
            m = _AFTER_BIRTH_RE.match(text[e : e + 60])
            if m is not None and _not_a(m.group("n")):
                yield e + m.start("n"), e + m.end("n"), LEEFTIJD


def _notes(text: str) -> Iterator[Found]:
    """Case-note shorthand: sex and age, an initial with an age in brackets."""
    for rx in (_SEX_AGE_RE, _AGE_SEX_RE, _INITIAL_AGE_RE):
        for m in rx.finditer(text):
            if m.group("n").isdigit() and int(m.group("n")) > 110:
                continue
            yield m.start("n"), m.end("n"), LEEFTIJD


def _elliptic(text: str, low: str, digits: bool) -> Iterator[Found]:
    """Ages without the verb the anchored finder wants."""
    rank = any(w in low for w in ("oudste", "jongste", "middelste", "kleinste", "grootste"))
    anyone = "iemand" in low or "een mens" in low or "een persoon" in low
    for rx in (_RANK_RE,) * rank + (_ANYONE_RE,) * anyone + (_NAME_OF_RE,) * (", van " in low):
        for m in rx.finditer(text):
            if _not_a(m.group("n")):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "word" in low or "werd" in low:
        for m in _BECOMES_RE.finditer(text):
            if m.group("subj").lower() not in _NOT_PERSON_SUBJECTS and _not_a(m.group("n")):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if digits and ". " in text:
        for m in _BARE_SENTENCE_RE.finditer(text):
            before = _NAME_END_RE.search(text[max(0, m.start() - 80) : m.start()])
            if before is not None and 1 <= int(m.group("n")) <= 110 and not _sentence_start(before):
                yield m.start("n"), m.end("n"), LEEFTIJD


def _sentence_start(m: re.Match[str]) -> bool:
    """Whether the capitalised word before a bare number only starts its sentence ("Ja. 12.")."""
    return not m.group().strip()[: m.start("w") - m.start()].strip()
