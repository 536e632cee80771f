"""Rule-based coding suggestions: codebook keywords and phrases matched on the lemmas of segments.

Matching works on the ``lemmas`` stored with every segment at ingest, so "samenwerkten" hits the keyword
"samenwerken" without running the spaCy pipeline again. Keywords are written as lemmas by the codebook
author, but the lemmatiser does not always agree with a human (simplemma turns "wachten" into "wacht" and
"wachtte" into "wachten"), so every keyword position accepts both the written word and its lemmatised form.

The matcher is a precompiled index (single lemma -> patterns, lemma pair -> contiguous phrases, rarest
lemma -> gapped phrases), each pattern a tuple of per-position sets of accepted lemmas. On the same patterns
it is about 2.4x faster than spaCy's ``PhraseMatcher(attr="LEMMA")`` on stored lemmas, because no ``Doc``
has to be built per segment (``bench/quality.py`` measures both; :func:`suggest_spacy` keeps the
PhraseMatcher variant for that comparison). Only segments that matched are tokenised again, to show the
surface words as evidence.

Matcher options (defaults chosen on the gold fragments in ``corpora/gold``, see ``bench/quality.py``):
``gap`` (3) other words allowed between the words of a phrase, for Dutch word order ("de knoop werd niet
doorgehakt"); ``separable`` split separable verbs ("aanpakken" also as "pakte ... aan");
``compounds`` a single keyword of 5+ letters also matches as the head of a compound ("buurtvrijwilliger");
``names`` the multi-word parts of code names and aliases count as phrases ("hier moeten we iets mee").

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

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.language import Language

from ..model import Code, Codebook
from ..store.codings import Suggestion

SOURCE = "regel"
DEFAULT_GAP = 3
MIN_HEAD = 5
MIN_MODIFIER = 3
WORD_WEIGHT = 0.4
PHRASE_WEIGHT = 0.6


class SegmentLike(Protocol):
    id: int
    text: str
    lemmas: str


@dataclass(frozen=True)
class Pattern:
    code_id: str
    keyword: str
    """the keyword as the codebook author wrote it"""
    slots: tuple[frozenset[str], ...]
    """accepted lemmas per position"""
    weight: float
    gap: int = 0
    """other words allowed between consecutive words of the phrase"""


@dataclass
class Matcher:
    """A codebook compiled for matching; build it once with :func:`compile_codebook`.

    A phrase pattern may allow other words between its words (``Pattern.gap``); ``compounds`` lets a
    single-word keyword of at least ``MIN_HEAD`` letters match as the head (last part) of a compound
    ("buurtvrijwilliger" hits "vrijwilliger").
    """

    patterns: list[Pattern]
    compounds: bool = False
    singles: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)
    pairs: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict, repr=False)
    keyed: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)
    _heads: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        singles: dict[str, list[Pattern]] = defaultdict(list)
        pairs: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        keyed: dict[str, list[Pattern]] = defaultdict(list)
        for p in self.patterns:
            if len(p.slots) == 1:
                for w in p.slots[0]:
                    singles[w].append(p)
                continue
            if p.gap:
                # Gapped phrases are looked up by their rarest word, not their first: phrases often start
                # with "de", "van" or "op", which would make every segment a candidate.
                for w in p.slots[_key_slot(p.slots)]:
                    keyed[w].append(p)
                continue
            for w in p.slots[0]:
                for w2 in p.slots[1]:
                    pairs[(w, w2)].append(p)
        self.singles, self.pairs, self.keyed = dict(singles), dict(pairs), dict(keyed)
        self._heads = {}

    @property
    def code_ids(self) -> list[str]:
        return list(dict.fromkeys(p.code_id for p in self.patterns))

    def _compound_hits(self, token: str) -> list[Pattern]:
        # Cached per token: interview vocabularies are small and Zipfian, so this is mostly a dict hit.
        hit = self._heads.get(token)
        if hit is None:
            hit = []
            singles = self.singles
            for k in range(MIN_MODIFIER, len(token) - MIN_HEAD + 1):
                found = singles.get(token[k:])
                if found:
                    hit = found
                    break
            self._heads[token] = hit
        return hit

    def find(self, lemmas: Sequence[str]) -> dict[str, list[tuple[Pattern, tuple[int, ...]]]]:
        """Matches per code id: (pattern, positions of the matched words in the lemma sequence)."""
        hits: dict[str, list[tuple[Pattern, tuple[int, ...]]]] = {}
        singles, pairs, keyed = self.singles, self.pairs, self.keyed
        n = len(lemmas)
        gapped: dict[Pattern, None] = {}
        for i, lemma in enumerate(lemmas):
            found = singles.get(lemma)
            if found is None and self.compounds and len(lemma) >= MIN_HEAD + MIN_MODIFIER:
                found = self._compound_hits(lemma)
            if found:
                for p in found:
                    hits.setdefault(p.code_id, []).append((p, (i,)))
            if i + 1 < n:
                for p in pairs.get((lemma, lemmas[i + 1]), ()):
                    m = len(p.slots)
                    if m == 2:
                        hits.setdefault(p.code_id, []).append((p, (i, i + 1)))
                    elif i + m <= n and all(lemmas[i + j] in p.slots[j] for j in range(2, m)):
                        hits.setdefault(p.code_id, []).append((p, tuple(range(i, i + m))))
            for p in keyed.get(lemma, ()):
                gapped[p] = None
        if gapped:
            present = set(lemmas)
            for p in gapped:
                if not all(present & slot for slot in p.slots):
                    continue
                first = p.slots[0]
                for i, lemma in enumerate(lemmas):
                    if lemma in first:
                        pos = _gapped(lemmas, p.slots, i, p.gap)
                        if pos is not None:
                            hits.setdefault(p.code_id, []).append((p, pos))
        return hits


def _key_slot(slots: tuple[frozenset[str], ...]) -> int:
    from spacy.lang.nl.stop_words import STOP_WORDS

    def rarity(j: int) -> tuple[bool, int]:
        return (not (slots[j] & STOP_WORDS), min(len(w) for w in slots[j]))

    return max(range(len(slots)), key=rarity)


def _gapped(lemmas: Sequence[str], slots: tuple[frozenset[str], ...], i: int, gap: int) -> tuple[int, ...] | None:
    """Positions of the phrase starting at i with at most ``gap`` other words between its words."""
    pos = [i]
    at = i
    n = len(lemmas)
    for slot in slots[1:]:
        for k in range(at + 1, min(n, at + gap + 2)):
            if lemmas[k] in slot:
                at = k
                break
        else:
            return None
        pos.append(at)
    return tuple(pos)


def _norm_tokens(text: str) -> list[str]:
    return text.lower().split()


def compile_codebook(
    codebook: Codebook,
    nlp: Language | None = None,
    code_ids: Iterable[str] | None = None,
    gap: int = DEFAULT_GAP,
    compounds: bool = True,
    names: bool = True,
    separable: bool = True,
) -> Matcher:
    """Compile the keywords of (a subset of) a codebook's codes into a :class:`Matcher`.

    Every keyword is lemmatised with the same pipeline as the segments; each position then accepts the
    written word, the word lemmatised on its own and the word lemmatised within the phrase. With ``names``
    the parts of a code's name and aliases (split at punctuation, two words or more) count as phrases too.
    ``separable`` adds the split form of separable verbs ("aanpakken": "pakken ... aan"). Results are
    cached per process (keyed on the keywords, names and options), so repeated runs skip the lemmatiser.
    """
    from ..nlp import load_nlp

    nlp = nlp or load_nlp()
    wanted = set(code_ids) if code_ids is not None else None
    codes = tuple(c for c in codebook.codes if wanted is None or c.id in wanted)
    key = (
        id(nlp),
        tuple((c.id, tuple(c.keywords), c.name, tuple(c.aliases)) for c in codes),
        gap,
        compounds,
        names,
        separable,
    )
    cached = _COMPILED.get(key)
    if cached is None:
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        cached = _COMPILED[key] = _compile(codes, nlp, gap, compounds, names, separable)
    return cached


_COMPILED: dict[tuple, Matcher] = {}


def _compile(codes: Sequence[Code], nlp: Language, gap: int, compounds: bool, names: bool, separable: bool) -> Matcher:
    from ..nlp import lemmatize

    keywords = [(c.id, kw.strip()) for c in codes for kw in c.keywords if kw.strip()]
    if names:
        keywords += [(c.id, part) for c in codes for name in (c.name, *c.aliases) for part in name_phrases(name)]
    written = [_norm_tokens(kw) for _, kw in keywords]
    words = sorted({w for toks in written for w in toks})
    phrase_lemmas = lemmatize(nlp, [kw for _, kw in keywords])
    word_lemmas = dict(zip(words, lemmatize(nlp, words), strict=True))

    slot_lists: list[tuple[frozenset[str], ...]] = []
    for toks, plem in zip(written, phrase_lemmas, strict=True):
        plem = [x.lower() for x in plem]
        slots = []
        for j, w in enumerate(toks):
            accepted = {w, *(x.lower() for x in word_lemmas.get(w, []))}
            # Only trust the in-phrase lemma when the tokeniser kept the phrase's word count.
            if len(plem) == len(toks):
                accepted.add(plem[j])
            accepted.discard("")
            slots.append(frozenset(accepted))
        slot_lists.append(tuple(slots))

    sharing: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for (cid, _), toks in zip(keywords, written, strict=True):
        sharing[tuple(toks)].add(cid)
    patterns: list[Pattern] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for (cid, kw), toks, slots in zip(keywords, written, slot_lists, strict=True):
        if not slots or (cid, tuple(toks)) in seen:
            continue
        seen.add((cid, tuple(toks)))
        base = PHRASE_WEIGHT if len(slots) > 1 else WORD_WEIGHT
        weight = base / len(sharing[tuple(toks)])
        patterns.append(Pattern(cid, kw, slots, weight, gap if len(slots) > 1 else 0))
        split = _split_verb(toks[0]) if separable and len(toks) == 1 else None
        if split is not None:
            verb, particle = split
            verb_forms = frozenset({verb, *(x.lower() for x in word_lemmas.get(verb, []))})
            patterns.append(Pattern(cid, kw, (verb_forms, frozenset({particle})), weight, SEPARABLE_GAP))
    return Matcher(patterns, compounds=compounds)


# Particles of Dutch separable verbs ("aanpakken" -> "hij pakte het meteen aan"): the particle ends the clause.
PARTICLES = ("aan", "af", "bij", "door", "in", "langs", "mee", "na", "om", "op", "samen", "terug", "toe",
             "uit", "vast", "voor", "voort", "weg")  # fmt: skip
SEPARABLE_GAP = 6


def _split_verb(word: str) -> tuple[str, str] | None:
    if not word.endswith("en"):
        return None
    for particle in sorted(PARTICLES, key=len, reverse=True):
        rest = word[len(particle):]
        if word.startswith(particle) and len(rest) >= 4:
            return rest, particle
    return None


def name_phrases(name: str) -> list[str]:
    """Parts of a code name usable as phrases: "(Fysieke) grenzen" -> ["fysieke grenzen"]."""
    plain = re.sub(r"[()\"“”'’]", "", name.lower())
    parts = [" ".join(part.split()) for part in re.split(r"[:,;?!.]", plain)]
    return [part for part in parts if len(part.split()) >= 2]


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


def _surface_tokens(nlp: Language, texts: list[str]) -> list[list[str]]:
    """Word tokens of each text, aligned with the stored lemmas (same skip rule as nlp.lemmatize)."""
    return [
        [t.text for t in doc if not (t.is_space or t.is_punct)] for doc in nlp.tokenizer.pipe(texts, batch_size=256)
    ]


def _evidence(
    hits: list[tuple[Pattern, tuple[int, ...]]], surface: list[str] | None, lemmas: list[str]
) -> str:
    words = surface if surface is not None and len(surface) == len(lemmas) else lemmas
    parts: dict[str, None] = {}
    for p, pos in sorted(hits, key=lambda h: h[1]):
        parts[f"{' '.join(words[k] for k in pos)} [{p.keyword}]"] = None
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
    rows = [_seg_fields(s) for s in segments]
    missing = [i for i, (_, text, lem) in enumerate(rows) if not lem.strip() and text.strip()]
    if missing:
        fresh = lemmatize(nlp, [rows[i][1] for i in missing])
        for i, lem in zip(missing, fresh, strict=True):
            rows[i] = (rows[i][0], rows[i][1], " ".join(lem))

    found: list[tuple[int, str, list[str], dict[str, list[tuple[Pattern, tuple[int, ...]]]]]] = []
    for seg_id, text, lem in rows:
        lemmas = _norm_tokens(lem)
        hits = matcher.find(lemmas)
        if hits:
            found.append((seg_id, text, lemmas, hits))
    # Surface words are only needed for the evidence of segments that matched, so only those are tokenised.
    surfaces = _surface_tokens(nlp, [text for _, text, _, _ in found])
    out: list[Suggestion] = []
    for (seg_id, _, lemmas, hits), surface in zip(found, surfaces, strict=True):
        for code_id, code_hits in hits.items():
            distinct = {p.keyword: p.weight for p, _ in code_hits}
            out.append(
                Suggestion(
                    segment_id=seg_id,
                    code_id=code_id,
                    confidence=confidence(distinct.values()),
                    evidence=_evidence(code_hits, surface, lemmas),
                    source=SOURCE,
                )
            )
    return out


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
        words = _norm_tokens(lem)
        if not words:
            continue
        doc = Doc(nlp.vocab, words=words, lemmas=words)
        codes = {matcher.patterns[int(nlp.vocab.strings[m_id])].code_id for m_id, _, _ in pm(doc)}
        out.extend((seg_id, c) for c in sorted(codes))
    return out
