"""Binary agreement from pattern counts instead of unit lists (pure functions, numpy only).

For yes/no coding with every coder judging every unit, κ, α and percent agreement depend only on how many
units show each *pattern* of "ja" (which coders accepted the code). A project with 800,000 segments has
at most ``2**coders`` patterns per code, so the store can count them in SQL and the statistics need a few
numbers instead of a coders × units matrix per code (and one of units × codes for the pooled total).

Patterns are bit masks over the coders: bit ``i`` set means ``coders[i]`` said "ja". Units not counted
have pattern 0 (nobody accepted the code). The results equal :func:`..agreement.agreement_table` and
:func:`..agreement.pooled_agreement` on the same data: the arithmetic is the same, on the same integer
tallies (exactly equal for two and three coders; for more the coincidences are summed in another order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .agreement import NO_UNITS, ONE_CATEGORY, ONLY_TWO, TOTAL, _alpha, table_frame

Patterns = Mapping[int, int]
"""{bit mask of the coders who said "ja": number of units}; masks absent or 0 are the remaining units."""


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def _coincidences(n_units: int, n_coders: int, patterns: Patterns) -> np.ndarray:
    """Coincidence matrix (values nee, ja) of complete 0/1 data: each unit has n_coders values."""
    yes = np.zeros(n_coders + 1, dtype=np.int64)  # units by number of coders saying "ja"
    for mask, count in patterns.items():
        if mask:
            yes[_popcount(mask)] += count
    yes[0] = n_units - int(yes[1:].sum())
    k = np.arange(n_coders + 1)
    counts = np.column_stack([n_coders - k, k]).astype(np.int64)
    # Σ_u (N_u N_uᵀ - diag N_u)/(m_u - 1), with m_u = n_coders for every unit, in exact integers first.
    pairs = (counts * yes[:, None]).T @ counts - np.diag((counts * yes[:, None]).sum(axis=0))
    return pairs.astype(float) / float(n_coders - 1)


def _kappa(n_units: int, patterns: Patterns) -> tuple[float | None, str | None]:
    """Cohen's κ of two coders, computed as :func:`..agreement.cohen_kappa` does on the 0/1 vectors."""
    t = np.zeros(4, dtype=np.int64)
    for mask, count in patterns.items():
        t[mask] += count
    t[0] = n_units - int(t[1:].sum())
    a = np.array([t[0] + t[2], t[1] + t[3]])  # coder 0 said nee / ja
    b = np.array([t[0] + t[1], t[2] + t[3]])
    if (a[1] + b[1] == 0) or (a[0] + b[0] == 0):
        a, b = np.array([n_units]), np.array([n_units])  # one category only, as cohen_kappa encodes it
    po = np.float64(t[0] + t[3]) / n_units
    pa, pb = a / n_units, b / n_units
    pe = float(np.dot(pa, pb))
    if np.isclose(pe, 1.0):
        return None, ONE_CATEGORY
    return (float(po) - pe) / (1.0 - pe), None


def pattern_row(label: str, n_units: int, coders: Sequence[str], patterns: Patterns) -> dict[str, Any]:
    """One row of :func:`..agreement.agreement_table` from pattern counts."""
    coders = list(coders)
    row: dict[str, Any] = {"code": label, "eenheden": n_units}
    for i, c in enumerate(coders):
        row[f"n {c}"] = sum(n for mask, n in patterns.items() if mask >> i & 1)
    full = (1 << len(coders)) - 1
    row["alle ja"] = int(patterns.get(full, 0)) if n_units else 0
    if n_units == 0:
        row.update({"% overeenstemming": None, "kappa": None, "alpha": None, "opmerking": NO_UNITS})
        return row
    notes: list[str] = []
    o = _coincidences(n_units, len(coders), patterns)
    row["% overeenstemming"] = 100.0 * float(np.trace(o) / o.sum())
    if len(coders) == 2:
        row["kappa"], reason = _kappa(n_units, patterns)
        if reason:
            notes.append(f"κ: {reason}")
    else:
        row["kappa"] = None
        notes.append(ONLY_TWO)
    a = _alpha(o, [0, 1], "nominal", n_units)
    row["alpha"] = a.value
    if a.reason and not (len(coders) == 2 and a.reason == ONE_CATEGORY):
        notes.append(f"α: {a.reason}")
    if not any(mask and n for mask, n in patterns.items()):
        notes.insert(0, "door geen enkele codeur toegekend")
    row["opmerking"] = "; ".join(notes)
    return row


def _pool(patterns: Sequence[Patterns]) -> dict[int, int]:
    total: dict[int, int] = {}
    for p in patterns:
        for mask, n in p.items():
            if mask:
                total[mask] = total.get(mask, 0) + n
    return total


def _used(p: Patterns | None) -> bool:
    return bool(p) and any(mask and n for mask, n in p.items())


def agreement_table_from_patterns(
    n_units: int, coders: Sequence[str], patterns: Mapping[str, Patterns], codes: Sequence[str]
) -> pd.DataFrame:
    """:func:`..agreement.agreement_table` when each code's data is given as pattern counts over ``n_units``.

    The total row pools the codes that at least one coder applied, as there.
    """
    coders = list(coders)
    rows = [pattern_row(code, n_units, coders, patterns.get(code, {})) for code in codes]
    used = [patterns[c] for c in codes if _used(patterns.get(c))]
    total = pattern_row(TOTAL, n_units * len(used), coders, _pool(used))
    return table_frame(rows, total, coders, any_used=bool(used))


def pooled_agreement_from_patterns(
    n_units: int, coders: Sequence[str], patterns: Mapping[str, Patterns], codes: Sequence[str]
) -> float | None:
    """:func:`..agreement.pooled_agreement` from pattern counts: κ for two coders, nominal α for more."""
    used = [patterns[c] for c in dict.fromkeys(codes) if _used(patterns.get(c))]
    if not used or not n_units:
        return None
    row = pattern_row(TOTAL, n_units * len(used), coders, _pool(used))
    return row["kappa"] if len(coders) == 2 else row["alpha"]
