"""Schema versions of a project, on both engines: one migration source from version 10 on (Alembic).

- Versions 1..9 are the numbered SQLite migrations in ``store/migrations/`` (frozen; only ever run to bring an
  old SQLite project up to 9).
- Version 10 is the Alembic baseline (``store/revisions/versions/r0010_baseline.py``): the tables of 9 with
  dialect-neutral operations. New projects on SQLite and PostgreSQL run Alembic from nothing to the head; a
  SQLite project at 9 or older is brought to 9 by the numbered migrations and then stamped at 10.
- Every later version is an Alembic revision named by its number (``"0011"``, ...), for both engines.

The version is stored twice on purpose: Alembic's ``alembic_version`` (what Alembic runs from) and
``meta.schema_version`` (what ``kb status``, backups and older kritischeblik versions read; an older version
then says the project is newer instead of refusing ``alembic_version`` as a foreign table). Both are written in
the same transaction as the migration. Adding a version: ``python -m kritischeblik.store.schema_versions
"wat er verandert"`` writes the next revision file; fill in ``upgrade()`` with ``op.*`` calls (on SQLite
``op.batch_alter_table`` for what ALTER TABLE cannot do) and change ``store/schema.py`` to match.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from .migrations import NUMBERED_LATEST, Migration, all_migrations

BASELINE = 10
"""The first Alembic revision; the numbered migrations end one below it."""


def script_location() -> Path:
    return Path(str(resources.files("kritischeblik.store") / "revisions"))


# Alembic is imported where a schema is built or migrated, not when a project at the latest version opens
# (it costs about 0.3 s of every command's and the TUI's start).
def _config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location()))
    cfg.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = conn
    return cfg


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def head() -> int:
    """The newest schema version as Alembic sees it (one head; tests check it equals :data:`LATEST`)."""
    heads = _script().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"schema revisions have {len(heads)} heads: {heads}")
    return int(heads[0])


def _newest_revision_file() -> int:
    """The highest ``rNNNN_*.py`` in the revisions folder: the revisions are numbered 10, 11, … in one line,
    so this is Alembic's head without loading Alembic."""
    found = [
        int(m.group(1))
        for entry in (resources.files("kritischeblik.store") / "revisions" / "versions").iterdir()
        if (m := re.fullmatch(r"r(\d{4})_\w+\.py", entry.name))
    ]
    return max(found, default=NUMBERED_LATEST)


LATEST = _newest_revision_file()


def revision_id(version: int) -> str:
    return f"{version:04d}"


def alembic_version(conn: Connection) -> int | None:
    """The version Alembic has recorded, or None for a project from before version 10."""
    from alembic.migration import MigrationContext

    found = MigrationContext.configure(conn).get_current_revision()
    return int(found) if found is not None else None


def upgrade(conn: Connection, target: int | None = None) -> None:
    """Run the Alembic revisions up to ``target`` (default: the head) on ``conn``, inside its transaction,
    and record the version in meta too."""
    from alembic import command

    to = revision_id(target) if target is not None else "head"
    command.upgrade(_config(conn), to)
    _record(conn, alembic_version(conn))


def bring_numbered_project_up(conn: Connection, pending: list[Migration]) -> None:
    """An old SQLite project (version < 10): its ``pending`` numbered migrations to 9, then the stamp at the
    baseline, then the revisions after it."""
    from alembic import command

    for m in pending:
        m.upgrade(conn)
    command.stamp(_config(conn), revision_id(BASELINE))
    upgrade(conn)


def build(conn: Connection, version: int, numbered_path: bool = False) -> None:
    """An empty schema at ``version`` (for the schema check and repair): the numbered migrations for 9 and
    below; above that Alembic from nothing or, with ``numbered_path``, the way an old project came."""
    from alembic import command

    if version <= NUMBERED_LATEST or numbered_path:
        for m in all_migrations():
            if m.version <= min(version, NUMBERED_LATEST):
                m.upgrade(conn)
        if version > NUMBERED_LATEST:
            command.stamp(_config(conn), revision_id(BASELINE))
            command.upgrade(_config(conn), revision_id(version))
        return
    command.upgrade(_config(conn), revision_id(version))


def _record(conn: Connection, version: int | None) -> None:
    if version is None or not inspect(conn).has_table("meta"):
        return
    updated = conn.execute(
        text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(version)}
    ).rowcount
    if not updated:
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)})


def new_revision(message: str) -> Path:
    """Write the file of the next version (for developers; see the module docstring)."""
    from alembic import command

    made = command.revision(_config(), message, rev_id=revision_id(LATEST + 1))
    return Path(made.path)  # type: ignore[union-attr]


if __name__ == "__main__":
    print(new_revision(" ".join(sys.argv[1:]) or "nieuwe schemaversie"))
