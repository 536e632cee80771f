"""A whole project copied into a new one, between SQLite and PostgreSQL in either direction, without loss.

Every table of the schema is copied row for row, with its ids, in the order of its foreign keys, inside the
new project's one write transaction (so a failed copy leaves no half project); ``meta`` comes over as it is,
so the copy keeps the project's uuid and with it the researcher key (the key file is looked up by uuid,
outside the project). On PostgreSQL the id sequences are set past the copied ids afterwards, or the next
insert would collide with a copied row. ``content`` gives each table's rows in key order, to compare
a copy with its source.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Integer, Table, func, insert, select, text
from sqlalchemy.engine import Connection

from . import keys, pg_grants, roles
from .db import Project
from .location import ProjectLocation
from .schema import Base, Meta
from .schema_versions import LATEST

_BATCH = 2_000


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _rows(conn: Connection, table: Table) -> Iterator[list[dict]]:
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for part in result.mappings().partitions(_BATCH):
        yield [dict(row) for row in part]


def copy_project(source: Project, target: ProjectLocation) -> dict[str, int]:
    """Make a new project at ``target`` holding everything ``source`` holds; returns rows per table."""
    if source.schema_version() != LATEST:
        raise ValueError("the source must be at the latest schema version (open it with migration)")
    made = Project.create(target)
    made_uuid = made.get_meta(keys.UUID_META)
    counts: dict[str, int] = {}
    try:
        with source.read() as src, made.write() as dst:
            dst.query(Meta).delete()  # the source's own meta (uuid, key check, settings) comes instead
            dst.flush()
            conn, from_conn = dst.connection(), src.connection()
            for table in _tables():
                counts[table.name] = 0
                for batch in _rows(from_conn, table):
                    conn.execute(insert(table), batch)
                    counts[table.name] += len(batch)
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn)
                # the roles come over as meta rows; the database enforces them for the logins it knows
                pg_grants.sync(conn, [(e.name, e.role) for e in roles.all_roles(dst)])
    except BaseException:
        made.remove_new()
        raise
    finally:
        made.close()
        if made_uuid and made_uuid != source.get_meta(keys.UUID_META):
            keys.key_path(made_uuid).unlink(missing_ok=True)  # the copy uses the source's key
    return counts


def _advance_sequences(conn: Connection) -> None:
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer) or key[0].autoincrement is False:
            continue
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key[0].name}
        ).scalar()
        if sequence is None:
            continue
        highest = conn.execute(select(func.max(key[0]))).scalar()
        conn.execute(
            text("SELECT setval(:s, :v, :called)"),
            {"s": sequence, "v": highest or 1, "called": highest is not None},
        )


def content(project: Project) -> dict[str, list[tuple]]:
    """Every table's rows in key order, values as Python sees them (to compare two projects)."""
    out: dict[str, list[tuple]] = {}
    with project.read() as s:
        conn = s.connection()
        for table in _tables():
            out[table.name] = [
                tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
    return out
