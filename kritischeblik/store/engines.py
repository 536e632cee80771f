"""The engine of a project, per database: SQLite (a file, the default) or PostgreSQL (a server).

Both give the same promise to the code above: a ``write()`` transaction holds the project's one write lock from
its first statement to its commit, and a ``read()`` transaction sees one consistent state.

- SQLite: WAL (readers never wait for the writer), ``BEGIN IMMEDIATE`` for writers (the lock is taken up
  front; a deferred transaction that upgrades later fails with "database is locked" at once).
- PostgreSQL: every write transaction first takes one transaction-scoped advisory lock
  (``pg_advisory_xact_lock``), so writers run one at a time as on SQLite; the lock ends with the transaction,
  also when the client dies. Why not only row locks or SERIALIZABLE: the use cases read, decide and write in
  one transaction and rely on seeing every earlier commit (the ``--versie`` check of a coding compares with
  what is stored). Under READ COMMITTED without the lock two coders can both read version 3 and both write
  version 4 (a lost update); under SERIALIZABLE one of them fails with a serialisation error that every
  use case would have to retry. The lock makes the check-then-write exact, costs one round trip, and the
  writes are short (slow work happens before the transaction). Readers use REPEATABLE READ: one snapshot for
  the whole read, like a SQLite read transaction. A read-only project sets ``default_transaction_read_only``
  for the connection, so the server itself refuses any write.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from .location import DatabaseUrl

BUSY_TIMEOUT_S = 30.0

WRITE_LOCK_KEY = 0x6B625F7772697465  # "kb_write": the project's one write lock (per database)


def sqlite_engine(path: object, uri: str | None = None) -> Engine:
    """An engine on the file ``path``; with ``uri`` (a read-only ``file:`` URI) nothing is ever written."""
    if uri is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        )
    else:
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False),
            poolclass=QueuePool,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # pysqlite's own implicit BEGIN handling defers locks badly; we emit BEGIN ourselves below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if uri is None:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        # Functions with side effects may not run from the schema (views, triggers, defaults); the schema
        # check refuses foreign objects, this also covers what slips past it.
        cur.execute("PRAGMA trusted_schema=OFF")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        mode = conn.get_execution_options().get("kb_mode")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")

    return engine


def postgres_engine(location: DatabaseUrl, read_only: bool = False) -> Engine:
    """An engine on the PostgreSQL database of ``location``; libpq finds the password (PGPASSWORD, ~/.pgpass,
    a service file). ``read_only``: the server refuses every write on these connections."""
    options = f"-c lock_timeout={int(BUSY_TIMEOUT_S * 1000)}"
    if read_only:
        options += " -c default_transaction_read_only=on"
    engine = create_engine(
        location.url,
        connect_args={"options": options, "application_name": "kritischeblik"},
        pool_pre_ping=True,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        if conn.get_execution_options().get("kb_mode") == "write":
            # lock_timeout bounds the wait like SQLite's busy timeout; the lock goes with the transaction.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    return engine


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another process holds the write lock beyond the waiting time."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, sqlite3.OperationalError):
        return "locked" in str(orig).lower()
    return getattr(orig, "sqlstate", None) == "55P03"  # lock_not_available (lock_timeout)
