"""Store access for exchange formats (REFI-QDA export and import) that the DataFrame reads do not cover:
the full interview texts, and the segment spans of a freshly imported interview."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import Interview, Segment


@dataclass
class InterviewText:
    id: str
    text: str
    pseudonymised: bool
    source_name: str
    ingested_at: str
    omgeving: str = ""
    respondent_rol: str = ""
    organisatie: str = ""
    datum: str = ""
    attributes: dict = field(default_factory=dict)


def iter_interview_texts(session: Session) -> Iterator[InterviewText]:
    """Interviews with their full (pseudonymised) text, one at a time in id order, so a large export
    never holds every transcript in memory."""
    ids = list(session.scalars(select(Interview.id).order_by(Interview.id)))
    for iid in ids:
        iv = session.get(Interview, iid)
        if iv is None:
            continue
        yield InterviewText(
            id=iv.id,
            text=iv.text,
            pseudonymised=bool(iv.pseudonymised),
            source_name=iv.source_name or "",
            ingested_at=iv.ingested_at or "",
            omgeving=iv.omgeving or "",
            respondent_rol=iv.respondent_rol or "",
            organisatie=iv.organisatie or "",
            datum=iv.datum or "",
            attributes=dict(iv.attributes or {}),
        )
        session.expunge(iv)


def unpseudonymised_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Interview.id).where(Interview.pseudonymised.is_(False))))


def segment_spans(session: Session, interview_id: str) -> list[tuple[int, int, int]]:
    """``(segment_id, char_start, char_end)`` of one interview in text order."""
    q = (
        select(Segment.id, Segment.char_start, Segment.char_end)
        .where(Segment.interview_id == interview_id)
        .order_by(Segment.idx)
    )
    return [(r[0], r[1], r[2]) for r in session.execute(q)]
