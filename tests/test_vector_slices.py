"""Clustering on stored vectors works slice by slice (memory at 1,000 interviews): the slices must give the
same bits as the whole-matrix steps they replace, and the stored rows as kept (int8) the same rows as read."""

from __future__ import annotations

import numpy as np
import pytest

from kritischeblik.analysis import theme_groups as tg
from kritischeblik.analysis import vectors as av
from kritischeblik.analysis.fragments import Fragment
from kritischeblik.services.vectors import StoredRows
from kritischeblik.store.vectors import QuantisedVectors


def _quantised(n: int, seed: int = 3) -> QuantisedVectors:
    rng = np.random.default_rng(seed)
    values = rng.integers(-127, 128, size=(n, av.ENCODER_DIMS), dtype=np.int8)
    mask = rng.random(n) > 0.2
    values[~mask] = 0
    return QuantisedVectors(values, rng.random(n).astype(np.float32) + 0.01, mask)


@pytest.fixture
def small_slices(monkeypatch):
    # a power of two, as SLICE is: BLAS takes rows in blocks of 2, 4 or 8 (see dot_of_rows)
    monkeypatch.setattr(av, "SLICE", 16)


def test_mean_and_dot_of_rows_equal_the_whole_matrix(small_slices):
    X = np.random.default_rng(1).standard_normal((200, 16))
    rows = np.array(sorted(np.random.default_rng(2).choice(200, 90, replace=False)))
    assert np.array_equal(av.mean_of_rows(X, rows), X[rows].mean(axis=0))
    v = X[rows].mean(axis=0)
    assert np.array_equal(av.dot_of_rows(X, rows, v), X[rows] @ v)
    assert np.array_equal(av.dot_of_rows(X, rows, X[:3].T), X[rows] @ X[:3].T)


def test_stored_rows_give_the_rows_as_read():
    q = _quantised(50)
    ids = list(range(1000, 1050))
    rows = StoredRows(ids, q)
    whole = q.floats()
    assert len(rows) == int(q.mask.sum())
    assert list(rows) == [i for i, m in zip(ids, q.mask, strict=True) if m]
    for i, sid in enumerate(ids):
        assert (sid in rows) == bool(q.mask[i])
        got = rows.get(sid)
        assert (got is None) if not q.mask[i] else np.array_equal(got, whole[i])
    assert 5 not in rows and rows.get(None) is None
    X, found = rows.rows([1049, None, 1000, 7])
    assert found.tolist() == [bool(q.mask[49]), False, bool(q.mask[0]), False]
    assert np.array_equal(X[0], whole[49] if q.mask[49] else np.zeros(av.ENCODER_DIMS, np.float32))


def test_sentence_vectors_from_stored_rows_equal_those_from_a_dict(small_slices):
    q = _quantised(40)
    ids = list(range(1, 41))
    whole = q.floats()
    as_dict = {sid: whole[i] for i, sid in enumerate(ids) if q.mask[i]}
    frags = [Fragment.segment(sid, f"tekst {sid}", "", "i1") for sid in ids if q.mask[sid - 1]]
    a, used_a = av.vectorize(frags, "use", stored=as_dict)
    b, used_b = av.vectorize(frags, "use", stored=StoredRows(ids, q))
    assert used_a == used_b == "use"
    assert a.dtype == np.float64 and np.array_equal(a, b)
    expected = whole[q.mask].astype(float)
    norms = np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.array_equal(a, expected / np.where(norms == 0, 1, norms))


def test_group_free_on_rows_of_x_equals_on_their_copy(small_slices):
    rng = np.random.default_rng(5)
    centres = rng.standard_normal((3, 12))
    X = np.vstack([c + 0.2 * rng.standard_normal((30, 12)) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    at = np.array(sorted(rng.choice(len(X), 60, replace=False)))
    on_copy = tg.group_free(X[at], range(2, 4))
    on_rows = tg.group_free(X, range(2, 4), at=at)
    assert on_rows.labels.tolist() == on_copy.labels.tolist()
    assert on_rows.silhouette == on_copy.silhouette and on_rows.k == on_copy.k >= 2


def test_slices_of_another_length_could_change_the_products(monkeypatch):
    """Why SLICE is a power of two: with 7 rows a slice, some rows' products take another BLAS path. (Where
    the BLAS build has no such blocks this shows nothing, and the test says so by skipping.)"""
    X = np.random.default_rng(1).standard_normal((200, 16))
    rows = np.arange(200)
    v = X.mean(axis=0)
    monkeypatch.setattr(av, "SLICE", 7)
    if np.array_equal(av.dot_of_rows(X, rows, v), X @ v):
        pytest.skip("this BLAS gives the same products for any slice length")
    monkeypatch.setattr(av, "SLICE", 16)
    assert np.array_equal(av.dot_of_rows(X, rows, v), X @ v)


def test_sentence_rows_equal_the_vectorized_matrix(small_slices):
    q = _quantised(60, seed=8)
    ids = list(range(1, 61))
    frags = [Fragment.segment(sid, f"tekst {sid}", "", "i1") for sid in ids if q.mask[sid - 1]]
    X, _used = av.vectorize(frags, "use", stored=StoredRows(ids, q))
    rows = av.sentence_rows(frags, StoredRows(ids, q))
    assert len(rows) == len(X)
    pick = np.array([0, 5, 3, len(X) - 1])
    assert np.array_equal(rows[pick], X[pick]) and np.array_equal(rows[2], X[2])
    assert np.array_equal(rows[np.arange(len(X))], X)
