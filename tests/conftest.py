"""Shared fixtures. Heavy objects (deduce, the demo project) are built once per test process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from kritischeblik.codebook import load_codebook
from kritischeblik.store.codebooks import save_codebook
from kritischeblik.store.db import Project

# Keys for researcher pseudonyms go to a folder of this test process, never to the user's own config folder;
# one folder for the whole process, because session-wide projects are copied and ingested into by many tests.
os.environ["KB_KEY_DIR"] = tempfile.mkdtemp(prefix="kb-sleutels-")

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "corpora" / "demo"
DATA = Path(__file__).resolve().parent / "data"


def demo_files() -> list[Path]:
    files = sorted(DEMO_DIR.glob("*.md")) + sorted(DEMO_DIR.glob("*.docx")) + sorted(DEMO_DIR.glob("*.vtt"))
    return files + sorted(DEMO_DIR.glob("*.csv"))


@pytest.fixture(scope="session")
def codebook():
    return load_codebook("kritische-blik")


@pytest.fixture(scope="session")
def pseudonymiser():
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    return get_pseudonymiser()


@pytest.fixture(scope="session")
def nlp():
    from kritischeblik.nlp import load_nlp

    return load_nlp()


def _database(path: object) -> str | None:
    """The libpq URL of a PostgreSQL project (a ``DatabaseUrl`` or its text), None for a file."""
    from kritischeblik.store.location import DatabaseUrl, is_database_url, project_location

    if isinstance(path, str) and is_database_url(path):
        path = project_location(path)
    if isinstance(path, DatabaseUrl):
        return path.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return None


def dump_project(path: Path) -> list[str]:
    """Every row of every table, in a stable order: 'unchanged' means byte-for-byte the same content (on
    PostgreSQL: every table's rows in key order, read without the tool's own queries)."""
    url = _database(path)
    if url is not None:
        import psycopg

        with psycopg.connect(url) as con:
            tables = [
                r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            return [
                f"{t}: {row!r}"
                for t in sorted(tables)
                for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1')
            ]
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def sql_rows(path: Path, query: str, *args: object) -> list[tuple]:
    """Plain SQL on a project file: the independent check next to what the tool computes. On PostgreSQL the
    same query through psycopg: ``?`` placeholders become ``%s`` and SQLite's ``rowid`` (the ``id`` key of
    the tables it is used on) becomes ``id``."""
    url = _database(path)
    if url is not None:
        import psycopg

        query = query.replace("?", "%s").replace("rowid", "id")
        with psycopg.connect(url) as con:
            return [tuple(r) for r in con.execute(query, args).fetchall()]
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def new_project(path: Path | str, codebook_name: str = "kritische-blik") -> Project:
    project = Project.create(path)
    with project.write() as s:
        save_codebook(s, load_codebook(codebook_name), primary=True)
    return project


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test module or test marked ``backends`` runs once per engine: its ``project``/``make_project``
    fixtures give a SQLite file or a PostgreSQL database."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``runs_long`` go first: under xdist one worker starts them at once while the others share
    the rest, instead of one worker starting a many-minute test near the end."""
    items.sort(key=lambda item: item.get_closest_marker("runs_long") is None)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """One throwaway PostgreSQL server for this test process (tests/pg_server.py)."""
    from bench.pg_server import PgServer

    # Not under pytest's own temporary folder: another pytest run on this machine may prune it meanwhile.
    base = Path(tempfile.mkdtemp(prefix="kb-pg-"))
    server = PgServer(base / "data")
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database holding a new project with the shipped codebook: the template every test clones."""
    name = pg_server.new_database(name=f"kb_template_{os.getpid()}")
    new_project(pg_server.url(name)).close()
    return name


@pytest.fixture
def make_project(request, backend, tmp_path):
    """``make_project(empty=False)``: a new project (with the shipped codebook) on this test's engine; with
    ``empty`` only its location, for code that creates the project itself. Closed and removed afterwards."""
    made: list[tuple[Project | None, str | None]] = []

    def make(empty: bool = False) -> Project | str | Path:
        n = len(made) + 1
        if backend == "sqlite":
            path = tmp_path / ("test.kb" if n == 1 else f"test{n}.kb")
            if empty:
                return path
            made.append((p := new_project(path), None))
            return p
        server = request.getfixturevalue("pg_server")
        name = server.new_database(None if empty else request.getfixturevalue("pg_template"))
        if empty:
            made.append((None, name))
            return server.url(name)
        made.append((p := Project.open(server.url(name)), name))
        return p

    yield make
    for p, name in made:
        if p is not None:
            p.close()
        if name is not None:
            request.getfixturevalue("pg_server").drop_database(name)


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.fixture(scope="session")
def demo_project_path(tmp_path_factory, pseudonymiser, nlp) -> Path:
    """The whole demo corpus, pseudonymised, ingested once per test process. Copy it before writing."""
    from kritischeblik.services.ingest import ingest_paths

    path = tmp_path_factory.mktemp("demo") / "demo.kb"
    with new_project(path) as p:
        ingest_paths(p, demo_files(), nlp=nlp, pseudonymiser=pseudonymiser)
    return path


@pytest.fixture(scope="session")
def demo_pg_template(request, demo_project_path) -> str:
    """The demo project copied once into a PostgreSQL database (``kb project copy``): the template of
    ``demo_project`` on PostgreSQL."""
    from kritischeblik.store.project_copy import copy_project

    server = request.getfixturevalue("pg_server")
    name = server.new_database(name=f"demo_{os.getpid()}")
    with Project.open(demo_project_path) as src:
        copy_project(src, server.url(name))
    return name


@pytest.fixture
def demo_project(request, backend, demo_project_path, tmp_path):
    """A private, writable copy of the demo project (on PostgreSQL: a database cloned from the template)."""
    yield from private_copy(request, backend, demo_project_path, "demo_pg_template", tmp_path / "demo.kb")


def private_copy(request, backend: str, path: Path, pg_template: str, dest: Path):  # noqa: ANN201
    """Yield a private, writable copy of the project file at ``path`` on this test's engine: a copy at
    ``dest``, or on PostgreSQL a database cloned from the template fixture ``pg_template``; closed (and the
    database dropped) afterwards."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        name = server.new_database(request.getfixturevalue(pg_template))
        p = Project.open(server.url(name))
        yield p
        p.close()
        server.drop_database(name)
        return
    # The WAL may hold committed pages: checkpoint so the copied main file is complete.
    with Project.open(path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, dest)
    p = Project.open(dest)
    yield p
    p.close()
