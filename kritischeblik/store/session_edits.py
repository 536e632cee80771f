"""Changing a duidingssessie's contributions after they were given: edit or remove one on purpose.

Unlike the undo of a slip (:func:`kritischeblik.store.sessions.delete_duiding`), these keep what the
contribution said before in the session's history, so the minutes can show that it changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..errors import KBError
from .db import now
from .schema import Duiding
from .session_history import EDITED, REMOVED, SessionEvent, record
from .sessions import KIND_DUIDING, checked_segments, checked_words, writable_session


def _duiding(session: Session, duiding_id: int) -> Duiding:
    d = session.get(Duiding, duiding_id)
    if d is None:
        raise KBError(f"Bijdrage {duiding_id} bestaat niet (meer)")
    return d


def edit_duiding(
    session: Session,
    duiding_id: int,
    author: str,
    text: str,
    prompt: str | None = None,
    segment_ids: Sequence[int] | None = None,
    by: str = "",
) -> None:
    """Change a contribution; the history keeps what it said before. ``prompt`` and ``segment_ids`` stay as
    they were when None."""
    d = _duiding(session, duiding_id)
    row = writable_session(session, d.session_id)
    author, text = checked_words(author, text)
    segs = list(d.segment_ids) if segment_ids is None else checked_segments(session, segment_ids)
    new_prompt = d.prompt if prompt is None or d.kind != KIND_DUIDING else prompt
    if (author, text, new_prompt, segs) == (d.author, d.text, d.prompt, list(d.segment_ids)):
        return
    event = SessionEvent(
        EDITED,
        "",
        " ".join(by.split()),
        author=d.author,
        old_text=d.text,
        new_text=text,
        theme_id=d.session_theme_id,
    )
    record(session, d.session_id, event)
    if author not in row.participants:
        row.participants = [*row.participants, author]
    d.author, d.text, d.prompt, d.segment_ids = author, text, new_prompt, segs
    row.updated_at = now()


def remove_duiding(session: Session, duiding_id: int, by: str = "") -> None:
    """Remove a contribution on purpose (not an undo): the history keeps who said what, and that it went."""
    d = _duiding(session, duiding_id)
    row = writable_session(session, d.session_id)
    record(
        session,
        d.session_id,
        SessionEvent(
            REMOVED, "", " ".join(by.split()), author=d.author, old_text=d.text, theme_id=d.session_theme_id
        ),
    )
    session.delete(d)
    row.updated_at = now()
