"""The store: migrations agree with the ORM, pragmas, transactions, and clear errors on wrong files."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, inspect, text

from kritischeblik.store.db import Project, ProjectError
from kritischeblik.store.migrations import NUMBERED_LATEST, all_migrations
from kritischeblik.store.schema import Base, Interview, Meta
from kritischeblik.store.schema_versions import LATEST


def _columns(engine) -> dict[str, dict[str, tuple[str, bool]]]:
    insp = inspect(engine)
    return {
        t: {
            c["name"]: (str(c["type"]).split("(")[0].upper(), bool(c["nullable"]))
            for c in insp.get_columns(t)
        }
        for t in insp.get_table_names()
        if t != "alembic_version"  # Alembic's own bookkeeping, not part of the ORM
    }


def test_migrations_build_exactly_the_orm_schema(tmp_path):
    with Project.create(tmp_path / "m.kb") as project:
        migrated = _columns(project.engine)
    orm_engine = create_engine("sqlite://")
    Base.metadata.create_all(orm_engine)
    assert migrated == _columns(orm_engine)
    indexes = {
        ix["name"] for t in inspect(orm_engine).get_table_names() for ix in inspect(orm_engine).get_indexes(t)
    }
    with Project.open(tmp_path / "m.kb") as project:
        insp = inspect(project.engine)
        got = {ix["name"] for t in insp.get_table_names() for ix in insp.get_indexes(t)}
    assert indexes <= got


def test_migrations_are_numbered_and_latest_is_recorded(tmp_path):
    versions = [m.version for m in all_migrations()]
    assert versions == list(range(1, NUMBERED_LATEST + 1))
    with Project.create(tmp_path / "v.kb") as project:
        assert project.schema_version() == LATEST


def test_upgrade_from_version_1_keeps_data(tmp_path):
    """A project made with schema 1 is upgraded on open, without losing rows."""
    path = tmp_path / "old.kb"
    project = Project(
        path, __import__("kritischeblik.store.engines", fromlist=["sqlite_engine"]).sqlite_engine(path)
    )
    with project.write() as s:
        all_migrations()[0].upgrade(s.connection())
        s.add_all([Meta(key="schema_version", value="1"), Meta(key="pseudonym_salt", value="00")])
        s.add(
            Interview(id="oud-1", content_hash="x", omgeving="wijk", text="tekst", ingested_at="2020-01-01")
        )
    project.close()
    with Project.open(path) as upgraded:
        assert upgraded.schema_version() == LATEST
        with upgraded.read() as s:
            assert s.get(Interview, "oud-1").text == "tekst"


def test_pragmas(tmp_path):
    with Project.create(tmp_path / "p.kb") as project, project.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.backends
def test_failed_write_rolls_back(project):
    with pytest.raises(RuntimeError), project.write() as s:
        s.add(Interview(id="x", content_hash="h", omgeving="wijk", text="t", ingested_at="now"))
        s.flush()
        raise RuntimeError("boom")
    with project.read() as s:
        assert s.get(Interview, "x") is None


def test_open_errors(tmp_path):
    with pytest.raises(ProjectError, match="bestaat niet"):
        Project.open(tmp_path / "nope.kb")
    junk = tmp_path / "junk.kb"
    junk.write_text("hallo")
    with pytest.raises(ProjectError, match="geen Kritische Blik-project"):
        Project.open(junk)
    other = tmp_path / "other.kb"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(ProjectError, match="tabel 'meta' ontbreekt"):
        Project.open(other)
    with pytest.raises(ProjectError, match="bestaat al"):
        Project.create(other)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.kb"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="nieuwer"):
        Project.open(path)
