"""Learning from the coder without retraining: a coder's decisions move the zero-shot scores at once.

*Prototype update.* A fragment a coder accepted or added a code to becomes an extra positive prototype of
that code (its stored sentence vector; nothing is encoded again), so a segment that reads like it gets a
higher cosine, relative closeness and rank for that code, through the same calibrated features as the
codebook's own prototypes (:mod:`.semantic`). A fragment the coder rejected a code on becomes a negative
prototype of that code: a segment closer to a rejected fragment than to any positive prototype of the code
loses ``NEGATIVE_WEIGHT`` log-odds per unit of cosine by which the rejection is closer. (The calibration's
own ``negative`` feature, fitted on the codebook's ``when_not_to_use`` sentences, carries almost no weight:
those sentences are abstract; a rejected fragment is the very register of the interviews.) One or two
decisions already change the next suggestions; the learned model (:mod:`.learn`) takes over per code once
there are enough decisions.

*Uncertainty.* :func:`margin` is how far a segment's most doubtful code is from its threshold in log-odds:
the smallest margin is the most informative segment to decide next (uncertainty sampling).

Pure: decisions, vectors and the prototype index come in; an extended index, scores and suggestions go out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Status, Suggestion
from . import semantic
from .semantic import Calibration, Prototype, PrototypeIndex, SegmentBatch, Similarities, normalise

NEGATIVE_WEIGHT = 8.0
"""Log-odds lost per unit of cosine by which a rejected fragment is closer than the code's best positive
prototype; chosen on the dev split by ``bench/learning_curve.py --fit`` (never on test)."""


@dataclass(frozen=True)
class CoderExamples:
    """Per code the fragments a coder accepted or added it to (positive) and rejected it on (negative)."""

    positive: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    negative: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def segment_ids(self) -> set[int]:
        return {sid for ids in (*self.positive.values(), *self.negative.values()) for sid in ids}

    def __len__(self) -> int:
        return sum(len(ids) for ids in (*self.positive.values(), *self.negative.values()))


def examples(decisions: Iterable[Any]) -> CoderExamples:
    """The :class:`CoderExamples` of decisions (objects with ``segment_id``, ``code_id``, ``status``; the
    machine's open suggestions, status ``suggested``, are not decisions)."""
    pos: dict[str, list[int]] = {}
    neg: dict[str, list[int]] = {}
    for d in decisions:
        if d.status == Status.ACCEPTED:
            pos.setdefault(d.code_id, []).append(int(d.segment_id))
        elif d.status == Status.REJECTED:
            neg.setdefault(d.code_id, []).append(int(d.segment_id))
    return CoderExamples(
        {c: tuple(dict.fromkeys(ids)) for c, ids in pos.items()},
        {c: tuple(dict.fromkeys(ids)) for c, ids in neg.items()},
    )


def extend(
    index: PrototypeIndex,
    coder: CoderExamples,
    vectors: Mapping[int, np.ndarray],
    texts: Mapping[int, str] | None = None,
) -> PrototypeIndex:
    """``index`` with the coder's positive fragments as extra positive prototypes of their codes (codes
    outside the index and fragments without a vector are left out). ``texts`` (segment id -> text) is what
    the evidence shows of such a prototype."""
    column = {c: j for j, c in enumerate(index.code_ids)}
    extra = [
        (column[code], sid)
        for code, ids in sorted(coder.positive.items())
        if code in column
        for sid in ids
        if sid in vectors
    ]
    if not extra:
        return index
    texts = texts or {}
    protos = [
        Prototype(index.code_ids[j], texts.get(sid, f"fragment {sid}"), segment_id=sid) for j, sid in extra
    ]
    V = normalise(np.vstack([np.asarray(vectors[sid], dtype=np.float32) for _, sid in extra]))
    base = index.vectors if len(index.prototypes) else np.zeros((0, V.shape[1]), np.float32)
    return PrototypeIndex(
        index.code_ids,
        index.kinds,
        [*index.prototypes, *protos],
        np.concatenate([index.owner, np.array([j for j, _ in extra], dtype=np.int64)]),
        np.concatenate([index.negative, np.zeros(len(extra), dtype=bool)]),
        np.vstack([base, V]).astype(np.float32),
        index.examples,
    )


def rejection_shift(
    segs: SegmentBatch,
    index: PrototypeIndex,
    coder: CoderExamples,
    vectors: Mapping[int, np.ndarray],
    weight: float | None = None,
) -> Callable[[Similarities], np.ndarray] | None:
    """The log-odds correction of :func:`semantic.score` for the coder's rejections (None without any);
    ``weight`` defaults to :data:`NEGATIVE_WEIGHT`."""
    weight = NEGATIVE_WEIGHT if weight is None else weight
    column = {c: j for j, c in enumerate(index.code_ids)}
    pairs = [
        (column[code], sid)
        for code, ids in sorted(coder.negative.items())
        if code in column
        for sid in ids
        if sid in vectors
    ]
    if not pairs or weight == 0:
        return None
    owner = np.array([j for j, _ in pairs])
    R = normalise(np.vstack([np.asarray(vectors[sid], dtype=np.float32) for _, sid in pairs]))

    def shift(sims: Similarities) -> np.ndarray:
        S = segs.vectors @ R.T
        out = np.zeros_like(sims.positive, dtype=np.float64)
        for j in np.unique(owner):
            closest = S[:, owner == j].max(axis=1)
            out[:, j] = -weight * np.maximum(closest - sims.positive[:, j], 0.0)
        return out

    return shift


def score(
    segs: SegmentBatch,
    index: PrototypeIndex,
    coder: CoderExamples,
    vectors: Mapping[int, np.ndarray],
    rule: Iterable[Suggestion] = (),
    calibration: Calibration | None = None,
    texts: Mapping[int, str] | None = None,
    weight: float | None = None,
) -> tuple[np.ndarray, Similarities, PrototypeIndex]:
    """The calibrated confidences (n × k) after the coder's decisions, the similarities and the extended
    index (whose prototypes the similarities' ``nearest`` points into)."""
    extended = extend(index, coder, vectors, texts)
    shift = rejection_shift(segs, extended, coder, vectors, weight)
    P, sims = semantic.score(segs, extended, rule, calibration, shift)
    return P, sims, extended


def suggest(
    segs: SegmentBatch,
    index: PrototypeIndex,
    coder: CoderExamples,
    vectors: Mapping[int, np.ndarray],
    rule: Sequence[Suggestion] = (),
    calibration: Calibration | None = None,
    texts: Mapping[int, str] | None = None,
) -> list[Suggestion]:
    """:func:`semantic.suggest` after the coder's decisions (the same as it without any)."""
    extended = extend(index, coder, vectors, texts)
    shift = rejection_shift(segs, extended, coder, vectors)
    return semantic.suggest(segs, extended, rule, calibration, shift)


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds, clipped away from 0 and 1 (NaN stays NaN)."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def thresholds(kinds: Sequence[str], calibration: Calibration | None = None) -> np.ndarray:
    """The threshold per code column (its kind's, else the calibration's general one)."""
    calibration = calibration or semantic.shipped_calibration()
    return np.array([calibration.kind_thresholds.get(k, calibration.threshold) for k in kinds])


def margin(P: np.ndarray, threshold: np.ndarray | float) -> np.ndarray:
    """Per segment (row) the smallest distance in log-odds between a code's probability and its threshold:
    0 is a coin toss at the decision boundary, the most informative to ask the coder about."""
    if P.size == 0:
        return np.full(P.shape[0], np.inf)
    return np.abs(logit(P) - logit(np.broadcast_to(threshold, P.shape))).min(axis=1)


def suggestion_threshold(source: str, kind: str, calibration: Calibration | None = None) -> float:
    """The probability a stored suggestion had to reach: its kind's threshold for a suggestion by meaning,
    the learned model's for the others (the lemma rules' confidence is read on the same 0.5 scale)."""
    from .learn import THRESHOLD

    if source == semantic.SOURCE:
        calibration = calibration or semantic.shipped_calibration()
        return calibration.kind_thresholds.get(kind, calibration.threshold)
    return THRESHOLD


def suggestion_margin(confidence: float | None, source: str, kind: str) -> float:
    """How far one stored suggestion is from its threshold in log-odds (smaller: more doubtful)."""
    if confidence is None:
        return float("inf")
    t = suggestion_threshold(source, kind)
    return float(abs(logit(np.array(confidence)) - logit(np.array(t))))
