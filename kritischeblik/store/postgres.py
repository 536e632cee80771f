"""What is particular to a project in a PostgreSQL database: is it one, is it empty, what does not belong in
its schema, and what a failed connection or write means in Dutch.

The schema check is the equivalent of ``schema_check`` for SQLite, read with SQLAlchemy's inspector and the
catalogue: a table, index, view, trigger, rule, check constraint or generated column that the revisions did not
create, and a column default other than the revisions' own (a DEFAULT can call a function), is refused on open.
What may be there is what the revisions up to the project's version create, by name: the same names on both
engines (the revisions are dialect-neutral), taken from the SQLite build of ``schema_check.expected_objects``.
Functions and roles are the database administrator's business and are not checked: whoever may create a
function in the database may do more than any check here could stop.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Hint
from .access import ProjectError, ReadOnly
from .location import DatabaseUrl
from .schema_check import SchemaDeviation, SchemaObject, expected_objects

# One catalogue query per kind of object, for the whole schema at once (the inspector's per-table queries
# made opening a project take 0.4 s).
_SCHEMA = "c.relnamespace = current_schema()::regnamespace"
_RELATIONS = (
    f"SELECT c.relname, c.relkind FROM pg_class c WHERE {_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
)
_TRIGGERS = f"""
SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND {_SCHEMA}
"""
_RULES = (
    "SELECT rulename, tablename FROM pg_rules WHERE schemaname = current_schema() AND rulename <> '_RETURN'"
)
_INDEXES = f"""
SELECT i.relname, c.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
WHERE {_SCHEMA} AND NOT EXISTS (
    SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u')
)
"""
_CHECKS = f"""
SELECT k.conname, c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'c' AND {_SCHEMA}
"""
_COLUMNS = """
SELECT table_name, column_name, column_default, is_generated = 'ALWAYS' OR is_identity = 'YES'
FROM information_schema.columns WHERE table_schema = current_schema()
"""
_TRUE_DEFAULTS = {"true", "1"}
_SEQUENCE_DEFAULT = re.compile(r"^nextval\('(?:\"?\w+\"?\.)?\"?(\w+)_seq\"?'::regclass\)$")


def connect_error(location: DatabaseUrl, exc: BaseException) -> ProjectError:
    """Cannot reach the database or log in: libpq's reason (it never holds the password)."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return ProjectError(
        f"{location}: kan geen verbinding maken met de PostgreSQL-database ({reason}). Het wachtwoord komt uit "
        "PGPASSWORD, ~/.pgpass of een servicebestand."
    )


def has_tables(conn: Connection) -> list[str]:
    return sorted(name for name, kind in conn.execute(text(_RELATIONS)).all() if kind in {"r", "p"})


def read_version(conn: Connection, location: DatabaseUrl) -> int:
    if conn.execute(text("SELECT to_regclass('meta')")).scalar() is None:
        raise ProjectError(
            f"{location}: deze database bevat geen Kritische Blik-project (tabel 'meta' ontbreekt).",
            hint=Hint.CREATE_PROJECT,
            path=location,
        )
    row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
    try:
        return int(row[0]) if row else 0
    except ValueError:
        raise ProjectError(f"{location}: schemaversie {row[0]!r} in de tabel meta is geen getal") from None


def deviations(conn: Connection, version: int, missing: bool = False) -> list[SchemaDeviation]:
    """Schema objects in the project's schema that its revisions did not create (see the module docstring);
    with ``missing`` also the tables it should have and has not."""
    expected = expected_objects(version)
    tables = {name for kind, name in expected if kind == "table"}
    indexes = {name for kind, name in expected if kind == "index"}
    found: list[SchemaDeviation] = []

    def add(kind: str, obj_type: str, name: str, table: str = "") -> None:
        found.append(SchemaDeviation(kind, SchemaObject(obj_type, name, table, None)))

    relations = conn.execute(text(_RELATIONS)).all()
    present = {name for name, kind in relations if kind in {"r", "p"}}
    for name, kind in relations:
        if kind not in {"r", "p"}:
            add("vreemd", "view" if kind in {"v", "m"} else "table", name)
        elif name not in tables:
            add("vreemd", "table", name)
    for name, table in conn.execute(text(_TRIGGERS)).all():
        add("vreemd", "trigger", name, table)
    for name, table in conn.execute(text(_RULES)).all():
        add("vreemd", "regel", name, table)
    for name, table in conn.execute(text(_INDEXES)).all():
        if name not in indexes:
            add("vreemd", "index", name, table)
    for name, table in conn.execute(text(_CHECKS)).all():
        add("vreemd", "check", name, table)
    changed = sorted(
        {
            table
            for table, column, default, generated in conn.execute(text(_COLUMNS)).all()
            if table in tables and (generated or not _own_default(table, column, default))
        }
    )
    for table in changed:
        add("gewijzigd", "table", table, table)
    if missing:
        for table in sorted(tables - present):
            add("ontbreekt", "table", table, table)
    return found


def _own_default(table: str, column: str, default: str | None) -> bool:
    """Only the revisions' own defaults: the id sequences of SERIAL keys and m0008's ``true``."""
    if default is None:
        return True
    if default.lower() in _TRUE_DEFAULTS:
        return (table, column) == ("principle_suggestions", "pseudonymised")
    seq = _SEQUENCE_DEFAULT.match(default)
    return bool(seq) and seq.group(1) == f"{table}_{column}"


def schema_problems(conn: Connection) -> list[str]:
    """What ``kb check`` reports about the schema of a PostgreSQL project (``schema_check.schema_problems``
    for SQLite)."""
    row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        return [f"schemaversie {row[0]!r} in de tabel meta is geen getal"]
    return [d.describe() for d in deviations(conn, version, missing=True)]


def drop_new_project(engine: Engine, version: int) -> None:
    """Remove the tables a failed ``kb init`` just made (the database itself belongs to its administrator)."""
    tables = [name for kind, name in expected_objects(version) if kind == "table"]
    with engine.begin() as conn:
        present = set(has_tables(conn))
        for table in tables:
            if table in present:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')


def storage_error(location: DatabaseUrl, exc: BaseException) -> ProjectError | None:
    """The Dutch error for a write the server refused, or None when ``exc`` is something else."""
    unchanged = "er is niets opgeslagen; het project is ongewijzigd."
    if isinstance(exc, StaleDataError):
        # Writers take turns (the advisory lock), so a row that vanished for an UPDATE or DELETE is one that
        # row-level security hides from this login (store/pg_grants.py): another person's layer or scores.
        return ProjectError(
            f"{location}: geen toestemming om dit te schrijven in de database (het hoort bij een ander); "
            f"{unchanged}"
        )
    if not isinstance(exc, DBAPIError):
        return None
    state = getattr(exc.orig, "sqlstate", None) or ""
    if state == "25006":  # read_only_sql_transaction
        return ReadOnly("de verbinding is alleen-lezen", "").error(location)  # type: ignore[arg-type]
    if state == "42501":  # insufficient_privilege
        return ProjectError(f"{location}: geen toestemming om dit te schrijven in de database; {unchanged}")
    if state in {"53100", "53200"}:  # disk_full, out_of_memory
        return ProjectError(f"{location}: de databaseserver heeft geen ruimte meer; {unchanged}")
    if isinstance(exc, OperationalError | ProgrammingError) and state.startswith("08"):  # connection lost
        return ProjectError(f"{location}: de verbinding met de database is verbroken; {unchanged}")
    return None
