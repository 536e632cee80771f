"""How the suggestions improve as a coder decides: one scorer for "what would be suggested after these
decisions", and the learning curve that replays a coder's decisions in time order.

:class:`Scorer` holds what does not change while a coder works (segments, their sentence vectors, the
codebook's prototypes, the lemma rules' suggestions) and, for any list of decisions, gives per segment the
codes suggested: the zero-shot scores moved by the decisions (:mod:`.feedback`), and for a code with
enough decisions the learned model's probability instead (:mod:`.learn`, as ``kb code auto --coder``).

:func:`curve` replays decisions in the order they were taken: after the first ``n`` decisions, the
segments the coder decided on *later* are the test units; each unit's gold codes are the codes the coder
accepted or added there (a segment the coder decided on is taken as fully judged, as :mod:`.learn` does),
its predicted codes the ones the scorer suggests. Precision, recall and F1 per code and micro over all
codes follow :func:`.gold.score_units`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Status, Suggestion
from . import feedback, learn, semantic
from .gold import ALL, score_units
from .semantic import Calibration, PrototypeIndex

DEFAULT_STEPS = (10, 20, 40, 80, 160, 320, 640, 1280, 2560)


@dataclass
class Prediction:
    P: np.ndarray
    """segments (rows, the scorer's order) × codes (the index's order): the probability behind a suggestion"""
    threshold: np.ndarray
    """the same shape: the probability a suggestion needs (the kind's threshold, or the model's)"""
    kept: dict[int, set[str]]
    """segment id -> codes suggested"""
    models: dict[str, Any] = field(default_factory=dict)

    def margin(self) -> np.ndarray:
        """Per segment the distance of its most doubtful code to that code's threshold (log-odds)."""
        return feedback.margin(self.P, self.threshold)


@dataclass
class Scorer:
    segments: Sequence[Any]
    """segment rows (``id``, ``interview_id``, ``idx``, ``speaker``, ``section``, ``text``, ``lemmas``)"""
    vectors: Mapping[int, np.ndarray]
    """stored sentence vectors by segment id (segments without one get the lemma rules only)"""
    index: PrototypeIndex
    rule: Sequence[Suggestion] = ()
    calibration: Calibration | None = None
    min_pos: int = learn.MIN_POS
    min_neg: int = learn.MIN_NEG
    threshold: float = learn.THRESHOLD
    replace: bool = False
    """for a code with a model: the model alone decides (True), or its suggestions join the zero-shot ones
    (False, as :func:`.learn.combine` in ``kb code auto``)"""

    def __post_init__(self) -> None:
        self.rows = {int(x.id): i for i, x in enumerate(self.segments)}
        self.calibration = self.calibration or semantic.shipped_calibration()
        with_vector = [x for x in self.segments if int(x.id) in self.vectors]
        dims = len(next(iter(self.vectors.values()))) if self.vectors else 1
        V = np.vstack([self.vectors[int(x.id)] for x in with_vector]) if with_vector else np.zeros((0, dims))
        self.batch = semantic.batch(with_vector, V)
        self._vector_rows = [self.rows[int(x.id)] for x in with_vector]
        self.texts = {int(x.id): x.text for x in self.segments}
        self._rule_in = [r for r in self.rule if r.code_id in set(self.index.code_ids)]

    def predict(self, decisions: Sequence[Any]) -> Prediction:
        """What would be suggested after ``decisions`` (objects with ``segment_id``, ``code_id``,
        ``status``)."""
        k, n = len(self.index), len(self.segments)
        P, T = np.zeros((n, k)), np.ones((n, k))
        kept: dict[int, set[str]] = {int(x.id): set() for x in self.segments}
        coder = feedback.examples(decisions)
        if self._vector_rows:
            ps, _, _ = feedback.score(
                self.batch, self.index, coder, self.vectors, self._rule_in, self.calibration
            )
            P[self._vector_rows] = ps
            T[self._vector_rows] = feedback.thresholds(self.index.kinds, self.calibration)
            for i, j in semantic.keep(ps, self.index.kinds, self.calibration):
                kept[self.batch.ids[i]].add(self.index.code_ids[j])
        without = {int(x.id) for x in self.segments} - set(self.batch.ids)
        col = {c: j for j, c in enumerate(self.index.code_ids)}
        for r in self._rule_in:  # the lemma rules alone where there is no vector
            if r.segment_id in without:
                kept[r.segment_id].add(r.code_id)
                P[self.rows[r.segment_id], col[r.code_id]] = r.confidence
                T[self.rows[r.segment_id], col[r.code_id]] = min(r.confidence, 0.5)
        models = self._models(decisions)
        for code, model in models.items():
            j = col[code]
            p = learn.predict(model, self.segments)
            P[:, j], T[:, j] = p, self.threshold
            for x, pi in zip(self.segments, p, strict=True):
                if pi >= self.threshold:
                    kept[int(x.id)].add(code)
                elif self.replace:
                    kept[int(x.id)].discard(code)
        return Prediction(P, T, kept, models)

    def _models(self, decisions: Sequence[Any]) -> dict[str, Any]:
        if not decisions:
            return {}
        stored = all(int(x.id) in self.vectors for x in self.segments) and bool(self.vectors)
        return learn.train(
            self.segments,
            [d for d in decisions if d.status != Status.SUGGESTED],
            self.min_pos,
            self.min_neg,
            vectors=stored,
            code_ids=self.index.code_ids,
            stored=self.vectors if stored else None,
        )


@dataclass(frozen=True)
class CurvePoint:
    decisions: int
    """decisions the scorer learned from"""
    units: int
    """segments decided on later: the test units"""
    per_code: dict[str, tuple[int, int, int, float, float, float]]
    """code -> (tp, fp, fn, precision, recall, f1) on the test units"""
    micro: tuple[int, int, int, float, float, float]


def ordered(decisions: Sequence[Any], events: Iterable[tuple[int, str]]) -> list[Any]:
    """``decisions`` (the coder's current ones) in the order they were first taken: ``events`` are the
    (segment id, code id) of the coder's decision history, oldest first. A decision without an event comes
    last, in its given order."""
    first: dict[tuple[int, str], int] = {}
    for i, key in enumerate(events):
        first.setdefault((int(key[0]), str(key[1])), i)
    late = len(first)
    keyed = [(first.get((int(d.segment_id), str(d.code_id)), late), n, d) for n, d in enumerate(decisions)]
    return [d for _, _, d in sorted(keyed, key=lambda t: (t[0], t[1]))]


def steps_for(total: int, steps: Sequence[int] = DEFAULT_STEPS) -> list[int]:
    """The step sizes below ``total`` (at ``total`` nothing is left to test on)."""
    return [s for s in steps if 0 < s < total]


def curve(
    scorer: Scorer,
    decisions: Sequence[Any],
    steps: Sequence[int] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> list[CurvePoint]:
    """The learning curve over ``decisions`` (oldest first), see the module docstring."""
    kinds = kinds or dict(zip(scorer.index.code_ids, scorer.index.kinds, strict=True))
    decisions = [d for d in decisions if d.status in (Status.ACCEPTED, Status.REJECTED)]
    first: dict[int, int] = {}
    for i, d in enumerate(decisions):
        first.setdefault(int(d.segment_id), i)
    gold: dict[int, set[str]] = {}
    for d in decisions:
        codes = gold.setdefault(int(d.segment_id), set())
        if d.status == Status.ACCEPTED and d.code_id in kinds:
            codes.add(d.code_id)
    points = []
    for n in steps_for(len(decisions), steps or DEFAULT_STEPS):
        later = [sid for sid, i in first.items() if i >= n and sid in scorer.rows]
        if not later:
            continue
        kept = scorer.predict(decisions[:n]).kept
        report = score_units([(gold[sid], kept.get(sid, set())) for sid in later], kinds)
        per_code = {c: (s.tp, s.fp, s.fn, s.precision, s.recall, s.f1) for c, s in report.per_code.items()}
        mi = report.micro[ALL]
        points.append(
            CurvePoint(n, len(later), per_code, (mi.tp, mi.fp, mi.fn, mi.precision, mi.recall, mi.f1))
        )
    return points
