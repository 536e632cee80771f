"""Learned coding suggestions: a per-code classifier trained on one coder's decisions.

Training data for code ``c`` and coder ``X`` (from X's own layer only):

* positives: segments X accepted or added ``c`` to;
* negatives: segments X rejected ``c`` on, and segments X coded with another code but not with ``c``.

A code gets a model once it has at least ``min_pos`` positives and ``min_neg`` negatives (8 and 8 by
default); codes below that keep rule-based suggestions only (cold start). Features are TF-IDF weights of
the segment's lemma uni- and bigrams, optionally joined by 512-dimensional sentence vectors
(:func:`.vectors.encode_texts`; opt-in): the vectors stored at ingest where the caller passes them
(``stored``: segment id -> row), the others encoded once per text. The classifier is a
class-balanced logistic regression; its predicted probability is the suggestion's confidence. Everything is
deterministic for a given ``random_state``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Status, Suggestion
from .gold import precision_recall_f1
from .vectors import ENCODER_DIMS, encode_texts, sentence_vectors_available

SOURCE = "model"
MIN_POS = 8
MIN_NEG = 8
THRESHOLD = 0.5


@dataclass(frozen=True)
class Decision:
    segment_id: int
    code_id: str
    status: str
    """accepted | rejected (suggested rows in a coder's layer are ignored)"""


@dataclass
class CodeModel:
    code_id: str
    n_pos: int
    n_neg: int
    vectorizer: Any
    classifier: Any
    vectors: bool
    terms: np.ndarray = field(repr=False)
    sentences: SentenceRows | None = field(default=None, repr=False)


@dataclass(frozen=True)
class CodeEvaluation:
    code_id: str
    n_pos: int
    n_neg: int
    folds: int
    precision: float | None
    recall: float | None
    f1: float | None
    rule_precision: float | None
    rule_recall: float | None
    rule_f1: float | None
    note: str = ""

    @property
    def n(self) -> int:
        return self.n_pos + self.n_neg


def vectors_available() -> bool:
    return sentence_vectors_available()


def training_sets(decisions: Iterable[Decision]) -> dict[str, tuple[set[int], set[int]]]:
    """(positive segment ids, negative segment ids) per code, following the module docstring."""
    accepted: dict[str, set[int]] = {}
    rejected: dict[str, set[int]] = {}
    coded: set[int] = set()
    for d in decisions:
        if d.status == Status.ACCEPTED:
            accepted.setdefault(d.code_id, set()).add(d.segment_id)
            coded.add(d.segment_id)
        elif d.status == Status.REJECTED:
            rejected.setdefault(d.code_id, set()).add(d.segment_id)
    out = {}
    for code in set(accepted) | set(rejected):
        pos = accepted.get(code, set())
        neg = (rejected.get(code, set()) | coded) - pos
        out[code] = (pos, neg)
    return out


def _lemmas(seg: Any) -> str:
    return seg.lemmas if not isinstance(seg, tuple) else seg[2]


def _seg_id(seg: Any) -> int:
    return seg.id if not isinstance(seg, tuple) else seg[0]


def _seg_text(seg: Any) -> str:
    return seg.text if not isinstance(seg, tuple) else seg[1]


class SentenceRows:
    """Sentence vectors of segments: the stored ones by segment id, the others encoded once per text (kept
    for the process, so training, evaluation and prediction encode each text once)."""

    _cache: dict[str, np.ndarray] = {}

    def __init__(self, stored: Mapping[int, np.ndarray] | None = None):
        self.stored = stored or {}

    def rows(self, segs: Sequence[Any]) -> np.ndarray:
        texts = [_seg_text(s) for s in segs if _seg_id(s) not in self.stored]
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, encode_texts(todo), strict=True))
        if not segs:
            return np.zeros((0, ENCODER_DIMS), np.float32)
        return np.vstack([self._row(s) for s in segs])

    def _row(self, seg: Any) -> np.ndarray:
        row = self.stored.get(_seg_id(seg))
        return self._cache[_seg_text(seg)] if row is None else row


def _vectorizer():  # noqa: ANN202
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="word", token_pattern=r"\S+", lowercase=True, ngram_range=(1, 2), sublinear_tf=True, min_df=1
    )


def _features(vectorizer: Any, segs: Sequence[Any], sentences: SentenceRows | None, fit: bool = False):  # noqa: ANN202
    from scipy.sparse import csr_matrix, hstack

    lem = [_lemmas(s) for s in segs]
    x = vectorizer.fit_transform(lem) if fit else vectorizer.transform(lem)
    if sentences is not None:
        x = hstack([x, csr_matrix(sentences.rows(segs))]).tocsr()
    return x


def _classifier(random_state: int):  # noqa: ANN202
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=random_state)


def _fit(
    code_id: str, pos: list[Any], neg: list[Any], sentences: SentenceRows | None, random_state: int
) -> CodeModel:
    segs = pos + neg
    y = np.array([1] * len(pos) + [0] * len(neg))
    vec = _vectorizer()
    x = _features(vec, segs, sentences, fit=True)
    clf = _classifier(random_state).fit(x, y)
    return CodeModel(
        code_id, len(pos), len(neg), vec, clf, sentences is not None, vec.get_feature_names_out(), sentences
    )


def train(
    segments: Sequence[Any],
    decisions: Iterable[Decision],
    min_pos: int = MIN_POS,
    min_neg: int = MIN_NEG,
    vectors: bool = False,
    code_ids: Iterable[str] | None = None,
    random_state: int = 0,
    stored: Mapping[int, np.ndarray] | None = None,
) -> dict[str, CodeModel]:
    """One model per code with enough decisions. ``segments`` need ``id``, ``text`` and ``lemmas``;
    ``stored``: sentence vectors per segment id, used instead of encoding (with ``vectors``)."""
    sentences = SentenceRows(stored) if vectors else None
    by_id = {_seg_id(s): s for s in segments}
    wanted = set(code_ids) if code_ids is not None else None
    models = {}
    for code, (pos_ids, neg_ids) in sorted(training_sets(decisions).items()):
        if wanted is not None and code not in wanted:
            continue
        pos = [by_id[i] for i in sorted(pos_ids) if i in by_id]
        neg = [by_id[i] for i in sorted(neg_ids) if i in by_id]
        if len(pos) >= min_pos and len(neg) >= min_neg:
            models[code] = _fit(code, pos, neg, sentences, random_state)
    return models


def predict(model: CodeModel, segments: Sequence[Any]) -> np.ndarray:
    """Probability that each segment carries the model's code."""
    if not segments:
        return np.zeros(0)
    return model.classifier.predict_proba(_features(model.vectorizer, segments, model.sentences))[:, 1]


def _top_terms(model: CodeModel, lemmas: str, k: int = 3) -> list[str]:
    x = model.vectorizer.transform([lemmas])
    coef = model.classifier.coef_[0][: len(model.terms)]
    contrib = x.toarray()[0] * coef
    order = np.argsort(-contrib)
    return [str(model.terms[j]) for j in order[:k] if contrib[j] > 0]


def suggest_learned(
    models: Mapping[str, CodeModel], segments: Sequence[Any], threshold: float = THRESHOLD
) -> dict[str, dict[int, tuple[float, str]]]:
    """Per code: segment id -> (probability, evidence) for every segment (evidence only above threshold)."""
    out: dict[str, dict[int, tuple[float, str]]] = {}
    for code, model in models.items():
        probs = predict(model, segments)
        scored: dict[int, tuple[float, str]] = {}
        for seg, p in zip(segments, probs, strict=True):
            evidence = ""
            if p >= threshold:
                terms = _top_terms(model, _lemmas(seg))
                evidence = f"model ({model.n_pos}+/{model.n_neg}-): {', '.join(terms)}" if terms else "model"
            scored[_seg_id(seg)] = (round(float(p), 4), evidence)
        out[code] = scored
    return out


def combine(
    rule: Sequence[Suggestion],
    learned: Mapping[str, Mapping[int, tuple[float, str]]],
    threshold: float = THRESHOLD,
) -> list[Suggestion]:
    """Merge rule-based and learned suggestions into one list (one per segment and code).

    For a code with a model the model ranks: every rule match and every segment scoring at least
    ``threshold`` is suggested, with the model's probability as confidence (source ``model``), and the
    keyword evidence is kept next to the model's. Codes without a model keep their rule suggestions.
    """
    out: dict[tuple[int, str], Suggestion] = {}
    for s in rule:
        scores = learned.get(s.code_id)
        if scores is None or s.segment_id not in scores:
            out[(s.segment_id, s.code_id)] = s
            continue
        p, ev = scores[s.segment_id]
        evidence = "; ".join(x for x in (s.evidence, ev) if x)
        out[(s.segment_id, s.code_id)] = Suggestion(s.segment_id, s.code_id, p, evidence, SOURCE)
    for code, scores in learned.items():
        for seg_id, (p, ev) in scores.items():
            if p >= threshold and (seg_id, code) not in out:
                out[(seg_id, code)] = Suggestion(seg_id, code, p, ev, SOURCE)
    return sorted(out.values(), key=lambda s: (s.segment_id, s.code_id))


def evaluate(
    segments: Sequence[Any],
    decisions: Iterable[Decision],
    rule_hits: Mapping[str, set[int]] | None = None,
    min_pos: int = MIN_POS,
    min_neg: int = MIN_NEG,
    vectors: bool = False,
    folds: int = 5,
    threshold: float = THRESHOLD,
    random_state: int = 0,
    stored: Mapping[int, np.ndarray] | None = None,
) -> list[CodeEvaluation]:
    """Per code: precision/recall/F1 of the learned model by stratified k-fold cross-validation.

    Each fold trains on the other folds' decisions only (vectoriser included) and predicts the held-out
    ones; counts are pooled over folds. ``rule_hits`` (code -> segment ids with a rule suggestion) adds the
    rule-based baseline on the same decisions. Codes with too few decisions get ``None`` and a note.
    """
    from sklearn.model_selection import StratifiedKFold

    sentences = SentenceRows(stored) if vectors else None
    by_id = {_seg_id(s): s for s in segments}
    rows = []
    for code, (pos_ids, neg_ids) in sorted(training_sets(decisions).items()):
        pos = [i for i in sorted(pos_ids) if i in by_id]
        neg = [i for i in sorted(neg_ids) if i in by_id]
        ids = pos + neg
        y = np.array([1] * len(pos) + [0] * len(neg))
        rule = None
        if rule_hits is not None:
            hits = rule_hits.get(code, set())
            rule = precision_recall_f1(
                sum(1 for i in pos if i in hits),
                sum(1 for i in neg if i in hits),
                sum(1 for i in pos if i not in hits),
            )
        if len(pos) < min_pos or len(neg) < min_neg:
            rows.append(
                CodeEvaluation(
                    code,
                    len(pos),
                    len(neg),
                    0,
                    None,
                    None,
                    None,
                    *(rule or (None,) * 3),
                    note=f"te weinig beslissingen (minimaal {min_pos} positief en {min_neg} negatief)",
                )
            )
            continue
        k = max(2, min(folds, len(pos), len(neg)))
        skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=random_state)
        tp = fp = fn = 0
        for train_idx, test_idx in skf.split(np.zeros(len(y)), y):
            tr_pos = [by_id[ids[j]] for j in train_idx if y[j] == 1]
            tr_neg = [by_id[ids[j]] for j in train_idx if y[j] == 0]
            model = _fit(code, tr_pos, tr_neg, sentences, random_state)
            probs = predict(model, [by_id[ids[j]] for j in test_idx])
            for j, p in zip(test_idx, probs, strict=True):
                hit = p >= threshold
                tp += int(hit and y[j] == 1)
                fp += int(hit and y[j] == 0)
                fn += int(not hit and y[j] == 1)
        p, r, f = precision_recall_f1(tp, fp, fn)
        rows.append(CodeEvaluation(code, len(pos), len(neg), k, p, r, f, *(rule or (None,) * 3)))
    return rows
