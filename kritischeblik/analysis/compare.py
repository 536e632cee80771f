"""Sites, waves or settings side by side: one column per group (gemeente, golf, omgeving, ...), one row
per figure — the "two factsheets next to each other" of the Kenniskring studies.

Pure: the DataFrames of :mod:`kritischeblik.store.reads` in, one table out. Figures per group:
number of interviews; mean principle score per example (overall and per principle); the share of the
group's interviews in which each werkend and belemmerend element was coded (same rule as
:func:`.matrices.code_matrix` with ``share=True``); how often each principle was chosen to work on; the
number of new-principle suggestions. Counts always come with the group size, so small groups show as such.
"""

from __future__ import annotations

import pandas as pd

from ..errors import KBError
from .matrices import BY_COLUMNS, code_matrix, group_labels

ALL = "alle"
ELEMENT_KINDS = {"werkend_element": "Werkende elementen", "belemmerend_element": "Belemmerende elementen"}
COLUMNS = ["onderdeel", "kenmerk", "eenheid"]


def group_column(interviews: pd.DataFrame, by: str) -> str:
    """The interview column for ``by``: omgeving, rol, interview, an ``attr_`` column, or a bare attribute
    name (``gemeente`` for ``attr_gemeente``)."""
    col = BY_COLUMNS.get(by, by)
    if col in interviews.columns:
        return col
    if f"attr_{by}" in interviews.columns:
        return f"attr_{by}"
    attrs = sorted(c[5:] for c in interviews.columns if c.startswith("attr_"))
    raise KBError(
        f"Onbekende indeling '{by}'; kies omgeving, rol of een kenmerk uit de front matter: "
        f"{', '.join(attrs) or '(geen)'}"
    )


def select_interviews(
    interviews: pd.DataFrame, where: dict[str, list[str]], strict: bool = False
) -> pd.DataFrame:
    """The interviews whose ``key`` has one of the listed values, for every key (see :func:`group_column`).
    ``strict``: a value no interview has is an error naming the values that exist (a typo, most likely)."""
    keep = pd.Series(True, index=interviews.index)
    for key, values in where.items():
        col = group_column(interviews, key)
        have = interviews[col].map(lambda v: "" if pd.isna(v) else str(v))
        missing = [v for v in values if str(v) not in set(have)]
        if strict and missing:
            known = ", ".join(sorted(set(have) - {""})) or "(geen)"
            raise KBError(f"Geen interviews met {key} = {', '.join(map(str, missing))}; wel: {known}")
        keep &= have.isin([str(v) for v in values])
    return interviews[keep]


def _add_scores(add, scores: pd.DataFrame, group_of: pd.Series, present: list[str], principles) -> None:  # noqa: ANN001
    """Mean scores per example, over all principles and per principle, per group and overall."""
    sc = scores.assign(_g=scores["interview_id"].astype(str).map(group_of)) if len(scores) else scores
    for example in ("mooi voorbeeld", "vastloopmoment"):
        sub = sc[sc["example"] == example] if len(sc) else sc
        mean = sub.groupby("_g")["score"].mean() if len(sub) else pd.Series(dtype=float)
        add(
            "Scores",
            f"{example}: alle principes",
            "gemiddelde",
            {g: _num(mean.get(g)) for g in present},
            _num(sub["score"].mean() if len(sub) else None),
        )
        for code_id, name in principles:
            p = sub[sub["code_id"] == code_id] if len(sub) else sub
            pm = p.groupby("_g")["score"].mean() if len(p) else pd.Series(dtype=float)
            add(
                "Scores",
                f"{example}: {name}",
                "gemiddelde",
                {g: _num(pm.get(g)) for g in present},
                _num(p["score"].mean() if len(p) else None),
            )


def compare_groups(
    interviews: pd.DataFrame,
    coded: pd.DataFrame,
    scores: pd.DataFrame,
    choices: pd.DataFrame,
    suggestions: pd.DataFrame,
    codes: pd.DataFrame,
    principles: list[tuple[str, str]],
    by: str,
    groups: list[str] | None = None,
) -> pd.DataFrame:
    """The side-by-side table. ``principles``: (code_id, name) in codebook order; ``groups``: which
    groups to show, in that order (default: all, sorted); ``alle`` always covers every interview."""
    col = group_column(interviews, by)
    group_of = group_labels(interviews, col)
    present = sorted(set(group_of))
    if groups:
        unknown = [g for g in groups if g not in present]
        if unknown:
            raise KBError(f"Geen interviews met {by} = {', '.join(unknown)}; wel: {', '.join(present)}")
        present = list(groups)
    rows: list[dict] = []

    def add(part: str, label: str, unit: str, per_group: dict[str, float], overall: float) -> None:
        rows.append(
            {
                "onderdeel": part,
                "kenmerk": label,
                "eenheid": unit,
                **{g: per_group.get(g, 0) for g in present},
                ALL: overall,
            }
        )

    size = group_of.value_counts()
    add("Gesprekken", "interviews", "aantal", {g: int(size.get(g, 0)) for g in present}, int(len(group_of)))

    _add_scores(add, scores, group_of, present, principles)

    shares = code_matrix(coded, interviews, by=col, share=True, codes=codes, drop_empty=False)
    kind_of = dict(zip(codes["code_id"], codes["kind"], strict=False))
    for kind, part in ELEMENT_KINDS.items():
        for r in shares[shares["code_id"].map(kind_of) == kind].to_dict(orient="records"):
            add(part, r["code"], "aandeel interviews", {g: r.get(g, 0.0) for g in present}, r[ALL])

    ch = choices.assign(_g=choices["interview_id"].astype(str).map(group_of)) if len(choices) else choices
    for code_id, name in principles:
        c = ch[ch["code_id"] == code_id] if len(ch) else ch
        counts = c.groupby("_g")["interview_id"].nunique() if len(c) else pd.Series(dtype=int)
        add(
            "Keuze principe",
            name,
            "aantal keer gekozen",
            {g: int(counts.get(g, 0)) for g in present},
            int(c["interview_id"].nunique()) if len(c) else 0,
        )

    sg = suggestions["interview_id"].astype(str).map(group_of).value_counts() if len(suggestions) else {}
    add(
        "Nieuwe principes",
        "voorstellen",
        "aantal",
        {g: int(sg.get(g, 0)) for g in present},
        int(len(suggestions)),
    )
    return pd.DataFrame(rows, columns=[*COLUMNS, *present, ALL])


def _num(v: object) -> float:
    return float("nan") if v is None or pd.isna(v) else float(v)
