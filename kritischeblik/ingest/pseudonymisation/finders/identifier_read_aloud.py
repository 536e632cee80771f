"""Numbers read aloud and typed out the way the other finders do not expect, from the fourth dev author:

* a case number in digit words or loose digits a few words after its cue ("een dossiernummer van, eh,
  vier-zeven-twee, nul nul drie, acht-acht", "cliëntnummer bij de thuiszorg 0 0 7 7 4 1 2");
* an IBAN read out entirely, the country code as letter names and the bank code as a word ("en el,
  vijfenveertig, rabo, een negen twee nul, zeven zeven drie twee zes drie"), only with a valid checksum;
* a number restated in another form in the same turn ("ik heb het opgeschreven als 472 003 88"): the digits of an
  identifier found already, written again, get its category (:func:`restated`).

Pure; :func:`.identifiers.find_identifiers` combines the finders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..categories import DOSSIER, IBAN, LEEFTIJD, TELEFOONNUMMER
from .identifier_cases import NOT_CASE_COMPOUNDS
from .identifier_numbers import iban_valid
from .spoken_numbers import NUMBER_VALUES, SPLIT_COMPOUND, spelled_value

Found = tuple[int, int, str]

_WORD_ALT = "|".join(sorted((w for w, v in NUMBER_VALUES.items() if v < 100), key=len, reverse=True))
_TOKEN = rf"(?:{SPLIT_COMPOUND}|{_WORD_ALT}|\d{{1,4}})"
_FILL = r"(?:[ ,]+(?:eh|ehm|uh)(?=[ ,]))?"
_READ_RE = re.compile(rf"(?i)(?<![\w-]){_TOKEN}(?:{_FILL}[ ,\-–\n]+{_TOKEN}(?![\w])){{2,12}}")
_CASE_CUE = re.compile(r"(?i)(?<!\w)(?P<w>[^\W\d_]*(?:nummer|nr|kenmerk|referentie|code)|dossier|zaak)(?!\w)")
_CUE_WORDS = 8


def digits_of(words: str) -> str:
    """The digits of a number written in digits and words ("vier-zeven-twee, nul nul drie" -> "472003")."""
    out = []
    for token in re.finditer(rf"(?i){SPLIT_COMPOUND}|\d+|[^\W\d_]+", words):
        t = token.group()
        if t.isdigit():
            out.append(t)
            continue
        value = spelled_value(t)
        if value is not None and value < 100:
            out.append(str(value))
    return "".join(out)


_SENTENCE_END = re.compile(r"[.!?]\s")
_REACH = 160


def _read_case_numbers(text: str) -> Iterator[Found]:
    """Up to eight words after a case cue, in the same sentence; not the number of a phone, house, room..."""
    last = -1
    for cue in _CASE_CUE.finditer(text):
        if cue.group("w").lower().startswith(NOT_CASE_COMPOUNDS) or cue.end() < last:
            continue
        end = _SENTENCE_END.search(text, cue.end(), cue.end() + _REACH)
        stop = end.start() if end is not None else min(len(text), cue.end() + _REACH)
        for m in _READ_RE.finditer(text, cue.end(), stop):
            if len(text[cue.end() : m.start()].split()) > _CUE_WORDS:
                break
            tokens = re.findall(r"\d+|[^\W\d_]+", m.group())
            spoken = any(t.isalpha() and t.lower() not in ("eh", "ehm", "uh") for t in tokens)
            loose = all(len(t) == 1 for t in tokens if t.isdigit())
            if (spoken or loose) and len(digits_of(m.group())) >= 5:
                last = m.end()
                yield m.start(), m.end(), DOSSIER  # digit groups alone are identifier_cases' work
                break


_LETTER_NAMES = {"en": "N", "el": "L", "n": "N", "l": "L", "nl": "NL"}
_SPOKEN_IBAN_RE = re.compile(
    r"(?i)(?<![\w-])(?P<cc>en[ ,]+el|n[ ,]+l|nl)[ ,]+(?P<rest>(?:[\w-]+[ ,.\-–]*){4,24})"
)


_IBAN_HINT = re.compile(r"(?i)(?=[en])(?<![\w-])(?:en[ ,]+el|n[ ,]+l|nl)[ ,]+(?:[a-z]+|\d)")


def _walk_iban(rest: str) -> tuple[str, int] | None:
    """Check digits, bank code and ten digits from the words after the country code: the BBAN and how many
    characters of ``rest`` it took."""
    check, bank, account, end = "", "", "", 0
    for token in re.finditer(rf"(?i){SPLIT_COMPOUND}|\d+|[^\W\d_]+", rest):
        t = token.group()
        if len(check) < 2:
            d = digits_of(t)
            if not d:
                return None
            check += d
        elif len(bank) < 4:
            # as one word or letter by letter, or split as speech recognition hears it ("abn a", "ra bo")
            if not t.isalpha() or len(bank) + len(t) > 4:
                return None
            bank += t.upper()
        else:
            d = digits_of(t)
            if not d:
                return None
            account += d
        end = token.end()
        if len(account) >= 10:
            break
    if len(check) != 2 or len(bank) != 4 or len(account) != 10:
        return None
    return check + bank + account, end


def _spoken_ibans(text: str) -> Iterator[Found]:
    for m in _SPOKEN_IBAN_RE.finditer(text):
        walked = _walk_iban(m.group("rest"))
        if walked is not None and iban_valid("NL" + walked[0]):
            yield m.start(), m.start("rest") + walked[1], IBAN


def find_read_aloud(text: str, low: str) -> Iterator[Found]:
    """Case numbers and IBANs read aloud (see the module docstring)."""
    if any(c in low for c in ("nummer", "nr", "kenmerk", "referentie", "code", "dossier", "zaak")):
        yield from _read_case_numbers(text)
    if _IBAN_HINT.search(text):
        yield from _spoken_ibans(text)


_DIGIT_GROUPS_RE = re.compile(r"(?<![\w.,/-])\d{2,}(?:[ .\-]\d+){1,5}(?![\w]|[.,/-]\d)")


def restated(text: str, found: Iterable[Found]) -> Iterator[Found]:
    """Digit groups that repeat the digits of an identifier found in ``text`` (5+ digits), with its category."""
    known: dict[str, str] = {}
    spans = []
    for s, e, category in found:
        digits = digits_of(text[s:e])
        if len(digits) >= 5 and category != LEEFTIJD:
            known.setdefault(digits, category)
            spans.append((s, e))
    if not known:
        return
    # A phone number said again without its area code: "06-8417 2039, ja, 8417 2039" (eighth dev author).
    phones = [d for d, c in known.items() if c == TELEFOONNUMMER]
    for m in _DIGIT_GROUPS_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        category = known.get(digits)
        if category is None and len(digits) >= 7 and any(p.endswith(digits) for p in phones):
            category = TELEFOONNUMMER
        if category is not None and not any(s <= m.start() and m.end() <= e for s, e in spans):
            yield m.start(), m.end(), category
