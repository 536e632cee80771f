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
    spaces and a comma), a letter or digit after it, and a digit or "@" near (every identifier here has one)."""
    # Spaces, a comma or an ellipsis (a number dictated slowly: "nul zes... (pauze) ... 51 33 90 27"; a correction
    # "23 [onverstaanbaar], nee 25") may stand between the note and the signs; a single full stop may not.
    i = _GAP_BEFORE.search(text, max(0, a - 40), a).start() - 1
    j = _GAP_AFTER.match(text, b).end()
    if not (i >= 0 and j < len(text) and (text[i].isalnum() or text[i] == "@") and text[j].isalnum()):
        return False
    near = text[max(0, a - _NEAR) : a] + text[b : b + _NEAR]
    return "@" in near or any(c.isdigit() for c in near)


_NEAR = 25
_AFTER_NOTE = 8
_GAP_BEFORE = re.compile(r"(?:[ \t,…]|\.\.\.)*\Z")
_GAP_AFTER = re.compile(r"(?:[ \t,…]|\.\.\.)*")
# Only the text around a note is read again (an identifier is short): a whole interview read twice would be slow.
_WINDOW = 100


def across_notes(text: str, find: Callable[[str], list[Found]]) -> Iterator[Found]:
    """Identifiers in ``text`` that a transcriber's note interrupts; ``find``: the identifier finder (run on the
    text around those notes, without them)."""
    if not _NOTE_HINT.search(text):
        return
    notes = [m.span() for m in _NOTE_RE.finditer(text) if _between_signs(text, *m.span())]
    for lo, hi in _windows(notes, len(text)):
        inside = [(a, b) for a, b in notes if lo <= a and b <= hi]
        kept: list[int] = []  # for each character of the collapsed window, its index in ``text``
        pos = lo
        for a, b in inside:
            # "23 [onverstaanbaar], nee 25" reads "23, nee 25": the space before the note goes with it.
            cut = a - 1 if a > pos and text[a - 1] == " " and text[b : b + 1] == "," else a
            kept.extend(range(pos, cut))
            while b < hi and text[b] in " \t":
                b += 1  # the note and the space after it: "06 29 #…# 44" reads "06 29 44"
            pos = b
        kept.extend(range(pos, hi))
        collapsed = "".join(text[i] for i in kept)
        for s, e, category in find(collapsed):
            start, end = kept[s], kept[e - 1] + 1
            # Across a note, or right after one whose context the note broke ("23 [onverstaanbaar], nee 25").
            if any(start < a and b <= end or b <= start <= b + _AFTER_NOTE for a, b in inside):
                yield start, end, category


def _windows(notes: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Stretches of the text around the notes, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in notes:
        lo, hi = max(0, a - _WINDOW), min(n, b + _WINDOW)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out
