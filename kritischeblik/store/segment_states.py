"""Member checks: a fragment can be marked vertrouwelijk (counted, never quoted) or ingetrokken (never in
any export, not counted), and put back. Each change is one row in ``segment_events`` with who and why;
the text itself stays in the store, so a withdrawal can be undone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import SegmentState
from .db import now
from .schema import Segment, SegmentEvent

STATES = tuple(str(s) for s in SegmentState)
_CHUNK = 10_000  # ids per query: SQLite takes at most 32,766 parameters, a whole large interview has more


@dataclass(frozen=True)
class StateChange:
    at: str
    segment_id: int
    interview_id: str
    old_state: str
    new_state: str
    reason: str
    changed_by: str


def set_states(
    session: Session, segment_ids: Sequence[int], state: str, changed_by: str, reason: str = ""
) -> list[int]:
    """Give every listed fragment ``state`` (each change with who and why in the history); returns the ids
    that changed. Refuses (changing nothing) when a fragment does not exist or the state is unknown; the
    rules on who and why are the member-check service's (:mod:`kritischeblik.services.member_checks`)."""
    if state not in STATES:
        raise KBError(f"Onbekende status '{state}'; kies uit: {', '.join(STATES)}")
    who = " ".join((changed_by or "").split())
    reason = reason.strip()
    wanted = list(dict.fromkeys(int(i) for i in segment_ids))
    rows = {
        seg.id: seg
        for i in range(0, len(wanted), _CHUNK)
        for seg in session.scalars(select(Segment).where(Segment.id.in_(wanted[i : i + _CHUNK])))
    }
    missing = [i for i in wanted if i not in rows]
    if missing:
        raise KBError(f"Onbekend(e) fragment(en): {', '.join(map(str, missing))}", hint=Hint.LIST_FRAGMENTS)
    changed = []
    for sid in wanted:
        seg = rows[sid]
        if seg.state == state:
            continue
        session.add(
            SegmentEvent(
                segment_id=sid,
                interview_id=seg.interview_id,
                old_state=seg.state,
                new_state=state,
                reason=reason,
                changed_by=who,
                at=now(),
            )
        )
        seg.state = state
        changed.append(sid)
    session.flush()
    return changed


def interview_segment_ids(session: Session, interview_id: str) -> list[int]:
    ids = list(
        session.scalars(select(Segment.id).where(Segment.interview_id == interview_id).order_by(Segment.idx))
    )
    if not ids:
        raise KBError(
            f"Onbekend interview '{interview_id}' (of zonder fragmenten)", hint=Hint.LIST_INTERVIEWS
        )
    return ids


def fragments(session: Session, state: str | None = None, interview_id: str | None = None) -> list[dict]:
    """Fragments with their state (default: every fragment that is not actief), in text order."""
    q = select(Segment.id, Segment.interview_id, Segment.idx, Segment.state, Segment.text)
    q = q.where(Segment.state == state) if state else q.where(Segment.state != str(SegmentState.ACTIEF))
    if interview_id:
        q = q.where(Segment.interview_id == interview_id)
    return [
        {"fragment": sid, "interview": iid, "nr": idx, "status": st, "tekst": text}
        for sid, iid, idx, st, text in session.execute(q.order_by(Segment.interview_id, Segment.idx))
    ]


def state_history(session: Session, interview_id: str | None = None) -> list[StateChange]:
    q = select(SegmentEvent).order_by(SegmentEvent.id)
    if interview_id:
        q = q.where(SegmentEvent.interview_id == interview_id)
    return [
        StateChange(e.at, e.segment_id, e.interview_id, e.old_state, e.new_state, e.reason, e.changed_by)
        for e in session.scalars(q)
    ]
