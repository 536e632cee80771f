"""Identifiers that a speaker turn breaks off, from the fourth dev author:

    Roos: ... Ze woont op de Vleutenseweg, nummer
    Fatma: Honderdnogwat?
    Roos: 188 C, ja, met de C van Cor.

Each turn is pseudonymised as its own piece, so "nummer" and "188 C" never meet. When a turn ends hanging (a
dash, a slash, a colon, a digit, or a cue word such as "nummer", "postcode", "kenmerk") and the speaker's next words
start with a digit, the two are read together: the turn before, skipping a short interjection of at most four
words, and the turn after. Only the spans that cross the join are taken, each clipped to its own turn, so a turn
keeps every span it had alone.

From the fifth dev author: an answer to a question about someone's age in the turn before ("Hoe oud is de
jongste?" / "Twee. Nee, tweeënhalf inmiddels.") is read with the question, and the ages found at the start of the
answer are taken. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from ..categories import LEEFTIJD
from .identifier_birthdays import answers_a_birthday, birthday_at_start
from .spoken_numbers import SPELLED, SPELLED_HALF

Found = tuple[int, int, str]

_HANGING = re.compile(
    r"(?:[-/:]|\d|(?<!\w)(?i:nummer|nr\.?|huisnummer|postcode|kenmerk|dossiernummer|zaaknummer|cliëntnummer"
    r"|klantnummer|telefoonnummer|bsn|iban|kenteken|rekeningnummer))[ \t]*\Z"
)
_HANGING_LONGEST = len("telefoonnummer")


def _hangs(text: str) -> bool:
    """Does ``text`` end hanging? :data:`_HANGING` is anchored at the end, so it is tried on the last characters
    only (the lookbehind still sees the text before them): a search from the start tries every position."""
    return _HANGING.search(text, max(0, len(text.rstrip(" \t")) - _HANGING_LONGEST)) is not None


_STARTS_WITH_NUMBER = re.compile(r"\A[ \t]*(?:\d|[A-Z]{1,3}[-\s]?\d)")
_REACH = 120
_INTERJECTION_WORDS = 4
# A turn that ends asking how old someone is, and an answer that starts with a number (after a filler or two).
_HOW_OLD_END = re.compile(r"(?i)(?<!\w)hoe\s+oud(?!\w)[^.!?\n]{0,100}\?[\s\"'”’]*\Z")
_STARTS_WITH_AGE = re.compile(
    rf"\A[ \t]*(?:(?i:eh|ehm|nou|ja|uh|oh|ik\s+denk|ik\s+schat|zo'n|ongeveer|bijna)[,.]?\s+){{0,2}}"
    rf"(?:\d|(?i:{SPELLED_HALF}|{SPELLED}|anderhalf)(?![\w-]))"
)
_ANSWER_REACH = 80
# A family interview: a turn that says an age ("ik ben twaalf", "die is negen", "Je bent eenenzestig"), and the
# next that corrects it with a bare number ("Elf." / "Bijna twaalf!" / "Negen en driekwart."; fourteenth dev
# author).
_AGE_SAID = re.compile(
    # A person says it: "ik ben twaalf", "die is negen", "Sem is negen"; not "de huur is 650", "het is tien".
    r"(?:(?<!\w)(?i:ik|je|jij|u|hij|zij|ze|die)|(?<![\w'])(?!(?:Het|Dat|Dit|Er|Wat|Dan|Nu)\s)[A-Z][a-zà-ÿ]+)\s+"
    rf"(?i:ben|bent|is|was|wordt|word|werd)\s+(?:(?i:nu|al|bijna|pas|net|ook)\s+)?"
    rf"(?:\d{{1,3}}|(?i:{SPELLED}))(?:\s+(?i:jaar))?(?=\s*[,.!?;]|\s*$|\s+(?i:en|maar|of|nu)(?!\w))"
)
_BARE_AGE = re.compile(
    r"\A[ \t]*(?:(?i:bijna|nee|net|pas|ruim|al)[,]?\s+)?"
    rf"(?P<n>\d{{1,3}}|(?i:{SPELLED}))(?:\s+(?i:en\s+(?:een\s+half|driekwart|een\s+kwart|half)))?"
    r"(?=\s*[,.!?]|\s*$)"
)
_AGE_REACH = 160


def corrects_an_age(pieces: Sequence[str], i: int) -> bool:
    """Whether turn ``i`` is a bare number right after a turn that said an age, or after such a correction."""
    if i < 1 or _BARE_AGE.match(pieces[i]) is None:
        return False
    if _AGE_SAID.search(pieces[i - 1][-_AGE_REACH:]):
        return True
    return (
        i >= 2
        and _BARE_AGE.match(pieces[i - 1]) is not None
        and bool(_AGE_SAID.search(pieces[i - 2][-_AGE_REACH:]))
    )


AGE = "leeftijd"
BIRTHDAY = "verjaardag"


def answer_kind(pieces: Sequence[str], i: int) -> str | None:
    """What turn ``i`` answers or corrects in the turn before it: an age (:func:`corrects_an_age`), a birthday
    (:func:`.identifier_birthdays.answers_a_birthday`), or nothing (None)."""
    if corrects_an_age(pieces, i):
        return AGE
    return BIRTHDAY if answers_a_birthday(pieces, i) else None


def corrected_age(text: str) -> Found | None:
    """The age a turn starts with (see :func:`corrects_an_age`; the caller knows the turns before)."""
    m = _BARE_AGE.match(text)
    return None if m is None else (m.start("n"), m.end(), LEEFTIJD)


def neighbours(pieces: Sequence[str], i: int) -> tuple[str, str]:
    """The turn before ``pieces[i]`` and the turn after it, each skipping one short interjection; "" where
    there is none or where the join cannot hold an identifier (so callers can skip the work)."""
    before = after = ""
    if _STARTS_WITH_NUMBER.match(pieces[i]):
        j = i - 1
        if j >= 1 and len(pieces[j].split()) <= _INTERJECTION_WORDS and not _hangs(pieces[j]):
            j -= 1
        if j >= 0 and _hangs(pieces[j]):
            before = pieces[j]
    if not before and i >= 1 and _HOW_OLD_END.search(pieces[i - 1]) and _STARTS_WITH_AGE.match(pieces[i]):
        before = pieces[i - 1]
    if _hangs(pieces[i]):
        j = i + 1
        if (
            j + 1 < len(pieces)
            and len(pieces[j].split()) <= _INTERJECTION_WORDS
            and not _STARTS_WITH_NUMBER.match(pieces[j])
        ):
            j += 1
        if j < len(pieces) and _STARTS_WITH_NUMBER.match(pieces[j]):
            after = pieces[j]
    return before, after


def _join(left: str, right: str) -> tuple[str, int]:
    """``left`` and ``right`` as one text, and where ``right`` starts in it; a dash at the end joins without a
    space ("W-2020-" and "0419" read "W-2020-0419")."""
    left = left.rstrip()
    right = right.lstrip()
    sep = "" if left.endswith(("-", "/")) else " "
    return left + sep + right, len(left) + len(sep)


def across_turns(
    text: str, before: str, after: str, find: Callable[[str], list[Found]], answer: str | None = None
) -> Iterator[Found]:
    """Spans in ``text`` of identifiers that cross its join with ``before`` or ``after`` (see the module
    docstring), and the age or date of birth it starts with when it answers one (``answer``, from
    :func:`answer_kind`); ``find``: the identifier finder."""
    if answer == AGE:
        found = corrected_age(text)
        if found is not None:
            yield found
    elif answer == BIRTHDAY:
        yield from birthday_at_start(text)
    if before:
        lead = len(text) - len(text.lstrip())
        joined, at = _join(before[-_REACH:], text[: _REACH + lead])
        answer = _HOW_OLD_END.search(before) is not None
        for s, e, category in find(joined):
            if s < at < e:
                yield lead, min(e - at + lead, len(text)), category
            elif answer and category == LEEFTIJD and at <= s < at + _ANSWER_REACH:
                yield s - at + lead, min(e - at + lead, len(text)), category
    if after:
        body = text.rstrip()
        joined, at = _join(body[-_REACH:], after[:_REACH])
        shift = len(body) - len(body[-_REACH:])
        for s, e, category in find(joined):
            if s < at < e and s < len(body[-_REACH:]):
                yield s + shift, len(body), category
