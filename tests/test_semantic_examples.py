"""Labelled examples for the suggestions by meaning (analysis/semantic_examples.py): the lemma terms, the
TF-IDF and the kernel ridge recomputed here by plain loops and the textbook formulas, the shipped example
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


def test_the_model_is_kernel_ridge_on_vectors_plus_lemmas(examples):
    part = list(examples[:80])
    code_ids = sorted({c for e in part for c in e.codes})[:6]
    rng = np.random.default_rng(4)
    V = rng.normal(size=(len(part), 16))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    model = semantic_examples.fit(part, V, code_ids, lam=0.7, lemma_weight=1.5)
    # the dual solution, written out
    Y = np.array([[1.0 if c in e.codes else 0.0 for c in code_ids] for e in part])
    vocab, idf = semantic_examples.vocabulary([e.lemmas for e in part])
    L = _plain_tfidf([e.lemmas for e in part], vocab, idf)
    K = V @ V.T + 1.5 * L @ L.T
    alpha = np.linalg.solve(K + 0.7 * np.eye(len(part)), Y - Y.mean(axis=0))
    new = [e.lemmas for e in examples[80:90]]
    T = rng.normal(size=(len(new), 16))
    T /= np.linalg.norm(T, axis=1, keepdims=True)
    expected = (T @ V.T + 1.5 * _plain_tfidf(new, vocab, idf) @ L.T) @ alpha + Y.mean(axis=0)
    assert np.allclose(model.scores(T, new), expected, atol=1e-4)
    only = np.arange(len(code_ids)) % 2 == 0
    some = model.scores(T, new, only=only)
    assert np.allclose(some[:, only], expected[:, only], atol=1e-4) and not some[:, ~only].any()
    assert model.counts.tolist() == Y.sum(axis=0).astype(int).tolist()
    assert model.has.tolist() == (Y.sum(axis=0) >= semantic_examples.MIN_EXAMPLES).tolist()


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
    # the coder's prototypes extend the index; the examples stay with it
    decided = feedback.CoderExamples({index.code_ids[0]: (1,)})
    extended = feedback.extend(index, decided, {1: np.ones(index.vectors.shape[1], np.float32)})
    assert extended.examples is model
    # a subset of codes gets a model for those codes only
    sub = service.prototype_index(codebook, ["we-elkaar-kennen", "be-systeemwereld"])
    assert sub.examples.code_ids == sub.code_ids and sub.examples.has.all()
