"""One migration source: old SQLite projects come through the numbered migrations and are stamped at the
Alembic baseline, in place, with their data and the copy beside them; new projects on either engine are made
by the Alembic revisions; both ways give the same schema."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from conftest import DATA, dump_project, sql_rows
from sqlalchemy import create_engine, inspect

from kritischeblik.store import schema_versions
from kritischeblik.store.db import Project
from kritischeblik.store.migrations import NUMBERED_LATEST
from kritischeblik.store.schema_check import expected_objects, normalise_sql
from kritischeblik.store.schema_versions import BASELINE, LATEST, build
from kritischeblik.store.stats import check_problems

V9 = DATA / "v9_project.kb.gz"
"""A real project made by kritischeblik at schema version 9 (before Alembic): two demo interviews ingested,
auto-coded, one suggestion accepted by Anna with a memo, one code added by Bram."""


def _v9_copy(tmp_path: Path) -> Path:
    path = tmp_path / "studie.kb"
    path.write_bytes(gzip.decompress(V9.read_bytes()))
    return path


def _rows(path: Path) -> dict[str, list[tuple]]:
    tables = [
        "interviews",
        "segments",
        "turns",
        "codings",
        "coding_events",
        "coders",
        "segment_vectors",
        "codebooks",
        "codes",
    ]
    return {t: sql_rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in tables}


def test_a_version_9_project_is_upgraded_in_place_with_its_data(tmp_path, capsys):
    path = _v9_copy(tmp_path)
    assert sql_rows(path, "SELECT value FROM meta WHERE key='schema_version'") == [("9",)]
    before = _rows(path)
    assert len(before["codings"]) > 100 and len(before["segment_vectors"]) == len(before["segments"])
    with Project.open(path) as project:
        made = project.migration_backup
        assert (made.from_version, made.to_version) == (9, LATEST)
        assert project.schema_version() == LATEST
        with project.read() as s:
            assert check_problems(s) == []
            assert schema_versions.alembic_version(s.connection()) == LATEST
    assert _rows(path) == before
    assert made.backup.parent == tmp_path and made.backup.name.startswith("studie.v9-")
    assert sql_rows(made.backup, "SELECT value FROM meta WHERE key='schema_version'") == [("9",)]
    assert _rows(made.backup) == before
    accepted = sql_rows(
        path,
        "SELECT c.memo, k.name FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.status = 'accepted'",
    )
    assert ("klopt", "Anna") in accepted
    # Opened again: nothing more to do, no second copy.
    with Project.open(path) as again:
        assert again.migration_backup is None
    assert len(list(tmp_path.glob("studie.v9-*.kb"))) == 1


def test_the_cli_works_on_an_upgraded_version_9_project(tmp_path, capsys):
    from kritischeblik.cli import main

    path = _v9_copy(tmp_path)
    assert main(["code", "accept", "-p", str(path), "--coder", "Anna", "6", "we-gedeelde-urgentie"]) == 0
    out, err = capsys.readouterr()
    assert "schemaversie 9 naar" in err
    assert main(["check", "-p", str(path)]) == 0


def test_an_older_project_goes_through_the_numbered_migrations_then_the_stamp(tmp_path):
    path = tmp_path / "oud.kb"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        build(conn, 3)
        conn.exec_driver_sql(
            "INSERT INTO meta (key, value) VALUES ('schema_version', '3'), ('pseudonym_salt', '00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO interviews (id, source_name, content_hash, omgeving, duo, respondent_rol, organisatie, "
            "datum, attributes, text, pseudonymised, blind, warnings, ingested_at) VALUES ('w-1', 'w.md', 'h', "
            "'wijk', '[]', '', '', '', '{}', 'Een tekst.', 1, 0, '[]', '2019')"
        )
    engine.dispose()
    with Project.open(path) as project:
        assert project.migration_backup.from_version == 3
        with project.read() as s:
            assert schema_versions.alembic_version(s.connection()) == LATEST
            assert check_problems(s) == []
    assert sql_rows(path, "SELECT text FROM interviews") == [("Een tekst.",)]


def test_both_ways_to_the_baseline_give_the_same_schema():
    """A new project (Alembic from nothing) and an old one (numbered migrations, then the stamp) hold the same
    tables, columns, keys and indexes; the schema check accepts each."""
    shapes = expected_objects(BASELINE)
    assert ("table", "alembic_version") in shapes
    for key, found in shapes.items():
        assert len(found) == 2, key
        assert normalise_sql(found[0].sql) == normalise_sql(found[1].sql), key

    def described(numbered_path: bool) -> dict:
        engine = create_engine("sqlite://")
        with engine.begin() as conn:
            build(conn, BASELINE, numbered_path=numbered_path)
            insp = inspect(conn)
            return {
                t: (
                    [(c["name"], str(c["type"]), c["nullable"], c["default"]) for c in insp.get_columns(t)],
                    insp.get_pk_constraint(t)["constrained_columns"],
                    sorted(str(f) for f in insp.get_foreign_keys(t)),
                    sorted(str(i) for i in insp.get_indexes(t)),
                    sorted(str(u) for u in insp.get_unique_constraints(t)),
                )
                for t in insp.get_table_names()
            }

    new, old = described(False), described(True)
    assert new.keys() == old.keys()
    for table in new:
        columns_new, *rest_new = new[table]
        columns_old, *rest_old = old[table]
        assert sorted(columns_new) == sorted(columns_old), table
        assert rest_new == rest_old, table


def test_new_projects_start_at_the_head(tmp_path):
    assert BASELINE == NUMBERED_LATEST + 1 and LATEST >= BASELINE
    with Project.create(tmp_path / "nieuw.kb") as project, project.read() as s:
        assert schema_versions.alembic_version(s.connection()) == LATEST
        assert check_problems(s) == []
    con = sqlite3.connect(tmp_path / "nieuw.kb")
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(f"{LATEST:04d}",)]
    con.close()


def test_a_failed_stamp_leaves_the_version_9_project_as_it_was(tmp_path, monkeypatch):
    path = _v9_copy(tmp_path)
    before = dump_project(path)

    def broken(conn, pending):
        raise RuntimeError("kapot")

    monkeypatch.setattr(schema_versions, "bring_numbered_project_up", broken)
    with pytest.raises(RuntimeError, match="kapot"):
        Project.open(path)
    assert dump_project(path) == before
    assert list(tmp_path.glob("studie.v9-*.kb")) == []


NEXT_REVISION = '''"""A table for notes (test only)."""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("text", sa.Text()))
    op.create_index("ix_notes_text", "notes", ["text"])
'''


@pytest.fixture
def next_version(tmp_path, monkeypatch):
    """The revisions as shipped plus a version 11, as the next developer would add it."""
    import shutil

    from kritischeblik.store import db, schema_check

    folder = tmp_path / "revisions"
    shutil.copytree(schema_versions.script_location(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "r0011_notes.py").write_text(NEXT_REVISION, encoding="utf-8")
    monkeypatch.setattr(schema_versions, "script_location", lambda: folder)
    for module in (schema_versions, db):
        monkeypatch.setattr(module, "LATEST", 11)
    schema_versions._script.cache_clear()
    yield 11
    schema_versions._script.cache_clear()
    schema_check.expected_objects.cache_clear()


@pytest.mark.backends
def test_the_next_revision_migrates_a_project_on_either_engine(make_project, backend, request):
    from sqlalchemy import text

    project = make_project()  # made (or cloned) before version 11 exists
    assert project.schema_version() == LATEST
    where = project.path
    project.close()
    next_version = request.getfixturevalue("next_version")
    with Project.open(where) as migrated:
        assert migrated.schema_version() == next_version
        assert (migrated.migration_backup is not None) == (backend == "sqlite")  # PostgreSQL: pg_dump's job
        with migrated.write() as s:
            s.execute(text("INSERT INTO notes (text) VALUES ('eerste')"))
        with migrated.read() as s:
            assert schema_versions.alembic_version(s.connection()) == next_version
            assert check_problems(s) == []
            assert s.execute(text("SELECT text FROM notes")).scalars().all() == ["eerste"]


def test_the_shipped_expected_schema_is_what_the_migrations_build():
    # Opening a project compares it with this file instead of running every migration at each start; a new
    # revision needs `python -m kritischeblik.store.schema_check` to write it again.
    from kritischeblik.store import schema_check
    from kritischeblik.store.schema_versions import LATEST, head

    assert head() == LATEST
    assert schema_check._shipped(LATEST) == schema_check.built_objects(LATEST)
    assert schema_check._shipped(LATEST - 1) is None  # another version is built, never taken from the file


def test_opening_a_project_at_the_latest_version_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT, new_project

    new_project(tmp_path / "p.kb").close()
    code = (
        "import sys; from kritischeblik.store.db import Project\n"
        f"Project.open({str(tmp_path / 'p.kb')!r}).close()\n"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
