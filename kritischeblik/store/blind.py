"""Blind mode and the visibility of coder layers; the lookups that check interview and code ids.

Blind mode (``interviews.blind``): while on, a coder sees only their own layer and the ``auto`` suggestions
of that interview; the other human layers and ``consensus`` are hidden. The disagreement review and
consensus seeding skip blind interviews, because comparing is what ends the blind phase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import AUTO
from .schema import Coder, CodeRow, Coding, Interview, Segment


def set_blind(session: Session, interview_ids: Sequence[str] | None, on: bool) -> list[str]:
    """Switch blind mode for the given interviews (None = all); returns the ids changed or confirmed."""
    ids = (
        check_interviews(session, interview_ids) if interview_ids is not None else all_interview_ids(session)
    )
    if ids:
        session.execute(update(Interview).where(Interview.id.in_(ids)).values(blind=on))
    return ids


def blind_interviews(session: Session) -> set[str]:
    return set(session.scalars(select(Interview.id).where(Interview.blind.is_(True))))


def is_blind(session: Session, interview_id: str) -> bool:
    return bool(session.scalar(select(Interview.blind).where(Interview.id == interview_id)))


def segment_interview(session: Session, segment_id: int) -> tuple[str, bool] | None:
    """(interview id, blind) of the fragment's interview; None when there is no such fragment."""
    row = session.execute(
        select(Segment.interview_id, Interview.blind)
        .join(Interview, Interview.id == Segment.interview_id)
        .where(Segment.id == segment_id)
    ).first()
    return (row[0], bool(row[1])) if row is not None else None


def visible_layers(blind: bool, viewer: str | None, all_layers: Iterable[str]) -> set[str]:
    """Which coder layers a viewer may see in an interview with the given blind state."""
    if not blind:
        return set(all_layers)
    return {AUTO} | ({viewer} if viewer else set())


def visibility_filter(session: Session, viewer: str | None) -> Callable[[str, str], bool]:
    """``can_see(interview_id, coder_name)`` for filtering listings and DataFrames of codings.

    Reads the blind flags once, so it is cheap to call per row; e.g.
    ``df[[can_see(i, c) for i, c in zip(df.interview_id, df.coder)]]``.
    """
    blind = blind_interviews(session)

    def can_see(interview_id: str, coder_name: str) -> bool:
        return (
            interview_id not in blind or coder_name == AUTO or (viewer is not None and coder_name == viewer)
        )

    return can_see


@dataclass(frozen=True)
class VisibleCoding:
    coding_id: int
    segment_id: int
    segment_idx: int
    code_id: str
    coder: str
    status: str
    source: str
    confidence: float | None
    evidence: str
    memo: str
    revision: int


def visible_codings(session: Session, interview_id: str, viewer: str | None) -> list[VisibleCoding]:
    """The codings of one interview that ``viewer`` may see: own layer + ``auto``, others only when not blind."""
    q = (
        select(Coding, Coder.name, Segment.idx)
        .join(Coder, Coder.id == Coding.coder_id)
        .join(Segment, Segment.id == Coding.segment_id)
        .where(Segment.interview_id == interview_id)
        .order_by(Segment.idx, Coding.code_id, Coder.name)
    )
    if is_blind(session, interview_id):
        q = q.where(Coder.name.in_(visible_layers(True, viewer, ())))
    return [
        VisibleCoding(
            c.id,
            c.segment_id,
            idx,
            c.code_id,
            name,
            c.status,
            c.source,
            c.confidence,
            c.evidence,
            c.memo,
            c.revision,
        )
        for c, name, idx in session.execute(q)
    ]


# -- lookups and validation ------------------------------------------------------------------------------


def all_interview_ids(session: Session) -> list[str]:
    return list(session.scalars(select(Interview.id).order_by(Interview.id)))


def check_interviews(session: Session, ids: Sequence[str]) -> list[str]:
    known = set(all_interview_ids(session))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KBError(f"Onbekend interview: {', '.join(unknown)}", hint=Hint.LIST_BLIND)
    return list(dict.fromkeys(ids))


def check_codes(session: Session, ids: Sequence[str]) -> list[str]:
    known = set(session.scalars(select(CodeRow.id)))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KBError(f"Onbekende code: {', '.join(unknown)}", hint=Hint.LIST_CODES)
    return list(dict.fromkeys(ids))
