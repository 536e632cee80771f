"""Code matrices: code × omgeving / respondent role / interview / any attribute, and code co-occurrence.

Pure functions on the DataFrames of :mod:`kritischeblik.store.reads`. A "coded segment" is a distinct
(segment, code) pair in the chosen coding layer (:func:`select_codings`), so two coders marking the same
sentence count once when their layers are pooled.

Counts are numbers of coded segments; shares are shares of interviews (interviews in the group in which
the code occurs at least once, divided by all interviews in the group, including interviews without any
coding — pass ``store.reads.interviews`` for the denominator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import pandas as pd

from ..errors import Hint, KBError
from ..model import AUTO, BASES, CONSENSUS, BasisLayer, Status

__all__ = [
    "BASES",
    "BY_COLUMNS",
    "code_matrix",
    "cooccurrence",
    "resolve_basis",
    "select_codings",
]

# Coding layers (BASES): a named coder's accepted codings, the consensus layer, every human coder's accepted
# codings pooled, or the machine suggestions; ``auto`` picks the first that applies (see resolve_basis).
BY_COLUMNS = {"omgeving": "omgeving", "rol": "respondent_rol", "interview": "interview_id"}


def resolve_basis(
    codings: pd.DataFrame,
    basis: str = BasisLayer.AUTO,
    coder: str | None = None,
    code_ids: Sequence[str] | None = None,
) -> str:
    """Turn ``basis="auto"`` into a concrete layer and check the others.

    ``auto``: ``codeur`` when a coder is named; else ``consensus`` when the consensus layer has accepted
    codings (of ``code_ids``, if given); else ``codeurs`` when any human coder has; else ``suggesties`` —
    nobody has coded yet, so the machine suggestions are used. ``codings`` must include the ``auto`` layer
    (``store.reads.codings(s, include_auto=True)``) for the last case.
    """
    if basis not in BASES:
        raise KBError(f"Onbekende basis '{basis}'; kies uit {', '.join(BASES)}")
    df = codings if code_ids is None else codings[codings["code_id"].isin(list(code_ids))]
    if coder is not None and basis in (BasisLayer.AUTO, BasisLayer.CODEUR):
        known = set(codings["coder"])
        if coder not in known:
            humans = sorted(c for c in known if c != AUTO)
            hint = (
                f" Codeurs met coderingen: {', '.join(humans)}." if humans else " Er is nog niets gecodeerd."
            )
            raise KBError(f"Codeur '{coder}' heeft geen coderingen in dit project.{hint}")
        return BasisLayer.CODEUR
    if basis == BasisLayer.CODEUR:
        raise KBError("Basis 'codeur' vraagt om een codeur.", hint=Hint.NAME_CODER)
    if basis != BasisLayer.AUTO:
        return basis
    accepted = df[df["status"] == str(Status.ACCEPTED)]
    if (accepted["coder"] == CONSENSUS).any():
        return BasisLayer.CONSENSUS
    if (accepted["coder"] != AUTO).any():
        return BasisLayer.CODEURS
    return BasisLayer.SUGGESTIES


def select_codings(codings: pd.DataFrame, basis: str, coder: str | None = None) -> pd.DataFrame:
    """Distinct (segment, code) rows of one coding layer (``basis`` already resolved, not ``auto``)."""
    if basis == BasisLayer.CODEUR:
        if coder is None:
            raise KBError("Basis 'codeur' vraagt om een codeur.", hint=Hint.NAME_CODER)
        mask = (codings["coder"] == coder) & (codings["status"] == str(Status.ACCEPTED))
    elif basis == BasisLayer.CONSENSUS:
        mask = (codings["coder"] == CONSENSUS) & (codings["status"] == str(Status.ACCEPTED))
    elif basis == BasisLayer.CODEURS:
        mask = (codings["coder"] != AUTO) & (codings["status"] == str(Status.ACCEPTED))
    elif basis == BasisLayer.SUGGESTIES:
        mask = (codings["coder"] == AUTO) & (codings["status"] == str(Status.SUGGESTED))
    else:
        raise KBError(f"Onbekende basis '{basis}'; kies uit {', '.join(BASES[1:])}")
    return codings[mask].drop_duplicates(["segment_id", "code_id"]).reset_index(drop=True)


def _code_rows(coded: pd.DataFrame, codes: pd.DataFrame | None, drop_empty: bool) -> list[tuple[str, str]]:
    present = set(coded["code_id"])
    if codes is not None:
        rows = [(str(c), str(n)) for c, n in codes[["code_id", "name"]].itertuples(index=False)]
        known = {c for c, _ in rows}
        if drop_empty:
            rows = [r for r in rows if r[0] in present]
        return rows + [(c, c) for c in sorted(present - known)]
    names = dict(zip(coded["code_id"], coded.get("code_name", coded["code_id"]), strict=True))
    return sorted(names.items())


def group_labels(interviews: pd.DataFrame, col: str) -> pd.Series:
    """interview id -> its group in ``col``; interviews without a value form the group ``(geen)``."""
    return interviews.set_index(interviews["interview_id"].astype(str))[col].map(
        lambda g: "(geen)" if pd.isna(g) or str(g) == "" else str(g)
    )


def code_matrix(
    coded: pd.DataFrame,
    interviews: pd.DataFrame,
    by: str = "omgeving",
    share: bool = False,
    codes: pd.DataFrame | None = None,
    drop_empty: bool = True,
) -> pd.DataFrame:
    """Code × group matrix; ``by`` is ``omgeving``, ``rol``, ``interview`` or any interview column
    (e.g. ``attr_gemeente``).

    ``coded``: output of :func:`select_codings` (needs ``segment_id, interview_id, code_id``).
    ``interviews``: ``store.reads.interviews`` — gives the groups and the share denominators.
    ``codes``: ``store.reads.codes`` for row order and names (codebook order); rows for codes that never
    occur are dropped unless ``drop_empty=False``.

    Counts: coded segments per group, plus ``totaal``. Shares: interviews in the group with the code /
    interviews in the group, plus ``alle`` over all interviews. Columns: ``code_id, code, <groups...>,
    totaal|alle``; groups sorted (interview ids in id order).
    """
    col = BY_COLUMNS.get(by, by)
    if col not in interviews.columns:
        raise KBError(f"Onbekende indeling '{by}'; kies omgeving, rol, interview of een attr_-kolom")
    group_of = group_labels(interviews, col).to_dict()
    groups = sorted(set(group_of.values()))
    per_group_n = defaultdict(int)
    for g in group_of.values():
        per_group_n[g] += 1
    rows_spec = _code_rows(coded, codes, drop_empty)
    data = coded[coded["interview_id"].astype(str).isin(group_of)]
    data = data.assign(_group=data["interview_id"].astype(str).map(group_of))
    rows = []
    for code_id, name in rows_spec:
        sub = data[data["code_id"] == code_id]
        row: dict = {"code_id": code_id, "code": name}
        if share:
            for g in groups:
                n = per_group_n[g]
                row[g] = sub.loc[sub["_group"] == g, "interview_id"].nunique() / n if n else float("nan")
            row["alle"] = sub["interview_id"].nunique() / len(group_of) if group_of else float("nan")
        else:
            counts = sub.groupby("_group")["segment_id"].nunique()
            for g in groups:
                row[g] = int(counts.get(g, 0))
            row["totaal"] = int(sub["segment_id"].nunique())
        rows.append(row)
    return pd.DataFrame(rows, columns=["code_id", "code", *groups, "alle" if share else "totaal"])


def cooccurrence(
    coded: pd.DataFrame,
    window: int = 0,
    share: bool = False,
    interviews: pd.DataFrame | None = None,
    codes: pd.DataFrame | None = None,
    drop_empty: bool = True,
) -> pd.DataFrame:
    """Code × code co-occurrence.

    ``coded`` needs ``segment_id, interview_id, segment_idx, code_id`` (:func:`select_codings`).

    ``window=0``: cell (a, b) = number of segments carrying both a and b. ``window=N``: number of distinct
    segment pairs {s, t} in the same interview, at most N segments apart (s = t allowed), where one carries
    a and the other b. The diagonal is always the number of segments with the code. The matrix is
    symmetric.

    ``share=True``: share of interviews in which a and b co-occur in that sense (diagonal: share of
    interviews with the code); the denominator is the number of rows in ``interviews`` (default: the
    interviews present in ``coded``).

    Columns: ``code_id, code, <code ids...>``.
    """
    if window < 0:
        raise KBError(f"Het venster moet 0 of groter zijn, niet {window}")
    rows_spec = _code_rows(coded, codes, drop_empty)
    ids = [c for c, _ in rows_spec]
    pos = {c: i for i, c in enumerate(ids)}
    counts = defaultdict(int)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    seg_codes: dict[str, dict[int, tuple[int, set[str]]]] = defaultdict(dict)
    for sid, iid, idx, cid in coded[["segment_id", "interview_id", "segment_idx", "code_id"]].itertuples(
        index=False
    ):
        if cid not in pos:
            continue
        entry = seg_codes[str(iid)].setdefault(int(sid), (int(idx), set()))
        entry[1].add(cid)

    def hit(a: str, b: str, iid: str) -> None:
        key = (a, b) if pos[a] <= pos[b] else (b, a)
        counts[key] += 1
        where[key].add(iid)

    for iid, segs in seg_codes.items():
        ordered = sorted(segs.values(), key=lambda e: e[0])
        for i, (idx_i, codes_i) in enumerate(ordered):
            for a in codes_i:
                hit(a, a, iid)
            for a, b in combinations(sorted(codes_i, key=pos.get), 2):
                hit(a, b, iid)
            if not window:
                continue
            for idx_j, codes_j in ordered[i + 1 :]:
                if idx_j - idx_i > window:
                    break
                pairs = {tuple(sorted((a, b), key=pos.get)) for a in codes_i for b in codes_j if a != b}
                for a, b in pairs:
                    hit(a, b, iid)
    total = (len(interviews) if interviews is not None else len(seg_codes)) if share else 0
    out = []
    for a, name in rows_spec:
        row: dict = {"code_id": a, "code": name}
        for b in ids:
            key = (a, b) if pos[a] <= pos[b] else (b, a)
            row[b] = (len(where[key]) / total if total else float("nan")) if share else counts[key]
        out.append(row)
    return pd.DataFrame(out, columns=["code_id", "code", *ids])
