"""The history of a duidingssessie: reopenings, and contributions edited or removed after they were given.

Kept as one JSON list per session in the ``meta`` table (like the session's basis), so no schema change is
needed: a session's history is small (a handful of events) and only ever read whole, for the minutes and the
session screen. What an event quotes is text that was already pseudonymised when it was first stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from .db import now
from .schema import Meta

SESSION_HISTORY_META = "session_history:{}"
REOPENED = "heropend"
EDITED = "bewerkt"
REMOVED = "verwijderd"


@dataclass
class SessionEvent:
    kind: str
    """heropend, bewerkt or verwijderd"""
    at: str
    """UTC ISO time"""
    by: str
    """who did it (the coder at the keyboard; empty when unknown)"""
    author: str = ""
    """for a contribution: who said it"""
    old_text: str = ""
    new_text: str = ""
    theme_id: int | None = None
    """for a contribution: the session theme it belonged to (None: a take-away)"""
    from_phase: str = ""
    """for a reopening: the phase the session went back to"""

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


def history(session: Session, session_id: int) -> list[SessionEvent]:
    """The events of a session in the order they happened (empty for a session without any)."""
    row = session.get(Meta, SESSION_HISTORY_META.format(int(session_id)))
    if row is None:
        return []
    try:
        raw = json.loads(row.value)
        return [SessionEvent(**e) for e in raw if isinstance(e, dict)]
    except (ValueError, TypeError):
        return []


def record(session: Session, session_id: int, event: SessionEvent) -> None:
    """Append ``event`` (its ``at`` is set to now when empty) in the caller's transaction."""
    if not event.at:
        event.at = now()
    events = [e.as_dict() for e in history(session, session_id)] + [event.as_dict()]
    session.merge(
        Meta(key=SESSION_HISTORY_META.format(int(session_id)), value=json.dumps(events, ensure_ascii=False))
    )
