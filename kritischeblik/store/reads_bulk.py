"""Reads for large projects: rows streamed and frames in batches, counts and indexes without the text.

The exports use these where the whole frames of :mod:`.reads` would not fit comfortably in memory; each
returns the same rows (same filters, withdrawn fragments left out) as the whole-frame read it stands for,
which ``tests/test_export_streaming.py`` and ``tests/test_export_csv_streaming.py`` check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from ..model import AUTO, SegmentState
from .reads import CODING_COLUMNS, CODING_SELECT, SEGMENT_COLUMNS, interviews, with_interviews
from .schema import Coder, CodeRow, Coding, Interview, Segment

__all__ = [
    "CODING_INDEX_COLUMNS",
    "FRAGMENT_COLUMNS",
    "coding_batches",
    "coding_index",
    "iter_codings",
    "segment_batches",
    "segment_counts",
    "segment_state_counts",
    "segments_with_text",
]

CODING_INDEX_COLUMNS = ["segment_id", "interview_id", "segment_idx", "code_id", "coder", "status", "has_memo"]


def _coding_filters(
    q: Any,
    coder: str | Sequence[str] | None,
    include_auto: bool,
    status: str | Sequence[str] | None,
    include_withdrawn: bool,
) -> Any:
    """The layer, status and withdrawn filters of :func:`.reads.codings`, for the streaming variants."""
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

    Same rows and filters as :func:`.reads.codings` (``coder``, ``include_auto``, withdrawn left out), columns
    ``CODING_INDEX_COLUMNS``: ``segment_id``, ``interview_id``, ``segment_idx``, ``code_id``, ``coder``,
    ``status`` and ``has_memo`` (the memo holds more than white space). The repeated strings are
    categoricals and the rows are read in batches, so a project with hundreds of thousands of codings
    costs tens of MB rather than the GB of the full frame. Rows are in no particular order.
    """
    q = (
        select(
            Coding.segment_id,
            Segment.interview_id,
            Segment.idx,
            Coding.code_id,
            Coder.name,
            Coding.status,
            Coding.memo,
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Coder, Coder.id == Coding.coder_id)
    )
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
        return pd.DataFrame(
            {
                c: pd.Series(
                    dtype="int64"
                    if c in ("segment_id", "segment_idx")
                    else bool
                    if c == "has_memo"
                    else object
                )
                for c in CODING_INDEX_COLUMNS
            }
        )
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
    """Stream the rows of :func:`.reads.codings` one by one, in the same order, read from the database in batches.

    Each row has the attributes of ``FRAGMENT_COLUMNS``: the coding columns of :func:`.reads.codings` plus the
    interview's ``omgeving`` and ``respondent_rol`` and the segment's ``speaker``, ``text`` and ``state``
    (``text`` is None unless ``with_text``). ``memo_only``: only codings whose memo is not empty. For
    exports of large projects, where the whole frame would not fit comfortably in memory.
    """
    text_col = Segment.text if with_text else literal(None)
    q = (
        select(
            Coding.id.label("coding_id"),
            Coding.segment_id.label("segment_id"),
            Segment.interview_id.label("interview_id"),
            Segment.idx.label("segment_idx"),
            Segment.section.label("section"),
            Coding.code_id.label("code_id"),
            CodeRow.name.label("code_name"),
            CodeRow.kind.label("code_kind"),
            CodeRow.codebook_id.label("codebook_id"),
            Coder.name.label("coder"),
            Coding.status.label("status"),
            Coding.source.label("source"),
            Coding.confidence.label("confidence"),
            Coding.evidence.label("evidence"),
            Coding.memo.label("memo"),
            Coding.created_at.label("created_at"),
            Coding.updated_at.label("updated_at"),
            Coding.revision.label("revision"),
            Interview.omgeving.label("omgeving"),
            Interview.respondent_rol.label("respondent_rol"),
            Segment.speaker.label("speaker"),
            text_col.label("text"),
            Segment.state.label("state"),
        )
        .join(Segment, Segment.id == Coding.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name, Coding.id)
    )
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


# -- batched frames (CSV export) ------------------------------------------------------------------------------


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
    """Frames of at most ``batch_size`` rows of ``q`` with interview metadata, as :func:`.reads.with_interviews`
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
        yield with_interviews(session, df)


def segment_batches(session: Session, batch_size: int = 20_000) -> Iterator[pd.DataFrame]:
    """:func:`.reads.segments` (withdrawn left out) without ``lemmas``, as consecutive frames of ``batch_size`` rows.

    Concatenated they equal ``segments(session).drop(columns="lemmas")``; at least one frame (with the
    columns) is yielded, also for a project without segments.
    """
    cols = [c for c in SEGMENT_COLUMNS if c != "lemmas"]
    live = Segment.state != str(SegmentState.INGETROKKEN)
    q = select(*(Segment.id if c == "segment_id" else getattr(Segment, c) for c in cols)).where(live)
    q = q.order_by(Segment.interview_id, Segment.idx)
    yield from _frame_batches(
        session, q, cols, select(Segment.interview_id).where(live).distinct(), batch_size
    )


def coding_batches(
    session: Session,
    coder: str | Sequence[str] | None = None,
    include_auto: bool = False,
    batch_size: int = 20_000,
) -> Iterator[pd.DataFrame]:
    """:func:`.reads.codings` (withdrawn left out, with metadata) plus ``segment_state``, in frames of ``batch_size``.

    Same rows, order and filters as :func:`.reads.codings` (ties broken by coding id); ``segment_state`` is the
    state of the coded segment. At least one frame (with the columns) is yielded.
    """
    q = (
        select(*CODING_SELECT, Segment.state)
        .join(Segment, Segment.id == Coding.segment_id)
        .join(CodeRow, CodeRow.id == Coding.code_id)
        .join(Coder, Coder.id == Coding.coder_id)
        .order_by(Segment.interview_id, Segment.idx, CodeRow.sort_order, Coder.name, Coding.id)
    )
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
