"""Agreement between coders: Cohen's κ, Krippendorff's α and percent agreement per code (on their codings)
and per principle (on their own scores), as ``kb agreement``, the TUI and the workbook show them.

The store counts (which coders, which interviews, how many units each pattern of "yes" has: one read
transaction); the statistics are computed here from those counts by :mod:`kritischeblik.analysis.agreement`
and :mod:`kritischeblik.analysis.agreement_counts`, with the reason when one is undefined.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..analysis import agreement as stats
from ..analysis import agreement_counts as counts
from ..store import agreement as store
from ..store import coder_scores as score_store
from ..store.coder_scores import ScoreReliability
from ..store.db import Project

SCORE_LEVELS = ("ordinal", "interval", "nominal")
SCORE_LEVEL_LABELS = {"ordinal": "alpha ordinaal", "interval": "alpha interval", "nominal": "alpha nominaal"}


def agreement_frame(
    project: Project,
    coders: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
    interview_ids: Sequence[str] | None = None,
    unit: str = "segment",
) -> pd.DataFrame:
    """Agreement per code plus a pooled total row, with code names: the 'Overeenstemming' table.

    Columns: code, naam, eenheden, ``n <coder>`` per coder, alle ja, % overeenstemming, kappa, alpha,
    opmerking (why a statistic is empty). ``df.attrs`` holds coders, interviews and unit.
    """
    with project.read() as s:
        data = store.agreement_data(s, coders, code_ids, interview_ids, unit)
        names = store.code_names(s)
    df = counts.agreement_table_from_patterns(data.n_units, data.coders, data.patterns, data.codes)
    df.insert(
        1, "naam", [names.get(c, "alle gebruikte codes" if c == stats.TOTAL else "") for c in df["code"]]
    )
    df.attrs.update({"codeurs": data.coders, "interviews": data.interviews, "eenheid": unit})
    return df


def optional_agreement_frame(project: Project, coders: Sequence[str] | None = None) -> pd.DataFrame | None:
    """:func:`agreement_frame` for exports: None instead of an error when fewer than two coders coded."""
    if coders is None:
        with project.read() as s:
            if len(store.human_coders(s)) < 2:
                return None
    return agreement_frame(project, coders)


def per_interview_agreement(
    project: Project, coders: Sequence[str] | None = None, code_ids: Sequence[str] | None = None
) -> dict[str, float | None]:
    """{interview_id: κ (two coders) or nominal α (more) over segments × used codes, or None}.

    Without ``coders``, each interview compares the human coders who coded it; an interview with fewer
    than two such coders, or with an undefined statistic, maps to None.
    """
    with project.read() as s:
        ids, interviews = store.per_interview_patterns(s, coders)
    out: dict[str, float | None] = dict.fromkeys(ids)
    for iv in interviews:
        codes = list(code_ids) if code_ids else sorted(iv.patterns)
        out[iv.interview_id] = counts.pooled_agreement_from_patterns(
            iv.n_units, iv.coders, iv.patterns, codes
        )
    return out


# -- the coders' own scores ---------------------------------------------------------------------------------


def _score_row(label: str, name: str, m: np.ndarray, coders: Sequence[str]) -> dict:
    per_unit = (~np.isnan(m)).sum(axis=0) if m.size else np.zeros(0)
    row: dict = {
        "principe": label,
        "naam": name,
        "eenheden": int(m.shape[1]),
        "vergelijkbaar": int((per_unit >= 2).sum()),
    }
    for i, c in enumerate(coders):
        row[f"n {c}"] = int((~np.isnan(m[i])).sum())
    notes: list[str] = []
    for level in SCORE_LEVELS:
        a = stats.krippendorff_alpha(m, level)
        row[SCORE_LEVEL_LABELS[level]] = a.value
        if a.reason and a.reason not in notes:
            notes.append(a.reason)
    pa = stats.percent_agreement(m) if row["vergelijkbaar"] else None
    row["% overeenstemming"] = 100.0 * pa if pa is not None else None
    if row["vergelijkbaar"] == 0:
        notes = [stats.NO_PAIRS]
    row["opmerking"] = "; ".join(f"α: {n}" for n in notes)
    return row


def score_agreement_rows(
    project: Project, coders: Sequence[str] | None = None, interview_ids: Sequence[str] | None = None
) -> tuple[ScoreReliability, list[dict]]:
    """Agreement on coder scores per principle plus a pooled total row.

    Columns: principe, naam, eenheden (units anyone scored), vergelijkbaar (units with ≥ 2 scores),
    ``n <coder>``, alpha ordinaal, alpha interval, alpha nominaal, % overeenstemming (exact), opmerking.
    Undefined statistics are None with the reason in opmerking.
    """
    with project.read() as s:
        data = score_store.score_reliability_data(s, coders, interview_ids)
        order = score_store.principle_order(s)
    codes = sorted({u[2] for u in data.units}, key=lambda c: (order.get(c, 1 << 30), c))
    rows = []
    for code in codes:
        cols = [j for j, u in enumerate(data.units) if u[2] == code]
        rows.append(_score_row(code, data.code_names.get(code, ""), data.matrix[:, cols], data.coders))
    rows.append(_score_row(stats.TOTAL, "alle principes", data.matrix, data.coders))
    return data, rows
