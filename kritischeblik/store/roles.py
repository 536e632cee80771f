"""Who has which role in a project (codeur, lezer, beheerder), kept in the ``meta`` table without a schema
change: one row per person, key ``role:<name key>`` (the coder name rule of :func:`store.codings.coder_key`:
case and spaces do not count), value JSON ``{"name": as first written, "role": ...}``.

Who is acting comes from here too (:func:`current_actor`): on SQLite there is no login, so it is the name
the shell runs as (``claimed``); on PostgreSQL it will be the database login (``current_user``), which the
database itself enforces with grants and row-level security. The rules of who may do what live in
``services/roles.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import Role
from .codings import coder_key, interview_layers
from .schema import Duiding, Meta, Segment

ROLE_META_PREFIX = "role:"
"""Meta key prefix: ``role:<coder_key(name)>`` holds one person's role."""
SESSION_LEADER_META_PREFIX = "session_leader:"
"""Meta key prefix: ``session_leader:<session id>`` holds the name of the person who leads the session."""


@dataclass(frozen=True)
class RoleEntry:
    name: str
    """the person's name as first written"""
    role: Role


def _key(name: str) -> str:
    return ROLE_META_PREFIX + coder_key(name)


def _entry(row: Meta) -> RoleEntry | None:
    try:
        data = json.loads(row.value)
        return RoleEntry(str(data["name"]), Role(data["role"]))
    except (ValueError, KeyError, TypeError):
        return None  # a damaged row grants nothing


def all_roles(session: Session) -> list[RoleEntry]:
    """Everyone with a role, by name (case-insensitive order)."""
    rows = session.scalars(select(Meta).where(Meta.key.startswith(ROLE_META_PREFIX, autoescape=True)))
    found = [e for e in (_entry(r) for r in rows) if e is not None]
    return sorted(found, key=lambda e: coder_key(e.name))


def has_roles(session: Session) -> bool:
    """Whether roles are switched on: a project without any role lets everyone do everything (as before).
    Asked before every write: one indexed lookup on the meta table's key."""
    query = select(Meta.key).where(Meta.key.startswith(ROLE_META_PREFIX, autoescape=True)).limit(1)
    return session.scalar(query) is not None


def role_of(session: Session, name: str | None) -> RoleEntry | None:
    """The role of ``name`` (matched case-insensitively and trimmed), or None."""
    if not name or not coder_key(name):
        return None
    row = session.get(Meta, _key(name))
    return _entry(row) if row is not None else None


def set_role(session: Session, name: str, role: Role) -> RoleEntry:
    """Give ``name`` ``role``; a person who has a role keeps the name as first written."""
    clean = " ".join(name.split())
    known = role_of(session, clean)
    entry = RoleEntry(known.name if known is not None else clean, Role(role))
    value = json.dumps({"name": entry.name, "role": str(entry.role)}, ensure_ascii=False)
    session.merge(Meta(key=_key(clean), value=value))
    session.flush()
    _enforce(session, clean, entry.role)
    return entry


def remove_role(session: Session, name: str) -> RoleEntry | None:
    """Take ``name``'s role away; returns what it was (None: they had none)."""
    row = session.get(Meta, _key(name))
    if row is None:
        return None
    entry = _entry(row)
    session.delete(row)
    session.flush()
    _enforce(session, name, None)
    return entry


def _enforce(session: Session, name: str, role: Role | None) -> None:
    """On PostgreSQL the database enforces the roles too (``store/pg_grants.py``): make sure the project's
    groups, grants and policies are in place, and make the login a member of ``role``'s group only, in the
    same transaction as the meta row (a refusal leaves both unchanged)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    from . import pg_grants

    pg_grants.enforce_role(conn, name, role)


def database_script(session: Session) -> str:
    """The SQL script a database administrator runs to set up this PostgreSQL project's database roles and
    the memberships of everyone with a role (``store/pg_grants.py``)."""
    from ..errors import KBError
    from . import pg_grants

    conn = session.connection()
    if conn.dialect.name != "postgresql":
        raise KBError(
            "Dit is een SQLite-project: daar zijn geen databaserollen. De rechten op het projectbestand en zijn "
            "map bepalen wie het kan lezen en wijzigen."
        )
    members = []
    for entry in all_roles(session):
        login = pg_grants.find_login(conn, entry.name)
        members.append((login or entry.name, entry.role))
    return pg_grants.script(conn, members)


def without_database_group(session: Session) -> list[str] | None:
    """PostgreSQL: the people with a role whose login cannot use the project, as they are in no database
    group (``pg_grants.without_group``); None on SQLite, where there are no logins."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return None
    from . import pg_grants

    return pg_grants.without_group(conn, [(e.name, e.role) for e in all_roles(session)])


def current_actor(session: Session, claimed: str | None) -> str | None:
    """Who is acting in this transaction. On PostgreSQL the database login, whatever the shell claims (the
    database enforces the same rules with grants and row-level security); on SQLite, without logins, the
    name the shell runs as (trimmed; None when it gave none)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        return str(session.execute(text("SELECT current_user")).scalar_one())
    clean = " ".join((claimed or "").split())
    return clean or None


def session_leader(session: Session, session_id: int) -> str | None:
    """The person who leads duidingssessie ``session_id`` (None: not recorded, e.g. made before roles)."""
    row = session.get(Meta, f"{SESSION_LEADER_META_PREFIX}{session_id}")
    return row.value if row is not None else None


def set_session_leader(session: Session, session_id: int, name: str) -> None:
    session.merge(Meta(key=f"{SESSION_LEADER_META_PREFIX}{session_id}", value=" ".join(name.split())))


def interviews_of(session: Session, segment_ids: list[int]) -> set[str]:
    """The interviews the fragments ``segment_ids`` belong to."""
    if not segment_ids:
        return set()
    return set(session.scalars(select(Segment.interview_id).where(Segment.id.in_(segment_ids)).distinct()))


def has_coded(session: Session, name: str, interview_id: str) -> bool:
    """Whether ``name`` holds a coding of their own in ``interview_id``."""
    return any(coder_key(layer) == coder_key(name) for layer in interview_layers(session, interview_id))


def session_of_duiding(session: Session, duiding_id: int) -> int | None:
    """The session a contribution belongs to (None: no such contribution; the write then says so)."""
    return session.scalar(select(Duiding.session_id).where(Duiding.id == duiding_id))
