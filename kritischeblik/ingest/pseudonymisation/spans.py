"""Spans of text to replace, and the rules for combining them.

A :class:`Span` is a stretch of one piece that a finder or deduce marked, with its placeholder category and,
for own finders, the entity it stands for. :func:`resolve` makes them non-overlapping (longest first, then
category rank, own before deduce) without leaving part of an entity unreplaced; :func:`deduce_parts` cuts deduce's
spans around codebook terms and around own spans of another category.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .categories import CATEGORY_RANK, PERSOON
from .finders.lexicon import Intervals
from .finders.name_lists import TUSSENVOEGSELS
from .finders.names import is_meaningful, strip_titles

_EDGE_STRIP = " \t\r\n,;:!?"


@dataclass(eq=False, slots=True)
class Span:
    start: int
    end: int
    category: str
    own: bool
    # Entity key: the known person, or the institution/place name, this span stands for (own
    # annotations only); spans with the same category and key get the same placeholder.
    key: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def unshielded(spans: Sequence[Span], shields: Sequence[tuple[int, int]] | Intervals) -> list[Span]:
    cover = shields if isinstance(shields, Intervals) else Intervals(shields)
    return [s for s in spans if not cover.overlaps(s.start, s.end)]


def outside_terms(spans: Sequence[Span], shields: Sequence[tuple[int, int]] | Intervals) -> list[Span]:
    """The spans that are not wholly inside a shield (a codebook term, a country...)."""
    cover = shields if isinstance(shields, Intervals) else Intervals(shields)
    return [s for s in spans if not cover.around(s.start, s.end)]


def deduce_parts(
    found: Sequence[Span], own: Sequence[Span], shields: Sequence[tuple[int, int]], text: str
) -> list[Span]:
    """deduce's spans minus codebook terms and minus own annotations of another category, tidied.

    deduce spans are cut around a codebook term rather than dropped: its context rules can glue a
    real name to a capitalised term ("Eenvoud Jan de Boer"), and dropping would leak the name.
    Own annotations are precise, so a known name or a street inside a longer deduce span of
    another category splits that span instead of being swallowed by it.
    """
    parts: list[Span] = []
    if not found:
        return parts
    cover = Intervals(shields)
    # Own spans searched around each deduce span: a long piece holds thousands of both.
    mine = Intervals(((o.start, o.end) for o in own), own)
    for span in found:
        near = mine.items_overlapping(span.start, span.end)
        holes = [
            *cover.overlapping(span.start, span.end),
            *((o.start, o.end) for o in near if o.category != span.category or _straddles(span, o)),
        ]
        parts.extend(t for t in (tidy(p, text) for p in subtract(span, holes)) if t is not None)
    return parts


def _straddles(span: Span, own: Span) -> bool:
    """An own place or institution that only partly overlaps deduce's span of the same category: deduce's "de
    Zwaanstraat 8 a" beside the own "Zwaanstraat 8 a/b" keeps only "de" (which :func:`tidy` then drops)."""
    if span.category == PERSOON or not (own.start < span.end and span.start < own.end):
        return False
    return not (own.start <= span.start and span.end <= own.end) and not (
        span.start <= own.start and own.end <= span.end
    )


def tidy(span: Span, text: str) -> Span | None:
    """Trim a span to its meaningful core; None if nothing worth replacing remains."""
    start, end = span.start, span.end
    while start < end and text[start] in _EDGE_STRIP:
        start += 1
    if span.category == PERSOON and text[start : start + 1] in (".", "!", "?"):
        # What is left of a deduce span after a shield took its name ("Engels. In" around the language):
        # one word after a sentence end is that sentence's first word, no name.
        rest = text[start + 1 : end].split()
        if len(rest) <= 1:
            return None
        start = end - len(text[start + 1 : end].lstrip())
    while end > start and text[end - 1] in _EDGE_STRIP:
        end -= 1
    if span.category == PERSOON and start < end:
        core = strip_titles(text[start:end])
        start = end - len(core)
        # A name never ends in a lowercase word; deduce's context rules sometimes swallow
        # "uit de" before a capitalised word, which our own annotators then cut off.
        words = list(re.finditer(r"\S+", text[start:end]))
        keep = len(words)
        while keep > 1 and words[keep - 1].group()[:1].islower():
            keep -= 1
        if keep < len(words):
            end = start + words[keep - 1].end()
        while end > start and text[end - 1] in _EDGE_STRIP:
            end -= 1
    if end <= start or not is_meaningful(text[start:end]):
        return None
    if all(w.lower() in TUSSENVOEGSELS for w in text[start:end].split()):
        return None  # "de" left over from "de Oude" once "Oude Gracht 14" took the rest
    return Span(start, end, span.category, span.own, span.key)


def subtract(span: Span, holes: Iterable[tuple[int, int]]) -> list[Span]:
    parts = [(span.start, span.end)]
    for h_start, h_end in holes:
        nxt = []
        for a, b in parts:
            if h_end <= a or h_start >= b:
                nxt.append((a, b))
                continue
            if a < h_start:
                nxt.append((a, h_start))
            if h_end < b:
                nxt.append((h_end, b))
        parts = nxt
    return [Span(a, b, span.category, span.own, span.key) for a, b in parts]


def overlaps(a: Span, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def resolve(spans: list[Span], text: str) -> list[Span]:
    """Non-overlapping spans: longest first, ties by category rank, own before deduce.

    A loser that is only partly covered keeps its uncovered remainder, so no part of a detected
    entity survives in the output just because a neighbouring entity won the overlap.
    """
    heap: list[tuple[int, int, int, int, int, Span]] = []
    counter = 0

    def push(s: Span) -> None:
        nonlocal counter
        heapq.heappush(heap, (-s.length, CATEGORY_RANK[s.category], 0 if s.own else 1, s.start, counter, s))
        counter += 1

    for s in spans:
        push(s)
    # Accepted spans never overlap, so sorted by start they are sorted by end too: the ones a new span overlaps
    # are found by a binary search, not by a scan of all (quadratic in a long piece).
    accepted: list[Span] = []
    starts: list[int] = []
    while heap:
        s = heapq.heappop(heap)[-1]
        k = bisect.bisect_right(starts, s.start)
        first = k - 1 if k and accepted[k - 1].end > s.start else k
        last = first
        while last < len(accepted) and accepted[last].start < s.end:
            last += 1
        if first == last:
            accepted.insert(k, s)
            starts.insert(k, s.start)
            continue
        for part in subtract(s, ((a.start, a.end) for a in accepted[first:last])):
            kept = tidy(part, text)
            if kept is not None:
                push(kept)
    return accepted
