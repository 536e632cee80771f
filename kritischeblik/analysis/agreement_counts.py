"""Binary agreement per code (the agreement tables and the TUI's number per interview), from pattern counts.

For yes/no coding with every coder judging every unit, κ, α and percent agreement depend only on how many
units show each *pattern* of "ja" (which coders accepted the code). A project with 800,000 segments has
at most ``2**coders`` patterns per code, so the store counts them in SQL and the statistics need a few
numbers instead of a coders × units matrix per code (and one of units × codes for the pooled total).
Lists of units and codings (:func:`agreement_table`, :func:`pooled_agreement`) are turned into the same
counts, so there is one way to build a row.

Patterns are bit masks over the coders: bit ``i`` set means ``coders[i]`` said "ja". Units not counted
have pattern 0 (nobody accepted the code).

κ and α are computed here from the counts, in closed form, rather than by scikit-learn's
``cohen_kappa_score`` and ``krippendorff.alpha`` (which :mod:`.agreement` uses for general data): those
want one value per unit, and ``cohen_kappa_score`` costs milliseconds per call in input checks, while a
table asks for a κ and an α per code and the TUI overview for one per interview. ``bench/numerics_bench.py``
measures both ways; ``tests/test_agreement_stats.py`` checks these numbers against both libraries.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .agreement import NO_PAIRS, NO_UNITS, ONE_CATEGORY, ONLY_TWO, TOTAL, coincidences

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
    return coincidences(np.column_stack([n_coders - k, k]).astype(float), yes.astype(float))


def _kappa(n_units: int, patterns: Patterns) -> tuple[float | None, str | None]:
    """Cohen's κ of two coders from the 2×2 table: (po - pe) / (1 - pe), pe from both coders' marginals."""
    t = np.zeros(4, dtype=np.int64)
    for mask, count in patterns.items():
        t[mask] += count
    t[0] = n_units - int(t[1:].sum())
    a = np.array([t[0] + t[2], t[1] + t[3]])  # coder 0 said nee / ja
    b = np.array([t[0] + t[1], t[2] + t[3]])
    if (a[1] + b[1] == 0) or (a[0] + b[0] == 0):
        a, b = np.array([n_units]), np.array([n_units])  # one category only
    po = np.float64(t[0] + t[3]) / n_units
    pa, pb = a / n_units, b / n_units
    pe = float(np.dot(pa, pb))
    if np.isclose(pe, 1.0):
        return None, ONE_CATEGORY
    return (float(po) - pe) / (1.0 - pe), None


def _alpha(o: np.ndarray) -> tuple[float | None, str | None]:
    """Nominal α of a coincidence matrix: 1 - (n-1)·Σ o_ck δ_ck / Σ n_c n_k δ_ck, δ = 1 off the diagonal."""
    nc = o.sum(axis=1)
    n = float(nc.sum())
    if n < 2:
        return None, NO_PAIRS
    d2 = 1.0 - np.eye(len(nc))
    do = float((o * d2).sum() / n)
    de = float((np.outer(nc, nc) * d2).sum() / (n * (n - 1.0)))
    if np.isclose(de, 0.0):
        return None, ONE_CATEGORY
    return 1.0 - do / de, None


def pattern_row(label: str, n_units: int, coders: Sequence[str], patterns: Patterns) -> dict[str, Any]:
    """One row of the agreement table: counts, % overeenstemming, κ (two coders), α, and why a statistic
    is undefined (``opmerking``)."""
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
    row["alpha"], reason = _alpha(o)
    if reason and not (len(coders) == 2 and reason == ONE_CATEGORY):
        notes.append(f"α: {reason}")
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


def table_frame(rows: list[dict], total: dict, coders: Sequence[str], any_used: bool) -> pd.DataFrame:
    """The agreement table from per-code rows and the pooled total row."""
    if not any_used:
        total["opmerking"] = "geen enkele code toegekend door de vergeleken codeurs"
    cols = ["code", "eenheden", *[f"n {c}" for c in coders], "alle ja", "% overeenstemming", "kappa", "alpha"]
    df = pd.DataFrame([*rows, total], columns=[*cols, "opmerking"])
    # Undefined statistics are NaN (never 0 or 1), so the columns stay numeric for exports.
    for col in ("% overeenstemming", "kappa", "alpha"):
        df[col] = df[col].astype(float)
    return df


def agreement_table_from_patterns(
    n_units: int, coders: Sequence[str], patterns: Mapping[str, Patterns], codes: Sequence[str]
) -> pd.DataFrame:
    """Per-code binary agreement over ``n_units`` units plus a pooled total row.

    The total row pools all (unit, code) pairs of the codes that at least one coder applied: codes nobody
    used would only add 0–0 pairs that inflate percent agreement.
    """
    coders = list(coders)
    rows = [pattern_row(code, n_units, coders, patterns.get(code, {})) for code in codes]
    used = [patterns[c] for c in codes if _used(patterns.get(c))]
    total = pattern_row(TOTAL, n_units * len(used), coders, _pool(used))
    return table_frame(rows, total, coders, any_used=bool(used))


def pooled_agreement_from_patterns(
    n_units: int, coders: Sequence[str], patterns: Mapping[str, Patterns], codes: Sequence[str]
) -> float | None:
    """One number for a set of units: κ for two coders, nominal α for more; None when undefined.

    The same pooling as the total row of :func:`agreement_table_from_patterns`, without the table (the TUI
    asks for every interview at once)."""
    used = [patterns[c] for c in dict.fromkeys(codes) if _used(patterns.get(c))]
    if not used or not n_units:
        return None
    row = pattern_row(TOTAL, n_units * len(used), coders, _pool(used))
    return row["kappa"] if len(coders) == 2 else row["alpha"]


def patterns_of(
    units: Sequence[Hashable], coders: Sequence[str], positives: Iterable[tuple[Hashable, str, str]]
) -> dict[str, dict[int, int]]:
    """Pattern counts per code from (unit, coder, code) for each accepted coding; units outside ``units`` and
    coders outside ``coders`` are ignored."""
    known = set(units)
    bit = {c: 1 << i for i, c in enumerate(coders)}
    masks: dict[str, dict[Hashable, int]] = {}
    for unit, coder, code in positives:
        if unit in known and coder in bit:
            per_unit = masks.setdefault(code, {})
            per_unit[unit] = per_unit.get(unit, 0) | bit[coder]
    out: dict[str, dict[int, int]] = {}
    for code, per_unit in masks.items():
        counts = out.setdefault(code, {})
        for mask in per_unit.values():
            counts[mask] = counts.get(mask, 0) + 1
    return out


def agreement_table(
    units: Sequence[Hashable],
    coders: Sequence[str],
    positives: Iterable[tuple[Hashable, str, str]],
    codes: Sequence[str],
) -> pd.DataFrame:
    """:func:`agreement_table_from_patterns` from lists: ``units`` every coder in ``coders`` has judged (e.g.
    segments of interviews all of them coded), ``positives`` (unit, coder, code) for each accepted coding; a
    unit without an accepted coding of a code counts as 0 ("not coded") for that coder."""
    return agreement_table_from_patterns(len(units), coders, patterns_of(units, coders, positives), codes)


def pooled_agreement(
    units: Sequence[Hashable],
    coders: Sequence[str],
    positives: Iterable[tuple[Hashable, str, str]],
    codes: Sequence[str],
) -> float | None:
    """:func:`pooled_agreement_from_patterns` from lists, as :func:`agreement_table`."""
    return pooled_agreement_from_patterns(len(units), coders, patterns_of(units, coders, positives), codes)
