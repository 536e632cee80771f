"""Initials as a form of a known person's name ("W.R." for Wendy Reijnders, "DJ" for Dirk-Jan), and when a
text writes them for that person rather than as an abbreviation ("o.a.", "N.B.", "B.V.") or a noun ("de DJ")."""

from __future__ import annotations

import re

from .name_lists import DETERMINERS

# Initials that are also common abbreviations: never a person, even when a known person's initials are the same.
ABBREVIATIONS = frozenset(
    "AA AM AS BO BV CV ED EU GP HO HR ID IT IV KM MB ML MO NB NV OA OK PM PO PS SO TA TV UK VO VS WC ZS".split()  # noqa: SIM905
)
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.\s?){2}|[^\W\d_]{2}")


def is_initials(form: str) -> bool:
    """A form made of initials ("W.R.", "W. R.", "DJ"): two letters, dotted, or two capitals."""
    return bool(_INITIALS_RE.fullmatch(form)) and ("." in form or form.isupper())


def initials_written_for_a_person(surface: str, letters: str, before: str | None) -> bool:
    """Initials found in a text (``surface`` as written, ``letters`` its letters, ``before`` the word before it)
    stand for the person in capitals, or in lowercase only as two letters without a vowel ("dj", "jw": no word or
    abbreviation); never as a common abbreviation, and two capitals after an article are a noun ("de DJ")."""
    noun = "." not in surface and before is not None and before.lower() in DETERMINERS
    vowelless = "." not in surface and not any(ch in "aeiouy" for ch in letters.lower())
    return (letters.isupper() or vowelless) and letters.upper() not in ABBREVIATIONS and not noun


def in_table_or_list(text: str, start: int, end: int) -> bool:
    """In a table row, or joined to other initials by "+", "/" or "&" ("| EW + NÇ |")."""
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return "|" in line or _JOINED.search(text[max(0, start - 3) : end + 3]) is not None


_JOINED = re.compile(r"[+/&]")
