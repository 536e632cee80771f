"""Backup and restore of a project: a consistent copy while others work in it, and a validated restore that
never overwrites a project unless asked to."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Hint, KBError
from ..safefiles import SIDE_SUFFIXES, atomic_file, check_target, same_file
from ..store.access import read_only_reason
from ..store.backup import BackupError, BackupInfo, copy_into, snapshot, validate, validate_source_header
from ..store.db import Project
from ..store.location import DatabaseUrl
from . import roles


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _file_only(project: object, what: str) -> None:
    """Backup and restore copy SQLite files; a PostgreSQL project is the server's to copy."""
    if isinstance(project, DatabaseUrl):
        raise BackupError(
            f"{project}: {what} werkt met projectbestanden; een PostgreSQL-project wordt bewaard en teruggezet "
            "met de gereedschappen van de server (pg_dump en pg_restore)"
        )


def backup(project: str | Path, out: str | Path, force: bool = False) -> BackupInfo:
    """Copy a consistent snapshot of ``project`` to ``out`` while others may be using the project.

    ``out`` follows :mod:`kritischeblik.safefiles`: never the project itself (or its -wal/-shm), another
    project, or anything but a regular file; an existing file only with ``force``, and then an SQLite file
    only if it is an earlier backup (rollback journal; projects are always in WAL mode).
    """
    _file_only(project, "een back-up maken")
    project, out = Path(project), Path(out)
    if not project.is_file():
        raise BackupError(f"{project}: project bestaat niet")
    if same_file(project, out):
        raise BackupError("de back-up kan niet hetzelfde bestand zijn als het project")
    validate_source_header(project)
    rules = {"force": force, "protect": [project], "parents": True, "replace_backup": True}
    check_target(out, **rules)  # refuse before copying anything
    with atomic_file(out, **rules) as tmp:
        try:
            snapshot(project, tmp)
            info = validate(tmp)
        finally:
            for suffix in SIDE_SUFFIXES:  # SQLite's own companions of the temporary copy
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    info.path = out
    return info


def _check_restorer(project: Path, actor: str | None) -> None:
    """With roles, only a beheerder replaces the project. A project that cannot be opened (damaged: what
    a restore is for) cannot say who has which role, and is not guarded."""
    try:
        opened = Project.open(project, migrate=False, read_only=True, check_schema=False)
    except KBError:
        return
    with opened:
        roles.check(opened, roles.Action.RESTORE, actor)


def restore(
    backup_file: str | Path, project: str | Path, force: bool = False, actor: str | None = None
) -> BackupInfo:
    """Validate ``backup_file`` and write it into ``project`` (refuses to overwrite without ``force``, and,
    when the project has roles, unless ``actor`` is a beheerder)."""
    _file_only(project, "terugzetten")
    backup_file, project = Path(backup_file), Path(project)
    if os.path.lexists(project) and not project.is_file():
        raise BackupError(
            f"{project}: is geen gewoon bestand (map, apparaat of pipe); kies het projectbestand"
        )
    if project.exists() and _same_file(backup_file, project):
        raise BackupError("de back-up en het project zijn hetzelfde bestand")
    info = validate(backup_file)
    if project.exists() and project.stat().st_size > 0 and not force:
        raise BackupError(
            f"{project}: bestaat al (maak eventueel eerst een back-up van het huidige project)",
            hint=Hint.OVERWRITE_PROJECT,
        )
    if project.exists():
        validate_source_header(project)
        reason = read_only_reason(project)
        if reason is not None:
            raise BackupError(f"terugzetten geweigerd: {reason.error(project)}")
        _check_restorer(project, actor)
    copy_into(backup_file, project)
    info.path = project
    return info
