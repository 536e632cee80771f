"""Read layer: the project's data as pandas DataFrames, for analysis, the TUI, exports and notebooks.

Every function takes an open session (``with project.read() as s:``) and returns a fresh DataFrame with a
fixed set of columns, also when there are no rows, so callers can rely on the columns being there.

Withdrawn fragments (segment state ``ingetrokken`` after a member check) are left out by default
everywhere: pass ``include_withdrawn=True`` only for integrity work, never for anything that is exported.

Column conventions
- ids: ``interview_id``, ``segment_id``, ``code_id``, ``coding_id``, ``suggestion_id``
- interview metadata repeated on every row: ``omgeving``, ``respondent_rol``, ``organisatie``, ``datum``,
  ``duo`` (the researchers' pseudonyms joined with ", "), and every extra front-matter key as
  ``attr_<key>`` (values kept as they were; lists joined with ", ").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import func, literal, select
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

__all__ = [
    "INTERVIEW_COLUMNS",
    "choices",
    "coder_scores",
    "codes",
    "coding_batches",
    "coding_index",
    "codings",
    "interviews",
    "iter_codings",
    "segment_batches",
    "segment_counts",
    "segment_state_counts",
    "segments_with_text",
    "scores",
    "segments",
    "suggestions",
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


def _with_interviews(session: Session, df: pd.DataFrame) -> pd.DataFrame:
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
) -> pd.DataFrame:
    """All segments in interview order, with interview metadata.

    Columns: ``interview_id``, metadata (``omgeving``, ``respondent_rol``, ..., ``attr_*``), ``segment_id``,
    ``idx`` (position in the interview), ``section`` (mooi voorbeeld / vastloopmoment / ...), ``speaker``,
    ``role``, ``char_start``, ``char_end``, ``text``, ``lemmas`` (space-separated), ``state``.
    """
    q = select(
        Segment.id, Segment.interview_id, Segment.idx, Segment.section, Segment.speaker, Segment.role,
        Segment.char_start, Segment.char_end, Segment.text, Segment.lemmas, Segment.state,
    ).order_by(Segment.interview_id, Segment.idx)  # fmt: skip
    if interview_ids is not None:
        q = q.where(Segment.interview_id.in_(list(interview_ids)))
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=SEGMENT_COLUMNS)
    return _with_interviews(session, df)


def codings(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    status: str | Sequence[str] | None = None,
    include_withdrawn: bool = False,
    with_metadata: bool = True,
) -> pd.DataFrame:
    """Codings joined with their code (name, kind, codebook) and coder name.

    ``coder``: one name or a list; ``None`` means every human layer (including ``consensus``).
    ``include_auto``: also return the machine-suggestion layer ``auto`` (when ``coder`` is None; naming
    ``"auto"`` in ``coder`` always returns it). ``status``: e.g. ``"accepted"`` or
    ``["accepted", "suggested"]``. Codings on withdrawn segments are left out unless ``include_withdrawn``.
    With ``with_metadata`` the interview metadata columns are attached.
    """
    q = (
        select(
            Coding.id, Coding.segment_id, Segment.interview_id, Segment.idx, Segment.section, Coding.code_id,
            CodeRow.name, CodeRow.kind, CodeRow.codebook_id, Coder.name, Coding.status, Coding.source,
            Coding.confidence, Coding.evidence, Coding.memo, Coding.created_at, Coding.updated_at,
            Coding.revision,
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name)
    )  # fmt: skip
    if coder is not None:
        names = [coder] if isinstance(coder, str) else list(coder)
        q = q.where(Coder.name.in_(names))
    elif not include_auto:
        q = q.where(Coder.name != AUTO)
    if status is not None:
        statuses = [status] if isinstance(status, str) else list(status)
        q = q.where(Coding.status.in_(statuses))
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=CODING_COLUMNS)
    df["confidence"] = df["confidence"].astype(float)
    return _with_interviews(session, df) if with_metadata else df


def codes(session: Session) -> pd.DataFrame:
    """Every code of every loaded codebook, primary codebook first, in codebook order."""
    q = (
        select(CodeRow.id, CodeRow.name, CodeRow.kind, CodeRow.codebook_id, CodebookRow.is_primary,
               CodeRow.parent_id, CodeRow.sort_order)
        .join(CodebookRow, CodebookRow.id == CodeRow.codebook_id)
        .order_by(CodebookRow.is_primary.desc(), CodebookRow.id, CodeRow.sort_order)
    )  # fmt: skip
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=CODE_COLUMNS)
    df["primary_codebook"] = df["primary_codebook"].astype(bool)
    return df


def scores(session: Session) -> pd.DataFrame:
    """Principle scores, one row per interview × example × principle.

    Columns: ``interview_id``, metadata, ``example`` (mooi voorbeeld / vastloopmoment), ``code_id``,
    ``principle`` (code name), ``score`` (int), ``source`` (transcript / formulier).
    """
    q = (
        select(PrincipleScore.interview_id, PrincipleScore.example, PrincipleScore.code_id, CodeRow.name,
               PrincipleScore.score, PrincipleScore.source)
        .join(CodeRow, CodeRow.id == PrincipleScore.code_id)
        .order_by(PrincipleScore.interview_id, PrincipleScore.example, CodeRow.sort_order)
    )  # fmt: skip
    df = pd.DataFrame(
        [tuple(r) for r in session.execute(q)],
        columns=["interview_id", "example", "code_id", "principle", "score", "source"],
    )
    df["score"] = df["score"].astype(int)
    return _with_interviews(session, df)


def choices(session: Session) -> pd.DataFrame:
    """"Met welk principe ga je aan de slag?": one row per interview × chosen principle.

    Columns: ``interview_id``, metadata, ``code_id``, ``principle``, ``source``.
    """
    q = (
        select(PrincipleChoice.interview_id, PrincipleChoice.code_id, CodeRow.name, PrincipleChoice.source)
        .join(CodeRow, CodeRow.id == PrincipleChoice.code_id)
        .order_by(PrincipleChoice.interview_id, CodeRow.sort_order)
    )
    df = pd.DataFrame([tuple(r) for r in session.execute(q)], columns=["interview_id", "code_id", "principle", "source"])
    return _with_interviews(session, df)


def suggestions(session: Session) -> pd.DataFrame:
    """Suggestions for a new leidend principe (pseudonymised free text), one row per suggestion.

    Columns: ``interview_id``, metadata, ``suggestion_id``, ``idx``, ``text``, ``source``.
    """
    q = select(
        PrincipleSuggestion.interview_id, PrincipleSuggestion.id, PrincipleSuggestion.idx, PrincipleSuggestion.text,
        PrincipleSuggestion.source,
    ).order_by(PrincipleSuggestion.interview_id, PrincipleSuggestion.idx)  # fmt: skip
    df = pd.DataFrame(
        [tuple(r) for r in session.execute(q)], columns=["interview_id", "suggestion_id", "idx", "text", "source"]
    )
    return _with_interviews(session, df)


# -- streaming and lean reads (exports of large projects) ------------------------------------------------------

CODING_INDEX_COLUMNS = ["segment_id", "interview_id", "segment_idx", "code_id", "coder", "status", "has_memo"]


def _coding_filters(q: Any, coder: str | Sequence[str] | None, include_auto: bool, status: str | Sequence[str] | None,
                    include_withdrawn: bool) -> Any:  # fmt: skip
    """The layer, status and withdrawn filters of :func:`codings`, for the streaming variants."""
    if coder is not None:
        q = q.where(Coder.name.in_([coder] if isinstance(coder, str) else list(coder)))
    elif not include_auto:
        q = q.where(Coder.name != AUTO)
    if status is not None:
        q = q.where(Coding.status.in_([status] if isinstance(status, str) else list(status)))
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    return q


def coding_index(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    include_withdrawn: bool = False,
    batch_size: int = 50_000,
) -> pd.DataFrame:
    """The codings without their text: enough for counts, coding layers and code matrices.

    Same rows and filters as :func:`codings` (``coder``, ``include_auto``, withdrawn left out), columns
    ``CODING_INDEX_COLUMNS``: ``segment_id``, ``interview_id``, ``segment_idx``, ``code_id``, ``coder``,
    ``status`` and ``has_memo`` (the memo holds more than white space). The repeated strings are
    categoricals and the rows are read in batches, so a project with hundreds of thousands of codings
    costs tens of MB rather than the GB of the full frame. Rows are in no particular order.
    """
    q = (
        select(Coding.segment_id, Segment.interview_id, Segment.idx, Coding.code_id, Coder.name, Coding.status,
               Coding.memo)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Coder, Coder.id == Coding.coder_id)
    )  # fmt: skip
    q = _coding_filters(q, coder, include_auto, None, include_withdrawn)
    parts: list[pd.DataFrame] = []
    result = session.execute(q.execution_options(yield_per=batch_size))
    for chunk in result.partitions():
        sid, iid, idx, code, who, status, memo = zip(*chunk, strict=True)
        parts.append(
            pd.DataFrame(
                {
                    "segment_id": pd.array(sid, dtype="int64"),
                    "interview_id": pd.Categorical(iid),
                    "segment_idx": pd.array(idx, dtype="int64"),
                    "code_id": pd.Categorical(code),
                    "coder": pd.Categorical(who),
                    "status": pd.Categorical(status),
                    "has_memo": [bool(m and m.strip()) for m in memo],
                }
            )
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("segment_id", "segment_idx") else bool
                                          if c == "has_memo" else object) for c in CODING_INDEX_COLUMNS})  # fmt: skip
    # Categories differ between batches, so concat falls back to object columns: categorise once more.
    out = pd.concat(parts, ignore_index=True)
    for c in ("interview_id", "code_id", "coder", "status"):
        out[c] = out[c].astype("category")
    return out


FRAGMENT_COLUMNS = [
    *CODING_COLUMNS,
    "omgeving",
    "respondent_rol",
    "speaker",
    "text",
    "state",
]


def iter_codings(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    status: str | Sequence[str] | None = None,
    include_withdrawn: bool = False,
    with_text: bool = True,
    memo_only: bool = False,
    batch_size: int = 2_000,
) -> Iterator[Any]:
    """Stream the rows of :func:`codings` one by one, in the same order, read from the database in batches.

    Each row has the attributes of ``FRAGMENT_COLUMNS``: the coding columns of :func:`codings` plus the
    interview's ``omgeving`` and ``respondent_rol`` and the segment's ``speaker``, ``text`` and ``state``
    (``text`` is None unless ``with_text``). ``memo_only``: only codings whose memo is not empty. For
    exports of large projects, where the whole frame would not fit comfortably in memory.
    """
    text_col = Segment.text if with_text else literal(None)
    q = (
        select(
            Coding.id.label("coding_id"), Coding.segment_id.label("segment_id"),
            Segment.interview_id.label("interview_id"), Segment.idx.label("segment_idx"),
            Segment.section.label("section"), Coding.code_id.label("code_id"), CodeRow.name.label("code_name"),
            CodeRow.kind.label("code_kind"), CodeRow.codebook_id.label("codebook_id"), Coder.name.label("coder"),
            Coding.status.label("status"), Coding.source.label("source"), Coding.confidence.label("confidence"),
            Coding.evidence.label("evidence"), Coding.memo.label("memo"), Coding.created_at.label("created_at"),
            Coding.updated_at.label("updated_at"), Coding.revision.label("revision"),
            Interview.omgeving.label("omgeving"), Interview.respondent_rol.label("respondent_rol"),
            Segment.speaker.label("speaker"), text_col.label("text"), Segment.state.label("state"),
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name, Coding.id)
    )  # fmt: skip
    q = _coding_filters(q, coder, include_auto, status, include_withdrawn)
    if memo_only:
        q = q.where(Coding.memo.is_not(None), Coding.memo != "")
    yield from session.execute(q.execution_options(yield_per=batch_size))


def segment_state_counts(session: Session) -> dict[str, int]:
    """Number of segments per state (withdrawn included), without reading any text."""
    q = select(Segment.state, func.count()).group_by(Segment.state)
    return {str(state): int(n) for state, n in session.execute(q)}


def segments_with_text(session: Session, texts: Iterable[str]) -> list[tuple[str, str, str]]:
    """``(text, interview_id, state)`` of the non-withdrawn segments whose text is one of ``texts``."""
    wanted = sorted(set(texts))
    out: list[tuple[str, str, str]] = []
    for i in range(0, len(wanted), 500):
        q = select(Segment.text, Segment.interview_id, Segment.state).where(
            Segment.text.in_(wanted[i : i + 500]), Segment.state != str(SegmentState.INGETROKKEN)
        )
        out += [(t, iid, st) for t, iid, st in session.execute(q)]
    return out


def coder_scores(session: Session, coder: str | None = None) -> pd.DataFrame:
    """Coders' own principle scores (``coder_scores``), one row per interview × example × principle × coder.

    Columns: ``interview_id``, metadata, ``example``, ``code_id``, ``principle`` (code name), ``coder``,
    ``score`` (int), ``updated_at``; in interview, example, codebook and coder order. ``coder``: one coder only.
    """
    from .coder_scores import coder_scores as rows_of

    rows = rows_of(session, [coder] if coder is not None else None)
    df = pd.DataFrame(
        [(r["interview"], r["voorbeeld"], r["principe"], r["naam"], r["codeur"], r["score"], r["bijgewerkt"])
         for r in rows],
        columns=["interview_id", "example", "code_id", "principle", "coder", "score", "updated_at"],
    )  # fmt: skip
    df["score"] = df["score"].astype(int)
    return _with_interviews(session, df)


# -- batched frames (CSV export of large projects) -----------------------------------------------------------


def segment_counts(session: Session) -> dict[str, int]:
    """Number of segments per interview, withdrawn left out (interviews without segments are absent)."""
    q = (
        select(Segment.interview_id, func.count())
        .where(Segment.state != str(SegmentState.INGETROKKEN))
        .group_by(Segment.interview_id)
    )
    return {iid: int(n) for iid, n in session.execute(q)}


def _frame_batches(
    session: Session, q: Any, columns: list[str], ids_q: Any, batch_size: int, floats: tuple[str, ...] = ()
) -> Iterator[pd.DataFrame]:
    """Frames of at most ``batch_size`` rows of ``q`` with interview metadata, as :func:`_with_interviews`
    attaches it to the whole frame: the metadata (and so its ``attr_*`` columns and their types) comes from
    every interview of the whole result (``ids_q``), read once, not from the interviews of one batch."""
    ids = sorted(session.scalars(ids_q))
    meta = interviews(session, ids)
    meta_cols = [c for c in meta.columns if c != "interview_id"]
    order = ["interview_id", *meta_cols, *[c for c in columns if c != "interview_id"]]
    empty = True
    for chunk in session.execute(q.execution_options(yield_per=batch_size)).partitions():
        df = pd.DataFrame([tuple(r) for r in chunk], columns=columns)
        for c in floats:
            df[c] = df[c].astype(float)
        empty = False
        yield df.merge(meta, on="interview_id", how="left", sort=False)[order]
    if empty:
        df = pd.DataFrame([], columns=columns)
        for c in floats:
            df[c] = df[c].astype(float)
        yield _with_interviews(session, df)


def segment_batches(session: Session, batch_size: int = 20_000) -> Iterator[pd.DataFrame]:
    """:func:`segments` (withdrawn left out) without ``lemmas``, as consecutive frames of ``batch_size`` rows.

    Concatenated they equal ``segments(session).drop(columns="lemmas")``; at least one frame (with the
    columns) is yielded, also for a project without segments.
    """
    cols = [c for c in SEGMENT_COLUMNS if c != "lemmas"]
    live = Segment.state != str(SegmentState.INGETROKKEN)
    q = select(*(Segment.id if c == "segment_id" else getattr(Segment, c) for c in cols)).where(live)
    q = q.order_by(Segment.interview_id, Segment.idx)
    yield from _frame_batches(session, q, cols, select(Segment.interview_id).where(live).distinct(), batch_size)


def coding_batches(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    batch_size: int = 20_000,
) -> Iterator[pd.DataFrame]:
    """:func:`codings` (withdrawn left out, with metadata) plus ``segment_state``, in frames of ``batch_size``.

    Same rows, order and filters as :func:`codings` (ties broken by coding id); ``segment_state`` is the
    state of the coded segment. At least one frame (with the columns) is yielded.
    """
    q = (
        select(
            Coding.id, Coding.segment_id, Segment.interview_id, Segment.idx, Segment.section, Coding.code_id,
            CodeRow.name, CodeRow.kind, CodeRow.codebook_id, Coder.name, Coding.status, Coding.source,
            Coding.confidence, Coding.evidence, Coding.memo, Coding.created_at, Coding.updated_at,
            Coding.revision, Segment.state,
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name, Coding.id)
    )  # fmt: skip
    q = _coding_filters(q, coder, include_auto, None, False)
    ids_q = (
        select(Segment.interview_id)
        .join(Coding, Coding.segment_id == Segment.id)
        .join(Coder, Coder.id == Coding.coder_id)
        .distinct()
    )
    ids_q = _coding_filters(ids_q, coder, include_auto, None, False)
    cols = [*CODING_COLUMNS, "segment_state"]
    yield from _frame_batches(session, q, cols, ids_q, batch_size, floats=("confidence",))
