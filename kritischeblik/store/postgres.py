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

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from ..errors import Hint
from .access import ProjectError, ReadOnly
from .location import DatabaseUrl
from .schema_check import SchemaDeviation, SchemaObject, expected_objects

_TRIGGERS = """
SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
"""
_RULES = "SELECT rulename, tablename FROM pg_rules WHERE schemaname = current_schema()"
_SEQUENCE_DEFAULT = re.compile(r"^nextval\('(?:\"?[\w]+\"?\.)?\"?(\w+)_(\w+)_seq\"?'::regclass\)$")
_TRUE_DEFAULTS = {"true", "1"}


def connect_error(location: DatabaseUrl, exc: BaseException) -> ProjectError:
    """Cannot reach the database or log in: libpq's reason (it never holds the password)."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return ProjectError(
        f"{location}: kan geen verbinding maken met de PostgreSQL-database ({reason}). Het wachtwoord komt uit "
        "PGPASSWORD, ~/.pgpass of een servicebestand."
    )


def has_tables(conn: Connection) -> list[str]:
    return sorted(inspect(conn).get_table_names())


def read_version(conn: Connection, location: DatabaseUrl) -> int:
    if "meta" not in inspect(conn).get_table_names():
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

    def foreign(kind: str, name: str, table: str = "") -> None:
        found.append(SchemaDeviation("vreemd", SchemaObject(kind, name, table, None)))

    insp = inspect(conn)
    for view in [*insp.get_view_names(), *insp.get_materialized_view_names()]:
        foreign("view", view)
    for name, table in conn.execute(text(_TRIGGERS)).all():
        foreign("trigger", name, table)
    for name, table in conn.execute(text(_RULES)).all():
        if name != "_RETURN":  # every view has this one
            foreign("regel", name, table)
    for table in insp.get_table_names():
        if table not in tables:
            foreign("table", table)
            continue
        for index in insp.get_indexes(table):
            if index["name"] not in indexes and not index.get("duplicates_constraint"):
                foreign("index", index["name"], table)
        for check in insp.get_check_constraints(table):
            foreign("check", check["name"], table)
        for column in insp.get_columns(table):
            if column.get("computed") or not _own_default(table, column):
                found.append(SchemaDeviation("gewijzigd", SchemaObject("table", table, table, None)))
                break
    if missing:
        present = set(insp.get_table_names())
        found.extend(
            SchemaDeviation("ontbreekt", SchemaObject("table", t, t, None)) for t in sorted(tables - present)
        )
    return found


def schema_problems(conn: Connection) -> list[str]:
    """What ``kb check`` reports about the schema of a PostgreSQL project (``schema_check.schema_problems``
    for SQLite)."""
    row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        return [f"schemaversie {row[0]!r} in de tabel meta is geen getal"]
    return [d.describe() for d in deviations(conn, version, missing=True)]


def _own_default(table: str, column: dict) -> bool:
    default = column.get("default")
    if default is None:
        return True
    if str(default).lower() in _TRUE_DEFAULTS:
        return (table, column["name"]) == ("principle_suggestions", "pseudonymised")
    seq = _SEQUENCE_DEFAULT.match(str(default))
    return (
        bool(seq)
        and column.get("autoincrement", True)
        and f"{table}_{column['name']}" == "_".join(seq.groups())
    )


def drop_new_project(engine: Engine, version: int) -> None:
    """Remove the tables a failed ``kb init`` just made (the database itself belongs to its administrator)."""
    tables = [name for kind, name in expected_objects(version) if kind == "table"]
    with engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        for table in tables:
            if table in present:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')


def storage_error(location: DatabaseUrl, exc: BaseException) -> ProjectError | None:
    """The Dutch error for a write the server refused, or None when ``exc`` is something else."""
    if not isinstance(exc, DBAPIError):
        return None
    state = getattr(exc.orig, "sqlstate", None) or ""
    unchanged = "er is niets opgeslagen; het project is ongewijzigd."
    if state == "25006":  # read_only_sql_transaction
        return ReadOnly("de verbinding is alleen-lezen", "").error(location)  # type: ignore[arg-type]
    if state == "42501":  # insufficient_privilege
        return ProjectError(f"{location}: geen toestemming om dit te schrijven in de database; {unchanged}")
    if state in {"53100", "53200"}:  # disk_full, out_of_memory
        return ProjectError(f"{location}: de databaseserver heeft geen ruimte meer; {unchanged}")
    if isinstance(exc, OperationalError | ProgrammingError) and state.startswith("08"):  # connection lost
        return ProjectError(f"{location}: de verbinding met de database is verbroken; {unchanged}")
    return None
