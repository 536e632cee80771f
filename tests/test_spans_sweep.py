"""The span algebra searches sorted spans instead of scanning all of them (a long piece holds thousands); the
result must be what the plain scan gives. Checked against brute-force versions written here, on random spans
over a real transcript text, and for speed on a piece with thousands of spans in bench/ (not here)."""

from __future__ import annotations

import heapq
import random
from pathlib import Path

import pytest

from kritischeblik.ingest.pseudonymisation.categories import CATEGORY_RANK, LOCATIE, PERSOON
from kritischeblik.ingest.pseudonymisation.finders.lexicon import Intervals
from kritischeblik.ingest.pseudonymisation.spans import (
    Span,
    _straddles,
    deduce_parts,
    outside_terms,
    resolve,
    subtract,
    tidy,
    unshielded,
)

TEXT = sorted((Path(__file__).resolve().parent.parent / "corpora" / "demo").glob("*.md"))[0].read_text(
    "utf-8"
)


def _random_spans(rng: random.Random, n: int, own: bool) -> list[Span]:
    out = []
    for _ in range(n):
        a = rng.randrange(0, len(TEXT) - 40)
        out.append(Span(a, a + rng.randrange(1, 40), rng.choice([PERSOON, LOCATIE]), own))
    return out


def _plain_resolve(spans: list[Span], text: str) -> list[Span]:
    heap, counter = [], 0
    for s in spans:
        heapq.heappush(heap, (-s.length, CATEGORY_RANK[s.category], 0 if s.own else 1, s.start, counter, s))
        counter += 1
    accepted: list[Span] = []
    while heap:
        s = heapq.heappop(heap)[-1]
        hits = [a for a in accepted if a.start < s.end and s.start < a.end]
        if not hits:
            accepted.append(s)
            continue
        for part in subtract(s, [(a.start, a.end) for a in hits]):
            kept = tidy(part, text)
            if kept is not None:
                heapq.heappush(
                    heap,
                    (
                        -kept.length,
                        CATEGORY_RANK[kept.category],
                        0 if kept.own else 1,
                        kept.start,
                        counter,
                        kept,
                    ),
                )
                counter += 1
    return sorted(accepted, key=lambda s: s.start)


def _plain_parts(found: list[Span], own: list[Span], shields: list[tuple[int, int]], text: str) -> list[Span]:
    parts = []
    for span in found:
        holes = [
            *shields,
            *((o.start, o.end) for o in own if o.category != span.category or _straddles(span, o)),
        ]
        parts += [t for t in (tidy(p, text) for p in subtract(span, holes)) if t is not None]
    return parts


def _key(spans: list[Span]) -> list[tuple[int, int, str, bool]]:
    return [(s.start, s.end, s.category, s.own) for s in spans]


@pytest.mark.parametrize("seed", range(8))
def test_resolve_and_deduce_parts_equal_the_plain_scan(seed: int) -> None:
    rng = random.Random(seed)
    found, own = _random_spans(rng, 300, False), _random_spans(rng, 300, True)
    shields = [(s.start, s.end) for s in _random_spans(rng, 80, True)]
    assert _key(deduce_parts(found, own, shields, TEXT)) == _key(_plain_parts(found, own, shields, TEXT))
    spans = found + own
    assert _key(resolve(list(spans), TEXT)) == _key(_plain_resolve(list(spans), TEXT))
    assert _key(unshielded(spans, shields)) == _key(
        [s for s in spans if not any(a < s.end and s.start < b for a, b in shields)]
    )
    assert _key(outside_terms(spans, shields)) == _key(
        [s for s in spans if not any(a <= s.start and s.end <= b for a, b in shields)]
    )


def test_intervals_answer_as_a_scan_does() -> None:
    rng = random.Random(3)
    items = [(a, a + rng.randrange(0, 30)) for a in (rng.randrange(0, 1000) for _ in range(200))]
    cover = Intervals(items)
    for _ in range(2000):
        a = rng.randrange(0, 1000)
        b = a + rng.randrange(1, 50)
        assert cover.overlaps(a, b) == any(x < b and a < y for x, y in items)
        assert cover.around(a, b) == any(x <= a and b <= y for x, y in items)
        assert sorted(cover.overlapping(a, b)) == sorted((x, y) for x, y in items if x < b and a < y)
