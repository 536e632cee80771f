"""Read queries on segments and coder layers for auto-coding, learning and listings.

Withdrawn segments (state ``ingetrokken``) are left out everywhere here: their text must never reach a
suggestion, a model or a listing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import starmap

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..model import AUTO, SegmentState
from .schema import Coder, Coding, Interview, Segment


@dataclass(frozen=True)
class SegmentRow:
    id: int
    interview_id: str
    idx: int
    section: str
    speaker: str
    role: str
    char_start: int
    char_end: int
    text: str
    lemmas: str
    state: str


@dataclass(frozen=True)
class CodingRow:
    segment_id: int
    interview_id: str
    code_id: str
    coder: str
    status: str
    source: str
    confidence: float | None
    evidence: str
    memo: str
    revision: int
    updated_at: str


@dataclass(frozen=True)
class ListedCoding:
    segment_id: int
    interview_id: str
    speaker: str
    text: str
    code_id: str
    coder: str
    status: str
    source: str
    confidence: float | None
    evidence: str
    memo: str


# A segment row's columns in SegmentRow's order; store/reads selects the same for its frames.
SEGMENT_SELECT = (
    Segment.id,
    Segment.interview_id,
    Segment.idx,
    Segment.section,
    Segment.speaker,
    Segment.role,
    Segment.char_start,
    Segment.char_end,
    Segment.text,
    Segment.lemmas,
    Segment.state,
)


def segments(
    session: Session,
    interview_ids: Sequence[str] | None = None,
    segment_ids: Sequence[int] | None = None,
    include_withdrawn: bool = False,
) -> list[SegmentRow]:
    """Active and confidential segments in interview order; withdrawn ones only with ``include_withdrawn``
    (an export needs them to black out their text)."""
    q = select(*SEGMENT_SELECT)
    if not include_withdrawn:
        q = q.where(Segment.state != str(SegmentState.INGETROKKEN))
    if interview_ids:
        q = q.where(Segment.interview_id.in_(list(interview_ids)))
    if segment_ids is not None:
        q = q.where(Segment.id.in_(list(segment_ids)))
    q = q.order_by(Segment.interview_id, Segment.idx)
    # A Core select on the connection skips the ORM's per-row bookkeeping (a third of the time at 60k rows);
    # fetchall reads the rows in one call instead of one by one.
    return list(starmap(SegmentRow, session.connection().execute(q).fetchall()))


def segment_runs(
    session: Session, interview_ids: Sequence[str] | None = None, interviewers: bool = True
) -> list[tuple[str, int]]:
    """(interview id, number of segments) in the order of :func:`segments`, withdrawn segments left out and
    interviewer segments too unless ``interviewers``: how a caller cuts the segments into slices of whole
    interviews before reading them slice by slice."""
    q = select(Segment.interview_id, func.count()).where(Segment.state != str(SegmentState.INGETROKKEN))
    if not interviewers:
        q = q.where(Segment.role != "interviewer")
    if interview_ids:
        q = q.where(Segment.interview_id.in_(list(interview_ids)))
    q = q.group_by(Segment.interview_id).order_by(Segment.interview_id)
    return [(iid, int(n)) for iid, n in session.execute(q)]


def interview_texts(session: Session, interview_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Pseudonymised full text per interview (segments index into it with char_start/char_end)."""
    q = select(Interview.id, Interview.text)
    if interview_ids:
        q = q.where(Interview.id.in_(list(interview_ids)))
    return {r.id: r.text for r in session.execute(q)}


def _coding_rows() -> Select:
    """Codings with their coder and segment, in :class:`CodingRow` column order."""
    return (
        select(
            Coding.segment_id,
            Segment.interview_id,
            Coding.code_id,
            Coder.name,
            Coding.status,
            Coding.source,
            Coding.confidence,
            Coding.evidence,
            Coding.memo,
            Coding.revision,
            Coding.updated_at,
        )
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
    )


def layer(session: Session, coder_name: str, code_ids: Sequence[str] | None = None) -> list[CodingRow]:
    """All codings in one coder's layer (``auto`` for machine suggestions), withdrawn segments excluded."""
    q = (
        _coding_rows()
        .where(Coder.name == coder_name, Segment.state != str(SegmentState.INGETROKKEN))
        .order_by(Coding.segment_id, Coding.code_id)
    )
    if code_ids:
        q = q.where(Coding.code_id.in_(list(code_ids)))
    return [CodingRow(*row) for row in session.execute(q)]


def auto_layer(session: Session) -> list[CodingRow]:
    """Machine suggestions, including those on withdrawn segments (so a re-run can clear them)."""
    q = _coding_rows().where(Coder.name == AUTO)
    return [CodingRow(*row) for row in session.execute(q)]


def listing(
    session: Session,
    interview_id: str | None = None,
    coder_name: str | None = None,
    status: str | None = None,
    code_id: str | None = None,
) -> list[ListedCoding]:
    """Codings joined with their segment, for ``kb code list``."""
    q = (
        select(
            Segment.id,
            Segment.interview_id,
            Segment.speaker,
            Segment.text,
            Coding.code_id,
            Coder.name,
            Coding.status,
            Coding.source,
            Coding.confidence,
            Coding.evidence,
            Coding.memo,
        )
        .join(Coding, Coding.segment_id == Segment.id)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Segment.state != str(SegmentState.INGETROKKEN))
        .order_by(Segment.interview_id, Segment.idx, Coding.code_id, Coder.name)
    )
    if interview_id:
        q = q.where(Segment.interview_id == interview_id)
    if coder_name:
        q = q.where(Coder.name == coder_name)
    if status:
        q = q.where(Coding.status == status)
    if code_id:
        q = q.where(Coding.code_id == code_id)
    return [ListedCoding(*row) for row in session.execute(q)]
