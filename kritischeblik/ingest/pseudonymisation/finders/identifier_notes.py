"""Identifiers with a transcriber's note inside, from the fifth dev author: a timestamp ("06 29 #00:01:20-1# 44 81
07", "m.goudsmit@ [00:02:40] hetwillibrord.nl") or a note on what was heard ("898 027 [onverstaanbaar] 147",
"Vondellaan, [onverstaanbaar] nummer 30", "3562 (lacht) HK").

The text is read again without the notes that stand between two signs of an identifier (a letter, digit or "@"
before, a letter or digit after; a timestamp at the end of a turn or after a full stop stays out), and every
identifier found across a removed note is taken, the note with it. Pure; the phone-specific notes of
:func:`.identifier_phones.find_phones_with_notes` stay where they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Found = tuple[int, int, str]

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,-]\d{1,3})?"
_NOTE_RE = re.compile(
    rf"\[(?:[^\[\]\d\n]{{1,30}}|{_TIME})\]"  # [onverstaanbaar], [pauze], [00:06:12]
    rf"|#{_TIME}#"  # f4 and f5: #00:01:20-1#
    r"|\((?i:lacht|lachen|lacht\s+even|pauze|stilte|zucht|kucht|hoest|onverstaanbaar|onhoorbaar|onduidelijk"
    rf"|telefoon\s+gaat|\?|\.\.\.|…|{_TIME})\)"
)
_NOTE_HINT = re.compile(r"[\[(#]")


def _between_signs(text: str, a: int, b: int) -> bool:
    """Whether the note at ``text[a:b]`` stands inside something: a sign of an identifier before it (skipping
    spaces and a comma) and a letter or digit after it."""
    i = a - 1
    while i >= 0 and text[i] in " \t,":
        i -= 1
    j = b
    while j < len(text) and text[j] in " \t":
        j += 1
    return i >= 0 and j < len(text) and (text[i].isalnum() or text[i] == "@") and text[j].isalnum()


def across_notes(text: str, find: Callable[[str], list[Found]]) -> Iterator[Found]:
    """Identifiers in ``text`` that a transcriber's note interrupts; ``find``: the identifier finder (run once on
    the text without those notes)."""
    if not _NOTE_HINT.search(text):
        return
    notes = [m.span() for m in _NOTE_RE.finditer(text) if _between_signs(text, *m.span())]
    if not notes:
        return
    kept: list[int] = []  # for each character of the collapsed text, its index in ``text``
    pos = 0
    for a, b in notes:
        kept.extend(range(pos, a))
        while b < len(text) and text[b] in " \t":
            b += 1  # the note and the space after it: "06 29 #…# 44" reads "06 29 44"
        pos = b
    kept.extend(range(pos, len(text)))
    collapsed = "".join(text[i] for i in kept)
    for s, e, category in find(collapsed):
        start, end = kept[s], kept[e - 1] + 1
        if any(start < a and b <= end for a, b in notes):
            yield start, end, category
