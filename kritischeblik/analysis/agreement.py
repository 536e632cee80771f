"""Inter-coder agreement: percent agreement, Cohen's κ (scikit-learn) and Krippendorff's α (``krippendorff``).

Conventions
-----------
* Reliability data is a coders × units matrix; a missing value is ``None`` or ``nan``.
* Every statistic comes with a ``reason`` (Dutch, for users) when it is undefined: κ is undefined when both
  coders used one and the same category only (chance agreement is 1), α when fewer than two pairable values
  exist or all pairable values are equal (no variation). We return ``None`` then rather than a number that
  looks meaningful (some tools print 0 or 1 in that case). The libraries are only asked for defined values.
* Cohen's κ uses chance agreement ``pe = Σ_k p_A(k)·p_B(k)`` over *all* categories; for a yes/no code that is
  ``p_A(ja)·p_B(ja) + p_A(nee)·p_B(nee)`` — not ``p(ja)·p(nee)`` as one QDA tool computes it.
* Krippendorff's α follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": values are
  paired within units into a coincidence matrix (each unit with m ≥ 2 values contributes m(m-1) ordered
  pairs weighted 1/(m-1)). Percent agreement is the share of those pairs that match (:func:`coincidences`).

The binary per-code tables (κ and α per code from counts of who said "ja") are in :mod:`.agreement_counts`.
scikit-learn is imported inside :func:`cohen_kappa`: this module is imported when the TUI starts.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")
TOTAL = "(totaal)"

NO_UNITS = "geen eenheden die alle codeurs beoordeeld hebben"
ONE_CATEGORY = "geen variatie: alle waarden in één categorie"
NO_PAIRS = "te weinig paarbare waarden (minder dan twee codeurs per eenheid)"
ONLY_TWO = "κ alleen voor precies twee codeurs"


@dataclass(frozen=True)
class KappaResult:
    value: float | None
    observed: float | None
    """po: share of units on which the coders agree"""
    expected: float | None
    """pe: chance agreement from both coders' marginals"""
    n: int
    reason: str | None = None


@dataclass(frozen=True)
class AlphaResult:
    value: float | None
    level: str
    n_pairable: int
    """number of values in units with at least two values (n in Krippendorff's notation)"""
    n_units: int
    """number of units with at least two values"""
    reason: str | None = None


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def reliability_matrix(data: Sequence[Sequence[Any]] | np.ndarray) -> tuple[list[Hashable], np.ndarray]:
    """Encode a coders × units table of values (any hashable, missing = None/nan) as category indexes.

    Returns the sorted distinct values and an int matrix with -1 for missing. A numeric numpy array takes
    a vectorised path (the score matrices of a whole project are large).
    """
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        arr = data.astype(float, copy=False)
        if arr.ndim != 2:
            raise ValueError("verwacht een tabel codeurs × eenheden")
        present = ~np.isnan(arr)
        values = np.unique(arr[present])
        m = np.full(arr.shape, -1, dtype=np.int64)
        m[present] = np.searchsorted(values, arr[present])
        return values.tolist(), m
    rows = [list(r) for r in data]
    if rows and len({len(r) for r in rows}) != 1:
        raise ValueError("alle codeurs moeten evenveel eenheden hebben")
    values = sorted({v for r in rows for v in r if not _is_missing(v)})
    index = {v: i for i, v in enumerate(values)}
    m = np.full((len(rows), len(rows[0]) if rows else 0), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if not _is_missing(v):
                m[i, j] = index[v]
    return values, m


def value_counts(m: np.ndarray, n_values: int) -> np.ndarray:
    """units × values table of how many coders gave each value to each unit (``m`` from
    :func:`reliability_matrix`); the ``value_counts`` form of ``krippendorff.alpha``."""
    if m.size == 0 or n_values == 0:
        return np.zeros((m.shape[1] if m.ndim == 2 else 0, n_values))
    n_units = m.shape[1]
    units = np.broadcast_to(np.arange(n_units), m.shape)
    present = m >= 0
    flat = units[present] * n_values + m[present]
    return np.bincount(flat, minlength=n_units * n_values).reshape(n_units, n_values).astype(float)


def coincidences(counts: np.ndarray, multiplicity: np.ndarray | None = None) -> np.ndarray:
    """Coincidence matrix o[c, k] from a units × values table of counts (:func:`value_counts`).

    ``multiplicity``: how many units each row stands for (rows of the binary tables are patterns, not
    units). Only units with at least two values are pairable.
    """
    n_values = counts.shape[1]
    mu = counts.sum(axis=1)
    keep = mu >= 2
    counts, mu = counts[keep], mu[keep]
    if counts.size == 0:
        return np.zeros((n_values, n_values))
    weighted = counts / (mu - 1.0)[:, None]
    if multiplicity is not None:
        weighted = weighted * multiplicity[keep][:, None]
    # Σ_u (N_u N_uᵀ - diag N_u)/(m_u - 1): pairs of values from different coders within the same unit.
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def percent_agreement(data: Sequence[Sequence[Any]] | np.ndarray) -> float | None:
    """Share of pairable values that agree with the other values in their unit.

    For two coders this is the plain share of units (coded by both) on which they gave the same value;
    for more coders it is the mean pairwise agreement, each unit weighted by its number of values.
    """
    values, m = reliability_matrix(data)
    o = coincidences(value_counts(m, len(values)))
    n = o.sum()
    return float(np.trace(o) / n) if n > 0 else None


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> KappaResult:
    """Cohen's κ (scikit-learn's ``cohen_kappa_score``) for two coders; units where either value is missing
    are left out. Undefined (``value`` None, with the reason) without units, or when chance agreement is 1."""
    if len(a) != len(b):
        raise ValueError("beide codeurs moeten evenveel eenheden hebben")
    _, m = reliability_matrix(
        np.vstack([np.asarray(a), np.asarray(b)]) if _numeric(a, b) else [list(a), list(b)]
    )
    m = m[:, (m >= 0).all(axis=0)]
    n = int(m.shape[1])
    if n == 0:
        return KappaResult(None, None, None, 0, NO_UNITS)
    k = int(m.max()) + 1
    po = float(np.mean(m[0] == m[1]))
    pe = float(np.dot(np.bincount(m[0], minlength=k) / n, np.bincount(m[1], minlength=k) / n))
    if np.isclose(pe, 1.0):
        return KappaResult(None, po, pe, n, ONE_CATEGORY)
    from sklearn.metrics import cohen_kappa_score

    return KappaResult(float(cohen_kappa_score(m[0], m[1])), po, pe, n)


def _numeric(*seqs: Any) -> bool:
    return all(isinstance(x, np.ndarray) and x.dtype.kind in "biuf" for x in seqs)


def krippendorff_alpha(data: Sequence[Sequence[Any]] | np.ndarray, level: str = "nominal") -> AlphaResult:
    """Krippendorff's α (package ``krippendorff``) for any number of coders, missing values allowed.

    ``level``: nominal (categories), ordinal (ranks; values must be orderable), interval or ratio
    (numbers). Undefined (``value`` None, with the reason) with fewer than two pairable values, or when all
    pairable values are equal.
    """
    if level not in LEVELS:
        raise ValueError(f"onbekend meetniveau '{level}'; kies uit {', '.join(LEVELS)}")
    values, m = reliability_matrix(data)
    counts = value_counts(m, len(values))
    pairable = counts[counts.sum(axis=1) >= 2]
    n_pairable, n_units = int(pairable.sum()), len(pairable)
    if n_pairable < 2:
        return AlphaResult(None, level, n_pairable, n_units, NO_PAIRS)
    if np.count_nonzero(pairable.sum(axis=0)) < 2:
        return AlphaResult(None, level, n_pairable, n_units, ONE_CATEGORY)
    import krippendorff

    # Nominal and ordinal α depend on the values' order only, so the category indexes stand in for values
    # that are not numbers; interval and ratio need the numbers themselves.
    domain = np.asarray(values, dtype=float) if level in ("interval", "ratio") else np.arange(len(values))
    value = krippendorff.alpha(value_counts=pairable, value_domain=domain, level_of_measurement=level)
    return AlphaResult(float(value), level, n_pairable, n_units)
