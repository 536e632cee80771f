"""Read layer: the project's data as pandas DataFrames, for analysis, the TUI, exports and notebooks.

Every function takes an open session (``with project.read() as s:``) and returns a fresh DataFrame with a
fixed set of columns, also when there are no rows, so callers can rely on the columns being there.

Withdrawn fragments (segment state ``ingetrokken`` after a member check) are left out by default
everywhere: pass ``include_withdrawn=True`` only for integrity work, never for anything that is exported.

For large projects, :mod:`.reads_bulk` streams the same rows in batches or reads them without the text.

Column conventions
- ids: ``interview_id``, ``segment_id``, ``code_id``, ``coding_id``, ``suggestion_id``
- interview metadata repeated on every row: ``omgeving``, ``respondent_rol``, ``organisatie``, ``datum``,
  ``duo`` (the researchers' pseudonyms joined with ", "), and every extra front-matter key as
  ``attr_<key>`` (values kept as they were; lists joined with ", ").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import AUTO, SegmentState
from .schema import (
    CodebookRow,
    Coder,
    CodeRow,
    Coding,
    Interview,
    PrincipleChoice,
    PrincipleScore,
    PrincipleSuggestion,
    Segment,
)
from .segments import SEGMENT_SELECT

__all__ = [
    "CODE_COLUMNS",
    "CODING_COLUMNS",
    "INTERVIEW_COLUMNS",
    "SEGMENT_COLUMNS",
    "choices",
    "coder_scores",
    "codes",
    "codings",
    "interviews",
    "scores",
    "segments",
    "suggestions",
    "with_interviews",
]

INTERVIEW_COLUMNS = ["interview_id", "omgeving", "respondent_rol", "organisatie", "datum", "duo"]
"""Interview metadata columns present in every frame that has an ``interview_id`` (plus ``attr_*``)."""

SEGMENT_COLUMNS = [
    "segment_id",
    "interview_id",
    "idx",
    "section",
    "speaker",
    "role",
    "char_start",
    "char_end",
    "text",
    "lemmas",
    "state",
]
CODING_COLUMNS = [
    "coding_id",
    "segment_id",
    "interview_id",
    "segment_idx",
    "section",
    "code_id",
    "code_name",
    "code_kind",
    "codebook_id",
    "coder",
    "status",
    "source",
    "confidence",
    "evidence",
    "memo",
    "created_at",
    "updated_at",
    "revision",
]
CODE_COLUMNS = ["code_id", "name", "kind", "codebook_id", "primary_codebook", "parent_id", "sort_order"]


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return value


def interviews(session: Session, interview_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per interview: ``INTERVIEW_COLUMNS`` + ``attr_<key>`` columns, sorted by id.

    This is also the denominator for "share of interviews" figures: interviews without any coding or score
    are rows here too.
    """
    q = select(Interview).order_by(Interview.id)
    if interview_ids is not None:
        q = q.where(Interview.id.in_(list(interview_ids)))
    rows = []
    attr_keys: list[str] = []
    for iv in session.scalars(q):
        attrs = dict(iv.attributes or {})
        for k in attrs:
            if k not in attr_keys:
                attr_keys.append(k)
        rows.append(
            {
                "interview_id": iv.id,
                "omgeving": iv.omgeving,
                "respondent_rol": iv.respondent_rol,
                "organisatie": iv.organisatie,
                "datum": iv.datum,
                "duo": _flat(list(iv.duo or [])),
                **{f"attr_{k}": _flat(v) for k, v in attrs.items()},
            }
        )
    cols = INTERVIEW_COLUMNS + [f"attr_{k}" for k in attr_keys]
    return pd.DataFrame(rows, columns=cols)


def with_interviews(session: Session, df: pd.DataFrame) -> pd.DataFrame:
    """Attach interview metadata (left join on ``interview_id``), metadata columns right after the id."""
    meta = interviews(session, sorted(set(df["interview_id"])) if len(df) else [])
    if not len(df):
        extra = [c for c in meta.columns if c != "interview_id"]
        out = df.copy()
        for c in extra:
            out[c] = pd.Series(dtype=object)
    else:
        out = df.merge(meta, on="interview_id", how="left", sort=False)
    first = [c for c in df.columns if c != "interview_id"]
    meta_cols = [c for c in meta.columns if c != "interview_id"]
    return out[["interview_id", *meta_cols, *first]] if "interview_id" in df.columns else out


def segments(
    session: Session,
    interview_ids: Iterable[str] | None = None,
    include_withdrawn: bool = False,
    coded_with: Sequence[str] | None = None,
) -> pd.DataFrame:
    """All segments in interview order, with interview metadata; with ``coded_with`` only the segments that
    carry one of those codes in some layer (what themes of a kind need, not the whole project).

    Columns: ``interview_id``, metadata (``omgeving``, ``respondent_rol``, ..., ``attr_*``), ``segment_id``,
    ``idx`` (position in the interview), ``section`` (mooi voorbeeld / vastloopmoment / ...), ``speaker``,
    ``role``, ``char_start``, ``char_end``, ``text``, ``lemmas`` (space-separated), ``state``.
    """
    q = select(*SEGMENT_SELECT).order_by(Segment.interview_id, Segment.idx)
    if interview_ids is not None:
        q = q.where(Segment.interview_id.in_(list(interview_ids)))
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    if coded_with is not None:
        q = q.where(Segment.id.in_(select(Coding.segment_id).where(Coding.code_id.in_(list(coded_with)))))
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=SEGMENT_COLUMNS)
    return with_interviews(session, df)


# The selected columns of a coding row (named by CODING_COLUMNS), shared with reads_bulk's batched reads.
CODING_SELECT = (
    Coding.id,
    Coding.segment_id,
    Segment.interview_id,
    Segment.idx,
    Segment.section,
    Coding.code_id,
    CodeRow.name,
    CodeRow.kind,
    CodeRow.codebook_id,
    Coder.name,
    Coding.status,
    Coding.source,
    Coding.confidence,
    Coding.evidence,
    Coding.memo,
    Coding.created_at,
    Coding.updated_at,
    Coding.revision,
)


def codings(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    status: str | Sequence[str] | None = None,
    include_withdrawn: bool = False,
    with_metadata: bool = True,
    code_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Codings joined with their code (name, kind, codebook) and coder name; with ``code_ids`` only those
    codes'.

    ``coder``: one name or a list; ``None`` means every human layer (including ``consensus``).
    ``include_auto``: also return the machine-suggestion layer ``auto`` (when ``coder`` is None; naming
    ``"auto"`` in ``coder`` always returns it). ``status``: e.g. ``"accepted"`` or
    ``["accepted", "suggested"]``. Codings on withdrawn segments are left out unless ``include_withdrawn``.
    With ``with_metadata`` the interview metadata columns are attached.
    """
    q = (
        select(*CODING_SELECT)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name)
    )
    if coder is not None:
        names = [coder] if isinstance(coder, str) else list(coder)
        q = q.where(Coder.name.in_(names))
    elif not include_auto:
        q = q.where(Coder.name != AUTO)
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        q = q.where(Coding.status.in_(statuses))
    if code_ids is not None:
        q = q.where(Coding.code_id.in_(list(code_ids)))
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=CODING_COLUMNS)
    df["confidence"] = df["confidence"].astype(float)
    return with_interviews(session, df) if with_metadata else df


def codes(session: Session) -> pd.DataFrame:
    """Every code of every loaded codebook, primary codebook first, in codebook order."""
    q = (
        select(
            CodeRow.id,
            CodeRow.name,
            CodeRow.kind,
            CodeRow.codebook_id,
            CodebookRow.is_primary,
            CodeRow.parent_id,
            CodeRow.sort_order,
        )
        .join(CodebookRow, CodebookRow.id == CodeRow.codebook_id)
        .order_by(CodebookRow.is_primary.desc(), CodebookRow.id, CodeRow.sort_order)
    )
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=CODE_COLUMNS)
    df["primary_codebook"] = df["primary_codebook"].astype(bool)
    return df


def scores(session: Session) -> pd.DataFrame:
    """Principle scores, one row per interview × example × principle.

    Columns: ``interview_id``, metadata, ``example`` (mooi voorbeeld / vastloopmoment), ``code_id``,
    ``principle`` (code name), ``score`` (int), ``source`` (transcript / formulier).
    """
    q = (
        select(
            PrincipleScore.interview_id,
            PrincipleScore.example,
            PrincipleScore.code_id,
            CodeRow.name,
            PrincipleScore.score,
            PrincipleScore.source,
        )
        .join(CodeRow, CodeRow.id == PrincipleScore.code_id)
        .order_by(PrincipleScore.interview_id, PrincipleScore.example, CodeRow.sort_order)
    )
    df = pd.DataFrame(
        [tuple(r) for r in session.execute(q)],
        columns=["interview_id", "example", "code_id", "principle", "score", "source"],
    )
    df["score"] = df["score"].astype(int)
    return with_interviews(session, df)


def choices(session: Session) -> pd.DataFrame:
    """ "Met welk principe ga je aan de slag?": one row per interview × chosen principle.

    Columns: ``interview_id``, metadata, ``code_id``, ``principle``, ``source``.
    """
    q = (
        select(PrincipleChoice.interview_id, PrincipleChoice.code_id, CodeRow.name, PrincipleChoice.source)
        .join(CodeRow, CodeRow.id == PrincipleChoice.code_id)
        .order_by(PrincipleChoice.interview_id, CodeRow.sort_order)
    )
    df = pd.DataFrame(
        [tuple(r) for r in session.execute(q)], columns=["interview_id", "code_id", "principle", "source"]
    )
    return with_interviews(session, df)


def suggestions(session: Session) -> pd.DataFrame:
    """Suggestions for a new leidend principe (pseudonymised free text), one row per suggestion.

    Columns: ``interview_id``, metadata, ``suggestion_id``, ``idx``, ``text``, ``source``.
    """
    q = select(
        PrincipleSuggestion.interview_id,
        PrincipleSuggestion.id,
        PrincipleSuggestion.idx,
        PrincipleSuggestion.text,
        PrincipleSuggestion.source,
    ).order_by(PrincipleSuggestion.interview_id, PrincipleSuggestion.idx)
    df = pd.DataFrame(
        [tuple(r) for r in session.execute(q)],
        columns=["interview_id", "suggestion_id", "idx", "text", "source"],
    )
    return with_interviews(session, df)


def coder_scores(session: Session, coder: str | None = None) -> pd.DataFrame:
    """Coders' own principle scores (``coder_scores``), one row per interview × example × principle × coder.

    Columns: ``interview_id``, metadata, ``example``, ``code_id``, ``principle`` (code name), ``coder``,
    ``score`` (int), ``updated_at``; in interview, example, codebook and coder order. ``coder``: one coder only.
    """
    from .coder_scores import coder_scores as rows_of

    rows = rows_of(session, [coder] if coder is not None else None)
    df = pd.DataFrame(
        [
            (
                r["interview"],
                r["voorbeeld"],
                r["principe"],
                r["naam"],
                r["codeur"],
                r["score"],
                r["bijgewerkt"],
            )
            for r in rows
        ],
        columns=["interview_id", "example", "code_id", "principle", "coder", "score", "updated_at"],
    )
    df["score"] = df["score"].astype(int)
    return with_interviews(session, df)
