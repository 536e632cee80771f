"""Identifiers as forms and registries write them, read aloud or pasted into a transcript (eleventh, twelfth and
thirteenth dev authors), that the finders of sentences do not take:

* a field and its value inline: "Huisnummer: 31 Toevoeging: 2", "Huisletter: B";
* characters in boxes, one per box, as a form has them: "|3|5|6|3|B|R|" (a postcode), "|1|2|3|4|5|6|7|8|2|" (a
  BSN when it passes the elfproef, else a number);
* the letters of a postcode said later in the sentence than its digits: "postcode 3513, en dan de letters, wacht,
  die heb ik hier, X C", "3561 en dan toevallig MH";
* a date of birth said as one row of digit words after a birth cue: "zijn geboortedatum zegt hij als één rijtje:
  nul zeven nul drie negen vijf" (07-03-95);
* a year of birth as digit words ("ik ben twee-nul-nul-drie", fourteenth dev author);
* a court decision's ECLI ("ECLI:NL:RBMNE:2019:5871"): published, so it leads to the case and the person in it.

Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..categories import BSN, DATUM, DOSSIER, LOCATIE, POSTCODE
from .identifier_numbers import TWO_LETTER_WORDS, elfproef
from .spoken_numbers import UNITS, said_digits

Found = tuple[int, int, str]

_FIELD_RE = re.compile(
    r"(?<!\w)(?i:huisnummer|huisnr\.?|toevoeging|huisletter|huisnummertoevoeging)\s*:\s*"
    r"(?P<v>\d{1,5}[a-zA-Z]?|[a-zA-Z]{1,2}|[a-zA-Z]{0,2}\d{1,3})(?![\w-])"  # not "Toevoeging: geen"
)
_BOXED_RE = re.compile(r"(?<![\w|])\|(?:[ ]?[0-9A-Za-z][ ]?\|){4,12}")
_BOX_CUE = re.compile(r"(?i)(?:geboortedatum|geb\.|datum|nummer|nr\.?|bsn|telefoon|kenmerk)\s*:?\s*\Z")
# The letters after a cue that says they come: "en dan de letters", "en dan toevallig MH".
_LETTERS_CUE = re.compile(r"(?i)(?<!\w)(?:letters?|en\s+dan)(?!\w)")
_LATER_LETTERS_RE = re.compile(r"(?<![\w'])(?P<a>[A-Z])\s?(?P<b>[A-Z])(?![\w'])")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_NOT_LETTERS = frozenset({"SA", "SD", "SS", "OK", "TV", "EU", "NL", "ID", "HA", "KM", "WC", "BV", "NV"})
_DIGIT_WORD = "|".join((*UNITS, "één"))
_BIRTH_ROW_RE = re.compile(
    r"(?i:geboortedatum|geboren|geb\.|verjaardag)[^.!?\n]{0,60}?"
    rf"(?P<row>(?i:{_DIGIT_WORD})(?:[ ,]+(?i:{_DIGIT_WORD})){{5,7}})(?![\w-])"
)


_DIGIT_YEAR_RE = re.compile(
    r"(?<!\w)(?i:ik\s+ben|hij\s+is|zij\s+is|ze\s+is|die\s+is|ben\s+ik|is\s+hij|is\s+ze)\s+(?:(?i:van)\s+)?"
    rf"(?P<y>(?i:{_DIGIT_WORD})(?:[- ](?i:{_DIGIT_WORD})){{3}})(?![\w-])"
)
_ECLI_RE = re.compile(r"(?<![\w:])ECLI:[A-Z]{2}:[A-Z0-9]{2,7}:\d{4}:[A-Z0-9.]{0,24}[A-Z0-9](?![\w:])")


def find_fields(text: str, low: str) -> Iterator[Found]:
    """The field values and boxed characters of the module docstring."""
    if ":" in text and ("huis" in low or "toevoeging" in low):
        yield from ((m.start("v"), m.end("v"), LOCATIE) for m in _FIELD_RE.finditer(text))
    if text.count("|") >= 5:
        for m in _BOXED_RE.finditer(text):
            chars = "".join(c for c in m.group() if c.isalnum())
            category = _boxed_category(chars)
            # A row of a table or of scores ("| 3 | 4 | 5 |") is no box unless a field names it.
            if category in (POSTCODE, BSN) or _BOX_CUE.search(text, max(0, m.start() - 40), m.start()):
                yield m.start(), m.end(), category
    if "ECLI:" in text:
        yield from ((m.start(), m.end(), DOSSIER) for m in _ECLI_RE.finditer(text))
    if "ben " in low or "is " in low:
        for m in _DIGIT_YEAR_RE.finditer(text):
            if 1900 <= int(said_digits(m.group("y"))) <= 2030:
                yield m.start("y"), m.end("y"), DATUM
    if "geb" in low or "verjaardag" in low:
        for m in _BIRTH_ROW_RE.finditer(text):
            if _day_month(said_digits(m.group("row"))):
                yield m.start("row"), m.end("row"), DATUM


def _boxed_category(chars: str) -> str:
    if re.fullmatch(r"[1-9]\d{3}[A-Za-z]{2}", chars):
        return POSTCODE
    if len(chars) == 9 and elfproef(chars):
        return BSN
    if len(chars) in (6, 8) and chars.isdigit() and _day_month(chars):
        return DATUM
    return DOSSIER


def _day_month(digits: str) -> bool:
    return len(digits) in (6, 8) and 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12


def later_letters(text: str, found: Sequence[Found]) -> Iterator[Found]:
    """The letters of a postcode said later in its sentence than its four digits (see the module docstring)."""
    for start, end, category in found:
        if category != POSTCODE:
            continue
        said = text[start:end].split()
        if (
            not said
            or not re.fullmatch(r"[1-9]\d{3}", said[0])
            or (len(said) > 1 and said[1] not in TWO_LETTER_WORDS)
        ):
            continue
        stop = _SENTENCE_END.search(text, end, end + 100)
        for m in _LATER_LETTERS_RE.finditer(text, end, stop.start() if stop else min(len(text), end + 100)):
            if m.group("a") + m.group("b") not in _NOT_LETTERS and _LETTERS_CUE.search(
                text, start, m.start()
            ):
                yield m.start(), m.end(), POSTCODE
                break
