"""Opening a project file: engine set-up (WAL, busy timeout, foreign keys), migrations, transactions.

Every command writes inside exactly one ``Project.write()`` transaction, so a failure or a kill leaves the
project as it was before the command. A project that cannot be written opens read-only (``store/access.py``);
one holding schema objects the migrations did not create is refused (``store/schema_check.py``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from ..errors import Hint
from ..safefiles import OutputError
from . import keys, schema_check
from .access import REQUESTED, ProjectError, ReadOnly, read_only_reason, read_only_uri, storage_error
from .migration_backup import MigrationBackup, write_backup
from .migrations import LATEST, Migration, all_migrations
from .schema import Meta

BUSY_TIMEOUT_S = 30.0
DEFAULT_PROJECT = "kritischeblik.kb"


__all__ = [
    "BUSY_TIMEOUT_S",
    "DEFAULT_PROJECT",
    "MigrationBackup",
    "Project",
    "ProjectError",
    "add_migration_listener",
    "default_project_path",
    "now",
]

_migration_listeners: list[Callable[[MigrationBackup], None]] = []


def add_migration_listener(listener: Callable[[MigrationBackup], None]) -> None:
    """Call ``listener`` whenever this process migrates a project on open: the store does not print, the
    shell that opened the project tells the user where the copy of the old project is. Added once."""
    if listener not in _migration_listeners:
        _migration_listeners.append(listener)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_project_path() -> Path:
    return Path(os.environ.get("KB_PROJECT") or DEFAULT_PROJECT)


def _make_engine(path: Path, uri: str | None = None) -> Engine:
    """An engine on ``path``; with ``uri`` (a read-only ``file:`` URI) nothing is ever written to the file."""
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
        # Writers take the write lock up front: a deferred transaction that upgrades later can fail with
        # "database is locked" immediately, whereas BEGIN IMMEDIATE waits for the busy timeout.
        mode = conn.get_execution_options().get("kb_mode")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")

    return engine


class Project:
    """A project file on disk. Use ``Project.create`` for a new one and ``Project.open`` otherwise."""

    def __init__(self, path: Path, engine: Engine, read_only: ReadOnly | None = None):
        self.path = path
        self.engine = engine
        self.read_only = read_only
        """Why this project cannot be written (None when it can); ``write()`` refuses with this reason."""
        self.schema_deviations: list[schema_check.SchemaDeviation] = []
        """Foreign or changed schema objects found on open (only ever non-empty with ``check_schema=False``)."""
        self.migration_backup: MigrationBackup | None = None
        """Set when opening migrated the project: the copy of it as it was (shells tell the user)."""
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(kb_mode="write"), expire_on_commit=False)

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> Project:
        path = Path(path)
        if os.path.lexists(path) and not path.is_file():
            # A device, fifo, folder or dangling link: never turned into (or removed as) a project file.
            raise ProjectError(
                f"{path}: is geen gewoon bestand; kies een bestandsnaam voor het nieuwe project"
            )
        if path.exists() and path.stat().st_size > 0:
            raise ProjectError(f"{path}: bestaat al; kies een andere naam of open het bestaande project")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ProjectError(f"{path.parent}: map kan niet worden gemaakt ({e.strerror})") from None
        existed = path.exists()
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
            if not existed:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            if key is not None:  # only a key this call wrote: the uuid is new
                keys.key_path(project_uuid).unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(
        cls, path: str | Path, migrate: bool = True, read_only: bool = False, check_schema: bool = True
    ) -> Project:
        """Open an existing project. A file or folder that cannot be written opens read-only, as does any
        project with ``read_only``. With ``check_schema`` (the default) a project holding schema objects its
        migrations did not create is refused; ``kb check`` opens with it off to report them (and never
        migrates such a project: the migration's own writes would run the foreign triggers)."""
        path = Path(path)
        if not path.exists():
            raise ProjectError(f"{path}: project bestaat niet.", hint=Hint.CREATE_PROJECT, path=path)
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
        except OSError as e:
            raise ProjectError(f"{path}: kan project niet lezen ({e.strerror})") from None
        if head and head != b"SQLite format 3\x00":
            raise ProjectError(f"{path}: dit is geen Kritische Blik-project (geen SQLite-bestand)")
        reason = REQUESTED if read_only else read_only_reason(path)
        uri = read_only_uri(path, BUSY_TIMEOUT_S, reason.nobody_writes) if reason else None
        project = cls(path, _make_engine(path, uri), read_only=reason)
        try:
            version, objects = project._inspect()
        except OperationalError as e:
            project.close()
            raise ProjectError(f"{path}: kan project niet lezen: {e.orig}") from None
        except ProjectError:
            project.close()
            raise
        if version > LATEST:
            project.close()
            raise ProjectError(
                f"{path}: schemaversie {version} is nieuwer dan deze versie van kritischeblik ondersteunt "
                f"({LATEST}); werk kritischeblik bij"
            )
        project.schema_deviations = schema_check.deviations(objects, version, missing=False)
        if project.schema_deviations and check_schema:
            project.close()
            raise ProjectError(
                foreign_schema_message(path, project.schema_deviations), hint=Hint.REPAIR_SCHEMA, path=path
            )
        if version < LATEST and migrate and not project.schema_deviations:
            if reason is not None:
                project.close()
                raise ProjectError(
                    f"{path}: het project heeft schemaversie {version} en moet worden bijgewerkt naar {LATEST}, "
                    f"maar het is alleen-lezen ({reason.reason}). {reason.hint}"
                )
            project.migrate()
            if project.migration_backup is not None:
                for listener in _migration_listeners:
                    listener(project.migration_backup)
        return project

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return self._inspect()[0]

    def check_writable(self) -> None:
        """Refuse up front (before slow preparation) when the project is read-only."""
        if self.read_only is not None:
            raise self.read_only.error(self.path)

    def _inspect(self) -> tuple[int, list[schema_check.SchemaObject]]:
        """The schema version and every schema object, from one read of sqlite_master."""
        with self.engine.connect() as conn:
            objects = schema_check.objects_from_rows(conn.exec_driver_sql(schema_check.SCHEMA_QUERY).all())
            if not any(o.type == "table" and o.name == "meta" for o in objects):
                raise ProjectError(
                    f"{self.path}: dit is geen Kritische Blik-project (tabel 'meta' ontbreekt)"
                )
            row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
            try:
                return (int(row[0]) if row else 0), objects
            except ValueError:
                raise ProjectError(
                    f"{self.path}: schemaversie {row[0]!r} in de tabel meta is geen getal"
                ) from None

    def migrate(self) -> list[int]:
        """Apply pending migrations in one transaction; returns the versions applied. First a copy of the
        project as it is goes beside it (``migration_backup``); when the migration fails it is removed again,
        as the project is then unchanged."""
        backup: MigrationBackup | None = None
        try:
            with self.write() as s:
                current = int(s.get(Meta, "schema_version").value)
                pending = [m for m in all_migrations() if m.version > current]
                if not pending:
                    return []
                backup = self._backup_before_migration(s, current, pending)
                conn = s.connection()
                for m in pending:
                    m.upgrade(conn)
                s.merge(Meta(key="schema_version", value=str(LATEST)))
        except BaseException:
            if backup is not None:
                backup.backup.unlink(missing_ok=True)
            raise
        self.migration_backup = backup
        if any(m.scrub for m in pending):
            self.scrub()
        return [m.version for m in pending]

    def _backup_before_migration(self, s: Session, current: int, pending: list[Migration]) -> MigrationBackup:
        # ``s`` holds the write lock (``write()`` began with it): the copy is exactly the state being migrated.
        try:
            path = write_backup(self.path, current, pending)
        except (OutputError, sqlite3.Error, OSError) as e:
            raise ProjectError(
                f"{self.path}: het project moet worden bijgewerkt van schemaversie {current} naar {LATEST}, en "
                f"daarvoor wordt eerst een kopie ernaast gemaakt, maar dat lukte niet: {e}. Het project is niet "
                "veranderd."
            ) from None
        return MigrationBackup(self.path, current, LATEST, path)

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
        """One write transaction: commit on success, roll back on any error. A read-only project refuses
        before anything starts; a disk that is full or refuses the write gives a ``ProjectError``."""
        self.check_writable()
        session = self._write()
        try:
            _begin_with_retry(session, retries)
            yield session
            session.commit()
        except BaseException as e:
            # The original error says what happened; if even the rollback fails, SQLite rolls back itself.
            with contextlib.suppress(Exception):
                session.rollback()
            translated = storage_error(self.path, e)
            if translated is not None:
                raise translated from None
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


def foreign_schema_message(path: Path, found: list[schema_check.SchemaDeviation]) -> str:
    return (
        f"{path}: het project bevat schema-objecten die Kritische Blik niet heeft gemaakt of die zijn veranderd: "
        f"{schema_check.summary(found)}. Zo'n object kan bij een volgende wijziging gegevens veranderen of wissen, "
        "daarom wordt het project niet geopend."
    )
