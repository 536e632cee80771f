"""A whole project as plain rows, and the inserts that bring rows of another project in (``kb merge``).

Rows are dicts keyed by column name, read with SQLAlchemy Core so that nothing here depends on the database
engine. The merge service decides what "the same" means (natural keys, never database ids, which differ
between projects); this module only reads and writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, func, insert, select, update
from sqlalchemy.orm import Session

from . import keys
from .interviews import SEGMENT_ID_HIGH, next_segment_id
from .schema import (
    CodebookRow,
    Coder,
    CodeRow,
    CoderScore,
    Coding,
    CodingEvent,
    Duiding,
    DuidingSession,
    Interview,
    Meta,
    PrincipleChoice,
    PrincipleScore,
    PrincipleSuggestion,
    Researcher,
    ScoreEvent,
    Segment,
    SegmentEvent,
    SegmentVector,
    SessionTheme,
    Theme,
    ThemeMember,
    ThemeSet,
    TurnRow,
)

TABLES = {
    t.__tablename__: t
    for t in (
        CodebookRow,
        CodeRow,
        Coder,
        Researcher,
        Interview,
        TurnRow,
        Segment,
        SegmentVector,
        Coding,
        CodingEvent,
        PrincipleScore,
        PrincipleChoice,
        PrincipleSuggestion,
        CoderScore,
        ScoreEvent,
        SegmentEvent,
        ThemeSet,
        Theme,
        ThemeMember,
        DuidingSession,
        SessionTheme,
        Duiding,
    )
}
"""Every table a merge reads and writes, by name (the names the migrations gave them)."""

SESSION_META_PREFIXES = ("session_history:", "session_basis:", "session_leader:")
"""Meta rows that belong to one duidingssessie (its id follows the colon)."""

_BATCH = 5_000


@dataclass
class ProjectRows:
    """Every row of a project that a merge considers, table by table, plus what the meta table says."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    session_meta: dict[str, str] = field(default_factory=dict)
    """meta rows of sessions (``session_history:<id>``, ``session_basis:<id>``)"""
    project_uuid: str | None = None
    key_check: str | None = None
    """the check value of the key behind researcher pseudonyms (reveals nothing of the key)"""
    unpseudonymised: bool = False

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.get(table, [])


def read_rows(session: Session, with_vectors: bool = True) -> ProjectRows:
    """Every row of the merge's tables (sentence vectors only when ``with_vectors``), ordered by id."""
    out = ProjectRows()
    for name, table in TABLES.items():
        if name == "segment_vectors" and not with_vectors:
            continue
        t = table.__table__
        order = list(t.primary_key.columns)
        out.tables[name] = [dict(r) for r in session.execute(select(t).order_by(*order)).mappings()]
    for row in session.scalars(select(Meta)):
        if row.key.startswith(SESSION_META_PREFIXES):
            out.session_meta[row.key] = row.value
        elif row.key == keys.UUID_META:
            out.project_uuid = row.value
        elif row.key == keys.CHECK_META:
            out.key_check = row.value
        elif row.key == "unpseudonymised":
            out.unpseudonymised = row.value == "1"
    return out


def insert_rows(session: Session, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` into ``table`` and return their new ids in the order given (for tables with an integer
    id the database assigns); rows that carry their own id keep it."""
    if not rows:
        return []
    t = TABLES[table].__table__
    if "id" not in t.c or not isinstance(t.c.id.type, Integer):
        for i in range(0, len(rows), _BATCH):
            session.execute(insert(t), list(rows[i : i + _BATCH]))
        return []
    ids: list[int] = []
    for i in range(0, len(rows), _BATCH):
        result = session.execute(
            insert(t).returning(t.c.id, sort_by_parameter_order=True), list(rows[i : i + _BATCH])
        )
        ids.extend(r[0] for r in result)
    return ids


def next_turn_id(session: Session) -> int:
    return (session.scalar(select(func.max(TurnRow.id))) or 0) + 1


def reserve_segment_ids(session: Session, n: int) -> int:
    """The first of ``n`` new segment ids (they follow in order); the high-water mark moves past them, so a
    history that names a segment id never gets a second fragment under it."""
    first = next_segment_id(session)
    if n:
        session.merge(Meta(key=SEGMENT_ID_HIGH, value=str(first + n - 1)))
    return first


def update_rows(session: Session, table: str, changes: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Set columns of rows given by id: ``(id, {column: value})`` pairs."""
    t = TABLES[table].__table__
    for row_id, values in changes:
        session.execute(update(t).where(t.c.id == row_id).values(**values))


def set_meta(session: Session, values: dict[str, str]) -> None:
    for key, value in values.items():
        session.merge(Meta(key=key, value=value))
