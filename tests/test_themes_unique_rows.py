"""analysis.themes._unique_rows: the distinct rows KMeans runs on, exactly as numpy's unique on rows."""

from __future__ import annotations


def test_unique_rows_is_numpys_unique_on_rows():
    """The byte-wise deduplication gives exactly ``np.unique(axis=0)``: order, mapping and counts, with
    negative zeros, repeats and rows that differ only in a later column."""
    import numpy as np

    from kritischeblik.analysis import themes

    rng = np.random.default_rng(7)
    base = np.round(rng.normal(size=(40, 5)), 1)
    base[:6, 0] = 0.0
    base[6:12, 1:] = base[:6, 1:]  # same tail, other first column
    X = base[rng.integers(0, 40, 300)]
    X[::7, 0] = -X[::7, 0]  # turns some 0.0 into -0.0
    U, inverse, counts = themes._unique_rows(X)
    eU, einv, ecounts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    assert np.array_equal(U, eU)
    assert np.array_equal(inverse, einv.reshape(-1))
    assert np.array_equal(counts, ecounts)
    assert np.array_equal(U[inverse], X)


def test_unique_rows_keeps_float32() -> None:
    import numpy as np

    from kritischeblik.analysis import themes

    X = np.array([[0.5, -0.0], [0.5, 0.0], [0.25, 1.0]], dtype=np.float32)
    U, inverse, counts = themes._unique_rows(X)
    eU, einv, ecounts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    assert U.dtype == eU.dtype == np.float32
    assert (
        np.array_equal(U, eU)
        and np.array_equal(inverse, einv.reshape(-1))
        and np.array_equal(counts, ecounts)
    )
