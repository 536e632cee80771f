"""The history of score changes: every overwrite or removal of an interview score or a coder's score after
ingest leaves a row, so no score a person entered is ever lost (scores read from a transcript at ingest
are their own record: the file)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import now
from .schema import ScoreEvent


@dataclass(frozen=True)
class ScoreChange:
    at: str
    interview_id: str
    example: str
    code_id: str
    coder: str | None  # whose coder score; None for the interview's own score
    old_score: int | None  # None: there was no score yet
    new_score: int | None  # None: the score was removed
    source: str
    changed_by: str | None


def record(
    session: Session,
    interview_id: str,
    example: str,
    code_id: str,
    old: int | None,
    new: int | None,
    source: str,
    coder: str | None = None,
    changed_by: str | None = None,
) -> None:
    """Add one change to the history; a write that keeps the value is not a change."""
    if old == new:
        return
    session.add(
        ScoreEvent(
            interview_id=interview_id,
            example=example,
            code_id=code_id,
            coder=coder,
            old_score=old,
            new_score=new,
            source=source,
            changed_by=changed_by,
            at=now(),
        )
    )


def score_history(
    session: Session, interview_id: str | None = None, coder: str | None = None, interview_only: bool = False
) -> list[ScoreChange]:
    """Changes in the order they were made, optionally for one interview, one coder's scores, or only the
    interviews' own scores."""
    q = select(ScoreEvent).order_by(ScoreEvent.id)
    if interview_id is not None:
        q = q.where(ScoreEvent.interview_id == interview_id)
    if coder is not None:
        q = q.where(ScoreEvent.coder == coder)
    elif interview_only:
        q = q.where(ScoreEvent.coder.is_(None))
    return [
        ScoreChange(
            e.at,
            e.interview_id,
            e.example,
            e.code_id,
            e.coder,
            e.old_score,
            e.new_score,
            e.source,
            e.changed_by,
        )
        for e in session.scalars(q)
    ]
