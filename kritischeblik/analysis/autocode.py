"""Rule-based coding suggestions: codebook keywords and phrases matched on the lemmas of segments.

Matching works on the ``lemmas`` stored with every segment at ingest, so "samenwerkten" hits the keyword
"samenwerken" without running the spaCy pipeline again. Keywords are written as lemmas by the codebook
author, but the lemmatiser does not always agree with a human (simplemma turns "wachten" into "wacht" and
"wachtte" into "wachten"), so every keyword position accepts both the written word and its lemmatised form.

The keyword index is built by :func:`.keyword_matcher.compile_codebook`. Only segments that matched are
tokenised again, to show the surface words as evidence.

Speed (issue #7: auto-coding at most 2x the bare spaCy tokenizer on the same texts; ``bench/quality.py``
``autocode_speed`` defines the measurement): a segment costs one ``str.split``, one ``set`` and a few
C-level set operations unless it can match; the evidence of all matched segments is tokenised as a few
large Docs read with ``Doc.to_array``, without Token objects; the garbage collector is paused while the
results are built (:func:`gc_paused`); the keyword lemmas are cached on disk
(:func:`.keyword_matcher.keyword_lemmas`).

Confidence
----------
Each distinct keyword ``k`` matched in a segment contributes a weight::

    w_k = (PHRASE_WEIGHT if k has two or more words else WORD_WEIGHT) / n_codes(k)

where ``n_codes(k)`` is the number of codes in the codebook that list the same keyword (a keyword shared
by three codes says little about any one of them). The confidence of a (segment, code) suggestion is the
noisy-OR of its keywords' weights, ``1 - prod(1 - w_k)``: one single word gives 0.4, one phrase 0.6, two
single words 0.64, a word and a phrase 0.76, and it approaches but never reaches 1.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Codebook, Suggestion
from .keyword_matcher import Matcher, Pattern, compile_codebook

if TYPE_CHECKING:  # spaCy costs half a second to import; commands that only read stored lemmas skip it
    from spacy.language import Language

SOURCE = "regel"


class SegmentLike(Protocol):
    id: int
    text: str
    lemmas: str


def confidence(weights: Iterable[float]) -> float:
    """Noisy-OR of keyword weights (see the module docstring)."""
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return round(1.0 - miss, 4)


def _seg_fields(seg: Any) -> tuple[int, str, str]:
    if isinstance(seg, tuple):
        return seg[0], seg[1], seg[2]
    return seg.id, seg.text, seg.lemmas


SURFACE_BATCH = 2000
"""Texts tokenised together as one Doc when collecting evidence words (bounds the Doc's memory)."""


def _surface_orths(nlp: Language, texts: list[str]) -> list[list[int]]:
    """Per text the ORTH ids of its word tokens, aligned with the stored lemmas (same skip rule as
    nlp.lemmatize: no space or punctuation tokens).

    The tokenizer splits on whitespace first and treats every whitespace-separated chunk on its own, so
    texts joined by a space give the same tokens as texts tokenised one by one, while only one Doc per
    batch is built and no Token objects at all (``Doc.to_array``); building them dominated the cost.
    """
    import numpy as np
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH

    out: list[list[int]] = []
    for b in range(0, len(texts), SURFACE_BATCH):
        chunk = texts[b : b + SURFACE_BATCH]
        starts = np.cumsum([0] + [len(t) + 1 for t in chunk])
        arr = nlp.tokenizer(" ".join(chunk)).to_array([ORTH, IS_SPACE, IS_PUNCT, IDX])
        if not len(arr):
            out.extend([] for _ in chunk)
            continue
        keep = (arr[:, 1] == 0) & (arr[:, 2] == 0)
        orths, idx = arr[keep, 0], arr[keep, 3]
        cuts = np.searchsorted(idx, starts).tolist()
        out.extend(orths[cuts[j] : cuts[j + 1]].tolist() for j in range(len(chunk)))
    return out


class _Words:
    """Words of a text looked up from their ORTH ids on demand (evidence needs only a few of them)."""

    __slots__ = ("strings", "orths")

    def __init__(self, strings: Any, orths: list[int]) -> None:
        self.strings, self.orths = strings, orths

    def __getitem__(self, k: int) -> str:
        return self.strings[self.orths[k]]


def _evidence(
    hits: list[tuple[Pattern, tuple[int, ...]]], surface: Sequence[str] | _Words, lemmas: list[str]
) -> str:
    """ "word(s) [keyword]" per match in text order; ``surface`` maps a position to the word as written."""
    parts: dict[str, None] = {}
    for p, pos in sorted(hits, key=lambda h: h[1]):
        parts[f"{' '.join(surface[k] for k in pos)} [{p.keyword}]"] = None
    return "; ".join(parts)


def suggest(
    segments: Iterable[SegmentLike | tuple[int, str, str]],
    codebook: Codebook,
    nlp: Language | None = None,
    code_ids: Iterable[str] | None = None,
    matcher: Matcher | None = None,
) -> list[Suggestion]:
    """One suggestion per (segment, code) whose keywords occur in the segment's lemmas.

    ``segments`` are objects with ``id``, ``text`` and ``lemmas`` (space-separated, as stored) or
    ``(id, text, lemmas)`` tuples. Segments without stored lemmas are lemmatised here.
    """
    from ..nlp import lemmatize, load_nlp

    nlp = nlp or load_nlp()
    matcher = matcher or compile_codebook(codebook, nlp, code_ids)
    find = matcher.find
    found: list[tuple[int, str, list[str], dict[str, list[tuple[Pattern, tuple[int, ...]]]]]] = []
    missing: list[tuple[int, int, str]] = []
    with gc_paused():
        for order, seg in enumerate(segments):
            if isinstance(seg, tuple):
                seg_id, text, lem = seg[0], seg[1], seg[2]
            else:
                seg_id, text, lem = seg.id, seg.text, seg.lemmas
            lemmas = lem.lower().split()
            if not lemmas:
                if text.strip():
                    missing.append((order, seg_id, text))
                continue
            hits = find(lemmas)
            if hits:
                found.append((order, seg_id, text, lemmas, hits))
        if missing:
            fresh = lemmatize(nlp, [text for _, _, text in missing])
            for (order, seg_id, text), lem_list in zip(missing, fresh, strict=True):
                lemmas = " ".join(lem_list).lower().split()
                hits = find(lemmas)
                if hits:
                    found.append((order, seg_id, text, lemmas, hits))
            found.sort(key=lambda f: f[0])
        # Surface words are only needed for the evidence of segments that matched, so only those are tokenised.
        surfaces = _surface_orths(nlp, [f[2] for f in found])
        strings = nlp.vocab.strings
        out: list[Suggestion] = []
        for (_, seg_id, _, lemmas, hits), orths in zip(found, surfaces, strict=True):
            # A text whose tokens do not line up with its stored lemmas (lemmatised by another pipeline)
            # shows the lemmas as evidence instead.
            surface = _Words(strings, orths) if len(orths) == len(lemmas) else lemmas
            for code_id, code_hits in hits.items():
                distinct = {p.keyword: p.weight for p, _ in code_hits}
                out.append(
                    Suggestion(
                        seg_id,
                        code_id,
                        confidence(distinct.values()),
                        _evidence(code_hits, surface, lemmas),
                        SOURCE,
                    )
                )
    return out


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (nested use is fine; the previous state is restored).

    Auto-coding keeps tens of thousands of small containers alive (segment rows, hits, evidence), which
    made the collector rescan every live object several times over: a third of the matching time at 75
    interviews. None of it forms reference cycles, so nothing is lost by collecting once afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --------------------------------------------------------------------------- spaCy variant (benchmark)


def spacy_phrase_matcher(matcher: Matcher, nlp: Language):  # noqa: ANN201 - spacy.matcher.PhraseMatcher
    """The same patterns as a ``PhraseMatcher(attr="LEMMA")``: one pattern doc per lemma combination."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    pm = PhraseMatcher(nlp.vocab, attr="LEMMA")
    for i, p in enumerate(matcher.patterns):
        docs = []
        for combo in itertools.product(*(sorted(s) for s in p.slots)):
            words = list(combo)
            docs.append(Doc(nlp.vocab, words=words, lemmas=words))
        pm.add(str(i), docs)
    return pm


def suggest_spacy(
    segments: Iterable[SegmentLike | tuple[int, str, str]],
    matcher: Matcher,
    nlp: Language,
    phrase_matcher=None,  # noqa: ANN001
) -> list[tuple[int, str]]:
    """(segment id, code id) pairs found by spaCy's PhraseMatcher on the stored lemmas (for the benchmark)."""
    from spacy.tokens import Doc

    pm = phrase_matcher or spacy_phrase_matcher(matcher, nlp)
    out: list[tuple[int, str]] = []
    for seg in segments:
        seg_id, _, lem = _seg_fields(seg)
        words = lem.lower().split()
        if not words:
            continue
        doc = Doc(nlp.vocab, words=words, lemmas=words)
        codes = {matcher.patterns[int(nlp.vocab.strings[m_id])].code_id for m_id, _, _ in pm(doc)}
        out.extend((seg_id, c) for c in sorted(codes))
    return out
