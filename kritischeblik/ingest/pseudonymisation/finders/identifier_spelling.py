"""Names, postcodes and case numbers spelled aloud, as a telephone intake or a voice message is typed out word
for word (thirteenth dev author): with the Dutch spelling alphabet ("h van hendrik, k van karel", "s van simon, c,
h, o, o, n, d van dirk"), with the NATO alphabet ("Bravo Alfa, twintig, nul vier vier twee", "drie vijf één twee,
Sierra Victor"), letters, digits and number words mixed.

A run counts only with proof that it is spelling: a letter followed by "van" and a word that begins with that
letter ("a van anton"; "de a van de week" is none), or two words of the NATO alphabet in a row ("Golf" or
"Hotel" alone stays). The run takes the letters, digits and number words around the proof. Its category: a
postcode when it is four digits and two letters or follows "postcode"; a case number when it holds digits; a
name otherwise. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import DOSSIER, PERSOON, POSTCODE
from .identifier_postcodes_spoken import SPELLING_ALPHABET
from .spoken_numbers import SPELLED, number_value

Found = tuple[int, int, str]

_NATO = (
    "alfa|alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett|juliet|kilo|lima|mike|november|oscar"
    "|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|whisky|x-ray|xray|yankee|zulu"
)
_PROOF = rf"(?P<l>[a-zA-Z])\s+(?i:van)\s+(?P<w>[a-zA-Z][a-zà-ÿ]+)|(?i:{_NATO})"
_ITEM = rf"(?:[a-zA-Z]\s+(?i:van)\s+[a-zA-Z][a-zà-ÿ]+|(?i:{_NATO})|\d{{1,6}}|(?i:nul|{SPELLED})|[a-zA-Z]|(?i:streepje))"
_SEP = r"(?:\s*[,;]\s*|\s*-\s*|\s+)"
# Not after an apostrophe: "'t van tevoren".
_RUN_RE = re.compile(rf"(?<![\w'’-]){_ITEM}(?:{_SEP}{_ITEM})*(?![\w-])")
_ITEM_RE = re.compile(rf"(?<![\w'’-]){_ITEM}(?![\w-])")
_PROOF_RE = re.compile(rf"(?<![\w'’-])(?:{_PROOF})(?![\w-])")
# The word after "van" is a word of a spelling alphabet, or a capitalised name of four letters or more: "a van
# anton", "m van Marloes"; not "vitamine D van de huisarts", "wat vindt u van uw ...".
_SPELLING_WORDS = frozenset(
    w.lower()
    for w in (*SPELLING_ALPHABET.split("|"), "Teunis", "Jacob", "Johan", "Jan", "Marie", "Quotiënt", "Rudolf")
)
# NATO words that are Dutch words too ("mijn papa, november 2019", "12 november echo"): a pair of them is no proof.
_COMMON_NATO = frozenset({"papa", "november", "echo", "golf", "hotel"})
_NATO_RE = re.compile(rf"(?i)^(?:{_NATO})$")
_LETTER_VAN_RE = re.compile(r"(?<![\w'’-])([a-zA-Z])\s+(?i:van)\s+([a-zA-Z])")
_NATO_ANY = re.compile(rf"(?i)(?<!\w)(?:{_NATO})(?!\w)")
_POSTCODE_CUE = re.compile(r"(?i)postcode|post\s+code")
# Words that begin a spelled run but read as Dutch when they stand at its edge: "u", "o", "een".
_EDGE_WORDS = frozenset({"u", "o", "a", "e", "i", "een", "streepje"})


def find_spelled(text: str) -> Iterator[Found]:
    """Runs spelled aloud (see the module docstring)."""
    # Most turns hold " van " and no spelling: look for the proof first, and for runs only around it.
    at = [m.start() for m in _LETTER_VAN_RE.finditer(text) if m.group(1).lower() == m.group(2).lower()]
    at += [m.start() for m in _NATO_ANY.finditer(text)]
    if not at:
        return
    windows: list[list[int]] = []
    for p in sorted(at):
        if windows and p - 600 <= windows[-1][1]:
            windows[-1][1] = p + 600
        else:
            windows.append([max(0, p - 600), p + 600])
    for a, b in windows:
        yield from _runs(text, a, min(b, len(text)))


def _runs(text: str, start: int, end: int) -> Iterator[Found]:
    for run in _RUN_RE.finditer(text, start, end):
        items = list(_ITEM_RE.finditer(text, run.start(), run.end()))
        if not _proven(items):
            continue
        while items and items[0].group().lower() in _EDGE_WORDS:
            items.pop(0)
        while items and items[-1].group().lower() in _EDGE_WORDS:
            items.pop()
        if not items:
            continue
        tail = _postcode_tail(items)
        # "Kaatstraat eenenveertig, drie vijf één twee, Sierra Victor": the house number before the postcode is the
        # street finder's.
        items = items[-tail:] if tail else _letters_and_code(items)
        if items:
            yield items[0].start(), items[-1].end(), POSTCODE if tail else _category(text, items)


def _addition(items: list[re.Match[str]]) -> bool:
    """Whether the run is a number and the one letter after it, with only a space between."""
    return len(items) == 2 and items[0].string[items[0].end() : items[1].start()].isspace()


def _letters_and_code(items: list[re.Match[str]]) -> list[re.Match[str]]:
    """The run without the numbers before its first letter ("06 12 34 56 78, a van anton": the phone number is
    another finder's), and without numbers after it unless two letters come first, as in a case number ("V van
    victor, t van teunis, twintig, ..."; not "a van anton, 12 maart")."""
    # A house number right before its letter stays with it: "dat is vierendertig a van anton".
    while items and _digits(items[0].group().lower()) and not _addition(items):
        items = items[1:]
    letters = sum(1 for m in items if not _digits(m.group().lower()))
    if letters < 2:
        while items and _digits(items[-1].group().lower()):
            items = items[:-1]
    return items


def _digits(word: str) -> int:
    """How many digits a digit string or a number word stands for (0 for a letter)."""
    if word.isdigit():
        return len(word)
    value = number_value(word)
    return 0 if value is None else (1 if value < 10 else 2)


def _postcode_tail(items: list[re.Match[str]]) -> int:
    """How many items at the end of a run are a postcode (four digits, two letters), or 0."""
    if len(items) < 3 or any(_digits(m.group().lower()) for m in items[-2:]):
        return 0
    count = 0
    for k in range(len(items) - 3, -1, -1):
        digits = _digits(items[k].group().lower())
        count += digits
        if count == 4:
            return len(items) - k
        if count > 4 or not digits:
            return 0
    return 0


def _proven(items: list[re.Match[str]]) -> bool:
    nato: list[str] = []
    for m in items:
        proof = _PROOF_RE.fullmatch(m.group())
        if proof is not None and proof.group("l"):
            letter, word = proof.group("l"), proof.group("w")
            if letter.lower() == word[0].lower() and (
                word.lower() in _SPELLING_WORDS or (word[0].isupper() and len(word) >= 4)
            ):
                return True
            nato = []
        elif _NATO_RE.match(m.group()):
            nato.append(m.group().lower())
            if len(nato) >= 3 or (len(nato) >= 2 and not _COMMON_NATO & set(nato[-2:])):
                return True
        else:
            nato = []
    return False


def _category(text: str, items: list[re.Match[str]]) -> str:
    if _POSTCODE_CUE.search(text, max(0, items[0].start() - 60), items[0].start()):
        return POSTCODE
    return DOSSIER if any(_digits(m.group().lower()) for m in items) else PERSOON
