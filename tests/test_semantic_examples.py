"""Labelled examples for the suggestions by meaning (analysis/semantic_examples.py): the lemma terms, the
TF-IDF recomputed here by plain loops and the textbook formulas, the logistic regressions against
scikit-learn's own on a design matrix written out, the shipped example
set (dev and demo gold only, never a test fragment), and the calibration that uses them."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from kritischeblik.analysis import feedback, semantic, semantic_examples
from kritischeblik.codebook import load_codebook

ROOT = Path(__file__).resolve().parents[1]
SEMANTIC_KINDS = ("werkend_element", "belemmerend_element", "leidend_principe")


@pytest.fixture(scope="module")
def examples():
    return semantic_examples.shipped_examples()


def test_terms_are_words_of_three_letters_and_pairs_of_words_next_to_each_other():
    found = semantic_examples.terms("de buurvrouw bellen persoon-1 ons 123 keer al op_nemen al.")
    assert found == [
        "buurvrouw",
        "bellen",
        "ons",
        "keer",
        "op_nemen",
        "buurvrouw bellen",
        "keer op_nemen",
    ]
    assert semantic_examples.terms("") == []


def _plain_tfidf(docs, vocab, idf):
    out = np.zeros((len(docs), len(vocab)))
    for i, doc in enumerate(docs):
        for term, n in Counter(t for t in semantic_examples.terms(doc) if t in vocab).items():
            out[i, vocab[term]] = (1 + math.log(n)) * idf[vocab[term]]
        norm = math.sqrt(sum(x * x for x in out[i]))
        if norm:
            out[i] /= norm
    return out


def test_tfidf_of_the_examples_lemmas_is_the_textbook_one(examples):
    docs = [e.lemmas for e in examples]
    vocab, idf = semantic_examples.vocabulary(docs)
    df = Counter(t for doc in docs for t in set(semantic_examples.terms(doc)))
    assert set(vocab) == {t for t, n in df.items() if n >= semantic_examples.MIN_DF}
    assert any(" " in t for t in vocab), "pairs of words are terms too"
    for term, j in vocab.items():
        assert idf[j] == pytest.approx(math.log((1 + len(docs)) / (1 + df[term])) + 1)
    # a project's segments: other texts than the examples, with words the vocabulary has never seen
    rows = [*docs[:40], "ik zijn daar heen gaan gewoon aanbellen", "", "persoon-1 bellen"]
    got = semantic_examples.lemma_matrix(rows, vocab, idf)
    assert np.allclose(got, _plain_tfidf(rows, vocab, idf), atol=1e-12)
    W = np.random.default_rng(3).normal(size=(len(vocab), 5))
    assert np.allclose(semantic_examples.lemma_scores(rows, vocab, idf, W), got @ W, atol=1e-5)


def test_the_model_is_a_logistic_regression_per_code_on_vectors_context_section_and_lemmas(examples):
    from sklearn.linear_model import LogisticRegression

    part = list(examples[:120])
    code_ids = [c for c, n in Counter(c for e in part for c in e.codes).most_common(5)] + ["nergens"]
    rng = np.random.default_rng(4)

    def unit(n):
        X = rng.normal(size=(n, 16))
        return X / np.linalg.norm(X, axis=1, keepdims=True)

    V, C = unit(len(part)), unit(len(part))
    model = semantic_examples.fit(part, V, code_ids, C, c=0.8, lemma_weight=1.5)
    # the same regression on a design matrix written out: vectors, context, section columns, weighted TF-IDF
    docs = [e.lemmas for e in part]
    vocab, idf = semantic_examples.vocabulary(docs)
    sections = sorted({e.section for e in part if e.section})
    assert sections, "the shipped examples know their section"

    def onehot(secs):
        return np.array([[1.0 if s == t else 0.0 for t in sections] for s in secs]).reshape(len(secs), -1)

    share = onehot([e.section for e in part]).mean(axis=0)

    def design(Vs, Cs, secs, lemmas):
        # a section the examples never had: their mix of sections
        rows = np.array([row if s in sections else share for s, row in zip(secs, onehot(secs), strict=True)])
        return np.hstack([Vs, Cs, rows, 1.5 * _plain_tfidf(lemmas, vocab, idf)])

    X = design(V, C, [e.section for e in part], docs)
    new = list(examples[120:130])
    T, TC = unit(len(new)), unit(len(new))
    secs = [e.section for e in new[:-1]] + ["een sectie die de voorbeelden niet kennen"]
    Z = design(T, TC, secs, [e.lemmas for e in new])
    got = model.scores(T, [e.lemmas for e in new], context=TC, sections=secs)
    for j, code in enumerate(code_ids):
        y = np.array([code in e.codes for e in part], dtype=int)
        if y.sum() < semantic_examples.MIN_EXAMPLES:
            assert not model.has[j]
            continue
        expected = LogisticRegression(C=0.8, max_iter=5000, tol=1e-8).fit(X, y).decision_function(Z)
        # lbfgs stops at its default tolerance in the model: equal to a few hundredths of a log-odds
        assert np.allclose(got[:, j], expected, atol=2e-2), code
    only = np.arange(len(code_ids)) % 2 == 0
    some = model.scores(T, [e.lemmas for e in new], only=only, context=TC, sections=secs)
    assert np.allclose(some[:, only], got[:, only]) and not some[:, ~only].any()
    assert model.counts.tolist() == [sum(c in e.codes for e in part) for c in code_ids]
    assert model.has.tolist() == (model.counts >= semantic_examples.MIN_EXAMPLES).tolist()
    assert model.has[:-1].all() and not model.has[-1]


def test_an_example_without_neighbours_is_its_own_context():
    texts = {"a": [1.0, 0.0], "b": [0.0, 2.0], "c": [3.0, 4.0]}

    def encode(xs):
        return np.array([texts[x] for x in xs])

    found = [
        semantic_examples.Example("a", "", ("x",), context=("b",)),
        semantic_examples.Example("c", "", ("x",)),
    ]
    V = np.array([[1.0, 0.0], [0.6, 0.8]])
    got = semantic_examples.context_vectors(found, V, encode)
    assert np.allclose(got, [[2**-0.5, 2**-0.5], [0.6, 0.8]])


def test_the_shipped_examples_come_from_the_dev_train_and_demo_gold_never_from_test(examples):
    assert len(examples) >= 300
    assert {e.source.split(":")[0] for e in examples} == {"dev", "train", "demo"}
    test_text = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in (ROOT / "corpora/heldout/test").glob("*.md")
    )
    assert not [e.text for e in examples if len(e.text) > 25 and e.text in test_text]
    codebook = load_codebook("kritische-blik")
    per_code = Counter(c for e in examples for c in e.codes)
    for code in codebook.codes:
        if code.kind in SEMANTIC_KINDS:
            assert per_code[code.id] >= semantic_examples.MIN_EXAMPLES, code.id
    assert sum(1 for e in examples if not e.codes) >= 50, "fragments without a code teach small talk"


def test_calibration_with_examples_survives_json_and_keeps_the_zero_shot_one_inside():
    n = len(semantic.FEATURES)
    inner = semantic.Calibration(
        tuple(i / 8 for i in range(n)), -2.0, 0.5, 1, "", {}, {"werkend_element": 0.3}
    )
    cal = semantic.Calibration(
        tuple(0.2 for _ in range(n)), -3.0, 0.5, 1, "t", {}, {"werkend_element": 0.2}, 4.5, inner
    )
    assert semantic.Calibration.from_json(cal.to_json()) == cal
    shipped = semantic.shipped_calibration()
    assert shipped.example_weight > 0 and shipped.without_examples is not None
    assert shipped.without_examples.example_weight == 0


def test_codes_without_examples_keep_the_zero_shot_calibration_on_the_same_thresholds():
    n = len(semantic.FEATURES)
    inner = semantic.Calibration(
        (0.5,) * n, -1.0, 0.5, 1, "", {}, {"werkend_element": 0.3, "leidend_principe": 0.4}
    )
    cal = semantic.Calibration(
        (1.0,) * n, -2.0, 0.5, 1, "", {}, {"werkend_element": 0.2, "leidend_principe": 0.25}, 3.0, inner
    )
    kinds = ["werkend_element", "leidend_principe", "werkend_element"]
    X = np.random.default_rng(5).normal(size=(4, 3, n)).astype(np.float32)
    E = np.random.default_rng(6).normal(size=(4, 3))
    has = np.array([True, False, False])
    P = semantic_examples.probability(cal, X, kinds, E, has)

    def logit(p):
        return math.log(p / (1 - p))

    for i in range(4):
        z = float(X[i, 0].sum()) - 2.0 + 3.0 * E[i, 0]
        assert P[i, 0] == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-6)
        for j, kind in ((1, "leidend_principe"), (2, "werkend_element")):
            z0 = 0.5 * float(X[i, j].sum()) - 1.0
            moved = z0 - logit(inner.kind_thresholds[kind]) + logit(cal.kind_thresholds[kind])
            assert P[i, j] == pytest.approx(1 / (1 + math.exp(-moved)), rel=1e-6)
            # a zero-shot probability above its own threshold stays above this calibration's
            assert (1 / (1 + math.exp(-z0)) >= inner.kind_thresholds[kind]) == (
                P[i, j] >= cal.kind_thresholds[kind]
            )
    # no examples at all: every code on the zero-shot calibration; no example weight: the calibration as is
    none = semantic_examples.probability(cal, X, kinds, None, None)
    assert none[:, 0] == pytest.approx(semantic_examples.probability(cal, X, kinds, E, ~has)[:, 0])
    assert np.allclose(semantic_examples.probability(inner, X, kinds, E, has), inner.probability(X, kinds))


def test_the_service_index_carries_the_example_model_cached_on_disk(tmp_path, monkeypatch):
    from kritischeblik.services import semantic as service

    monkeypatch.setenv(service.CACHE_ENV_VAR, str(tmp_path))
    monkeypatch.setattr(service, "_MODELS", {})
    # the package's own copy (tests/test_shipped_encodings.py) aside: this is about the user's cache
    monkeypatch.setattr(service, "_shipped", lambda name: None)
    codebook = load_codebook("kritische-blik")
    index = service.prototype_index(codebook)
    model = index.examples
    assert model is not None and model.code_ids == index.code_ids
    kinds = dict(zip(index.code_ids, index.kinds, strict=True))
    assert all(model.has[j] for j, c in enumerate(index.code_ids) if kinds[c] in SEMANTIC_KINDS)
    assert list(tmp_path.glob("prototypes/examples-*.npz"))
    monkeypatch.setattr(service, "_MODELS", {})
    again = service.prototype_index(codebook).examples
    assert again is not model and again.vocabulary == model.vocabulary
    assert np.array_equal(again.vector_weights, model.vector_weights)
    assert np.array_equal(again.lemma_weights, model.lemma_weights)
    # every part of the model survives the file, so a loaded model scores as the fitted one did
    assert again.sections == model.sections
    for name in ("counts", "idf", "mean", "context_weights", "section_weights", "section_share"):
        assert np.array_equal(getattr(again, name), getattr(model, name)), name
    rng = np.random.default_rng(7)
    V = rng.normal(size=(3, model.vector_weights.shape[0]))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    sections = ["mooi voorbeeld", "inleiding", ""]
    assert np.array_equal(
        again.scores(V, ["buurvrouw bellen"] * 3, sections=sections),
        model.scores(V, ["buurvrouw bellen"] * 3, sections=sections),
    )
    # the coder's prototypes extend the index; the examples stay with it
    decided = feedback.CoderExamples({index.code_ids[0]: (1,)})
    extended = feedback.extend(index, decided, {1: np.ones(index.vectors.shape[1], np.float32)})
    assert extended.examples is model
    # a subset of codes gets a model for those codes only
    sub = service.prototype_index(codebook, ["we-elkaar-kennen", "be-systeemwereld"])
    assert sub.examples.code_ids == sub.code_ids and sub.examples.has.all()


def test_a_code_on_every_example_is_a_yes_and_an_unknown_section_gets_the_examples_mix():
    E = semantic_examples.Example
    part = [
        E("een", "buurvrouw bellen", ("a", "b"), section="mooi voorbeeld"),
        E("twee", "formulier invullen", ("a",), section="vastloopmoment"),
        E("drie", "buurvrouw koffie", ("a", "b"), section="mooi voorbeeld"),
        E("vier", "wachtlijst lang", ("a",), section="vastloopmoment"),
        E("vijf", "buurvrouw helpen", ("a", "b"), section="mooi voorbeeld"),
        E("zes", "regels streng", ("a",), section="vastloopmoment"),
    ]
    V = np.eye(6, 8)
    model = semantic_examples.fit(part, V, ["a", "b"])
    assert model.has.tolist() == [True, True]
    scores = model.scores(V[:2], ["", ""], sections=["mooi voorbeeld", "inleiding"])
    assert (scores[:, 0] > 10).all(), "the code every example carries"
    assert model.sections == ("mooi voorbeeld", "vastloopmoment")
    assert np.allclose(model.section_share, [0.5, 0.5])
    # "inleiding" is no section of the examples: the mean of the two sections' weights, not nothing
    mixed = model.scores(V[:1], [""], sections=["inleiding"])[0, 1]
    each = [model.scores(V[:1], [""], sections=[s])[0, 1] for s in model.sections]
    assert mixed == pytest.approx(sum(each) / 2, abs=1e-5)
