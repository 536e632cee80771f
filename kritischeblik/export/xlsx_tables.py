"""The tables behind the workbook's sheets (:mod:`.xlsx`): each a DataFrame built from the read layer, with the
privacy rules of every export applied (withdrawn text never, confidential marked, unpseudonymised masked)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..analysis import matrices as mx
from ..errors import Hint, KBError, Notice
from ..model import BasisLayer, SegmentState, Status
from ..store import reads, reads_bulk
from ..store.codings import CONSENSUS
from ..store.db import Project
from ..store.score_history import score_history
from ..store.segment_states import state_history
from ..wording import plural
from .common import CONFIDENTIAL, UNPSEUDONYMISED
from .frames import ProjectFrames
from .xlsx_sheets import _unique_headers

AUDIT_COLUMNS = [
    "wanneer",
    "wat",
    "interview",
    "fragment",
    "voorbeeld",
    "principe",
    "score van",
    "van",
    "naar",
    "reden",
    "door",
]


def audit_table(session) -> pd.DataFrame:  # noqa: ANN001
    """Member checks and score changes in time order: the accounting behind the counts. Fragment text is
    left out on purpose: the sheet lists withdrawals, and their text may never leave the store."""
    rows = [
        {
            "wanneer": c.at,
            "wat": "member check",
            "interview": c.interview_id,
            "fragment": c.segment_id,
            "van": c.old_state,
            "naar": c.new_state,
            "reden": c.reason,
            "door": c.changed_by,
        }
        for c in state_history(session)
    ]
    rows += [
        {
            "wanneer": c.at,
            "wat": "score",
            "interview": c.interview_id,
            "voorbeeld": c.example,
            "principe": c.code_id,
            "score van": c.coder or "interview",
            "van": "" if c.old_score is None else str(c.old_score),
            "naar": "" if c.new_score is None else str(c.new_score),
            "reden": c.source,
            "door": c.changed_by or "",
        }
        for c in score_history(session)
    ]
    return pd.DataFrame(sorted(rows, key=lambda r: r["wanneer"]), columns=AUDIT_COLUMNS)


def coded_layer(index: pd.DataFrame, coder: str | None) -> pd.DataFrame:
    """The coding layer the matrices count (as ``ProjectFrames.coded``), from the text-free coding index."""
    used = mx.resolve_basis(index, BasisLayer.AUTO, coder)
    out = mx.select_codings(index, used, coder)
    out.attrs["basis"] = used if used != BasisLayer.CODEUR else f"codeur {coder}"
    out.attrs["layer"] = used
    return out


def suggestion_table(
    data: ProjectFrames, hidden: set[str], warnings: list[str | Notice], raw: set[int]
) -> pd.DataFrame:
    from ..analysis import scores as sc

    sug = data.suggestions()
    stored = data.theme_fragments("suggestie")
    if len(stored):
        themes = data.stored_themes("suggestie")
        labels = dict(zip(themes["thema_id"], themes["label"], strict=True))
        members = stored[stored["suggestion_id"].notna()][["suggestion_id", "thema_id"]].astype(
            {"suggestion_id": "int64"}
        )
        df = sc.suggestion_table(sug, members.assign(thema=members["thema_id"].map(labels)))
    else:
        df = sc.suggestion_table(sug)
        if len(sug):
            warnings.append(
                Notice("suggesties zijn nog niet in thema's ingedeeld", Hint.MAKE_SUGGESTION_THEMES)
            )
    if hidden and len(df):
        df.loc[df["interview_id"].isin(hidden), "tekst"] = UNPSEUDONYMISED
    if raw and len(df):
        df.loc[df["suggestion_id"].isin(list(raw)), "tekst"] = UNPSEUDONYMISED
    return df


def memos_per_code(
    project: Project, coded: pd.DataFrame | None, coder: str | None, hidden: set[str]
) -> dict[str, str]:
    """Per code, the memos of the codings the counts rest on: 'interview: memo' lines."""
    if coded is None:
        return {}
    with project.read() as s:
        rows = [
            (r.segment_id, r.code_id, r.interview_id, r.coder, " ".join(str(r.memo).split()))
            for r in reads_bulk.iter_codings(
                s, coder=coder, status=Status.ACCEPTED, with_text=False, memo_only=True
            )
            if r.interview_id not in hidden and r.memo.strip()
        ]
    # Only the coded pairs of the memo'd segments are needed, not a set of every coded pair.
    sids = {r[0] for r in rows}
    near = coded[coded["segment_id"].isin(sids)]
    keys = set(zip(near["segment_id"], near["code_id"].astype(str), strict=True))
    out: dict[str, list[str]] = {}
    for sid, code, iid, who, memo in rows:
        if (sid, code) in keys:
            out.setdefault(code, []).append(f"{iid} ({who}): {memo}")
    return {k: "\n".join(dict.fromkeys(v)) for k, v in out.items()}


def theme_table(data: ProjectFrames, project: Project, hidden: set[str]) -> pd.DataFrame:
    """The stored themes (as the researchers edited them); computing them is 'kb themes', not the export's job."""
    cols = [
        "thema_id",
        "soort",
        "label",
        "omvang",
        "n_interviews",
        "omgevingen",
        "interviews",
        "voorbeeld_1",
        "voorbeeld_2",
        "voorbeeld_3",
        "status",
        "methode",
    ]
    df = data.stored_themes()
    if not len(df):
        return pd.DataFrame(columns=[*cols, "gebaseerd op"])
    df = df[cols].copy()
    bases = {kind: data.theme_basis(kind) for kind in set(df["soort"])}
    df["gebaseerd op"] = [b.text() if (b := bases[k]) is not None else "" for k in df["soort"]]
    examples = ("voorbeeld_1", "voorbeeld_2", "voorbeeld_3")
    with project.read() as s:
        found = reads_bulk.segments_with_text(s, {t for c in examples for t in df[c].fillna("")})
    confidential = {t for t, _iid, state in found if state == CONFIDENTIAL}
    hidden_texts = {t for t, iid, _state in found if iid in hidden}
    for c in examples:
        df[c] = [
            UNPSEUDONYMISED if t in hidden_texts else (f"[vertrouwelijk] {t}" if t in confidential else t)
            for t in df[c].fillna("")
        ]
    return df


def session_table(session) -> pd.DataFrame:  # noqa: ANN001
    cols = [
        "sessie_id",
        "sessie",
        "datum",
        "vraag",
        "fase",
        "deelnemers",
        "thema",
        "soort",
        "auteur",
        "prompt",
        "tekst",
        "fragmenten",
        "tijdstip",
    ]
    try:
        from ..store import sessions as st
    except ImportError:
        return pd.DataFrame(columns=cols)
    rows = []
    for info in st.list_sessions(session):
        view = st.load_session(session, info["id"])
        labels = {t.id: t.label for t in view.themes}
        for d in view.duidingen:
            frags = [view.fragments[i] for i in d.segment_ids if i in view.fragments]
            visible = [
                f"{f.interview_id}#{f.segment_id}" + (" (vertrouwelijk)" if f.state == CONFIDENTIAL else "")
                for f in frags
                if f.state != SegmentState.INGETROKKEN
            ]
            rows.append(
                {
                    "sessie_id": view.id,
                    "sessie": view.title,
                    "datum": view.datum,
                    "vraag": view.question_text,
                    "fase": view.phase,
                    "deelnemers": ", ".join(view.participants),
                    "thema": labels.get(d.theme_id, "") if d.theme_id is not None else "",
                    "soort": d.kind,
                    "auteur": d.author,
                    "prompt": d.prompt,
                    "tekst": d.text,
                    "fragmenten": ", ".join(visible),
                    "tijdstip": d.created_at,
                }
            )
        if not view.duidingen:
            rows.append(
                {
                    "sessie_id": view.id,
                    "sessie": view.title,
                    "datum": view.datum,
                    "vraag": view.question_text,
                    "fase": view.phase,
                    "deelnemers": ", ".join(view.participants),
                }
            )
    return pd.DataFrame(rows, columns=cols)


@dataclass
class AgreementInput:
    """The agreement the workbook shows, computed by the caller (``kritischeblik.services.agreement``): per
    code, and on the coders' own scores; an error stands for why that table could not be made."""

    codes: pd.DataFrame | KBError
    scores: tuple[Any, list[dict]] | KBError


def agreement_table(result: pd.DataFrame | KBError | None) -> pd.DataFrame | None:
    """The agreement per code as computed by the caller, with a note on what was compared; an error becomes
    its message; None (not computed) stays None."""
    if result is None:
        return None
    if isinstance(result, KBError):
        return pd.DataFrame([{"opmerking": str(result)}])
    meta = result.attrs
    note = f"codeurs: {', '.join(meta.get('codeurs', []))}; eenheid: {meta.get('eenheid', '')}; interviews: {len(meta.get('interviews', []))}"
    df = result.copy()
    df["toelichting"] = [note] + [""] * (len(df) - 1)
    return df


def coder_score_table(session, coder: str | None) -> pd.DataFrame:  # noqa: ANN001
    """One row per (interview, voorbeeld, principe) that a coder scored: a column per coder next to the score
    the respondent gave (form or transcript)."""
    long = reads.coder_scores(session, coder)
    names = sorted(set(long["coder"]) - {CONSENSUS}) + (
        [CONSENSUS] if (long["coder"] == CONSENSUS).any() else []
    )
    cols = ["interview", "omgeving", "voorbeeld", "principe_id", "principe", *names, "score respondent"]
    if not len(long):
        return pd.DataFrame(columns=cols)
    own = {
        (r.interview_id, r.example, r.code_id): int(r.score)
        for r in reads.scores(session).itertuples(index=False)
    }
    units: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in long.itertuples(index=False):
        unit = units.setdefault(
            (r.interview_id, r.example, r.code_id),
            {
                "interview": r.interview_id,
                "omgeving": r.omgeving,
                "voorbeeld": r.example,
                "principe_id": r.code_id,
                "principe": r.principle,
                "score respondent": own.get((r.interview_id, r.example, r.code_id)),
            },
        )
        unit[r.coder] = int(r.score)
    return pd.DataFrame(
        [[u.get(c) for c in cols] for u in units.values()], columns=_unique_headers(cols), dtype=object
    )


def score_agreement_table(result: tuple[Any, list[dict]] | KBError | None) -> tuple[str, pd.DataFrame]:
    """Agreement between the coders' scores per principle (``kb agreement scores``), as computed by the caller:
    a title and the table (an error or None becomes a note)."""
    title = (
        "Overeenstemming op de scores van codeurs per principe (eenheid: interview × voorbeeld × principe)"
    )
    if result is None or isinstance(result, KBError):
        return title, pd.DataFrame([{"opmerking": str(result) if result is not None else "niet berekend"}])
    data, rows = result
    title += f"; codeurs: {', '.join(data.coders)}; {plural(len(data.units), 'eenheid', 'eenheden')} gescoord"
    return title, pd.DataFrame(rows, columns=list(rows[0]), dtype=object)


def codebook_table(books) -> pd.DataFrame:  # noqa: ANN001
    rows = [
        {
            "codeboek": b.name,
            "versie": b.version,
            "code_id": c.id,
            "code": c.name,
            "soort": b.kinds.get(c.kind) or c.kind,
            "definitie": " ".join(c.definition.split()),
            "wanneer wel": " ".join(c.when_to_use.split()),
            "wanneer niet": " ".join(c.when_not_to_use.split()),
            "voorbeelden": "\n".join(c.examples),
            "aliassen": ", ".join(c.aliases),
            "trefwoorden": ", ".join(c.keywords),
            "bovenliggende code": c.parent or "",
            "kleur": c.color or "",
        }
        for b in books
        for c in b.codes
    ]
    return pd.DataFrame(rows)
