"""Inter-coder agreement: percent agreement, Cohen's κ and Krippendorff's α (pure functions, numpy only).

Conventions
-----------
* Reliability data is a coders × units matrix; a missing value is ``None`` or ``nan``.
* Every statistic comes with a ``reason`` (Dutch, for users) when it is undefined: κ is undefined when both
  coders used one and the same category only (chance agreement is 1), α when fewer than two pairable values
  exist or all pairable values are equal (no variation). We return ``None`` then rather than a number that
  looks meaningful (some tools print 0 or 1 in that case).
* Cohen's κ uses chance agreement ``pe = Σ_k p_A(k)·p_B(k)`` over *all* categories; for a yes/no code that is
  ``p_A(ja)·p_B(ja) + p_A(nee)·p_B(nee)`` — not ``p(ja)·p(nee)`` as one QDA tool computes it.
* Krippendorff's α follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": values are
  paired within units into a coincidence matrix (each unit with m ≥ 2 values contributes m(m-1) ordered
  pairs weighted 1/(m-1)); ``α = 1 - (n-1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

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
    observed_disagreement: float | None
    expected_disagreement: float | None
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
    a vectorised path (the per-code matrices of a whole project are large).
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


def percent_agreement(data: Sequence[Sequence[Any]] | np.ndarray) -> float | None:
    """Share of pairable values that agree with the other values in their unit.

    For two coders this is the plain share of units (coded by both) on which they gave the same value;
    for more coders it is the mean pairwise agreement, each unit weighted by its number of values.
    """
    values, m = reliability_matrix(data)
    o = _coincidences(m, len(values))
    n = o.sum()
    return float(np.trace(o) / n) if n > 0 else None


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> KappaResult:
    """Cohen's κ for two coders; units where either value is missing are left out."""
    if len(a) != len(b):
        raise ValueError("beide codeurs moeten evenveel eenheden hebben")
    _, m = reliability_matrix(np.vstack([np.asarray(a), np.asarray(b)]) if _numeric(a, b) else [list(a), list(b)])
    m = m[:, (m >= 0).all(axis=0)]
    n = int(m.shape[1])
    if n == 0:
        return KappaResult(None, None, None, 0, NO_UNITS)
    k = int(m.max()) + 1
    po = float(np.mean(m[0] == m[1]))
    pa = np.bincount(m[0], minlength=k) / n
    pb = np.bincount(m[1], minlength=k) / n
    pe = float(np.dot(pa, pb))
    if np.isclose(pe, 1.0):
        return KappaResult(None, po, pe, n, ONE_CATEGORY)
    return KappaResult((po - pe) / (1.0 - pe), po, pe, n)


def _numeric(*seqs: Any) -> bool:
    return all(isinstance(x, np.ndarray) and x.dtype.kind in "biuf" for x in seqs)


def _coincidences(m: np.ndarray, n_values: int) -> np.ndarray:
    """Coincidence matrix o[c, k] from a coders × units matrix of category indexes (-1 = missing)."""
    if m.size == 0 or n_values == 0:
        return np.zeros((n_values, n_values))
    n_units = m.shape[1]
    units = np.broadcast_to(np.arange(n_units), m.shape)
    present = m >= 0
    flat = units[present] * n_values + m[present]
    counts = np.bincount(flat, minlength=n_units * n_values).reshape(n_units, n_values).astype(float)
    return _coincidences_from_counts(counts)


def _coincidences_from_counts(counts: np.ndarray) -> np.ndarray:
    """Coincidence matrix from a units × values table of how many coders gave each value to each unit."""
    n_values = counts.shape[1]
    mu = counts.sum(axis=1)
    keep = mu >= 2
    counts, mu = counts[keep], mu[keep]
    if counts.size == 0:
        return np.zeros((n_values, n_values))
    weighted = counts / (mu - 1.0)[:, None]
    # Σ_u (N_u N_uᵀ - diag N_u)/(m_u - 1): pairs of values from different coders within the same unit.
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def _delta2(level: str, values: Sequence[Any], marginals: np.ndarray) -> np.ndarray:
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    v = np.asarray(values, dtype=float)
    if level == "interval":
        return (v[:, None] - v[None, :]) ** 2
    if level == "ratio":
        s = v[:, None] + v[None, :]
        d = v[:, None] - v[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(s == 0, 0.0, d / np.where(s == 0, 1.0, s))
        return r**2
    if level == "ordinal":
        # δ_ck = Σ_{g=c..k} n_g - (n_c + n_k)/2, with values in rank order.
        cum = np.concatenate([[0.0], np.cumsum(marginals)])
        lo = np.minimum.outer(np.arange(k), np.arange(k))
        hi = np.maximum.outer(np.arange(k), np.arange(k))
        between = cum[hi + 1] - cum[lo]
        d = between - (marginals[:, None] + marginals[None, :]) / 2.0
        return d**2
    raise ValueError(f"onbekend meetniveau '{level}'; kies uit {', '.join(LEVELS)}")


def krippendorff_alpha(data: Sequence[Sequence[Any]] | np.ndarray, level: str = "nominal") -> AlphaResult:
    """Krippendorff's α for any number of coders, missing values allowed.

    ``level``: nominal (categories), ordinal (ranks; values must be orderable), interval or ratio
    (numbers).
    """
    if level not in LEVELS:
        raise ValueError(f"onbekend meetniveau '{level}'; kies uit {', '.join(LEVELS)}")
    values, m = reliability_matrix(data)
    n_units = int(((m >= 0).sum(axis=0) >= 2).sum()) if m.size else 0
    return _alpha(_coincidences(m, len(values)), values, level, n_units)


def _alpha(o: np.ndarray, values: Sequence[Any], level: str, n_units: int) -> AlphaResult:
    nc = o.sum(axis=1)
    n = float(nc.sum())
    if n < 2:
        return AlphaResult(None, level, None, None, int(round(n)), n_units, NO_PAIRS)
    d2 = _delta2(level, values, nc)
    do = float((o * d2).sum() / n)
    de = float((np.outer(nc, nc) * d2).sum() / (n * (n - 1.0)))
    if np.isclose(de, 0.0):
        return AlphaResult(None, level, do, de, int(round(n)), n_units, ONE_CATEGORY)
    return AlphaResult(1.0 - do / de, level, do, de, int(round(n)), n_units)


# -- per-code agreement over units -------------------------------------------------------------------------


def binary_matrix(
    units: Sequence[Hashable], coders: Sequence[str], positives: Iterable[tuple[Hashable, str]],
    unit_index: dict[Hashable, int] | None = None,
) -> np.ndarray:
    """coders × units 0/1 matrix: 1 where (unit, coder) is in ``positives``."""
    uidx = unit_index if unit_index is not None else {u: j for j, u in enumerate(units)}
    cidx = {c: i for i, c in enumerate(coders)}
    m = np.zeros((len(coders), len(units)), dtype=np.int8)
    for unit, coder in positives:
        j, i = uidx.get(unit), cidx.get(coder)
        if j is not None and i is not None:
            m[i, j] = 1
    return m


def _row(label: str, m: np.ndarray, coders: Sequence[str]) -> dict[str, Any]:
    n_units = int(m.shape[1])
    row: dict[str, Any] = {"code": label, "eenheden": n_units}
    for i, c in enumerate(coders):
        row[f"n {c}"] = int(m[i].sum())
    row["alle ja"] = int((m.sum(axis=0) == len(coders)).sum()) if n_units else 0
    notes: list[str] = []
    if n_units == 0:
        row.update({"% overeenstemming": None, "kappa": None, "alpha": None})
        row["opmerking"] = NO_UNITS
        return row
    # Complete 0/1 data: the coincidences follow from how many coders said "ja" per unit, which is far
    # cheaper than the general encoding for the pooled matrix of a whole project.
    yes = m.sum(axis=0, dtype=np.int64)
    o = _coincidences_from_counts(np.column_stack([len(coders) - yes, yes]).astype(float))
    row["% overeenstemming"] = 100.0 * float(np.trace(o) / o.sum())
    if len(coders) == 2:
        k = cohen_kappa(m[0], m[1])
        row["kappa"] = k.value
        if k.reason:
            notes.append(f"κ: {k.reason}")
    else:
        row["kappa"] = None
        notes.append(ONLY_TWO)
    a = _alpha(o, [0, 1], "nominal", n_units)
    row["alpha"] = a.value
    if a.reason and not (len(coders) == 2 and a.reason == ONE_CATEGORY):
        notes.append(f"α: {a.reason}")
    if m.sum() == 0:
        notes.insert(0, "door geen enkele codeur toegekend")
    row["opmerking"] = "; ".join(notes)
    return row


def agreement_table(
    units: Sequence[Hashable],
    coders: Sequence[str],
    positives: Iterable[tuple[Hashable, str, str]],
    codes: Sequence[str],
) -> pd.DataFrame:
    """Per-code binary agreement plus a pooled total row.

    ``units`` are the units every coder in ``coders`` has judged (e.g. segments of interviews all of them
    coded); ``positives`` holds (unit, coder, code) for each accepted coding; a unit without an accepted
    coding of a code counts as 0 ("not coded") for that coder. The total row pools all (unit, code) pairs of
    the codes that at least one coder applied: codes nobody used would only add 0–0 pairs that inflate
    percent agreement.
    """
    coders = list(coders)
    by_code: dict[str, list[tuple[Hashable, str]]] = {c: [] for c in codes}
    for unit, coder, code in positives:
        if code in by_code:
            by_code[code].append((unit, coder))
    rows = []
    used: list[np.ndarray] = []
    uidx = {u: j for j, u in enumerate(units)}
    for code in codes:
        m = binary_matrix(units, coders, by_code[code], uidx)
        rows.append(_row(code, m, coders))
        if m.sum() > 0:
            used.append(m)
    pooled = np.concatenate(used, axis=1) if used else np.zeros((len(coders), 0), dtype=np.int8)
    return table_frame(rows, _row(TOTAL, pooled, coders), coders, any_used=bool(used))


def table_frame(rows: list[dict], total: dict, coders: Sequence[str], any_used: bool) -> pd.DataFrame:
    """The agreement table from per-code rows and the pooled total row (shared by both ways of counting)."""
    if not any_used:
        total["opmerking"] = "geen enkele code toegekend door de vergeleken codeurs"
    cols = ["code", "eenheden", *[f"n {c}" for c in coders], "alle ja", "% overeenstemming", "kappa", "alpha",
            "opmerking"]  # fmt: skip
    df = pd.DataFrame([*rows, total], columns=cols)
    # Undefined statistics are NaN (never 0 or 1), so the columns stay numeric for exports.
    for col in ("% overeenstemming", "kappa", "alpha"):
        df[col] = df[col].astype(float)
    return df


def pooled_agreement(
    units: Sequence[Hashable], coders: Sequence[str], positives: Iterable[tuple[Hashable, str, str]],
    codes: Sequence[str],
) -> float | None:  # fmt: skip
    """One number for a set of units: κ for two coders, nominal α for more; None when undefined.

    Same pooling as the total row of :func:`agreement_table`, without building the table (the TUI asks
    for every interview at once).
    """
    coders = list(coders)
    wanted = set(codes)
    by_code: dict[str, list[tuple[Hashable, str]]] = {}
    for unit, coder, code in positives:
        if code in wanted:
            by_code.setdefault(code, []).append((unit, coder))
    uidx = {u: j for j, u in enumerate(units)}
    used = [m for m in (binary_matrix(units, coders, p, uidx) for p in by_code.values()) if m.sum() > 0]
    if not used or not len(units):
        return None
    pooled = np.concatenate(used, axis=1)
    if len(coders) == 2:
        return cohen_kappa(pooled[0], pooled[1]).value
    return krippendorff_alpha(pooled, "nominal").value
