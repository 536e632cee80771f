"""Store access for the REFI-QDA export and import that the DataFrame reads do not cover: which interviews
were ingested without pseudonymisation (their text never leaves the store), and the segment spans of a
freshly imported interview."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import Interview, PrincipleSuggestion, Segment


def unpseudonymised_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Interview.id).where(Interview.pseudonymised.is_(False))))


def unpseudonymised_suggestion_ids(session: Session) -> set[int]:
    """Suggestions stored as typed (a form read with --no-pseudonymise), also of pseudonymised interviews."""
    return set(
        session.scalars(select(PrincipleSuggestion.id).where(PrincipleSuggestion.pseudonymised.is_(False)))
    )


def segment_spans(session: Session, interview_id: str) -> list[tuple[int, int, int]]:
    """``(segment_id, char_start, char_end)`` of one interview in text order."""
    q = (
        select(Segment.id, Segment.char_start, Segment.char_end)
        .where(Segment.interview_id == interview_id)
        .order_by(Segment.idx)
    )
    return [(r[0], r[1], r[2]) for r in session.execute(q)]
