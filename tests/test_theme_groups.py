"""Themes on sentence vectors (analysis/theme_groups.py) on the demo's real new-principle suggestions, with
the real encoder; fit, sizes and labels are checked by independent computation."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from kritischeblik.analysis import theme_groups as tg
from kritischeblik.analysis.vectors import encode_texts

ROOT = Path(__file__).resolve().parents[1]
OFF_TOPIC = "Daar heeft hij een maatje gekregen bij de voetbalclub, dat vond hij prachtig."


def _suggestions() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpora" / "demo").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^## Nieuw principe\s*\n(.+?)(?=^## |\Z)", text, re.M | re.S)
        if m and m.group(1).strip():
            out.append(" ".join(m.group(1).split()))
    assert len(out) >= 20, "the demo corpus changed shape"
    return out


@pytest.fixture(scope="module")
def suggestions():
    texts = [*_suggestions(), OFF_TOPIC]
    return texts, encode_texts(texts)


def _unit(v):
    return v / np.linalg.norm(v)


def test_free_grouping_keeps_only_fitting_fragments_in_themes(suggestions):
    texts, X = suggestions
    g = tg.group_free(X)
    groups = set(g.labels.tolist()) - {tg.OTHER}
    assert g.k == len(groups) >= 2
    assert groups == set(range(g.k))
    sizes = [int((g.labels == t).sum()) for t in range(g.k)]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= tg.MIN_SIZE
    for t in range(g.k):
        rows = np.flatnonzero(g.labels == t)
        centroid = _unit(X[rows].sum(axis=0))
        assert all(float(X[r] @ centroid) >= tg.FIT - 1e-6 for r in rows)
    # the silhouette reported is the one of the k chosen, the best of the candidates
    assert g.silhouette == pytest.approx(max(g.k_scores.values()))


def test_an_off_topic_fragment_is_not_forced_into_a_theme(suggestions):
    texts, X = suggestions
    g = tg.group_free(X)
    assert g.labels[texts.index(OFF_TOPIC)] == tg.OTHER


def test_free_grouping_does_not_depend_on_input_order(suggestions):
    from sklearn.metrics import adjusted_rand_score

    texts, X = suggestions
    order = np.random.default_rng(3).permutation(len(texts))
    a = tg.group_free(X).labels
    b = np.empty_like(a)
    b[order] = tg.group_free(X[order]).labels
    assert adjusted_rand_score(a, b) == pytest.approx(1.0)


def test_guided_grouping_follows_the_codes(suggestions):
    texts, X = suggestions
    n = len(texts)
    codes = [["a"] if i < n // 3 else ["b"] if i < 2 * n // 3 else [] for i in range(n)]
    g = tg.group_by_codes(X, codes, split_from=100)
    for t, code in g.names.items():
        rows = np.flatnonzero(g.labels == t)
        assert all(codes[r] == [code] for r in rows)
    assert set(g.names.values()) <= {"a", "b"}
    uncoded_groups = set(g.labels[[i for i in range(n) if not codes[i]]].tolist()) - {tg.OTHER}
    assert not uncoded_groups & set(g.names)  # uncoded fragments never join a code's theme


def test_labels_are_phrases_from_the_central_fragment_not_lemmas(suggestions):
    texts, X = suggestions
    g = tg.group_free(X)
    for t in range(g.k):
        rows = np.flatnonzero(g.labels == t)
        label = tg.phrase_label([texts[r] for r in rows], X[rows])
        words = label.replace(" …", "").split()
        assert 2 <= len(words) <= tg.MAX_LABEL_WORDS
        plain = label.replace(" …", "").lower()
        assert any(plain in texts[r].lower() for r in rows), label
        assert "," not in label  # never a list of terms
    prefixed = tg.phrase_label([texts[0]], X[:1], prefix="Wij kennen elkaar")
    assert prefixed.startswith("Wij kennen elkaar: ")


def test_a_label_avoids_placeholders_fillers_and_a_stumbling_cut():
    texts = [
        "Eerlijk gezegd, op [DATUM-2] werd hij opgenomen, ik ook niet.",
        "Toen merkten we dat iedereen betrokken was en dat niemand het overzicht had in deze wijk.",
        "Niemand was echt aan zet.",
    ]
    X = np.eye(3, dtype=np.float32)[[0, 0, 0]] + np.eye(3, dtype=np.float32) * 0.01
    label = tg.phrase_label(texts, X, distinctive=["opgenomen", "overzicht", "wijk"])
    assert "[" not in label and "eerlijk gezegd" not in label.lower() and label != "Ik ook niet"
    plain = label.removesuffix(" …")
    assert label.endswith(" …") == (plain.lower() not in {c.lower() for c in tg._clauses(" ".join(texts))})
    assert plain.split()[-1].lower() not in tg._DANGLING
    # Nothing better there: the placeholder clause or the short answer is still the label.
    assert tg.phrase_label(["Op [DATUM-1] dus."], X[:1]) == "Op [DATUM-1]"
    assert tg.phrase_label(["Ik ook niet."], X[:1]) == "Ik ook niet"


def test_with_lemmas_puts_the_weighted_tfidf_beside_the_vector_on_unit_rows(suggestions):
    texts, X = suggestions
    docs = [t.lower().replace(",", " ").replace(".", " ").split() for t in texts]
    Z = tg.with_lemmas(X, docs, weight=0.5)
    assert Z.shape[0] == len(texts) and Z.shape[1] > X.shape[1]
    assert np.allclose(np.linalg.norm(Z, axis=1), 1, atol=1e-5)
    # the first columns are the sentence vector, scaled by the same factor as the lemma part
    scale = np.linalg.norm(Z[:, : X.shape[1]], axis=1) / np.linalg.norm(X, axis=1)
    lemma_norm = np.linalg.norm(Z[:, X.shape[1] :], axis=1) / scale
    assert np.allclose(lemma_norm, 0.5, atol=1e-4)  # each TF-IDF row has norm 1, times the weight
    assert tg.with_lemmas(X, [[] for _ in texts]) is X


def test_free_grouping_separates_suggestions_that_differ_only_in_their_key_words():
    # Identical sentence vectors: only the lemmas can tell the two kinds of suggestion apart.
    X = np.tile(_unit(np.arange(1.0, 9.0)), (8, 1)).astype(np.float32)
    docs = [["warm", "overdracht", "loslaten"]] * 4 + [["vast", "gezicht", "blijven"]] * 4
    g = tg.free_grouping(X, docs)
    assert g.k == 2
    assert len(set(g.labels[:4].tolist())) == 1 and len(set(g.labels[4:].tolist())) == 1
    assert g.labels[0] != g.labels[4]
    # on the sentence vectors alone there is nothing to group
    assert tg.group_free(X).k <= 1
