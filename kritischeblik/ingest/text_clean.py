"""Normalise text at ingest, before it is parsed or pseudonymised, and make text safe for a terminal.

Invisible characters can split a name so that no finder sees it ("Jans\\u00adsen", "Jan\\u200bsen"), hide or
reorder it on screen (bidi overrides), or act on the terminal it is printed to (escape sequences, which can
also set the window title or write hyperlinks). They carry no meaning an analysis needs, so they are removed
at ingest and counted; the count (never the text) goes into the ingest report.

What is removed (``clean_text``):
- ANSI/terminal escape sequences as a whole (CSI ``ESC [ ... final``, OSC/DCS/APC strings, two-character
  escapes, and their single-byte C1 forms), so no ``[31m`` is left behind;
- every other C0/C1 control character and DEL, except newline and tab (CR, CRLF, VT, FF, NEL and the Unicode
  line and paragraph separators become a newline);
- every Unicode format character (category Cf): the soft hyphen, zero-width space/joiners, word joiner,
  BOM inside the text, bidi embeddings/overrides/isolates/marks, Arabic letter mark, invisible operators,
  interlinear annotation and tag characters.
Text is put in NFC, and no-break spaces become ordinary spaces (so that ``Jan\\u00a0Jansen`` is two words to
the name finders, as it looks).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# Escape sequences first (whole), then single characters. Bounded repeats: hostile input cannot make the
# expression scan far for a terminator that never comes.
_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]{0,64}[\x20-\x2f]{0,16}[\x40-\x7e]"  # CSI: colours, cursor, erase
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"  # OSC/DCS/SOS/PM/APC
    r"|\x1b[\x20-\x2f]{0,4}[\x30-\x7e]"  # two-character escapes (ESC c: reset, ESC 7, ESC ( B, ...)
)
_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_NEWLINES_KEEP_FF = re.compile(r"\r\n|[\r\x0b\x85\u2028\u2029]")
_SPACES = ("\u00a0", "\u202f", "\u2007")  # no-break spaces; str.replace is 40x faster than translate


def _kind(ch: str) -> str | None:
    """Which removable kind a character is (None: keep it)."""
    o = ord(ch)
    if ch in "\n\t":
        return None
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return "stuurteken"
    if o == 0x00AD:
        return "zacht afbreekstreepje"
    if 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 or o in (0x200E, 0x200F, 0x061C):
        return "schrijfrichtingsteken"
    if o in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        return "teken van nul breedte"
    if unicodedata.category(ch) == "Cf":
        return "onzichtbaar opmaakteken"
    return None


# Only these ranges hold removable characters (all of Unicode's format characters, Cf, among them); asking
# unicodedata for all 1.1 million code points at import would take a noticeable fraction of a second.
_CANDIDATES = (
    (0x0000, 0x00A0),
    (0x00AD, 0x00AE),
    (0x0600, 0x0710),
    (0x0890, 0x0892),
    (0x08E2, 0x08E3),
    (0x180E, 0x180F),
    (0x2000, 0x2070),
    (0xFEFF, 0xFF00),
    (0xFFF9, 0xFFFC),
    (0x110BD, 0x110BE),
    (0x110CD, 0x110CE),
    (0x13430, 0x13440),
    (0x1BCA0, 0x1BCA4),
    (0x1D173, 0x1D17B),
    (0xE0000, 0xE0080),
)
_REMOVABLE: dict[str, str] = {
    chr(o): kind for lo, hi in _CANDIDATES for o in range(lo, hi) if (kind := _kind(chr(o))) is not None
}


def _char_class(chars: list[str]) -> re.Pattern[str]:
    """One character class of ranges: a class of single characters is ten times slower to search."""
    points = sorted(map(ord, chars))
    ranges: list[list[int]] = []
    for o in points:
        if ranges and ranges[-1][1] == o - 1:
            ranges[-1][1] = o
        else:
            ranges.append([o, o])
    body = "".join(re.escape(chr(lo)) + (f"-{re.escape(chr(hi))}" if hi > lo else "") for lo, hi in ranges)
    return re.compile(f"[{body}]")


_REMOVE_RE = _char_class(list(_REMOVABLE))
_REMOVE_RE_KEEP_FF = _char_class([c for c in _REMOVABLE if c != "\f"])


_PLURAL = {
    "stuurteken": "stuurtekens",
    "terminal-stuurcode": "terminal-stuurcodes",
    "zacht afbreekstreepje": "zachte afbreekstreepjes",
    "schrijfrichtingsteken": "schrijfrichtingstekens",
    "teken van nul breedte": "tekens van nul breedte",
    "onzichtbaar opmaakteken": "onzichtbare opmaaktekens",
}


@dataclass
class CleanReport:
    """How many characters of each kind were removed (counts only, never text)."""

    removed: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def notes(self) -> list[str]:
        if not self.total:
            return []
        parts = ", ".join(
            f"{n} {kind if n == 1 else _PLURAL[kind]}" for kind, n in self.removed.most_common()
        )
        n = self.total
        return [f"{n} {'onzichtbare tekens' if n != 1 else 'onzichtbaar teken'} verwijderd ({parts})"]

    def add(self, other: CleanReport) -> None:
        self.removed.update(other.removed)


def clean_text(text: str, pdf: bool = False) -> tuple[str, CleanReport]:
    """The text without escape sequences, control and format characters, in NFC; and what was removed.

    ``pdf``: text extracted from a PDF, still to be cleaned (cleanup.py): page breaks (``\\f``) are kept, and
    a soft hyphen at the end of a line becomes a hyphen, so that the word broken there is mended like any
    other."""
    report = CleanReport()
    newlines = _NEWLINES_KEEP_FF if pdf else _NEWLINES
    if any(c in text for c in "\r\x0b\x0c\x85\u2028\u2029"):
        text = newlines.sub("\n", text)
    if pdf and "\u00ad" in text:
        text = re.sub("\u00ad[ \t]*(?=[\n\f])", "-", text)
    if "\x1b" in text or _has_c1_introducer(text):

        def escape(m: re.Match[str]) -> str:
            report.removed["terminal-stuurcode"] += 1
            return ""

        text = _ESCAPE.sub(escape, text)
    remove = _REMOVE_RE_KEEP_FF if pdf else _REMOVE_RE
    if remove.search(text):
        report.removed.update(_REMOVABLE[c] for c in remove.findall(text))
        text = remove.sub("", text)
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, report


def _has_c1_introducer(text: str) -> bool:
    return any(c in text for c in "\x9b\x90\x98\x9d\x9e\x9f")


_TERMINAL_UNSAFE = re.compile(_ESCAPE.pattern + "|" + _REMOVE_RE.pattern)


def terminal_safe(text: str) -> str:
    """Text as it may go to a terminal: escape sequences, control characters (newline and tab aside) and
    invisible format characters removed. For stored text from older projects or imports, which may still
    hold them."""
    if text.isascii() and text.isprintable():
        return text
    # A lone CR would let a later part overwrite the line on screen; as at ingest, it becomes a newline.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TERMINAL_UNSAFE.sub("", text)
