"""Codebook keywords compiled for matching on stored lemmas (used by :mod:`.autocode`).

Keywords are written as lemmas by the codebook author, but the lemmatiser does not always agree with a human
(simplemma turns "wachten" into "wacht" and "wachtte" into "wachten"), so every keyword position accepts both
the written word and its lemmatised form.

The matcher is a precompiled index (single lemma -> patterns, first lemma -> contiguous phrases, rarest
lemma -> gapped phrases), each pattern a tuple of per-position sets of accepted lemmas. On the same patterns
it is faster than spaCy's ``PhraseMatcher(attr="LEMMA")`` on stored lemmas, evidence included, because no
``Doc`` has to be built per segment (``bench/quality.py`` measures both; :func:`.autocode.suggest_spacy`
keeps the PhraseMatcher variant for that comparison).

Matcher options (defaults chosen on the gold fragments in ``corpora/gold``, see ``bench/quality.py``):
``gap`` (3) other words allowed between the words of a phrase, for Dutch word order ("de knoop werd niet
doorgehakt"); ``separable`` split separable verbs ("aanpakken" also as "pakte ... aan");
``compounds`` a single keyword of 5+ letters also matches as the head of a compound ("buurtvrijwilliger");
``names`` the multi-word parts of code names and aliases count as phrases ("hier moeten we iets mee").

Compiling costs a lemmatiser run over the keywords; the keyword lemmas are cached on disk
(:func:`keyword_lemmas`) and compiled matchers per process (:func:`compile_codebook`).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Code, Codebook

if TYPE_CHECKING:  # see analysis/autocode.py: commands that only read stored lemmas skip spaCy's import
    from spacy.language import Language

DEFAULT_GAP = 3
MIN_HEAD = 5
MIN_MODIFIER = 3
WORD_WEIGHT = 0.4
PHRASE_WEIGHT = 0.6


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

    Most segments match nothing, so :meth:`find` first tests the segment's set of lemmas against the
    lemmas that can start a match (``direct``) and the key words of gapped phrases, C-level set
    operations; a gapped phrase is only searched for when all its words occur, and only segments with a
    possible match are walked word by word. Compound heads are discovered per new word and added to the
    index, so after the first few hundred segments almost every word has been seen (interview
    vocabularies are small and Zipfian).
    """

    patterns: list[Pattern]
    compounds: bool = False
    singles: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)
    """single-word patterns per accepted lemma, plus compounds whose head is a keyword (filled lazily)"""
    starts: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)
    """contiguous phrases (gap 0) per accepted first lemma"""
    keyed: dict[str, list[Pattern]] = field(default_factory=dict, repr=False)
    """gapped phrases per accepted lemma of their rarest word"""
    direct: set[str] = field(default_factory=set, repr=False)
    """lemmas that start a single-word or contiguous match (grows with compounds)"""
    _seen: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        singles: dict[str, list[Pattern]] = defaultdict(list)
        starts: dict[str, list[Pattern]] = defaultdict(list)
        keyed: dict[str, list[Pattern]] = defaultdict(list)
        for p in self.patterns:
            if len(p.slots) == 1:
                for w in p.slots[0]:
                    singles[w].append(p)
            elif p.gap:
                # Gapped phrases are looked up by their rarest word, not their first: phrases often start
                # with "de", "van" or "op", which would make every segment a candidate.
                for w in p.slots[_key_slot(p.slots)]:
                    keyed[w].append(p)
            else:
                for w in p.slots[0]:
                    starts[w].append(p)
        self.singles, self.starts, self.keyed = dict(singles), dict(starts), dict(keyed)
        self.direct = set(self.singles) | set(self.starts)
        self._keys = frozenset(self.keyed)
        # Per key word: (pattern, words that must all occur, slots of which one word must occur).
        self._checks = {
            w: [
                (
                    p,
                    frozenset(w2 for s in p.slots if len(s) == 1 for w2 in s),
                    [s for s in p.slots if len(s) > 1],
                )
                for p in ps
            ]
            for w, ps in self.keyed.items()
        }
        # Words already checked for a compound head; keyword lemmas need no check.
        self._seen = set(self.singles)

    @property
    def code_ids(self) -> list[str]:
        return list(dict.fromkeys(p.code_id for p in self.patterns))

    def _learn_compounds(self, words: set[str]) -> None:
        """Add words whose last part (``MIN_HEAD``+ letters after ``MIN_MODIFIER``+) is a single keyword."""
        singles = self.singles
        for token in words:
            for k in range(MIN_MODIFIER, len(token) - MIN_HEAD + 1):
                found = singles.get(token[k:])
                if found:
                    singles[token] = found
                    self.direct.add(token)
                    break
        self._seen |= words

    def find(self, lemmas: Sequence[str]) -> dict[str, list[tuple[Pattern, tuple[int, ...]]]]:
        """Matches per code id: (pattern, positions of the matched words in the lemma sequence)."""
        present = set(lemmas)
        seen = self._seen
        if self.compounds and not seen.issuperset(present):
            self._learn_compounds(present - seen)
        direct = not present.isdisjoint(self.direct)
        gapped: list[Pattern] = []
        if not present.isdisjoint(self._keys):
            # Every word of the phrase must occur somewhere: checked with set operations before any walk.
            ok: set[int] = set()
            for w in present & self._keys:
                for p, required, options in self._checks[w]:
                    if required <= present and all(not present.isdisjoint(o) for o in options):
                        ok.add(id(p))
            if ok:
                # Walk in text order so the result does not depend on set iteration order.
                keyed = self.keyed
                for lemma in lemmas:
                    for p in keyed.get(lemma, ()):
                        if id(p) in ok:
                            ok.discard(id(p))
                            gapped.append(p)
        if not direct and not gapped:
            return {}
        hits: dict[str, list[tuple[Pattern, tuple[int, ...]]]] = {}
        n = len(lemmas)
        if direct:
            singles, starts, direct_words = self.singles, self.starts, self.direct
            for i, lemma in enumerate(lemmas):
                if lemma not in direct_words:
                    continue
                for p in singles.get(lemma, ()):
                    hits.setdefault(p.code_id, []).append((p, (i,)))
                for p in starts.get(lemma, ()):
                    slots = p.slots
                    m = len(slots)
                    if i + m <= n and all(lemmas[i + j] in slots[j] for j in range(1, m)):
                        hits.setdefault(p.code_id, []).append((p, tuple(range(i, i + m))))
        for p in gapped:
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


def _gapped(
    lemmas: Sequence[str], slots: tuple[frozenset[str], ...], i: int, gap: int
) -> tuple[int, ...] | None:
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


def _compile(
    codes: Sequence[Code], nlp: Language, gap: int, compounds: bool, names: bool, separable: bool
) -> Matcher:
    keywords = [(c.id, kw.strip()) for c in codes for kw in c.keywords if kw.strip()]
    if names:
        keywords += [
            (c.id, part) for c in codes for name in (c.name, *c.aliases) for part in name_phrases(name)
        ]
    written = [_norm_tokens(kw) for _, kw in keywords]
    words = sorted({w for toks in written for w in toks})
    phrases = [kw for _, kw in keywords]
    lemmas = keyword_lemmas(nlp, phrases + words)
    phrase_lemmas = lemmas[: len(phrases)]
    word_lemmas = dict(zip(words, lemmas[len(phrases) :], strict=True))

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


LEMMA_CACHE_ENV_VAR = "KB_CACHE_DIR"
LEMMA_CACHE_MAX = 50_000
"""Entries in the keyword-lemma cache before it starts afresh (codebooks have a few thousand words)."""


def _lemma_cache_file(nlp: Language) -> Path | None:
    """Per-user cache file of keyword lemmas, only for the blank simplemma pipeline.

    That pipeline is fully determined by the spaCy and simplemma versions and its components, so the
    lemma of a keyword can be reused across runs; a trained model may be replaced in place, so its
    keywords are always lemmatised afresh.
    """
    from ..nlp import pipeline_info

    info = pipeline_info(nlp)
    if info.kind != "blank" or info.lemmatizer != "simplemma":
        return None
    import hashlib
    import importlib.metadata

    import platformdirs

    try:
        simplemma_version = importlib.metadata.version("simplemma")
    except importlib.metadata.PackageNotFoundError:
        return None
    key = f"{info.name}|{info.spacy_version}|{'+'.join(info.components)}|simplemma {simplemma_version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    base = os.environ.get(LEMMA_CACHE_ENV_VAR) or platformdirs.user_cache_dir("kritischeblik")
    return Path(base) / "autocode" / f"keyword-lemmas-{digest}.json"


def keyword_lemmas(nlp: Language, texts: Sequence[str]) -> list[list[str]]:
    """``nlp.lemmatize`` for codebook keywords, cached across runs where that is safe.

    Lemmatising a codebook's keywords loads simplemma's Dutch dictionary and takes about half a second,
    more than matching all segments of a 75-interview project; the cache makes it a file read.
    """
    from ..nlp import lemmatize

    path = _lemma_cache_file(nlp)
    if path is None:
        return lemmatize(nlp, texts)
    cache: dict[str, list[str]] = {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(loaded, dict):
            cache = loaded
    except (OSError, ValueError):
        pass
    todo = [t for t in dict.fromkeys(texts) if not isinstance(cache.get(t), list)]
    if todo:
        if len(cache) + len(todo) > LEMMA_CACHE_MAX:
            cache = {}
        cache.update(zip(todo, lemmatize(nlp, todo), strict=True))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old or the new file, never half
        except OSError:
            pass  # a read-only cache dir only costs speed
    return [list(cache[t]) for t in texts]


# Particles of Dutch separable verbs ("aanpakken" -> "hij pakte het meteen aan"): the particle ends the clause.
PARTICLES = (
    "aan",
    "af",
    "bij",
    "door",
    "in",
    "langs",
    "mee",
    "na",
    "om",
    "op",
    "samen",
    "terug",
    "toe",
    "uit",
    "vast",
    "voor",
    "voort",
    "weg",
)
SEPARABLE_GAP = 6


def _split_verb(word: str) -> tuple[str, str] | None:
    if not word.endswith("en"):
        return None
    for particle in sorted(PARTICLES, key=len, reverse=True):
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 4:
            return rest, particle
    return None


def name_phrases(name: str) -> list[str]:
    """Parts of a code name usable as phrases: "(Fysieke) grenzen" -> ["fysieke grenzen"]."""
    plain = re.sub(r"[()\"“”'’]", "", name.lower())
    parts = [" ".join(part.split()) for part in re.split(r"[:,;?!.]", plain)]
    return [part for part in parts if len(part.split()) >= 2]
