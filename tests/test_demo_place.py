"""`make run` never deletes practice work: a demo project holding work of a person stays, the fresh build
goes beside it (kritischeblik/commands/demo_place.py, called by the Makefile's demo rule)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, new_project, sql_rows

from kritischeblik.commands.demo_place import place, practice_in
from kritischeblik.services import coding
from kritischeblik.store.stats import practice_work

SESSION_ROW = (
    "INSERT INTO duiding_sessions (title, datum, question, participants, phase, reading_minutes, created_at, "
    "updated_at) VALUES ('oefen', '2026-01-01', 'belemmerend', '[]', 'leestijd', 5, 'nu', 'nu')"
)


def _uuid(path: Path) -> str:
    return sql_rows(path, "SELECT value FROM meta WHERE key = 'project_uuid'")[0][0]


def _add_session(path: Path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute(SESSION_ROW)
    con.close()


def test_ingest_is_no_practice_work_a_coders_decision_is(demo_project):
    with demo_project.read() as s:
        assert practice_work(s) == {}  # ingest (with the scores of the choice form) is what a build writes
    segment = sql_rows(demo_project.path, "SELECT id FROM segments ORDER BY id LIMIT 1")[0][0]
    code = sql_rows(demo_project.path, "SELECT id FROM codes ORDER BY id LIMIT 1")[0][0]
    coding.decide(demo_project, segment, code, "anna", "add")
    with demo_project.read() as s:
        assert practice_work(s) == {"coderingen": 1, "beslissingen": 1}


def test_empty_demo_is_replaced(tmp_path):
    new_project(tmp_path / "new.kb").close()
    new_project(tmp_path / "demo.kb").close()
    fresh = _uuid(tmp_path / "new.kb")
    where, message = place(tmp_path / "new.kb", tmp_path / "demo.kb")
    assert (where, message) == (tmp_path / "demo.kb", "")
    assert _uuid(tmp_path / "demo.kb") == fresh
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".kb") == ["demo.kb"]


def test_demo_with_a_session_is_kept_and_the_new_one_goes_beside(tmp_path):
    new_project(tmp_path / "new.kb").close()
    new_project(tmp_path / "demo.kb").close()
    _add_session(tmp_path / "demo.kb")
    before = (tmp_path / "demo.kb").read_bytes()
    fresh = _uuid(tmp_path / "new.kb")
    where, message = place(tmp_path / "new.kb", tmp_path / "demo.kb")
    assert (tmp_path / "demo.kb").read_bytes() == before  # untouched, not even migrated
    assert where.parent == tmp_path and where.name.startswith("demo-") and where.suffix == ".kb"
    assert _uuid(where) == fresh and not (tmp_path / "new.kb").exists()
    assert "bevat oefenwerk (duidingssessies: 1)" in message and str(where) in message


def test_unreadable_demo_is_kept(tmp_path):
    new_project(tmp_path / "new.kb").close()
    (tmp_path / "demo.kb").write_bytes(b"geen project")
    assert practice_in(tmp_path / "demo.kb") is None
    where, message = place(tmp_path / "new.kb", tmp_path / "demo.kb")
    assert (tmp_path / "demo.kb").read_bytes() == b"geen project"
    assert where != tmp_path / "demo.kb" and "kan niet worden gelezen" in message


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_makefile_demo_rule_keeps_practice_work(tmp_path):
    """The Makefile's own rule, with a stand-in `kb` that only creates the project (the build's other steps
    are the real commands' business): a project with a session survives a rebuild."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (bin_dir / "kb").write_text(
        f'#!/bin/sh\nif [ "$1" = init ]; then exec {sys.executable} -m kritischeblik "$@" > /dev/null; fi\n'
    )
    for tool in ("python", "kb"):
        (bin_dir / tool).chmod(0o755)
    stamp, corpus = tmp_path / "installed", tmp_path / "corpus.md"
    stamp.touch()
    corpus.touch()
    demo = tmp_path / "demo" / "kritischeblik.kb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["make", "-s", "-C", str(ROOT), "demo", f"BIN={bin_dir}", f"STAMP={stamp}", f"DEMO={demo}"]
    argv += [f"DEMO_BUILT={tmp_path / 'demo' / '.gebouwd'}", f"CORPUS={corpus}", "CODEBOOKS="]

    def make() -> str:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    make()  # first build: nothing there yet
    first = _uuid(demo)
    _add_session(demo)
    # the corpus changed since the build, e.g. after a pull (times set, not waited for)
    built = tmp_path / "demo" / ".gebouwd"
    now = built.stat().st_mtime
    os.utime(built, (now - 100,) * 2)
    os.utime(corpus, (now - 50,) * 2)
    out = make()
    assert _uuid(demo) == first and sql_rows(demo, "SELECT title FROM duiding_sessions") == [("oefen",)]
    beside = [p for p in demo.parent.glob("kritischeblik-*.kb")]
    assert len(beside) == 1 and _uuid(beside[0]) != first
    assert "bevat oefenwerk" in out
    assert make() == ""  # built: no rebuild on the next run


def test_make_clean_removes_only_demo_projects_without_practice_work(tmp_path):
    folder = tmp_path / "demo"
    new_project(folder / "kritischeblik.kb").close()
    new_project(folder / "kritischeblik-20260101-120000.kb").close()
    _add_session(folder / "kritischeblik-20260101-120000.kb")
    (folder / "kritischeblik.kb-wal").write_bytes(b"")
    (folder / ".gebouwd").write_text("")
    (folder / "notities.txt").write_text("van de gebruiker")
    done = subprocess.run(
        [sys.executable, "-m", "kritischeblik.commands.demo_place", "--opruimen", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert left == ["kritischeblik-20260101-120000.kb", "notities.txt"]
    assert not (folder / "kritischeblik.kb-wal").exists()
    assert "oefenwerk" in done.stdout and "kritischeblik-20260101-120000.kb" in done.stdout
