"""Character offsets through pseudonymisation: where a position of the original text lands in the new one.

Pseudonymising replaces spans by placeholders of another length (``Fatima el Amrani`` → ``[PERSOON-1]``), so
offsets into the original (a REFI-QDA selection, a speaker turn) must be carried over. A range that starts
inside a replaced span starts at its placeholder; one that ends inside it ends after the placeholder, so a
selection never loses the part of a name it covered and never grows beyond the placeholder.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class OffsetMap:
    """Built from ``PseudoResult.replacements`` of one piece: ``(start, end, new_start, new_end)`` in text order."""

    def __init__(self, replacements: Sequence[tuple[int, int, int, int]]):
        self._spans = sorted(replacements)
        self._starts = [a for a, _b, _na, _nb in self._spans]

    def start(self, pos: int) -> int:
        """New position of ``pos`` as the start of a range."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        a, b, na, nb = self._spans[i]
        if pos < b:  # at or inside a replaced span: the placeholder's start
            return na
        return pos - b + nb

    def end(self, pos: int) -> int:
        """New position of ``pos`` as the (exclusive) end of a range."""
        i = bisect.bisect_left(self._starts, pos) - 1
        if i < 0:
            return pos
        a, b, na, nb = self._spans[i]
        if pos <= b:  # inside a replaced span or at its end: after the placeholder
            return nb
        return pos - b + nb
