"""Schema objects the project did not create: refused on open and restore, reported by ``kb check``.

A project file is a SQLite database that anyone can edit. A trigger added to it runs inside the tool's own
writes (one that blanked ``interviews.text`` on every write passed restore and check before this module), and
a view, an extra index on an expression or a changed table definition (a DEFAULT, CHECK or generated column)
can do the same kind of thing. The schema a project may hold is exactly what the migrations up to its version
create; it is built once per process by replaying them on an in-memory database, so the check itself is one
read of ``sqlite_master``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from .migrations import NUMBERED_LATEST

SCHEMA_QUERY = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"

# SQLite's own bookkeeping: ANALYZE statistics, AUTOINCREMENT counters and the indexes behind UNIQUE and
# PRIMARY KEY constraints (those have no SQL of their own).
_INTERNAL_TABLES = {"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"}

TYPE_NAMES = {"table": "tabel", "index": "index", "trigger": "trigger", "view": "view"}


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    table: str
    sql: str | None


@dataclass(frozen=True)
class SchemaDeviation:
    kind: str
    """``vreemd`` (not made by the project), ``gewijzigd`` (same name, other definition) or ``ontbreekt``."""
    obj: SchemaObject

    def describe(self) -> str:
        what = f"{TYPE_NAMES.get(self.obj.type, shown(self.obj.type))} '{shown(self.obj.name)}'"
        if self.obj.type in {"index", "trigger"} and self.obj.table:
            what += f" op tabel '{shown(self.obj.table)}'"
        return {
            "vreemd": f"{what} is niet door Kritische Blik gemaakt",
            "gewijzigd": f"{what} wijkt af van de definitie die Kritische Blik maakte",
            "ontbreekt": f"{what} ontbreekt",
        }[self.kind]


def shown(name: str, limit: int = 60) -> str:
    """An object name as it may be printed: control characters escaped, long names cut."""
    clean = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(name))
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def normalise_sql(sql: str | None) -> str:
    """Layout-free SQL: whitespace runs and the spaces around brackets and commas do not change meaning
    (and SQLite's ALTER TABLE ADD COLUMN edits the stored text), anything else does. Two more things do not
    change a table's meaning and differ between SQLAlchemy's ``CREATE TABLE`` and an ``ADD COLUMN``: the order
    of the table constraints, and ``DEFAULT x NOT NULL`` against ``NOT NULL DEFAULT x``."""
    if sql is None:
        return ""
    flat = re.sub(r"\s*([(),])\s*", r"\1", " ".join(sql.split()))
    flat = re.sub(r"DEFAULT ('[^']*'|[\w.+-]+) NOT NULL\b", r"NOT NULL DEFAULT \1", flat)
    return _constraints_sorted(flat)


_TABLE_CONSTRAINT = re.compile(r"(CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)\b", re.IGNORECASE)


def _constraints_sorted(flat: str) -> str:
    """A ``CREATE TABLE`` with its columns in order and its table constraints sorted after them."""
    head, bracket, body = flat.partition("(")
    if not head.upper().startswith("CREATE TABLE") or not bracket or not body.endswith(")"):
        return flat
    items = _top_level_items(body[:-1])
    if items is None:
        return flat
    columns = [i for i in items if not _TABLE_CONSTRAINT.match(i)]
    constraints = sorted(i for i in items if _TABLE_CONSTRAINT.match(i))
    return f"{head}({','.join(columns + constraints)})"


def _top_level_items(body: str) -> list[str] | None:
    """``body`` split at the commas outside brackets and quotes; None when it does not balance."""
    items, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(body):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"`[":
            quote = "]" if c == "[" else c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "," and depth == 0:
            items.append(body[start:i])
            start = i + 1
    if depth or quote:
        return None
    return [*items, body[start:]]


def _ignored(obj: SchemaObject) -> bool:
    if obj.type == "table" and obj.name in _INTERNAL_TABLES:
        return True
    return obj.type == "index" and obj.name.startswith("sqlite_autoindex_") and obj.sql is None


def objects_from_rows(rows: Iterable[tuple]) -> list[SchemaObject]:
    return [SchemaObject(str(t), str(n), str(tb or ""), s) for t, n, tb, s in rows]


def read_objects(con: sqlite3.Connection) -> list[SchemaObject]:
    return objects_from_rows(con.execute(SCHEMA_QUERY).fetchall())


SHIPPED_FILE = "expected_schema.json"
"""The expected objects of the latest version, as built by :func:`built_objects` (package data): building them
runs every migration and Alembic on an in-memory database, which cost each command and the TUI about half a
second at start. ``python -m kritischeblik.store.schema_check`` writes it; a test checks it against a build."""


def built_objects(version: int) -> dict[tuple[str, str], tuple[SchemaObject, ...]]:
    """What the migrations up to ``version`` create, by (type, name): every shape of its SQL text that
    Kritische Blik itself writes. From version 10 on there are two: a project made new by the Alembic
    revisions, and one that came through the numbered migrations and was then stamped (``ALTER TABLE ADD
    COLUMN`` leaves another text than ``CREATE TABLE`` with that column)."""
    from .schema_versions import build

    found: dict[tuple[str, str], tuple[SchemaObject, ...]] = {}
    for numbered_path in (False, True) if version > NUMBERED_LATEST else (False,):
        engine = create_engine("sqlite://")
        try:
            with engine.begin() as conn:
                build(conn, version, numbered_path=numbered_path)
                rows = conn.exec_driver_sql(SCHEMA_QUERY).all()
        finally:
            engine.dispose()
        for o in objects_from_rows(rows):
            if not _ignored(o):
                found[(o.type, o.name)] = (*found.get((o.type, o.name), ()), o)
    return found


def _shipped(version: int) -> dict[tuple[str, str], tuple[SchemaObject, ...]] | None:
    try:
        data = json.loads((resources.files(__package__) / SHIPPED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != version:
        return None
    found: dict[tuple[str, str], tuple[SchemaObject, ...]] = {}
    for o in data["objects"]:
        obj = SchemaObject(o["type"], o["name"], o["table"], o["sql"])
        found[(obj.type, obj.name)] = (*found.get((obj.type, obj.name), ()), obj)
    return found


def shipped_json(version: int) -> str:
    objects = [o for shapes in built_objects(version).values() for o in shapes]
    rows = [{"type": o.type, "name": o.name, "table": o.table, "sql": o.sql} for o in objects]
    return json.dumps({"version": version, "objects": rows}, ensure_ascii=False, indent=1) + "\n"


@cache
def expected_objects(version: int) -> dict[tuple[str, str], tuple[SchemaObject, ...]]:
    """:func:`built_objects`, from the shipped file for the latest version."""
    return _shipped(version) or built_objects(version)


def _matches(want: SchemaObject, obj: SchemaObject) -> bool:
    return want.table == obj.table and normalise_sql(want.sql) == normalise_sql(obj.sql)


def deviations(actual: Iterable[SchemaObject], version: int, missing: bool = True) -> list[SchemaDeviation]:
    """Objects that are foreign or changed (and, with ``missing``, expected objects that are absent)."""
    expected = expected_objects(version)
    found: list[SchemaDeviation] = []
    seen: set[tuple[str, str]] = set()
    for obj in actual:
        if _ignored(obj):
            continue
        key = (obj.type, obj.name)
        seen.add(key)
        shapes = expected.get(key)
        if shapes is None:
            found.append(SchemaDeviation("vreemd", obj))
        elif not any(_matches(want, obj) for want in shapes):
            found.append(SchemaDeviation("gewijzigd", obj))
    if missing:
        found.extend(
            SchemaDeviation("ontbreekt", shapes[0]) for key, shapes in expected.items() if key not in seen
        )
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    found.sort(key=lambda d: (d.kind == "ontbreekt", order.get(d.obj.type, 9), d.obj.name))
    return found


def summary(found: list[SchemaDeviation], limit: int = 8) -> str:
    parts = [d.describe() for d in found[:limit]]
    if len(found) > limit:
        parts.append(f"en nog {len(found) - limit}")
    return "; ".join(parts)


def schema_problems(session: Session) -> list[str]:
    """Every deviation from the schema of the project's version, missing objects included (``kb check``)."""
    row = session.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        return [f"schemaversie {shown(row[0])!r} in de tabel meta is geen getal"]
    objects = objects_from_rows(session.execute(text(SCHEMA_QUERY)).all())
    return [d.describe() for d in deviations(objects, version)]


if __name__ == "__main__":
    from pathlib import Path

    from .schema_versions import LATEST

    target = Path(__file__).with_name(SHIPPED_FILE)
    target.write_text(shipped_json(LATEST), encoding="utf-8")
    print(f"{target}: verwachte schema-objecten van versie {LATEST} geschreven")
