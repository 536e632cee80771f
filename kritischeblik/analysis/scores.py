"""Tallies of the structured answers: principle scores, "met welk principe ga je aan de slag?", and
suggestions for a new principle.

Pure functions on the DataFrames of :mod:`kritischeblik.store.reads`; the output tables have Dutch column
names because they are published as they are (CLI, Excel, notebooks).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..model import Code, Example

__all__ = [
    "ALL",
    "choice_table",
    "principle_tallies",
    "suggestion_table",
]

ALL = "alle"
"""The omgeving value of the rows that pool every omgeving."""

EXAMPLES = (str(Example.MOOI), str(Example.VASTLOOP))


def _principle_list(principles: Sequence[Code] | Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for p in principles:
        out.append((p.id, p.name) if isinstance(p, Code) else (str(p[0]), str(p[1])))
    return out


def principle_tallies(
    scores: pd.DataFrame,
    principles: Sequence[Code] | Sequence[tuple[str, str]],
    scale: tuple[int, int] = (1, 5),
    omgevingen: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Scores per leidend principe × voorbeeld × omgeving, plus the pooled omgeving ``"alle"``.

    ``scores`` needs the columns ``code_id``, ``example``, ``omgeving`` and ``score`` (as returned by
    ``store.reads.scores``). ``principles`` gives the rows and their order (codebook order); ``scale`` the
    codebook's scale, which sets the distribution columns ``score_<v>`` (count of each scale value).
    ``omgevingen`` defaults to those present in ``scores`` (sorted); every combination gets a row, with
    ``n = 0`` and empty statistics where nobody scored.

    Columns: ``principe_id, principe, voorbeeld, omgeving, n, gemiddelde, mediaan, min, max,
    score_<min> .. score_<max>``.
    """
    plist = _principle_list(principles)
    lo, hi = scale
    values = range(lo, hi + 1)
    data = scores[["code_id", "example", "omgeving", "score"]].astype({"score": "int64"})
    data = data.assign(example=data["example"].astype(str), omgeving=data["omgeving"].astype(str))
    present = sorted(set(data["omgeving"]))
    groups = [*(omgevingen if omgevingen is not None else present), ALL]
    pooled = pd.concat([data, data.assign(omgeving=ALL)], ignore_index=True)
    keys = ["code_id", "example", "omgeving"]
    agg = pooled.groupby(keys)["score"].agg(["size", "mean", "median", "min", "max"])
    dist = pooled.groupby(keys)["score"].value_counts().unstack(fill_value=0)
    grid = pd.MultiIndex.from_tuples(
        [(cid, ex, om) for ex in EXAMPLES for cid, _ in plist for om in groups], names=keys
    )
    agg = agg.reindex(grid)
    dist = dist.reindex(index=grid, columns=list(values), fill_value=0).fillna(0).astype(int)
    names = dict(plist)
    out = pd.DataFrame(
        {
            "principe_id": grid.get_level_values(0),
            "principe": [names[c] for c in grid.get_level_values(0)],
            "voorbeeld": grid.get_level_values(1),
            "omgeving": grid.get_level_values(2),
            "n": agg["size"].fillna(0).astype(int).to_numpy(),
            "gemiddelde": agg["mean"].astype(float).to_numpy(),
            "mediaan": agg["median"].astype(float).to_numpy(),
            "min": agg["min"].astype("Int64").to_numpy(),
            "max": agg["max"].astype("Int64").to_numpy(),
        }
    )
    for v in values:
        out[f"score_{v}"] = dist[v].to_numpy()
    return out


def choice_table(
    choices: pd.DataFrame,
    principles: Sequence[Code] | Sequence[tuple[str, str]],
    respondents: int | None = None,
) -> pd.DataFrame:
    """ "Met welk principe ga je aan de slag?" as in the 2020 report: times each principle was named.

    ``choices`` has one row per interview × chosen principle (columns ``interview_id``, ``code_id``); a
    respondent may name several principles. Sorted by count, descending; ties in codebook order
    (the order of ``principles``). Principles nobody named are listed with 0.

    ``aandeel_respondenten`` = count / ``respondents``; ``respondents`` defaults to the number of distinct
    interviews in ``choices`` (those who answered the question). Shares add up to more than 1 when people
    named more than one principle.

    Columns: ``rang, principe_id, principe, aantal, aandeel_respondenten``.
    """
    plist = _principle_list(principles)
    pairs = choices[["interview_id", "code_id"]].drop_duplicates() if len(choices) else choices
    counts = pairs["code_id"].value_counts().to_dict() if len(pairs) else {}
    n_resp = (
        respondents if respondents is not None else (pairs["interview_id"].nunique() if len(pairs) else 0)
    )
    order = {cid: i for i, (cid, _) in enumerate(plist)}
    names = dict(plist)
    # Codes named but not among ``principles`` (another codebook) still count; they sort after the known ones.
    for cid in counts:
        if cid not in order:
            order[cid] = len(order)
            names[cid] = cid
    ids = sorted(order, key=lambda c: (-int(counts.get(c, 0)), order[c]))
    rows = []
    for rank, cid in enumerate(ids, start=1):
        n = int(counts.get(cid, 0))
        rows.append(
            {
                "rang": rank,
                "principe_id": cid,
                "principe": names[cid],
                "aantal": n,
                "aandeel_respondenten": (n / n_resp) if n_resp else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=["rang", "principe_id", "principe", "aantal", "aandeel_respondenten"])


def suggestion_table(suggestions: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """New-principle suggestions as a list, optionally with the theme each one was clustered into.

    ``suggestions``: ``store.reads.suggestions`` (``suggestion_id, interview_id, omgeving, text``).
    ``themes``: optional membership table with ``suggestion_id, thema_id, thema`` (e.g.
    :func:`kritischeblik.analysis.themes.membership_table`); rows are then grouped by theme, largest first.

    Columns: ``suggestion_id, interview_id, omgeving, tekst`` (+ ``thema_id, thema``).
    """
    cols = ["suggestion_id", "interview_id", "omgeving", "tekst"]
    if not len(suggestions):
        return pd.DataFrame(columns=cols + (["thema_id", "thema"] if themes is not None else []))
    df = suggestions.rename(columns={"text": "tekst"})[cols].copy()
    if themes is None:
        return df.reset_index(drop=True)
    df = df.merge(themes[["suggestion_id", "thema_id", "thema"]], on="suggestion_id", how="left")
    size = df.groupby("thema_id", dropna=False)["suggestion_id"].transform("count")
    df = df.assign(_size=size).sort_values(
        ["_size", "thema_id", "interview_id", "suggestion_id"], ascending=[False, True, True, True]
    )
    return df.drop(columns="_size").reset_index(drop=True)[[*cols, "thema_id", "thema"]]


def principle_coding_counts(
    coded: pd.DataFrame, principles: Sequence[Code] | Sequence[tuple[str, str]]
) -> pd.DataFrame:
    """How often each leidend principe was coded, per section (mooi voorbeeld / vastloopmoment / overig).

    ``coded``: distinct (segment, code) rows of one coding layer
    (:func:`kritischeblik.analysis.matrices.select_codings`), with ``section`` and ``interview_id``.
    Counts are coded segments; ``n_interviews`` is the number of interviews with the principle coded.

    Columns: ``principe_id, principe, mooi voorbeeld, vastloopmoment, overig, totaal, n_interviews``.
    """
    plist = _principle_list(principles)
    rows = []
    for cid, name in plist:
        sub = coded[coded["code_id"] == cid]
        sections = sub["section"].astype(str)
        row: dict[str, Any] = {"principe_id": cid, "principe": name}
        for ex in EXAMPLES:
            row[ex] = int((sections == ex).sum())
        row["overig"] = int((~sections.isin(EXAMPLES)).sum())
        row["totaal"] = len(sub)
        row["n_interviews"] = int(sub["interview_id"].nunique())
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["principe_id", "principe", *EXAMPLES, "overig", "totaal", "n_interviews"]
    )
