"""The copy of a project as it was, written beside it before a schema migration changes it.

A migration rewrites tables in place; if it, or the version that brought it, turns out wrong, the user still
has the project as the previous version left it. The copy is taken with SQLite's backup API by a second, read-only
connection while the migration holds the write lock (a project is in WAL mode: its readers are never blocked,
and no one else can write meanwhile), so it is exactly the state that is migrated. It is a single
self-contained file (rollback journal, like ``kb backup`` writes) named ``<name>.v<old version>-<date>-<time>
.kb`` beside the project, with ``-2``, ``-3``, ... when that name is taken: nothing is ever overwritten
(``safefiles`` publishes it only under a free name), and it is never more readable than the project.

A secret that a pending migration takes out of the project (the researcher key up to version 7) is taken out
of the copy too, by that migration's ``redact_backup``, in memory: it never reaches the disk again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from ..safefiles import TargetExists, atomic_file
from .access import sqlite_uri
from .migrations import Migration


@dataclass(frozen=True)
class MigrationBackup:
    """A project migrated on open, and where the copy of it as it was is."""

    project: Path
    from_version: int
    to_version: int
    backup: Path

    def message(self) -> str:
        return (
            f"{self.project}: bijgewerkt van schemaversie {self.from_version} naar {self.to_version}. "
            f"Een kopie van het project zoals het was staat in {self.backup}."
        )


def backup_name(project: Path, version: int, when: datetime, n: int = 1) -> Path:
    """``<stem>.v<version>-<YYYYmmdd>-<HHMMSS>[-n].kb`` beside the project."""
    suffix = "" if n == 1 else f"-{n}"
    return project.with_name(f"{project.stem}.v{version}-{when:%Y%m%d-%H%M%S}{suffix}.kb")


def write_backup(project: Path, version: int, pending: list[Migration], when: datetime | None = None) -> Path:
    """Copy the project to a new file beside it; returns that file's path. Call it while holding the write
    lock (SQLite's backup API cannot read through the connection that holds it).

    Raises ``OutputError`` (from ``safefiles``) or ``sqlite3.Error`` when the copy cannot be written; then
    nothing is left behind."""
    when = when or datetime.now()
    mode = stat.S_IMODE(os.stat(project).st_mode)
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(sqlite_uri(project, "mode=ro"), uri=True)
        try:
            source.execute("PRAGMA trusted_schema=OFF")
            source.backup(memory)
        finally:
            source.close()
        _redact(memory, pending)
        n = 1
        while True:
            target = backup_name(project, version, when, n)
            if os.path.lexists(
                target
            ):  # anything by that name (an earlier copy, a folder, a link) is left alone
                n += 1
                continue
            try:
                with atomic_file(target, protect=[project], mode=mode) as tmp:
                    # VACUUM INTO writes a fresh, compact file (no free pages, rollback journal) into the
                    # empty temporary file; a redacted secret has no old page to survive in.
                    memory.execute("VACUUM INTO ?", (str(tmp),))
                return target
            except TargetExists:  # taken by someone else since the check above
                n += 1
    finally:
        memory.close()


def _redact(memory: sqlite3.Connection, pending: list[Migration]) -> None:
    redactions = [m.redact_backup for m in pending if m.redact_backup is not None]
    if not redactions:
        return
    memory.execute("PRAGMA secure_delete=ON")
    # The migrations' functions take a SQLAlchemy connection; this one wraps the in-memory copy (and never
    # closes it: StaticPool hands out that one connection).
    engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
    with engine.begin() as conn:
        for redact in redactions:
            redact(conn)
