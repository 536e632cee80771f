"""Learning from the coder without retraining (analysis/feedback.py) and the learning curve
(analysis/learning_curve.py), on the real codebook with the real sentence encoder and demo-style sentences."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

from kritischeblik.analysis import feedback, learning_curve, semantic
from kritischeblik.analysis.gold import precision_recall_f1
from kritischeblik.analysis.learn import Decision
from kritischeblik.analysis.vectors import encode_texts
from kritischeblik.codebook import load_codebook
from kritischeblik.model import Status


@dataclass
class Seg:
    id: int
    interview_id: str
    idx: int
    speaker: str
    section: str
    text: str
    lemmas: str = ""


TEXTS = [
    # 1 and 2 say the same in other words; 3 and 4 too; 5 is about something else
    "De wijkcoach kwam gewoon elke week langs bij ons thuis, ook als er niks aan de hand was.",
    "Elke week kwam de wijkcoach bij ons thuis langs, ook als er eigenlijk niks aan de hand was.",
    "We moesten drie keer hetzelfde formulier invullen voordat er iemand iets deed.",
    "Drie keer moesten we datzelfde formulier invullen voor er iemand iets ging doen.",
    "Mijn dochter zit nu op voetbal en heeft daar vriendinnen gevonden.",
]


@pytest.fixture(scope="module")
def setup():
    codebook = load_codebook("kritische-blik")
    index = semantic.build_index(semantic.semantic_codes(codebook), encode_texts)
    segs = [Seg(i + 1, "iv", i, "R", "", t, t.lower()) for i, t in enumerate(TEXTS)]
    V = encode_texts(TEXTS)
    vectors = {s.id: V[i] for i, s in enumerate(segs)}
    # window 0: no context mixing, so that segment 2 is judged on itself
    return index, semantic.batch(segs, V, window=0), vectors, segs


def _p(setup, decisions):
    index, batch, vectors, _ = setup
    P, _, _ = feedback.score(batch, index, feedback.examples(decisions), vectors)
    return P


def test_without_decisions_the_scores_and_suggestions_are_the_zero_shot_ones(setup):
    index, batch, vectors, _ = setup
    P0, _ = semantic.score(batch, index)
    assert np.allclose(_p(setup, []), P0)
    assert feedback.suggest(batch, index, feedback.examples([]), vectors) == semantic.suggest(batch, index)


def test_one_accepted_fragment_raises_its_code_for_a_near_identical_segment(setup):
    index, _, _, _ = setup
    before = _p(setup, [])
    # the code the zero-shot scores find least likely for segment 2: the accept must carry it alone
    j = int(np.argmin(before[1]))
    code = index.code_ids[j]
    after = _p(setup, [Decision(1, code, Status.ACCEPTED)])
    assert after[1, j] > before[1, j] + 0.05
    # an unrelated segment moves much less than the near-identical one
    assert after[4, j] - before[4, j] < (after[1, j] - before[1, j]) / 2
    # other codes of the near-identical segment are not raised
    others = [c for c in range(len(index)) if c != j]
    assert np.all(after[1, others] <= before[1, others] + 1e-6)


def test_one_rejected_fragment_lowers_its_code_for_a_near_identical_segment(setup):
    index, _, _, _ = setup
    before = _p(setup, [])
    j = int(np.argmax(before[3]))  # the most likely code of segment 4
    after = _p(setup, [Decision(3, index.code_ids[j], Status.REJECTED)])
    assert after[3, j] < before[3, j] - 0.05
    assert after[4, j] == pytest.approx(before[4, j], abs=1e-6) or after[4, j] <= before[4, j]
    untouched = [c for c in range(len(index)) if c != j]
    assert np.allclose(after[3, untouched], before[3, untouched])


def test_the_rejection_shift_is_the_weight_times_how_much_closer_the_rejection_is(setup):
    index, batch, vectors, _ = setup
    j = 0
    coder = feedback.examples([Decision(3, index.code_ids[j], Status.REJECTED)])
    shift = feedback.rejection_shift(batch, index, coder, vectors, weight=5.0)
    sims = semantic.similarities(batch.vectors, index)
    got = shift(sims)
    for i in range(len(TEXTS)):
        a, b = vectors[i + 1], vectors[3]
        cos = float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
        assert got[i, j] == pytest.approx(-5.0 * max(cos - float(sims.positive[i, j]), 0.0), abs=1e-4)
    assert np.all(got[:, 1:] == 0)


def test_the_evidence_names_the_earlier_fragment(setup):
    index, batch, vectors, segs = setup
    before = _p(setup, [])
    j = int(np.argmax(before[1]))
    code = index.code_ids[j]
    texts = {s.id: s.text for s in segs}
    found = feedback.suggest(
        batch, index, feedback.examples([Decision(1, code, Status.ACCEPTED)]), vectors, texts=texts
    )
    mine = [s for s in found if s.segment_id == 2 and s.code_id == code]
    assert mine and f'eerder gecodeerd fragment: "{TEXTS[0]}"' in mine[0].evidence


def test_margin_is_the_smallest_log_odds_distance_to_the_threshold():
    P = np.array([[0.2, 0.5], [0.9, 0.05]])
    t = np.array([0.2, 0.1])
    got = feedback.margin(P, t)

    def logit(p: float) -> float:
        return math.log(p / (1 - p))

    assert got[0] == pytest.approx(0.0)
    assert got[1] == pytest.approx(min(abs(logit(0.9) - logit(0.2)), abs(logit(0.05) - logit(0.1))))


def test_decisions_are_ordered_by_their_first_event():
    ds = [
        Decision(1, "a", Status.ACCEPTED),
        Decision(2, "b", Status.REJECTED),
        Decision(3, "c", Status.ACCEPTED),
    ]
    events = [(2, "b"), (1, "a"), (2, "b"), (9, "z")]
    assert learning_curve.ordered(ds, events) == [ds[1], ds[0], ds[2]]


def test_the_curve_equals_an_independent_count_on_the_later_decisions(setup):
    index, _, vectors, segs = setup
    scorer = learning_curve.Scorer(segs, vectors, index)
    a, b = index.code_ids[0], index.code_ids[1]
    decisions = [
        Decision(1, a, Status.ACCEPTED),
        Decision(3, b, Status.REJECTED),
        Decision(2, a, Status.ACCEPTED),
        Decision(4, b, Status.ACCEPTED),
        Decision(4, a, Status.REJECTED),
        Decision(5, b, Status.REJECTED),
    ]
    points = learning_curve.curve(scorer, decisions, steps=[1, 3])
    assert [p.decisions for p in points] == [1, 3]
    for point in points:
        n = point.decisions
        first = {}
        for i, d in enumerate(decisions):
            first.setdefault(d.segment_id, i)
        later = [sid for sid, i in first.items() if i >= n]
        assert point.units == len(later)
        kept = scorer.predict(decisions[:n]).kept
        tp = fp = fn = 0
        for sid in later:
            truth = {d.code_id for d in decisions if d.segment_id == sid and d.status == Status.ACCEPTED}
            tp += len(truth & kept[sid])
            fp += len(kept[sid] - truth)
            fn += len(truth - kept[sid])
        assert point.micro[:3] == (tp, fp, fn)
        assert point.micro[3:] == pytest.approx(precision_recall_f1(tp, fp, fn))
