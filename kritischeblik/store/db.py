"""Opening a project: engine set-up (``store/engines.py``), migrations, transactions.

A project is a SQLite file (the default) or a PostgreSQL database named by a URL (``store/location.py``).
Every command writes inside exactly one ``Project.write()`` transaction, so a failure or a kill leaves the
project as it was before the command; writers take the project's one write lock (``store/engines.py``). A
project that cannot be written opens read-only (``store/access.py``); one holding schema objects the
migrations did not create is refused (``store/schema_check.py``, ``store/postgres.py``).
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

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import Hint
from ..safefiles import OutputError
from . import keys, postgres, schema_check, schema_versions
from .access import REQUESTED, ProjectError, ReadOnly, read_only_reason, read_only_uri, storage_error
from .engines import BUSY_TIMEOUT_S, is_busy, postgres_engine, sqlite_engine
from .location import DatabaseUrl, ProjectLocation, project_location
from .migration_backup import MigrationBackup, write_backup
from .migrations import Migration, all_migrations
from .schema import Meta
from .schema_versions import LATEST

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


def default_project_path() -> ProjectLocation:
    return project_location(os.environ.get("KB_PROJECT") or DEFAULT_PROJECT)


class Project:
    """A project: use ``Project.create`` for a new one and ``Project.open`` otherwise."""

    def __init__(self, path: ProjectLocation, engine: Engine, read_only: ReadOnly | None = None):
        self.path = path
        """The project file, or the database's URL (``DatabaseUrl``, never with a password)."""
        self.engine = engine
        self.read_only = read_only
        """Why this project cannot be written (None when it can); ``write()`` refuses with this reason."""
        self.schema_deviations: list[schema_check.SchemaDeviation] = []
        """Foreign or changed schema objects found on open (only ever non-empty with ``check_schema=False``)."""
        self.migration_backup: MigrationBackup | None = None
        """Set when opening migrated the project: the copy of it as it was (shells tell the user)."""
        self.grants_outdated = False
        """PostgreSQL: the database roles' grants and policies were set up by another version (``pg_grants``)
        and this login could not replace them on open (only the tables' owner can)."""
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(bind=engine.execution_options(kb_mode="write"), expire_on_commit=False)
        self._existed = True  # ``create``: the file was there (empty) before, so a failure leaves it

    @property
    def is_database(self) -> bool:
        """A PostgreSQL project (no file of its own)."""
        return isinstance(self.path, DatabaseUrl)

    @property
    def files(self) -> list[Path]:
        """The files that are the project: never to be overwritten by an export (none for a database)."""
        return [] if isinstance(self.path, DatabaseUrl) else [self.path]

    # -- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | ProjectLocation) -> Project:
        location = project_location(path)
        project = (
            cls._new_database(location) if isinstance(location, DatabaseUrl) else cls._new_file(location)
        )
        project_uuid, key = str(uuid.uuid4()), None
        try:
            with project.write() as s:
                schema_versions.upgrade(s.connection())
                # The key for researcher pseudonyms goes to the user's key folder, never into the project.
                keys.save(project_uuid, new_key := keys.new_key())
                key = new_key
                s.add_all(
                    [
                        Meta(key="created_at", value=now()),
                        Meta(key=keys.UUID_META, value=project_uuid),
                        Meta(key=keys.CHECK_META, value=keys.check_value(new_key)),
                    ]
                )
        except Exception:
            project.close()
            if project.files and not project._existed:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{project.path}{suffix}").unlink(missing_ok=True)
            # On PostgreSQL the transaction took its tables with it (DDL is transactional there).
            if key is not None:  # only a key this call wrote: the uuid is new
                keys.key_path(project_uuid).unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def _new_file(cls, path: Path) -> Project:
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
        project = cls(path, sqlite_engine(path))
        project._existed = existed
        return project

    @classmethod
    def _new_database(cls, location: DatabaseUrl) -> Project:
        project = cls(location, postgres_engine(location))
        project._existed = True
        try:
            with project.engine.connect() as conn:
                tables = postgres.has_tables(conn)
        except OperationalError as e:
            project.close()
            raise postgres.connect_error(location, e) from None
        if tables:
            project.close()
            what = "bevat al een project" if "meta" in tables else f"is niet leeg ({len(tables)} tabellen)"
            raise ProjectError(
                f"{location}: de database {what}; een nieuw project komt in een lege database "
                "(de beheerder van de server maakt die aan)"
            )
        return project

    def remove_new(self) -> None:
        """Undo ``create`` after a later step of making the project failed: remove the file(s) it made, or on
        PostgreSQL the tables (the database itself belongs to its administrator)."""
        self.close()
        if isinstance(self.path, DatabaseUrl):
            postgres.drop_new_project(postgres_engine(self.path), LATEST)
            return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @classmethod
    def open(
        cls,
        path: str | ProjectLocation,
        migrate: bool = True,
        read_only: bool = False,
        check_schema: bool = True,
    ) -> Project:
        """Open an existing project. A file or folder that cannot be written opens read-only, as does any
        project with ``read_only``. With ``check_schema`` (the default) a project holding schema objects its
        migrations did not create is refused; ``kb check`` opens with it off to report them (and never
        migrates such a project: the migration's own writes would run the foreign triggers)."""
        location = project_location(path)
        if isinstance(location, DatabaseUrl):
            project, version = cls._open_database(location, read_only)
        else:
            project, version = cls._open_file(location, read_only)
        if version > LATEST:
            project.close()
            raise ProjectError(
                f"{location}: schemaversie {version} is nieuwer dan deze versie van kritischeblik ondersteunt "
                f"({LATEST}); werk kritischeblik bij"
            )
        if project.schema_deviations and check_schema:
            project.close()
            raise ProjectError(
                foreign_schema_message(location, project.schema_deviations),
                hint=Hint.REPAIR_SCHEMA,
                path=location,
            )
        if version < LATEST and migrate and not project.schema_deviations:
            if project.read_only is not None:
                project.close()
                raise ProjectError(
                    f"{location}: het project heeft schemaversie {version} en moet worden bijgewerkt naar "
                    f"{LATEST}, maar het is alleen-lezen ({project.read_only.reason}). {project.read_only.hint}"
                )
            project.migrate()
            if project.migration_backup is not None:
                for listener in _migration_listeners:
                    listener(project.migration_backup)
        if project.grants_outdated and migrate and project.read_only is None:
            with project.write() as s:
                project.grants_outdated = not _regrant(s)
        return project

    @classmethod
    def _open_file(cls, path: Path, read_only: bool) -> tuple[Project, int]:
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
        project = cls(path, sqlite_engine(path, uri), read_only=reason)
        try:
            version, objects = project._inspect()
        except OperationalError as e:
            project.close()
            raise ProjectError(f"{path}: kan project niet lezen: {e.orig}") from None
        except ProjectError:
            project.close()
            raise
        if version <= LATEST:
            project.schema_deviations = schema_check.deviations(objects, version, missing=False)
        return project, version

    @classmethod
    def _open_database(cls, location: DatabaseUrl, read_only: bool) -> tuple[Project, int]:
        project = cls(
            location, postgres_engine(location, read_only), read_only=REQUESTED if read_only else None
        )
        try:
            with project.engine.connect() as conn:
                version = postgres.read_version(conn, location)
                if version <= LATEST:
                    project.schema_deviations = postgres.deviations(conn, version)
                if version == LATEST and not project.schema_deviations:
                    from . import pg_grants

                    project.grants_outdated = pg_grants.outdated(conn)
        except OperationalError as e:
            project.close()
            raise postgres.connect_error(location, e) from None
        except ProjectError:
            project.close()
            raise
        return project, version

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------------------
    def schema_version(self) -> int:
        if isinstance(self.path, DatabaseUrl):
            with self.engine.connect() as conn:
                return postgres.read_version(conn, self.path)
        return self._inspect()[0]

    def check_writable(self) -> None:
        """Refuse up front (before slow preparation) when the project is read-only."""
        if self.read_only is not None:
            raise self.read_only.error(self.path)

    def _inspect(self) -> tuple[int, list[schema_check.SchemaObject]]:
        """The schema version and every schema object of a SQLite project, from one read of sqlite_master."""
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
        """Apply pending migrations in one transaction; returns the versions applied. A SQLite project is first
        copied beside itself (``migration_backup``; removed again when the migration fails, as the project is
        then unchanged). On PostgreSQL the migration is one transaction too (its DDL is transactional); the
        copy there is the administrator's ``pg_dump``."""
        backup: MigrationBackup | None = None
        try:
            with self.write() as s:
                current = int(s.get(Meta, "schema_version").value)
                if current >= LATEST:
                    return []
                numbered = [m for m in all_migrations() if m.version > current]
                if not self.is_database:
                    backup = self._backup_before_migration(s, current, numbered)
                else:
                    _owner_migrates(s, self.path, current)
                conn = s.connection()
                if current < schema_versions.BASELINE:
                    schema_versions.bring_numbered_project_up(conn, numbered)
                else:
                    schema_versions.upgrade(conn)
                if self.is_database:
                    _regrant(s)
        except BaseException:
            if backup is not None:
                backup.backup.unlink(missing_ok=True)
            raise
        self.migration_backup = backup
        if any(m.scrub for m in numbered):
            self.scrub()
        return list(range(current + 1, LATEST + 1))

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
            translated = (
                postgres.storage_error(self.path, e)
                if isinstance(self.path, DatabaseUrl)
                else storage_error(self.path, e)
            )
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
            if not is_busy(e):
                raise
            if attempt == retries:
                raise ProjectError(
                    "Het project is bezet door een ander proces (schrijfvergrendeling). Probeer het zo opnieuw."
                ) from None
            session.rollback()
            time.sleep(0.2 * (attempt + 1))


def _owner_migrates(s: Session, location: ProjectLocation, current: int) -> None:
    """Only the login that owns a PostgreSQL project's tables can change them: say so in Dutch instead of the
    server's bare refusal of the first ALTER TABLE."""
    from . import pg_grants

    if not pg_grants.owns_tables(s.connection()):
        raise ProjectError(
            f"{location}: het project heeft schemaversie {current} en moet worden bijgewerkt naar {LATEST}; dat "
            "kan alleen de eigenaar van het project (de inlog die het maakte) door het één keer te openen. Er is "
            "niets gewijzigd."
        )


def _regrant(s: Session) -> bool:
    """After a migration of a PostgreSQL project with roles, or when its roles were set up by another version:
    the grants and policies of this version, covering every table (``store/pg_grants.py``; only the tables'
    owner can). Returns whether they were applied."""
    from . import pg_grants, roles

    conn = s.connection()
    if roles.has_roles(s) and pg_grants.owns_tables(conn) and not pg_grants.missing_groups(conn):
        pg_grants.apply(conn)
        return True
    return False


def foreign_schema_message(path: ProjectLocation, found: list[schema_check.SchemaDeviation]) -> str:
    return (
        f"{path}: het project bevat schema-objecten die Kritische Blik niet heeft gemaakt of die zijn veranderd: "
        f"{schema_check.summary(found)}. Zo'n object kan bij een volgende wijziging gegevens veranderen of wissen, "
        "daarom wordt het project niet geopend."
    )
