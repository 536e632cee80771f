"""Ages said twice or against another's age, as speech recognition and hurried speech put them:

* the same number twice in a row, in digits or words ("ze is 41 41 jaar", "die is negentien negentien ja",
  "ronald is 61 eenenzestig"): the finders read the text with the second copy blanked out, and an age they
  find there takes its copy along (:func:`doubled_ages`);
* an age corrected or guessed again right after it, a year or two off ("Die is... zestig. Eenenzestig?", "zes,
  zeven misschien"): a bare number that ends its clause (:func:`next_guesses`);
* the age one feels ("ik voel me geen 85");
* an age given against someone else's ("twee jaar ouder, dus achtenzestig", "een paar jaar jonger,
  zesenzeventig denk ik", "een stuk ouder, ik denk vijfentwintig, zesentwintig"): a bare number, hedged or
  not, that ends its clause after ``ouder``/``jonger`` in the same sentence (:func:`comparative_ages`).

Pure; :func:`.identifiers.find_identifiers` adds these spans to the others, never removes one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..categories import LEEFTIJD
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_NUMBER = rf"(?:1[01]\d|[1-9]\d?|(?i:{SPELLED}))"
# Two numbers with one space or a comma between them, not inside a longer group of digits ("06 12 12 34"): the
# same word twice, or digits and a number word. Found from cheap hints (a word said twice, digits): a scan for
# every number word at every position cost a twentieth of all the finders together.
_TAIL = r"(?![\w%€]|[.,:/-]\d| \d)"
_SAME_RE = re.compile(
    rf"(?<![\w,.:/-])(?<!\d )(?P<a>\d{{1,3}}|[^\W\d_]{{3,}})(?P<gap>,? )(?P<b>(?i:(?P=a))){_TAIL}"
)
_STEMS = "een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|honderd"
_DIGITS_WORD_RE = re.compile(
    rf"(?<![\w,.:/-])(?<!\d )(?P<a>\d{{1,3}})(?P<gap>,? )(?P<b>[^\W\d_]*(?i:{_STEMS})){_TAIL}"
)
_GAP_DIGITS_RE = re.compile(rf"(?<=[^\W\d_])(?P<gap>,? )(?P<b>\d{{1,3}}){_TAIL}")
_WORD_BEFORE_RE = re.compile(rf"(?<![\w,.:/-])(?<!\d )[^\W\d_]*(?i:{_STEMS})\Z")


def _pairs(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end) of both numbers of each pair said twice."""
    out = []
    words = text.replace(",", " ").lower().split()
    if any(a == b for a, b in zip(words, words[1:], strict=False)):
        out += [(m.start("a"), m.end("a"), m.start("b"), m.end("b")) for m in _SAME_RE.finditer(text)]
    if any(c.isdigit() for c in text):
        out += [(m.start("a"), m.end("a"), m.start("b"), m.end("b")) for m in _DIGITS_WORD_RE.finditer(text)]
        for m in _GAP_DIGITS_RE.finditer(text):
            w = _WORD_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
            if w is not None:
                out.append((w.start(), w.end(), m.start("b"), m.end("b")))
    return [
        (a, b, c, d)
        for a, b, c, d in out
        if (value := number_value(text[a:b].lower())) is not None
        and 0 < value < 120
        and value == number_value(text[c:d].lower())
    ]


def doubled_ages(text: str, find: Callable[[str], list[Found]], found: list[Found]) -> list[Found]:
    """Ages of a number said twice (see the module docstring); ``find`` finds identifiers in a text, ``found``
    is what it found in ``text`` itself (only spans it did not have are returned)."""
    pairs = _pairs(text)
    if not pairs:
        return []
    copy = list(text)
    for _, a_end, _, b_end in pairs:
        copy[a_end:b_end] = " " * (b_end - a_end)
    out: list[Found] = []
    for start, end, category in find("".join(copy)):
        if category != LEEFTIJD:
            continue
        for a, a_end, b, b_end in pairs:
            if start <= a and a_end <= end:
                # the numbers alone: in the copy a span may run on over the blanked stretch ("10, tien en een half")
                out += [(a, a_end, LEEFTIJD), (b, b_end, LEEFTIJD)]
    return [span for span in out if span not in found]


_HEDGE = r"(?:(?i:dus|ik\s+denk|ik\s+schat|ik\s+gok|denk\s+ik|zo'n|ongeveer|eh|ehm|nou|ja|inmiddels|nu|al),?\s+){0,3}"
_COMPARATIVE_RE = re.compile(
    # without a comma as speech recognition types it: "een paar jaar ouder ik denk 49 50" (twentieth dev author)
    r"(?<![\w-])(?i:ouder|jonger)(?P<rest>[^.!?\n]{0,30}?)(?:[,:]\s+|\s+(?=(?i:dus|ik|denk|zo'n|ongeveer|eh|ehm|nou|ja)\s))"
    + _HEDGE
    + rf"(?P<n>{_NUMBER})"
    rf"(?P<more>(?:\s+(?i:denk|geloof)\s+(?i:ik))?(?:,\s+(?:(?i:of)\s+)?|\s+(?:(?i:of)\s+)?)(?P<n2>{_NUMBER}))?"
    r"(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:denk\s+ik|geloof\s+ik|schat\s+ik|of\s+zo|ofzo|jaar|misschien|ongeveer|en|die)"
    r"(?!\w))"
)
# What may stand between the comparative and the comma: "twee jaar ouder", "een stuk ouder dan ik".
_REST_RE = re.compile(r"(?i)\s*(?:dan\s+(?:ik|hij|zij|ze|haar|hem|mij|m'n\s+\w+|mijn\s+\w+|zijn\s+\w+))?\s*")


_ONE = frozenset({"een", "één"})


# The age one feels: "ik ben zelf 85 maar ik voel me geen 85" (twentieth dev author), "ik voel me nog 30".
_FELT_RE = re.compile(
    r"(?<!\w)(?i:voel|voelt|voelde|voelen)\s+(?i:me|mij|zich|je|ik\s+me)\s+"
    r"(?:(?i:nog\s+steeds|nog|echt|helemaal|pas|wel|net|eerder|meer)\s+)?"
    rf"(?:(?i:geen)\s+)?(?P<n>{_NUMBER})(?P<years>\s+(?i:jaar))?(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:hoor|meer|maar|en)(?!\w))"
)


def comparative_ages(text: str) -> Iterator[Found]:
    """Ages given against another's age, and the age one feels (see the module docstring)."""
    if "voel" in text:
        for m in _FELT_RE.finditer(text):
            value = number_value(m.group("n").lower())
            # a grade is no age: "ik voel me een 7", "ik voel me 8" (review); "ik voel me geen 85" is
            if value is not None and (value >= 13 or m.group("years")):
                yield m.start("n"), m.end("n"), LEEFTIJD
    if "ouder" not in text and "jonger" not in text:
        return
    for m in _COMPARATIVE_RE.finditer(text):
        if not _REST_RE.fullmatch(m.group("rest")) or m.group("n").lower() in _ONE:
            continue  # "een jaar ouder, een jaar of": an article
        yield m.start("n"), m.end("n"), LEEFTIJD
        if m.group("n2") is not None:
            yield m.start("n2"), m.end("n2"), LEEFTIJD


# "8 jaar geleden": a span of time, not an age guessed again.
_SPAN_AFTER = r"geleden|terug|later|lang|eerder|ervoor|daarna|daarvoor|verder|getrouwd|samen"
_NEXT_GUESS_RE = re.compile(
    r"[\s.,?!…]+(?:(?i:nee|of|of\s+nee|nee\s+wacht|ja|eh|misschien),?\s+)?"
    rf"(?P<n>{_NUMBER})(?=\s*(?:[,.;:!?)…]|$)|\s+(?i:jaar(?!\s+(?:{_SPAN_AFTER}))|denk|geloof|misschien|of\s+zo|ofzo)(?!\w))"
)


def next_guesses(text: str, found: list[Found]) -> Iterator[Found]:
    """Ages said again a year or two off right after an age in ``found`` (see the module docstring)."""
    for start, end, category in found:
        if category != LEEFTIJD:
            continue
        value = number_value(text[start:end].lower())
        m = _NEXT_GUESS_RE.match(text, end)
        if value is None or m is None or m.group("n").lower() in _ONE:
            continue
        other = number_value(m.group("n").lower())
        if other is not None and abs(other - value) <= 3:  # "Die is 12. Twaalf." too (twentieth dev author)
            yield m.start("n"), m.end("n"), LEEFTIJD
