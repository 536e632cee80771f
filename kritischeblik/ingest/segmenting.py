"""Split speaker turns into codable segments (sentences or whole turns).

Segments are stored as absolute character offsets into the pseudonymised
interview text, so that a coded segment can always be traced back to, and
highlighted in, the exact transcript passage it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from ..nlp import sentence_spans

__all__ = ["UNITS", "SegmentSpan", "segment_turns"]

UNITS = ("sentence", "turn")

# Fragments with fewer letters/digits than this are too small to code on their own.
_MIN_ALNUM = 3


@dataclass(frozen=True)
class SegmentSpan:
    start: int
    end: int


def _alnum_at_least(text: str, start: int, end: int, k: int) -> bool:
    # Early exit: almost every real sentence reaches k within its first word, so
    # this stays cheap even for long sentences.
    found = 0
    for i in range(start, end):
        if text[i].isalnum():
            found += 1
            if found >= k:
                return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fold very short sentence fragments into a neighbouring segment.

    A short fragment after the first segment ("..., ja.", a stray "." or "?")
    is a tail of what was just said and joins the previous segment. A short
    fragment that *opens* a turn ("Ja. Maar toen ...") is kept as a segment of
    its own when it contains any letter or digit: it is typically the answer to
    the interviewer's question and may deserve its own code. Pure punctuation at
    the start of a turn carries no content and is prepended to the next segment.
    Merging only ever widens a span over the whitespace between neighbours, so
    every non-whitespace character still belongs to exactly one segment.
    """
    merged: list[tuple[int, int]] = []
    lead: int | None = None  # start of leading punctuation-only fragments
    for s, e in spans:
        if _alnum_at_least(text, s, e, _MIN_ALNUM):
            merged.append((s if lead is None else lead, e))
            lead = None
        elif merged:
            merged[-1] = (merged[-1][0], e)
        elif _alnum_at_least(text, s, e, 1):
            merged.append((s if lead is None else lead, e))
            lead = None
        elif lead is None:
            lead = s
    if lead is not None:
        # Nothing but punctuation in the turn: it must still be covered somewhere.
        merged.append((lead, spans[-1][1]))
    return merged


_OPENERS = "([{\u201c\u2018\"'\u00ab"


def _move_openers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give a trailing opening bracket or quote to the sentence it opens.

    spaCy's sentencizer keeps punctuation that follows a full stop with the sentence before it, so
    "... gebeld. [PERSOON-1] kwam" would end the first sentence with "[" and tear the placeholder apart.
    """
    out = list(spans)
    for i in range(len(out) - 1):
        s, e = out[i]
        cut = e
        while cut > s and text[cut - 1] in _OPENERS:
            cut -= 1
        if cut in (e, s) or not text[cut - 1].isspace():
            continue
        new_end = _trim(text, s, cut)[1]
        out[i] = (s, new_end)
        out[i + 1] = (cut, out[i + 1][1])
    return out


def segment_turns(
    nlp: Language,
    text: str,
    turns: Sequence[tuple[int, int]],
    unit: str = "sentence",
) -> list[list[SegmentSpan]]:
    """Segment each turn ``text[start:end]`` and return absolute segment spans.

    Per turn the segments are whitespace-trimmed, non-empty, ordered and
    non-overlapping, and together cover every non-whitespace character of the
    turn. ``unit="turn"`` yields one segment per (non-blank) turn. All turns go
    through a single ``nlp.pipe`` call.
    """
    if unit not in UNITS:
        raise ValueError(f"onbekende segmenteereenheid {unit!r}; kies uit {', '.join(UNITS)}")
    n = len(text)
    for idx, (start, end) in enumerate(turns):
        if not 0 <= start <= end <= n:
            raise ValueError(f"beurt {idx}: ongeldige tekstpositie ({start}, {end}) bij tekstlengte {n}")

    if unit == "turn":
        result: list[list[SegmentSpan]] = []
        for start, end in turns:
            s, e = _trim(text, start, end)
            result.append([SegmentSpan(s, e)] if s < e else [])
        return result

    per_turn = sentence_spans(nlp, [text[start:end] for start, end in turns])
    result = []
    for (start, _end), spans in zip(turns, per_turn, strict=True):
        # Offsets from sentence_spans are relative to the turn; shifting first lets
        # the merge inspect the characters in place instead of slicing copies.
        absolute = _move_openers(text, [(start + s, start + e) for s, e in spans])
        result.append([SegmentSpan(s, e) for s, e in _merge_fragments(text, absolute)])
    return result
