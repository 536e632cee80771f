"""Before a schema migration the project is copied beside itself: the old version, the old content, never a
file overwritten, never the researcher key, and the user is told where the copy is."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from conftest import dump_project, sql_rows

from kritischeblik.cli import main
from kritischeblik.safefiles import WriteFailed
from kritischeblik.store import db, keys, migration_backup
from kritischeblik.store.db import Project, ProjectError
from kritischeblik.store.engines import sqlite_engine
from kritischeblik.store.migrations import all_migrations
from kritischeblik.store.schema import Interview, Meta, Researcher
from kritischeblik.store.schema_versions import LATEST

SALT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
OLD = 7  # the last version that kept the researcher key in the project


def _old_project(path: Path, version: int = OLD) -> None:
    """A project as ``version`` left it, built by the frozen migrations up to that version."""
    project = Project(path, sqlite_engine(path))
    with project.write() as s:
        for m in all_migrations():
            if m.version <= version:
                m.upgrade(s.connection())
        s.add_all([Meta(key="schema_version", value=str(version)), Meta(key="pseudonym_salt", value=SALT)])
        s.add(
            Interview(
                id="wijk-01", content_hash="h1", omgeving="wijk", text="Eerste tekst.", ingested_at="2020"
            )
        )
        s.add(
            Interview(
                id="school-01", content_hash="h2", omgeving="school", text="Tweede.", ingested_at="2021"
            )
        )
        s.add(Researcher(key_hash="ab" * 32, label="Onderzoeker 1"))
    project.close()


def _dump_read_only(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _backups(folder: Path, version: int = OLD) -> list[Path]:
    return sorted(folder.glob(f"oud.v{version}-*.kb"))


def test_migration_leaves_a_copy_of_the_old_project_beside_it(tmp_path):
    path = tmp_path / "oud.kb"
    _old_project(path)
    os.chmod(path, 0o600)  # a restricted project gives a restricted copy
    before = dump_project(path)
    seen = []
    db.add_migration_listener(seen.append)
    with Project.open(path) as project:
        assert project.schema_version() == LATEST
        made = project.migration_backup
        with project.write() as s:  # the migrated project works
            s.add(
                Interview(id="wijk-02", content_hash="h3", omgeving="wijk", text="Nieuw.", ingested_at="2026")
            )
        project_uuid = project.get_meta(keys.UUID_META)
    db._migration_listeners.remove(seen.append)
    assert seen == [made] and made is not None
    assert (made.project, made.from_version, made.to_version) == (path, OLD, LATEST)
    (backup,) = _backups(tmp_path)
    assert made.backup == backup and str(backup) in made.message()
    assert f"schemaversie 7 naar {LATEST}" in made.message()

    # The old version and content, as one self-contained file (rollback journal, no -wal), not more readable.
    head = backup.read_bytes()[:100]
    assert head[:16] == b"SQLite format 3\x00" and head[18:20] == b"\x01\x01"
    assert not Path(f"{backup}-wal").exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert sql_rows(backup, "PRAGMA integrity_check") == [("ok",)]
    # Identical except the researcher key, which no backup holds: it is replaced by the uuid and check value
    # that find the key file, exactly as the migration does in the project.
    key_rows = {
        f"INSERT INTO \"meta\" VALUES('{keys.UUID_META}','{project_uuid}');",
        f"INSERT INTO \"meta\" VALUES('{keys.CHECK_META}','{keys.check_value(SALT)}');",
    }
    salt_row = f"INSERT INTO \"meta\" VALUES('pseudonym_salt','{SALT}');"
    after = _dump_read_only(backup)
    assert salt_row in before
    assert sorted(after) == sorted([r for r in before if r != salt_row] + sorted(key_rows))
    assert dict(sql_rows(backup, "SELECT key, value FROM meta"))["schema_version"] == str(OLD)
    assert SALT.encode() not in backup.read_bytes()
    assert keys.load(project_uuid) == SALT


def test_the_copy_opens_as_the_same_project(tmp_path):
    """Restored (here: opened in place of the project), the copy migrates and finds the same key."""
    path = tmp_path / "oud.kb"
    _old_project(path)
    with Project.open(path) as project:
        project_uuid = project.get_meta(keys.UUID_META)
        backup = project.migration_backup.backup
    restored = tmp_path / "terug.kb"
    backup.rename(restored)
    with Project.open(restored) as again:
        assert again.schema_version() == LATEST
        assert again.get_meta(keys.UUID_META) == project_uuid
        assert keys.fits(keys.load(project_uuid), again.get_meta(keys.CHECK_META))
        with again.read() as s:
            assert {i.id for i in s.query(Interview)} == {"wijk-01", "school-01"}
    assert again.migration_backup.backup.name.startswith("terug.v7-")


def test_a_taken_name_is_never_overwritten(tmp_path):
    path = tmp_path / "oud.kb"
    _old_project(path)
    when = datetime(2026, 3, 4, 5, 6, 7)
    first = migration_backup.backup_name(path, OLD, when)
    assert first.name == "oud.v7-20260304-050607.kb"
    first.write_text("iets anders", encoding="utf-8")
    pending = [m for m in all_migrations() if m.version > OLD]
    second = migration_backup.write_backup(path, OLD, pending, when)
    third = migration_backup.write_backup(path, OLD, pending, when)
    assert [second.name, third.name] == ["oud.v7-20260304-050607-2.kb", "oud.v7-20260304-050607-3.kb"]
    assert first.read_text(encoding="utf-8") == "iets anders"
    assert _dump_read_only(second) == _dump_read_only(third)


def test_no_migration_without_a_copy(tmp_path, monkeypatch):
    path = tmp_path / "oud.kb"
    _old_project(path)
    before = dump_project(path)

    def disk_full(project, *_args):
        raise WriteFailed(project.with_name("kopie.kb"), "schrijven mislukt: de schijf is vol")

    monkeypatch.setattr(db, "write_backup", disk_full)
    with pytest.raises(ProjectError, match=f"schemaversie 7 naar {LATEST}.*schijf is vol.*niet veranderd"):
        Project.open(path)
    assert dump_project(path) == before


def test_a_failed_migration_removes_its_copy(tmp_path, monkeypatch):
    path = tmp_path / "oud.kb"
    _old_project(path)
    before = dump_project(path)

    def broken(conn):
        raise RuntimeError("kapot")

    migrations = [
        m if m.version <= OLD else m.__class__(m.version, m.description, broken) for m in all_migrations()
    ]
    monkeypatch.setattr(db, "all_migrations", lambda: migrations)
    with pytest.raises(RuntimeError, match="kapot"):
        Project.open(path)
    assert dump_project(path) == before
    assert _backups(tmp_path) == []


def test_the_cli_says_where_the_copy_is(tmp_path, capsys):
    path = tmp_path / "oud.kb"
    _old_project(path)
    assert main(["status", "-p", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    (backup,) = _backups(tmp_path)
    assert f"Een kopie van het project zoals het was staat in {backup}" in err
    assert f'"schemaversie": {LATEST}' in out  # stdout stays the command's own output


def test_a_current_project_is_not_copied(tmp_path):
    path = tmp_path / "nieuw.kb"
    Project.create(path).close()
    with Project.open(path) as project:
        assert project.migration_backup is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".kb") == ["nieuw.kb"]


def test_the_tui_and_the_python_api_say_where_the_copy_is(tmp_path):
    from tui_support import run

    from kritischeblik import open_project
    from kritischeblik.tui.app import KBApp

    path = tmp_path / "oud.kb"
    _old_project(path)
    app = KBApp(path, coder="Marieke")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("q")

    run(scenario)
    (backup,) = _backups(tmp_path)
    assert any(str(backup) in n.message and n.title == "Project bijgewerkt" for n in app._notifications)

    again = tmp_path / "ook-oud.kb"
    _old_project(again)
    with (
        pytest.warns(UserWarning, match="Een kopie van het project zoals het was staat in"),
        open_project(again),
    ):
        pass
