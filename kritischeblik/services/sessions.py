"""Duidingssessies: start one on a research question, move through its phases, record who said what about
which theme, and write the minutes.

Rules kept here: a session starts from the saved themes of its question when clustering has been done, else
from one theme per code; what participants said is typed text and is pseudonymised before it is stored.
Reading a session is a query (:func:`kritischeblik.store.sessions.load_session`); the minutes are written
by :func:`kritischeblik.services.exports.session_minutes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Basis, BasisLayer
from ..store import coverage, session_edits
from ..store import roles as role_store
from ..store import sessions as store
from ..store import themes as theme_store
from ..store.db import Project
from . import roles
from .typed import pseudonymised

QUESTION_THEME_KIND = {
    "werkende_elementen": "werkend",
    "belemmerende_elementen": "belemmerend",
    "vragen_toekomst": "vraag",
}
"""The theme kind (``kb themes --kind``) whose saved themes a session on the question discusses."""


def _offered(s: Any, question: str) -> tuple[list[store.ThemeInput], Basis]:
    """The themes a session on ``question`` starts from, and what they rest on."""
    kind = QUESTION_THEME_KIND.get(question)
    if kind is not None:
        themes = theme_store.themes_frame(s, kind)
        found = coverage.theme_basis(s, kind)
        if len(themes) and found is not None:
            members = theme_store.members_frame(s, kind)
            return [
                store.ThemeInput(
                    str(t.label),
                    [int(x) for x in members.loc[members["thema_id"] == t.thema_id, "segment_id"].dropna()],
                    theme_id=int(t.thema_id),
                )
                for t in themes.itertuples(index=False)
            ], found
    offered = store.code_themes(s, question)
    return offered, _code_theme_basis(s, offered)


def _code_theme_basis(s: Any, themes: Sequence[store.ThemeInput]) -> Basis:
    """One theme per code mixes coders' decisions with suggestions nobody rejected: say which it is."""
    unreviewed = sum(t.unreviewed for t in themes)
    decided = sum(len(t.segment_ids) for t in themes) - unreviewed
    if not unreviewed:
        return coverage.basis(s, BasisLayer.CODEURS)
    if not decided:
        return coverage.basis(s, BasisLayer.SUGGESTIES)
    return coverage.basis(s, BasisLayer.GEMENGD)


def offered_themes(project: Project, question: str) -> list[store.ThemeInput]:
    """The active saved themes of the question's kind when clustering has been done, else one per code."""
    with project.read() as s:
        return _offered(s, question)[0]


def offered_basis(project: Project, question: str) -> Basis:
    """What the themes a session on ``question`` would start from rest on; a shell warns before starting
    a session on unreviewed machine suggestions (``Basis.unreviewed``)."""
    with project.read() as s:
        return _offered(s, question)[1]


def create(
    project: Project,
    datum: str,
    participants: Sequence[str],
    question: str,
    title: str = "",
    reading_minutes: int = 15,
    themes: Sequence[store.ThemeInput] | None = None,
    basis: Basis | None = None,
    actor: str | None = None,
    leader: str | None = None,
) -> int:
    """Start a session in the leestijd phase; ``themes`` default to :func:`offered_themes`. Returns its id.

    The themes are read first and frozen into the session in one short write (a session keeps its own labels
    and fragments, whatever happens to the themes later), with what they rest on (``basis``: by default
    that of the offered themes), so the session screens and the minutes can say it.

    ``leader`` (by default ``actor``) leads the session: with roles, a codeur may lead only themselves and
    only the leader or a beheerder writes the session afterwards."""
    leader = " ".join((leader or actor or "").split()) or None
    if themes is None:
        with project.read() as s:
            themes, offered = _offered(s, question)
        basis = basis or offered
    with project.write() as s:
        roles.require(s, roles.Action.SESSION_CREATE, actor, owner=leader)
        session_id = store.create_session(
            s,
            datum,
            participants,
            question,
            themes,
            title=title,
            reading_minutes=reading_minutes,
            leader=leader,
        )
        if basis is not None:
            coverage.save_session_basis(s, session_id, basis)
        return session_id


def set_phase(project: Project, session_id: int, phase: str, by: str = "", actor: str | None = None) -> str:
    """Move a session to ``phase`` (back to leestijd restarts its clock); returns the phase.

    A closed session is read-only: moving it back to an earlier phase reopens it, and the session's history
    records when and by whom (``by``), so the minutes say so."""
    with project.write() as s:
        roles.require_session(s, actor or by, session_id)
        store.set_phase(s, session_id, phase, by=by)
    return phase


def add_participant(project: Project, session_id: int, name: str, actor: str | None = None) -> str:
    """Add someone to the session's participants (a name already there is left alone); returns the name."""
    with project.write() as s:
        roles.require_session(s, actor, session_id)
        store.add_participant(s, session_id, name)
    return name


def set_theme_status(
    project: Project,
    session_id: int,
    theme_id: int,
    status: str,
    merged_into: int | None = None,
    actor: str | None = None,
) -> tuple[str, int | None]:
    """Mark a session theme (open, bevestigd, samengevoegd with ``merged_into``, terzijde); returns the
    previous (status, merged_into), for undo."""
    with project.write() as s:
        roles.require_session(s, actor, session_id)
        return store.set_theme_status(s, session_id, theme_id, status, merged_into)


def add_duiding(
    project: Project,
    session_id: int,
    author: str,
    text: str,
    theme_id: int | None = None,
    prompt: str = "",
    segment_ids: Sequence[int] = (),
    kind: str = store.KIND_DUIDING,
    pseudonymise: bool = True,
    actor: str | None = None,
) -> int:
    """Record what ``author`` said (a duiding on a theme, or a take-away with ``kind`` meenemen).

    What was said may name a respondent or a neighbour: pseudonymised before the write, unless the caller
    already did (``pseudonymise=False``: the TUI does it while the user types). Returns the new id."""
    if pseudonymise:
        (text,) = pseudonymised(project, text)
    with project.write() as s:
        roles.require_session(s, actor, session_id)
        return store.add_duiding(
            s,
            session_id,
            author,
            text or "",
            theme_id=theme_id,
            prompt=prompt,
            segment_ids=segment_ids,
            kind=kind,
        )


def edit_duiding(
    project: Project,
    duiding_id: int,
    author: str,
    text: str,
    prompt: str | None = None,
    segment_ids: Sequence[int] | None = None,
    by: str = "",
    pseudonymise: bool = True,
    actor: str | None = None,
) -> None:
    """Change what a contribution says (and who said it, at which prompt, pointing at which fragments);
    the session's history keeps the earlier text. Refused when the session is closed."""
    if pseudonymise:
        (text,) = pseudonymised(project, text)
    with project.write() as s:
        roles.require_session(s, actor or by, role_store.session_of_duiding(s, duiding_id))
        session_edits.edit_duiding(
            s, duiding_id, author, text or "", prompt=prompt, segment_ids=segment_ids, by=by
        )


def remove_duiding(project: Project, duiding_id: int, by: str = "", actor: str | None = None) -> None:
    """Remove a contribution on purpose; the session's history keeps that it was said and removed."""
    with project.write() as s:
        roles.require_session(s, actor or by, role_store.session_of_duiding(s, duiding_id))
        session_edits.remove_duiding(s, duiding_id, by=by)


def delete_duiding(project: Project, duiding_id: int, actor: str | None = None) -> None:
    """Remove a contribution (the undo of :func:`add_duiding`)."""
    with project.write() as s:
        roles.require_session(s, actor, role_store.session_of_duiding(s, duiding_id))
        store.delete_duiding(s, duiding_id)
