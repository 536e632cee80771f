"""Online backup and restore of a project file with SQLite's backup API.

The backup API copies a consistent snapshot page by page while other connections keep reading and writing
(a TUI may be open): copying the file with ``cp`` could catch a half-written page or miss the WAL. A backup
is a single self-contained file (rollback journal, no -wal/-shm), validated before it is put in place.
Restore validates the backup first and then writes it into the project through the same API, so SQLite's
own locking protects any other process that has the project open.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from . import schema_check
from .access import sqlite_uri, storage_error
from .engines import BUSY_TIMEOUT_S, sqlite_engine
from .schema_versions import LATEST
from .stats import integrity_problems

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(KBError):
    pass


@dataclass
class BackupInfo:
    path: Path
    bytes: int
    schema_version: int
    interviews: int

    def as_dict(self) -> dict:
        return {
            "bestand": str(self.path),
            "bytes": self.bytes,
            "schemaversie": self.schema_version,
            "interviews": self.interviews,
        }


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(sqlite_uri(path, "mode=ro"), uri=True, timeout=BUSY_TIMEOUT_S)
    else:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    # Nothing a foreign schema object asks for may run while a file is checked or copied.
    con.execute("PRAGMA trusted_schema=OFF")
    return con


def validate_source_header(path: Path) -> None:
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise BackupError(f"{path}: geen Kritische Blik-project (geen SQLite-bestand)")


def validate(path: str | Path) -> BackupInfo:
    """Check that ``path`` is an intact project file: SQLite integrity, schema version, own invariants."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: bestand bestaat niet")
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise BackupError(f"{path}: geen Kritische Blik-project of back-up (geen SQLite-bestand)")
    con = _connect(path, readonly=True)
    try:
        try:
            has_meta = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
            ).fetchone()
            row = (
                con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                if has_meta
                else None
            )
            objects = schema_check.read_objects(con)
            interviews = con.execute("SELECT count(*) FROM interviews").fetchone()[0] if row else 0
        except sqlite3.DatabaseError as e:
            raise BackupError(f"{path}: beschadigd bestand ({e})") from None
    finally:
        con.close()
    if row is None:
        raise BackupError(f"{path}: geen Kritische Blik-project (tabel 'meta' of schemaversie ontbreekt)")
    try:
        version = int(row[0])
    except ValueError:
        raise BackupError(f"{path}: schemaversie {row[0]!r} is geen getal") from None
    if version > LATEST:
        raise BackupError(
            f"{path}: schemaversie {version} is nieuwer dan deze versie van kritischeblik ondersteunt ({LATEST})"
        )
    found = schema_check.deviations(objects, version, missing=False)
    if found:
        raise BackupError(foreign_schema_message(path, found), hint=Hint.REPAIR_BACKUP, path=path)
    engine = sqlite_engine(path, uri=sqlite_uri(path, "mode=ro"))
    try:
        with Session(engine) as s:
            problems = integrity_problems(s)
    except Exception as e:  # a damaged file can fail anywhere in the checks
        raise BackupError(f"{path}: beschadigd bestand ({getattr(e, 'orig', None) or e})") from None
    finally:
        engine.dispose()
    if problems:
        shown = "; ".join(" ".join(p.split()) for p in problems[:5])
        shown = shown[:400] + (" …" if len(shown) > 400 or len(problems) > 5 else "")
        raise BackupError(f"{path}: controle mislukt ({len(problems)} problemen): {shown}")
    return BackupInfo(path, path.stat().st_size, version, interviews)


def snapshot(project: Path, out: Path) -> None:
    """A consistent single-file copy of ``project`` at ``out`` (which it replaces), not validated."""
    out.unlink(missing_ok=True)
    src = _connect(project)
    try:
        dst = sqlite3.connect(out)
        try:
            # pages=-1: one step, so the snapshot is consistent even while another process writes (WAL
            # readers never block writers, and a writer never invalidates a one-step copy).
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as e:
        out.unlink(missing_ok=True)
        raise BackupError(f"back-up mislukt: {storage_error(out, e) or e}") from None
    except OSError as e:
        out.unlink(missing_ok=True)
        raise BackupError(f"back-up mislukt: {out}: {e.strerror}") from None
    finally:
        src.close()


def foreign_schema_message(path: Path, found: list[schema_check.SchemaDeviation]) -> str:
    return (
        f"{path}: bevat schema-objecten die Kritische Blik niet heeft gemaakt of die zijn veranderd: "
        f"{schema_check.summary(found)}. Zo'n object kan bij een volgende wijziging gegevens veranderen of wissen; "
        "het bestand wordt daarom niet gebruikt en er is niets teruggezet."
    )


def copy_into(backup_file: Path, project: Path) -> None:
    """Write a validated backup into ``project`` through SQLite's backup API: SQLite locks the project while
    it is replaced, and other open connections (a TUI) see the restored state instead of a file swapped
    under them."""
    project.parent.mkdir(parents=True, exist_ok=True)
    src = _connect(backup_file, readonly=True)
    try:
        dst = _connect(project)
        try:
            dst.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    except sqlite3.OperationalError as e:
        if "locked" in str(e).lower() or "busy" in str(e).lower():
            raise BackupError(
                f"{project}: het project is in gebruik door een ander proces; sluit dat en probeer opnieuw"
            ) from None
        raise BackupError(f"terugzetten mislukt: {storage_error(project, e) or e}") from None
    except sqlite3.Error as e:
        raise BackupError(f"terugzetten mislukt: {e}") from None
    finally:
        src.close()
