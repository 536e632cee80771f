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


def dump_project(path: Path) -> list[str]:
    """Every row of every table, in a stable order: 'unchanged' means byte-for-byte the same content."""
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def sql_rows(path: Path, query: str, *args: object) -> list[tuple]:
    """Plain SQL on a project file: the independent check next to what the tool computes."""
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def new_project(path: Path, codebook_name: str = "kritische-blik") -> Project:
    project = Project.create(path)
    with project.write() as s:
        save_codebook(s, load_codebook(codebook_name), primary=True)
    return project


@pytest.fixture
def project(tmp_path):
    p = new_project(tmp_path / "test.kb")
    yield p
    p.close()


@pytest.fixture(scope="session")
def demo_project_path(tmp_path_factory, pseudonymiser, nlp) -> Path:
    """The whole demo corpus, pseudonymised, ingested once per test process. Copy it before writing."""
    from kritischeblik.services.ingest import ingest_paths

    path = tmp_path_factory.mktemp("demo") / "demo.kb"
    with new_project(path) as p:
        ingest_paths(p, demo_files(), nlp=nlp, pseudonymiser=pseudonymiser)
    return path


@pytest.fixture
def demo_project(demo_project_path, tmp_path):
    """A private, writable copy of the demo project."""
    dest = tmp_path / "demo.kb"
    # The WAL may hold committed pages: checkpoint so the copied main file is complete.
    with Project.open(demo_project_path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_project_path, dest)
    p = Project.open(dest)
    yield p
    p.close()
