"""Labelled examples for the suggestions by meaning: fragments a coder labelled, as a model per code.

The codebook's prototypes (:mod:`.semantic`) say what a code is about in the codebook's words; a spoken
sentence is only loosely close to them. A set of real interview fragments with the codes a coder gave them
(``semantic_examples.json``, built by ``bench/semantic_fit.py --fit`` from the hand-labelled gold of the
held-out *dev* split and the demo; never from the test split) says how the codes sound in interviews.
Fragments judged to carry no code are part of it: they teach what small talk and plain narrative look like.

The model is a logistic regression per code (scikit-learn's ``LogisticRegression``, the label 1 or 0) on the
fragment's sentence vector, the vector of its context (the fragment with its neighbours in the same turn,
as :func:`.semantic.batch` makes it: a spoken sentence often means what it means through the one before),
its section (what works shows in the good example, what hinders in the stuck moment) and the TF-IDF vector
of its lemmas and lemma pairs (sublinear term frequency, smoothed idf, terms in at least two examples),
weighted by ``LEMMA_WEIGHT``. The model is linear, so it is kept as weights per vector dimension, per
section and per term: scoring a project's segments is a matrix product and a weighted count of their terms.
Its output per segment and code (the log-odds) is the ``example`` feature of the calibrated confidence,
for the codes with at least ``MIN_EXAMPLES`` examples; the other codes keep the calibration without it (see
:func:`probability`). Another codebook's codes have no examples: they keep the zero-shot suggestions.

Why this model (round 2): it replaced a kernel ridge regression on the vectors and lemmas alone. With the
whole calibration, leave-one-transcript-out on the dev split (``bench/semantic_fit.py --loto``), micro-F1 for
werkende elementen, belemmerende elementen and principes went 0.59 / 0.65 / 0.42 -> 0.58 / 0.72 / 0.50. The
context vector and the section gave most of the gain.

Pure: examples, vectors and lemmas come in; weights and scores go out.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

EXAMPLES_FILE = "semantic_examples.json"
C_REG = 4.0
"""Inverse regularisation strength of the logistic regressions (scikit-learn's ``C``)."""
LEMMA_WEIGHT = 2.0
"""Scale of the TF-IDF features next to the unit sentence vectors."""
MIN_EXAMPLES = 3
"""Examples a code needs before its ``example`` feature is used."""
MIN_DF = 2
_MIN_CHARS = 3


@dataclass(frozen=True)
class Example:
    text: str
    lemmas: str
    codes: tuple[str, ...]
    source: str = ""
    """where it comes from (split:interview): the unit left out together when the calibration is fitted"""
    section: str = ""
    context: tuple[str, ...] = ()
    """the texts of its neighbours in the same turn (its context vector is made from them and it)"""


def examples_to_json(examples: Sequence[Example], made_from: str) -> str:
    data = {
        "made_from": made_from,
        "examples": [
            {
                "text": e.text,
                "lemmas": e.lemmas,
                "codes": list(e.codes),
                "source": e.source,
                "section": e.section,
                "context": list(e.context),
            }
            for e in examples
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def examples_from_json(text: str) -> tuple[Example, ...]:
    data = json.loads(text)
    return tuple(
        Example(
            str(e["text"]),
            str(e["lemmas"]),
            tuple(map(str, e["codes"])),
            str(e.get("source", "")),
            str(e.get("section", "")),
            tuple(map(str, e.get("context", ()))),
        )
        for e in data["examples"]
    )


@cache
def shipped_examples() -> tuple[Example, ...]:
    """The example set shipped with the package (empty when the file is absent)."""
    file = resources.files(__package__).joinpath(EXAMPLES_FILE)
    return examples_from_json(file.read_text("utf-8")) if file.is_file() else ()


# ------------------------------------------------------------------------------------------ lemma terms


def _is_word(token: str) -> bool:
    return len(token) >= _MIN_CHARS and token.replace("_", "").replace("'", "").isalpha()


def terms(lemmas: str) -> list[str]:
    """The terms of a segment's lemmas: its words (lemmas of at least three letters; placeholders such as
    ``persoon-1``, numbers and punctuation are not words) and each pair of words next to each other once
    the short lemmas (``de``, ``ik``, ``al``) are left out."""
    raw = [t for t in (lemmas or "").split() if len(t) >= _MIN_CHARS]
    word = [_is_word(t) for t in raw]
    pairs = [f"{a} {b}" for a, b, x, y in zip(raw, raw[1:], word, word[1:], strict=False) if x and y]
    return [t for t, w in zip(raw, word, strict=True) if w] + pairs


def vocabulary(docs: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """The terms in at least ``MIN_DF`` of ``docs`` (sorted) and their smoothed idf."""
    df: dict[str, int] = {}
    for doc in docs:
        for t in set(terms(doc)):
            df[t] = df.get(t, 0) + 1
    kept = sorted(t for t, n in df.items() if n >= MIN_DF)
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float64)
    return {t: i for i, t in enumerate(kept)}, idf


_BREAK = "\x00"
"""joins the documents for one split: a token no document holds, marking where the next begins"""


def term_counts(docs: Sequence[str], vocab: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, term, count) of every term of ``vocab`` in ``docs``, sorted by document and term.

    Vectorised over all documents (a project has tens of thousands of segments): the documents are split in
    one call and every token is looked up once; a pair counts where two tokens next to each other (short ones
    left out) are both single-word terms of ``vocab`` (a pair in at least ``MIN_DF`` documents has both its
    words in that many), looked up by their indices."""
    n_terms = max(len(vocab), 1)
    lookup = {**vocab, _BREAK: -2}
    tokens = f" {_BREAK} ".join(doc or "" for doc in docs).split() if docs else []
    ids = np.fromiter(map(lookup.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
    # short lemmas are left out before pairs are formed (terms); the document breaks stay
    ids = ids[(np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)) >= _MIN_CHARS) | (ids == -2)]
    owner = np.cumsum(ids == -2)
    single = np.zeros(n_terms, dtype=bool)
    pair_key, pair_col = _pair_table(vocab, single)
    is_single = (ids >= 0) & single[np.maximum(ids, 0)]
    rows, cols = [owner[is_single]], [ids[is_single]]
    if len(pair_key) and len(ids) > 1:
        both = is_single[:-1] & is_single[1:]
        key = ids[:-1][both] * n_terms + ids[1:][both]
        at = np.minimum(np.searchsorted(pair_key, key), len(pair_key) - 1)
        hit = pair_key[at] == key
        rows.append(owner[:-1][both][hit])
        cols.append(pair_col[at[hit]])
    keys, counts = np.unique(np.concatenate(rows) * n_terms + np.concatenate(cols), return_counts=True)
    return keys // n_terms, keys % n_terms, counts


def _weights(docs: Sequence[str], vocab: Mapping[str, int], idf: np.ndarray) -> tuple[np.ndarray, ...]:
    """(document, term, weight): sublinear TF-IDF (tf = 1 + ln(count), times idf), each document's
    vector of unit length."""
    row, col, count = term_counts(docs, vocab)
    data = (1.0 + np.log(count)) * idf[col]
    norms = np.sqrt(np.bincount(row, weights=data * data, minlength=len(docs)))
    return row, col, data / norms[row]


def lemma_matrix(docs: Sequence[str], vocab: Mapping[str, int], idf: np.ndarray) -> np.ndarray:
    """The TF-IDF vectors of ``docs`` as a dense matrix (for the examples: a few hundred rows)."""
    row, col, data = _weights(docs, vocab, idf)
    out = np.zeros((len(docs), len(vocab)), dtype=np.float64)
    out[row, col] = data
    return out


def lemma_scores(docs: Sequence[str], vocab: Mapping[str, int], idf: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``lemma_matrix(docs) @ W`` without the matrix (a project's segments × terms would be large): per
    column of ``W`` one weighted count over the documents."""
    row, col, data = _weights(docs, vocab, idf)
    out = np.empty((W.shape[1], len(docs)), dtype=np.float64)
    for j, column in enumerate(np.ascontiguousarray(np.asarray(W, dtype=np.float64).T)):
        out[j] = np.bincount(row, weights=data * column[col], minlength=len(docs))
    return out.T.astype(np.float32)


def _pair_table(vocab: Mapping[str, int], single: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Marks the single-word terms in ``single``; returns the pairs' keys (first word's index × terms +
    second's, sorted) and their term indices."""
    n = len(vocab)
    keys, cols = [], []
    for term, i in vocab.items():
        if " " in term:
            a, b = term.split(" ", 1)
            keys.append(vocab[a] * n + vocab[b])
            cols.append(i)
        else:
            single[i] = True
    order = np.argsort(keys) if keys else np.zeros(0, dtype=np.int64)
    return np.asarray(keys, dtype=np.int64)[order], np.asarray(cols, dtype=np.int64)[order]


# ------------------------------------------------------------------------------------------ the model


@dataclass
class ExampleModel:
    """The logistic regressions of :func:`fit`, kept as weights (the model is linear)."""

    code_ids: list[str]
    counts: np.ndarray
    """examples per code"""
    vector_weights: np.ndarray
    """sentence-vector dimensions × codes"""
    vocabulary: dict[str, int]
    idf: np.ndarray
    lemma_weights: np.ndarray
    """terms × codes (``LEMMA_WEIGHT`` included)"""
    mean: np.ndarray
    """per code the intercept"""
    context_weights: np.ndarray | None = None
    """context-vector dimensions × codes"""
    sections: tuple[str, ...] = ()
    section_weights: np.ndarray | None = None
    """``sections`` × codes"""
    section_share: np.ndarray | None = None
    """per section of ``sections`` the share of the examples in it (see :func:`section_matrix`)"""

    @property
    def has(self) -> np.ndarray:
        """Per code: enough examples for the ``example`` feature."""
        return self.counts >= MIN_EXAMPLES

    def scores(
        self,
        vectors: np.ndarray,
        lemmas: Sequence[str] | None = None,
        only: np.ndarray | None = None,
        context: np.ndarray | None = None,
        sections: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Per segment (unit ``vectors``, their ``lemmas``, unit ``context`` vectors and ``sections``) and code
        the log-odds of the code; with ``only`` (a mask of codes) the other codes' columns are left 0. Without
        ``context`` a segment is its own context."""
        cols = np.arange(len(self.code_ids)) if only is None else np.flatnonzero(only)
        out = np.zeros((len(vectors), len(self.code_ids)), dtype=np.float32)
        part = np.asarray(vectors, dtype=np.float32) @ self.vector_weights[:, cols].astype(np.float32)
        if self.context_weights is not None:
            near = vectors if context is None else context
            part += np.asarray(near, dtype=np.float32) @ self.context_weights[:, cols].astype(np.float32)
        if self.section_weights is not None and sections is not None and len(self.sections):
            S = section_matrix(sections, self.sections, self.section_share)
            part += S @ self.section_weights[:, cols].astype(np.float32)
        if lemmas is not None and len(lemmas) and len(self.vocabulary):
            part += lemma_scores(lemmas, self.vocabulary, self.idf, self.lemma_weights[:, cols])
        out[:, cols] = part + self.mean[cols].astype(np.float32)
        return out


def section_matrix(
    sections: Sequence[str], known: Sequence[str], share: np.ndarray | None = None
) -> np.ndarray:
    """One column per ``known`` section: 1 where the segment is in it. A segment in another section (a
    transcript without the method's headings) gets ``share``, the examples' mix of sections, when given: the
    model was never fitted on a segment without one."""
    where = {s: j for j, s in enumerate(known)}
    out = np.zeros((len(sections), len(known)), dtype=np.float32)
    for i, section in enumerate(sections):
        if (j := where.get(section or "")) is not None:
            out[i, j] = 1.0
        elif share is not None:
            out[i] = share
    return out


def context_vectors(
    examples: Sequence[Example], vectors: np.ndarray, encode: Callable[[Sequence[str]], np.ndarray]
) -> np.ndarray:
    """The examples' context vectors as :func:`.semantic.batch` makes a segment's: the normalised sum of its
    unit vector and its neighbours' (``vectors``: the examples' own unit vectors)."""
    total = np.array(vectors, dtype=np.float64)
    near = [t for e in examples for t in e.context]
    if near:
        N = np.asarray(encode(near), dtype=np.float64)
        N /= np.where((n := np.linalg.norm(N, axis=1, keepdims=True)) == 0, 1, n)
        owner = np.repeat(np.arange(len(examples)), [len(e.context) for e in examples])
        np.add.at(total, owner, N)
    return total / np.where((n := np.linalg.norm(total, axis=1, keepdims=True)) == 0, 1, n)


def model_for(
    examples: Sequence[Example], encode: Callable[[Sequence[str]], np.ndarray], code_ids: Sequence[str]
) -> ExampleModel | None:
    """The model of ``examples`` for ``code_ids``, their texts encoded by ``encode`` (None without examples of
    these codes)."""
    wanted = set(code_ids)
    if not any(wanted.intersection(e.codes) for e in examples):
        return None
    V = np.asarray(encode([e.text for e in examples]), dtype=np.float64)
    V /= np.where((norms := np.linalg.norm(V, axis=1, keepdims=True)) == 0, 1, norms)
    return fit(examples, V, code_ids, context_vectors(examples, V, encode))


def fit(
    examples: Sequence[Example],
    vectors: np.ndarray,
    code_ids: Sequence[str],
    context: np.ndarray | None = None,
    c: float = C_REG,
    lemma_weight: float = LEMMA_WEIGHT,
) -> ExampleModel:
    """The model of ``examples`` (with their unit sentence ``vectors`` and unit ``context`` vectors, in the
    same order; without context each example is its own) for ``code_ids``; codes of the examples outside
    ``code_ids`` are ignored, and a code with fewer than ``MIN_EXAMPLES`` examples gets no weights."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    col = {code: j for j, code in enumerate(code_ids)}
    Y = np.zeros((len(examples), len(code_ids)), dtype=np.int64)
    for i, e in enumerate(examples):
        for code in e.codes:
            if code in col:
                Y[i, col[code]] = 1
    V = np.asarray(vectors, dtype=np.float64).reshape(len(examples), -1)
    C = V if context is None else np.asarray(context, dtype=np.float64).reshape(V.shape)
    docs = [e.lemmas for e in examples]
    vocab, idf = vocabulary(docs)
    sections = tuple(sorted({e.section for e in examples if e.section}))
    S = section_matrix([e.section for e in examples], sections)
    placed = S.sum(axis=1) > 0
    share = S[placed].mean(axis=0) if placed.any() else np.zeros(len(sections), dtype=np.float32)
    S[~placed] = share  # an example without a section is scored as a segment without one will be
    row, term, weight = _weights(docs, vocab, idf)
    L = sparse.csr_matrix((lemma_weight * weight, (row, term)), shape=(len(examples), len(vocab)))
    X = sparse.hstack([sparse.csr_matrix(np.hstack([V, C, S])), L]).tocsr()
    d, k = V.shape[1], len(code_ids)
    W = np.zeros((X.shape[1], k))
    intercept = np.full(k, -30.0)  # a code without examples is never suggested by them
    counts = Y.sum(axis=0)
    intercept[counts == len(examples)] = 30.0  # on every example: nothing to learn but yes
    for j in np.flatnonzero((counts >= MIN_EXAMPLES) & (counts < len(examples))):
        model = LogisticRegression(C=c, max_iter=2000).fit(X, Y[:, j])
        W[:, j], intercept[j] = model.coef_[0], model.intercept_[0]
    return ExampleModel(
        list(code_ids),
        counts.astype(np.int64),
        W[:d].astype(np.float32),
        vocab,
        idf,
        (lemma_weight * W[2 * d + len(sections) :]).astype(np.float32),
        intercept,
        W[d : 2 * d].astype(np.float32),
        sections,
        W[2 * d : 2 * d + len(sections)].astype(np.float32),
        share,
    )


# ------------------------------------------------------------------------------------------ probability


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def probability(
    calibration: Any, X: np.ndarray, kinds: Sequence[str], E: np.ndarray | None, has: np.ndarray | None
) -> np.ndarray:
    """The calibrated confidence (n × k) of features ``X`` with the ``example`` scores ``E`` of the codes that
    ``has`` examples. Codes without them (or every code, when there are no examples) get the calibration
    fitted without the feature (``calibration.without_examples``), moved in log-odds so that its threshold
    of the code's kind falls on this calibration's: one scale, one set of thresholds. A calibration without
    an example weight is used as it is."""
    weight = float(getattr(calibration, "example_weight", 0.0) or 0.0)
    if weight == 0.0:
        return calibration.probability(X, kinds)
    fallback = getattr(calibration, "without_examples", None) or calibration
    use = np.zeros(len(kinds), dtype=bool) if E is None or has is None else np.asarray(has, dtype=bool)
    # both calibrations' weights in one pass over the features (a project's are hundreds of megabytes)
    Z = X.astype(np.float64) @ np.stack(
        [np.asarray(calibration.weights), np.asarray(fallback.weights)], axis=1
    )
    z = Z[:, :, 1] + np.array(
        [
            fallback.intercept
            + fallback.kind_intercepts.get(k, 0.0)
            + _logit(np.array(_threshold(calibration, k)))
            - _logit(np.array(_threshold(fallback, k)))
            for k in kinds
        ]
    )
    if use.any():
        shift = np.array([calibration.intercept + calibration.kind_intercepts.get(k, 0.0) for k in kinds])
        z[:, use] = Z[:, use, 0] + shift[use] + weight * E[:, use]
    return 1.0 / (1.0 + np.exp(-z))


def _threshold(calibration: Any, kind: str) -> float:
    return float(calibration.kind_thresholds.get(kind, calibration.threshold))


def example_scores(
    model: ExampleModel | None,
    vectors: np.ndarray,
    lemmas: Sequence[str],
    context: np.ndarray | None = None,
    sections: Sequence[str] | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The ``example`` scores of a batch and which codes have examples (None, None without a model)."""
    if model is None:
        return None, None
    return model.scores(vectors, lemmas, only=model.has, context=context, sections=sections), model.has
