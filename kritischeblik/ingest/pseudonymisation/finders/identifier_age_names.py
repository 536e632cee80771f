"""Ages next to names: a surname behind its tussenvoegsels ("Jan de Vries is 84") for the age finders of
:mod:`.identifier_ages`, and an age right after a name the name passes found (:func:`ages_after_names`).

The second runs at resolution (:meth:`..passes.Interview.resolve_piece`), when every name of the interview is
known: in speech-recognition text "en priscilla 32 dus" or "dochter fatima van 12" holds an age only because
"priscilla" and "fatima" are names, which the identifier finders, running before the name passes, cannot know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import LEEFTIJD
from .age_words import MONTHS, NOT_PERSONS, PERSON_NOUNS, PRONOUNS
from .lexicon import TITLES, Intervals
from .name_lists import wordset as _words
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_L_LINKED_NAME = re.compile(r"(?P<before>[\w.]+)\s+(?:(?i:van|de|der|den|ter|ten|'t)\s+){1,3}\Z")


def surname_after(left: str, start: int) -> bool:
    """Whether the word at ``left[start:]`` is a surname after its tussenvoegsels: a title, or a capitalised
    first name before a capitalised surname, comes before them ("mevrouw van der berg", "Jan de Vries"); "het huis van de ..." does not."""
    m = _L_LINKED_NAME.search(left, max(0, start - 40), start)
    if m is None:
        return False
    before = m.group("before")
    if before.endswith("."):
        return before.lower()[:-1] in TITLES  # "mw. de Bruin"; "Bilt. De deur" is a new sentence
    if before.lower() in TITLES:
        return True
    # Both capitalised: "Jan de Vries is 84"; not "Als de deur is ...".
    return before[:1].isupper() and left[start : start + 1].isupper() and before.lower() not in NOT_PERSONS


# After the name: "Kevin, 17, zit", "priscilla 32 dus", "fatima van 12", "sanne die is negen", "Ahmed (14)".
_AFTER_NAME = re.compile(
    r"(?P<sep>\s*,\s*|\s*\(\s*|\s+(?:(?i:die|hij|zij|ze)\s+)?(?i:is|was|wordt|werd)\s+(?:(?i:nu|al|pas|bijna|net)\s+)?"
    r"|\s+(?i:van)\s+|\s+)"
    rf"(?P<n>\d{{1,3}}|(?i:{SPELLED}))(?P<years>\s+(?i:jaar|jr\.?))?(?:\s+(?i:oud))?"
    # Not a time, an amount or a list of numbers: "Kevin, 9.30 uur", "Sanne, 1.200 euro", "Kevin 2, 3 keer",
    # "Anna 1 of 2 keer".
    r"(?=\s*(?:[!?;)…\"'”’–—]|[.:](?!\d)|,(?!\s*\d)|$)|\s+(?i:en|maar|nu|dus|want|toen|die|hij|zij|ze|zit|woont"
    r"|werkt|woonde|werkte|zat|ging|gaat|heeft|had|kwam|komt|is|was|speelt|kan|kon|wil|moet)(?!\w))"
)
# Numbers after these words count things: "Lieke, 3 keer" never reaches here, but "groep 7" after a name might.
_NOT_AGE_BEFORE = frozenset({"groep", "klas", "nummer", "nr", "kamer", "huisnummer", "bus", "blok"})


def ages_after_names(
    text: str, names: Iterable[tuple[int, int]], taken: Iterable[tuple[int, int]]
) -> Iterator[Found]:
    """Ages right after the person names at ``names`` (spans in ``text``) that no span in ``taken`` covers."""
    occupied = Intervals(taken)
    for _start, end in names:
        m = _AFTER_NAME.match(text, end)
        if m is None:
            continue
        value = number_value(m.group("n"))
        if value is None or not 0 < value <= 110:
            continue
        if not m.group("sep").strip() and value < 10 and not m.group("years"):
            continue  # "priscilla 32 dus" is an age; "Pietersen 1, zo eindigde het" a score
        s, e = m.span("n")
        words = text[end:s].lower().split()
        if words and words[-1].strip(",(") in _NOT_AGE_BEFORE:
            continue
        if "(" in text[end:s] and not text[e:].lstrip().startswith((")", ",", "jaar", "jr")):
            continue
        if occupied.overlaps(s, e):
            continue
        yield s, e, LEEFTIJD


# The subject of an age: "Dien is vierennegentig", "Gerrit, 81, woont", "Noor (6)".
_SUBJECT_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>[A-Z][a-zà-ÿ]{2,})(?:\s+(?i:is|was|wordt|werd)\s+(?:(?i:nu|al|pas|bijna|net|ook)\s+)?"
    r"|\s*,\s*|\s*\(\s*)\Z"
)
_NOT_SUBJECTS = (
    NOT_PERSONS
    | PERSON_NOUNS
    | PRONOUNS
    | frozenset(MONTHS)
    | _words("het dat dit er wat hier daar nu toen dan ook alles iedereen niemand")
    # Days and feasts: "Vrijdag (12)" is an old count, not someone aged twelve.
    | _words("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag pasen kerst kerstmis pinksteren")
    | _words("koningsdag sinterklaas ramadan suikerfeest offerfeest carnaval")
)


# In lowercase, as speech recognition types it: "selam is 7 en robel is 4" (nineteenth dev author); the caller
# keeps only words that are no Dutch word.
_LOWER_SUBJECT_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>[a-zà-ÿ]{3,})(?:,?\s+die)?,?\s+(?:is|was|wordt|werd)\s+(?:(?:nu|al|pas|bijna|net|ook)\s+)?\Z"
)


def lower_age_subjects(text: str, ages: Iterable[tuple[int, int]]) -> list[str]:
    """Lowercase words whose age ``text`` gives (see ``_LOWER_SUBJECT_BEFORE``), as written."""
    return _subjects(text, ages, _LOWER_SUBJECT_BEFORE)


def age_subjects(text: str, ages: Iterable[tuple[int, int]]) -> list[str]:
    """Capitalised words whose age ``text`` gives (``ages``: the spans of the ages found): a name even when it is a
    Dutch word too ("Dien is vierennegentig", thirteenth dev author), to be replaced wherever it occurs."""
    return _subjects(text, ages, _SUBJECT_BEFORE)


def _subjects(text: str, ages: Iterable[tuple[int, int]], before: re.Pattern[str]) -> list[str]:
    """The words ``before`` finds right before each age, as written; not a pronoun, a person noun or a month."""
    names = []
    for start, _end in ages:
        m = before.search(text, max(0, start - 40), start)
        if m is not None and m.group("name").lower() not in _NOT_SUBJECTS:
            names.append(m.group("name"))
    return names
