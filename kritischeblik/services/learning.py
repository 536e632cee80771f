"""The learning curve of a coder's decisions: how well the suggestions would have predicted the coder's later
decisions after the first 10, 20, 40, … (analysis/learning_curve.py). Read-only: nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import KBError
from ..model import Codebook, Status
from ..store import codings
from ..store.codebooks import all_codes
from ..store.db import Project
from ..store.segments import layer, segments
from ..store.settings import sentence_vectors_on
from .coding import coder_name


@dataclass
class LearningCurveResult:
    codebook: Codebook
    coder: str
    decisions: int
    points: list[Any]
    """per step a :class:`kritischeblik.analysis.learning_curve.CurvePoint`"""
    without_vectors: int
    """decided segments (or their neighbours) without a stored sentence vector: lemma rules only there"""


def _near(every: Sequence[Any], decided: set[int]) -> list[Any]:
    """The decided segments and their neighbours (the context of a segment's meaning), in reading order."""
    places = {(x.interview_id, x.idx) for x in every if x.id in decided}
    wanted = {(i, idx + d) for i, idx in places for d in (-1, 0, 1)}
    return [x for x in every if (x.interview_id, x.idx) in wanted]


def learning_curve(
    project: Project,
    coder: str,
    *,
    steps: Sequence[int] | None = None,
    min_positive: int = 8,
    min_negative: int = 8,
    nlp: Any = None,
) -> LearningCurveResult:
    """Replay ``coder``'s decisions in the order they were taken (the decision history) and score, after
    each step, what would have been suggested for the segments the coder decided on later."""
    from ..analysis import autocode, learning_curve
    from ..analysis.learn import Decision
    from . import semantic
    from .vectors import stored_rows

    coder = coder_name(coder)
    with project.read() as s:
        codebook = all_codes(s)
        every = segments(s)
        decisions = [
            Decision(r.segment_id, r.code_id, r.status)
            for r in layer(s, coder)
            if r.status != Status.SUGGESTED
        ]
        events = [(e.segment_id, e.code_id) for e in codings.history(s, coder_name=coder)]
        scope = _near(every, {d.segment_id for d in decisions})
        vectors = stored_rows(s, [x.id for x in scope]) if sentence_vectors_on(s) else {}
    if not decisions:
        raise KBError(f"{coder} heeft nog geen beslissingen genomen; accepteer of wijs eerst suggesties af.")
    if nlp is None:
        from ..nlp import load_nlp

        nlp = load_nlp()
    index = semantic.prototype_index(codebook)
    rule = autocode.suggest(scope, codebook, nlp, code_ids=index.code_ids)
    scorer = learning_curve.Scorer(scope, vectors, index, rule, min_pos=min_positive, min_neg=min_negative)
    ordered = learning_curve.ordered(decisions, events)
    points = learning_curve.curve(scorer, ordered, steps)
    return LearningCurveResult(
        codebook, coder, len(decisions), points, sum(1 for x in scope if x.id not in vectors)
    )
