"""Opening a project file: engine set-up (WAL, busy timeout, foreign keys), migrations, transactions.

Every command writes inside exactly one ``Project.write()`` transaction, so a failure or a kill leaves the
project as it was before the command.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import KBError
from . import keys
from .migrations import LATEST, all_migrations
from .schema import Meta

BUSY_TIMEOUT_S = 30.0
DEFAULT_PROJECT = "kritischeblik.kb"


class ProjectError(KBError):
    pass


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_project_path() -> Path:
    return Path(os.environ.get("KB_PROJECT") or DEFAULT_PROJECT)


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # pysqlite's own implicit BEGIN handling defers locks badly; we emit BEGIN ourselves below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        # Writers take the write lock up front: a deferred transaction that upgrades later can fail with
        # "database is locked" immediately, whereas BEGIN IMMEDIATE waits for the busy timeout.
        mode = conn.get_execution_options().get("kb_mode")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")

    return engine


class Project:
    """A project file on disk. Use ``Project.create`` for a new one and ``Project.open`` otherwise."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(kb_mode="write"), expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> Project:
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path}: bestaat al; kies een andere naam of open het bestaande project")
        path.parent.mkdir(parents=True, exist_ok=True)
        project = cls(path, _make_engine(path))
        project_uuid, key = str(uuid.uuid4()), None
        try:
            with project.write() as s:
                conn = s.connection()
                for m in all_migrations():
                    m.upgrade(conn)
                # The key for researcher pseudonyms goes to the user's key folder, never into the project.
                keys.save(project_uuid, new_key := keys.new_key())
                key = new_key
                s.add_all(
                    [
                        Meta(key="schema_version", value=str(LATEST)),
                        Meta(key="created_at", value=now()),
                        Meta(key=keys.UUID_META, value=project_uuid),
                        Meta(key=keys.CHECK_META, value=keys.check_value(new_key)),
                    ]
                )
        except Exception:
            project.close()
            path.unlink(missing_ok=True)
            if key is not None:  # only a key this call wrote: the uuid is new
                keys.key_path(project_uuid).unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: str | Path, migrate: bool = True) -> Project:
        path = Path(path)
        if not path.exists():
            raise ProjectError(
                f"{path}: project bestaat niet. Maak het aan met 'kb init -p {path}' of kies een ander "
                "project met -p/--project of $KB_PROJECT."
            )
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00":
            raise ProjectError(f"{path}: dit is geen Kritische Blik-project (geen SQLite-bestand)")
        project = cls(path, _make_engine(path))
        try:
            version = project.schema_version()
        except OperationalError as e:
            project.close()
            raise ProjectError(f"{path}: kan project niet lezen: {e.orig}") from None
        if version > LATEST:
            project.close()
            raise ProjectError(
                f"{path}: schemaversie {version} is nieuwer dan deze versie van kritischeblik ondersteunt "
                f"({LATEST}); werk kritischeblik bij"
            )
        if version < LATEST and migrate:
            project.migrate()
        return project

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            has_meta = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'")
            ).first()
            if not has_meta:
                raise ProjectError(f"{self.path}: dit is geen Kritische Blik-project (tabel 'meta' ontbreekt)")
            row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
            return int(row[0]) if row else 0

    def migrate(self) -> list[int]:
        """Apply pending migrations in one transaction; returns the versions applied."""
        applied: list[int] = []
        scrub = False
        with self.write() as s:
            current = int(s.get(Meta, "schema_version").value)
            conn = s.connection()
            for m in all_migrations():
                if m.version > current:
                    m.upgrade(conn)
                    applied.append(m.version)
                    scrub = scrub or m.scrub
            s.merge(Meta(key="schema_version", value=str(LATEST)))
        if scrub:
            self.scrub()
        return applied

    def scrub(self) -> None:
        """Rewrite the file so that nothing deleted survives in free pages, free space or the WAL (a migration
        that removed a secret asks for this; VACUUM cannot run inside the migration's transaction)."""
        raw = self.engine.raw_connection()  # outside SQLAlchemy's transaction: VACUUM refuses to run in one
        try:
            cur = raw.cursor()
            for statement in ("PRAGMA secure_delete=ON", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                cur.execute(statement)
            cur.close()
        finally:
            raw.close()

    # -- transactions ----------------------------------------------------------------------------
    @contextmanager
    def write(self, retries: int = 3) -> Iterator[Session]:
        """One write transaction: commit on success, roll back on any error."""
        session = self._write()
        try:
            _begin_with_retry(session, retries)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._read()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    # -- meta ------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else default

    def meta(self) -> dict[str, str]:
        with self.read() as s:
            return {m.key: m.value for m in s.scalars(select(Meta))}


def _begin_with_retry(session: Session, retries: int) -> None:
    """Start the transaction, retrying if another process holds the write lock beyond the busy timeout."""
    for attempt in range(retries + 1):
        try:
            session.connection()
            return
        except OperationalError as e:
            if "locked" not in str(e.orig).lower() or attempt == retries:
                if "locked" in str(e.orig).lower():
                    raise ProjectError(
                        "Het project is bezet door een ander proces (schrijfvergrendeling). Probeer het zo opnieuw."
                    ) from None
                raise
            session.rollback()
            time.sleep(0.2 * (attempt + 1))
