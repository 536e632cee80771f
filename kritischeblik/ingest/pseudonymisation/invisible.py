"""Invisible characters cannot hide a name from the pseudonymiser.

A soft hyphen or zero-width space inside a surname ("Jan\\u00adssen") splits it for every finder, and a
right-to-left override makes a reader see "Jansen" where the text holds "nesnaJ". Ingest strips such
characters from the text it stores; the pseudonymiser does not rely on that. :func:`reveal` gives the text
as finders should see it, with every Unicode format character (category Cf) left out and every run under a
right-to-left override added once more in the order a reader sees it, plus a map from each of its
characters back to the original text. :func:`to_original` maps a found span back, so the placeholder covers
the whole name as written, invisible characters included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Unicode category Cf ("format"), Unicode 14/15; tests/test_names.py checks it against unicodedata.
FORMAT_CHARS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_RLO = "\u202e"
# Where a right-to-left override ends: its pop, an isolate's end, or the end of the paragraph.
_RLO_RUN = re.compile("\u202e([^\u202c\u2069\n]*)")
# Format characters that only break a word (no direction): swallowed into a placeholder at its edges.
_WORD_BREAKERS = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
# Between the text and the reader's-order copy of an override: neither a word character nor a space, so
# no finder joins the two.
_SEP = "\n\u00b6\n"


@dataclass(slots=True)
class Revealed:
    """The text as finders see it, and for each of its characters the offset in the original (-1: added)."""

    text: str
    where: list[int]


def reveal(text: str) -> Revealed | None:
    """None when ``text`` holds no format character (the common case, checked cheaply)."""
    if text.isascii() or FORMAT_CHARS.search(text) is None:
        return None
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if not FORMAT_CHARS.match(ch):
            chars.append(ch)
            where.append(i)
    if _RLO in text:
        for m in _RLO_RUN.finditer(text):
            inner = [i for i in range(m.start(1), m.end(1)) if not FORMAT_CHARS.match(text[i])]
            if not inner:
                continue
            chars.append(_SEP)
            where.extend([-1] * len(_SEP))
            for i in reversed(inner):
                chars.append(text[i])
                where.append(i)
    return Revealed("".join(chars), where)


def to_original(
    revealed: Revealed, spans: Sequence[tuple[int, int, str, str]], original: str
) -> list[tuple[int, int, str, str]]:
    """Spans found in ``revealed.text`` as spans of ``original``, in order and without overlaps.

    A span in the reader's-order copy covers the same characters of the original as the text a reader sees.
    Two spans that now overlap (a name found both ways) become one, with the first one's category and key.
    """
    mapped: list[tuple[int, int, str, str]] = []
    for start, end, category, key in spans:
        positions = [p for p in revealed.where[start:end] if p >= 0]
        if not positions:
            continue
        a, b = min(positions), max(positions) + 1
        while a > 0 and original[a - 1] in _WORD_BREAKERS:
            a -= 1
        while b < len(original) and original[b] in _WORD_BREAKERS:
            b += 1
        mapped.append((a, b, category, key))
    mapped.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int, str, str]] = []
    for span in mapped:
        if out and span[0] < out[-1][1]:
            prev = out[-1]
            out[-1] = (prev[0], max(prev[1], span[1]), prev[2], prev[3])
            continue
        out.append(span)
    return out
