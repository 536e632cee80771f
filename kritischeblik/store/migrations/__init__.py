"""Numbered schema migrations of SQLite projects, versions 1..9 (frozen; from 10 on: ``store/revisions/``).

Each module ``mNNNN_<name>.py`` defines ``VERSION`` (= NNNN), ``DESCRIPTION`` and ``upgrade(conn)``, or only
``STATEMENTS`` (DDL run in order) when that is all it does; ``SCRUB = True`` asks for a VACUUM after the
upgrade is committed (a migration that removes a secret), and ``redact_backup(conn)`` takes that secret out of
the copy of the project written before migrating (``store/migration_backup.py``) the same way.
They run in order inside the caller's transaction, so a failed upgrade leaves the project as it was.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    upgrade: Callable[[Connection], None]
    scrub: bool = False
    """Rewrite the file after the upgrade is committed (VACUUM): the upgrade removed something secret."""
    redact_backup: Callable[[Connection], None] | None = None
    """Take the secret that the upgrade removes out of the pre-migration copy too (it stays at its version)."""


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        if not (info.name.startswith("m") and info.name[1:5].isdigit()):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if int(info.name[1:5]) != mod.VERSION:
            raise RuntimeError(f"migration {info.name} declares VERSION {mod.VERSION}")
        upgrade = getattr(mod, "upgrade", None) or _run(mod.STATEMENTS)
        found.append(
            Migration(
                mod.VERSION,
                mod.DESCRIPTION,
                upgrade,
                getattr(mod, "SCRUB", False),
                getattr(mod, "redact_backup", None),
            )
        )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {versions}")
    return found


def _run(statements: list[str]) -> Callable[[Connection], None]:
    """The upgrade of a migration that is only DDL: its ``STATEMENTS`` in order."""

    def upgrade(conn: Connection) -> None:
        for statement in statements:
            conn.exec_driver_sql(statement)

    return upgrade


NUMBERED_LATEST = len(all_migrations())
"""The last numbered migration (9); later versions are Alembic revisions (``store/schema_versions.py``)."""
