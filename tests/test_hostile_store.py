"""A hostile or unlucky disk under the project: read-only files and folders, an immutable file, a full disk, two
identical ingests at once, and schema objects the project did not create (issue 11, points 8 and 9).

Every case: a clear Dutch message, no traceback, and the project byte for byte as it was (``dump_project``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEMO_DIR, ROOT, dump_project, new_project, sql_rows
from sqlalchemy import event
from sqlalchemy.pool import Pool
from test_reliability_input import _cli
from tui_support import small_project, small_project_path

from kritischeblik.store import access

__all__ = ["small_project", "small_project_path"]  # fixtures used here

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
WIJK = DEMO_DIR / "wijk-02.md"


@pytest.fixture(scope="module")
def base(tmp_path_factory, nlp) -> Path:
    """One interview, not pseudonymised (this is about the store; deduce's load time is not needed)."""
    from kritischeblik.services.ingest import IngestOptions, ingest_paths

    path = tmp_path_factory.mktemp("hostile-store") / "basis.kb"
    with new_project(path) as p:
        ingest_paths(p, [DEMO_DIR / "wijk-01.md"], IngestOptions(pseudonymise=False), nlp=nlp)
    return path


def _copy(src: Path, dest: Path) -> Path:
    """A self-contained copy (no -wal/-shm beside it), as a user would find the file on a share."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    a.backup(b)
    b.execute("PRAGMA journal_mode=WAL")
    a.close()
    b.close()
    return dest


@pytest.fixture
def proj(base, tmp_path) -> Path:
    return _copy(base, tmp_path / "werk" / "p.kb")


def _chattr(flag: str, path: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    except OSError:
        return False


@contextlib.contextmanager
def _unwritable_folder(folder: Path) -> Iterator[str]:
    """Make ``folder`` so that no new file can be created in it: ``chattr +i`` (binds root too) where the
    file system allows it, else mode 0555 for a normal user. Yields which one was used ("" if neither)."""
    how = "chattr" if _chattr("+i", folder) else ""
    if not how:
        folder.chmod(0o555)
        how = "chmod" if os.geteuid() != 0 else ""
    try:
        yield how
    finally:
        if how == "chattr":
            _chattr("-i", folder)
        folder.chmod(0o755)


def _assert_refused_write(capsys, project: Path, hint: str) -> None:
    """(The caller compares the dumps: inside a read-only folder even the dump cannot open the file.)"""
    code, _, err = _cli(capsys, "ingest", "--no-pseudonymise", "-p", project, WIJK)
    assert code == 2 and "Traceback" not in err
    assert "het project is alleen-lezen: " in err and hint in err, err


def _assert_status_works(capsys, project: Path) -> None:
    code, out, err = _cli(capsys, "status", "-p", project, "--format", "json")
    assert code == 0, err
    assert '"interviews": 1' in out and '"schemaversie"' in out


# -- read-only projects ----------------------------------------------------------------------------------------


def test_read_only_file_opens_for_reading_and_refuses_writes(capsys, proj, tmp_path):
    backup = tmp_path / "back-up.kb"
    assert _cli(capsys, "backup", "-p", proj, backup)[0] == 0
    before = dump_project(proj)
    proj.chmod(0o444)  # even root: a file without write bits is read-only on purpose
    try:
        _assert_status_works(capsys, proj)
        _assert_refused_write(capsys, proj, "chmod u+w")
        code, _, err = _cli(capsys, "code", "accept", "-p", proj, "--coder", "Anna", "1", "lp-eenvoud")
        assert code == 2 and "alleen-lezen" in err
        code, _, err = _cli(capsys, "restore", "--force", "-p", proj, backup)
        assert code == 2 and "alleen-lezen" in err
        code, _, err = _cli(capsys, "check", "--herstel", "-p", proj)
        assert code == 2 and "alleen-lezen" in err
        # Read without SQLite's shared-memory index: no -shm left behind with the file's read-only mode.
        assert sorted(p.name for p in proj.parent.iterdir()) == ["p.kb"]
    finally:
        proj.chmod(0o644)
    assert dump_project(proj) == before


def test_read_only_folder_opens_for_reading_and_refuses_writes(capsys, proj):
    before = dump_project(proj)
    with _unwritable_folder(proj.parent):
        _assert_status_works(capsys, proj)
        _assert_refused_write(capsys, proj, "map")
    assert dump_project(proj) == before


def test_read_only_folder_with_unmerged_wal_gives_a_clear_error(capsys, proj, tmp_path):
    # A -wal that still holds committed pages, and no -shm: what a crash on a share leaves behind.
    writer = sqlite3.connect(proj)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE meta SET value='2020-01-01' WHERE key='created_at'")
    writer.commit()
    stuck = tmp_path / "vast"
    stuck.mkdir()
    shutil.copy(proj, stuck / "p.kb")
    shutil.copy(f"{proj}-wal", stuck / "p.kb-wal")
    writer.close()
    assert (stuck / "p.kb-wal").stat().st_size > 0
    with _unwritable_folder(stuck) as how:
        if not how:  # root where chattr does not work: a directory where the -shm should go stops SQLite too
            stuck.chmod(0o755)
            (stuck / "p.kb-shm").mkdir()
            stuck.chmod(0o555)
        code, _, err = _cli(capsys, "status", "-p", stuck / "p.kb")
    assert code == 2 and "Traceback" not in err
    assert "alleen-lezen" in err and "p.kb-wal" in err and "map waarin je mag schrijven" in err


def test_immutable_file_opens_for_reading_and_refuses_writes(capsys, proj, monkeypatch):
    before = dump_project(proj)
    real = _chattr("+i", proj)
    if not real:  # no chattr here: the same answer the ioctl gives for an immutable file
        monkeypatch.setattr(access, "_immutable", lambda p: Path(p) == proj)
    try:
        _assert_status_works(capsys, proj)
        _assert_refused_write(capsys, proj, f"chattr -i {proj}")
    finally:
        if real:
            _chattr("-i", proj)
    assert dump_project(proj) == before


def test_tui_read_only_refuses_every_write_with_a_notification(small_project):
    from tui_support import open_coding, run

    from kritischeblik.tui.app import KBApp

    before = dump_project(small_project)

    async def scenario():
        app = KBApp(small_project, coder="Marieke", read_only=True)
        async with app.run_test(size=(120, 40)) as pilot:
            assert "alleen-lezen" in app.sub_title
            await open_coding(app, pilot, "wijk-90")
            # accept and reject a suggestion, mark the fragment confidential (member check): every one refused
            for key in ("a", "r", "v"):
                await pilot.press("s", key)
                await pilot.pause()
            refused = [n.message for n in app._notifications if "alleen-lezen" in n.message]
            assert len(refused) == 3, [n.message for n in app._notifications]

    run(scenario)
    assert dump_project(small_project) == before


def test_tui_command_has_the_read_only_flag():
    from kritischeblik.cli import build_parser

    args = build_parser().parse_args(["tui", "--alleen-lezen", "-p", "x.kb"])
    assert args.read_only is True


# -- a full disk -----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _disk_full(project: Path) -> Iterator[None]:
    """Every new connection to ``project`` may not grow the file: SQLite answers SQLITE_FULL exactly as on a
    full disk (portable; no tmpfs or root needed)."""

    def on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
        if Path(dbapi_conn.execute("PRAGMA database_list").fetchone()[2]) == project.resolve():
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(Pool, "connect", on_connect)
    try:
        yield
    finally:
        event.remove(Pool, "connect", on_connect)


def _text_qdpx(path: Path) -> Path:
    """A REFI-QDA project with one plain-text source: a transcript's text, big enough to need new pages."""
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        '<Sources><TextSource guid="00000000-0000-4000-8000-000000000001" name="los.txt" '
        'plainTextPath="internal://los.txt"/></Sources></Project>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/los.txt", WIJK.read_text(encoding="utf-8").split("---", 2)[2])
    return path


@pytest.mark.parametrize("command", ["ingest", "import-qdpx"])
def test_disk_full_during_a_write(capsys, proj, tmp_path, command):
    con = sqlite3.connect(proj)
    con.execute("VACUUM")  # no free pages left to fill: every write must grow the file
    con.close()
    before = dump_project(proj)
    args = (
        ["ingest", "--no-pseudonymise", "-p", proj, WIJK]
        if command == "ingest"
        else ["import", "qdpx", "-p", proj, _text_qdpx(tmp_path / "los.qdpx")]
    )
    with _disk_full(proj):
        code, _, err = _cli(capsys, *args)
    assert code == 2 and "Traceback" not in err
    assert "de schijf is vol" in err and "het project is ongewijzigd" in err, err
    assert dump_project(proj) == before
    assert _cli(capsys, "check", "-p", proj)[0] == 0


# -- two identical ingests at once ---------------------------------------------------------------------------


def _start_ingest(project: Path, files: list[Path]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", KB_WORKERS="1")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kritischeblik",
            "ingest",
            "--no-pseudonymise",
            "-p",
            str(project),
            *map(str, files),
        ],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.parametrize("same", [True, False], ids=["zelfde-bestanden", "zelfde-id-andere-inhoud"])
def test_two_identical_ingests_at_once(capsys, proj, tmp_path, same):
    files = [WIJK, DEMO_DIR / "school-03.md"]
    other = files
    if not same:
        changed = tmp_path / "wijk-02.md"
        changed.write_text(
            WIJK.read_text(encoding="utf-8").replace("## Vastloopmoment", "Extra.\n\n## Vastloopmoment"),
            encoding="utf-8",
        )
        other = [changed, files[1]]
    # Hold the write lock until both have read the project and prepared every file: then both believe the
    # interviews are new, and the second to write meets what the first wrote (no timing involved).
    lock = sqlite3.connect(proj, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    procs = [_start_ingest(proj, files), _start_ingest(proj, other)]
    try:
        for p in procs:
            for line in p.stderr:
                if line.startswith("[2/2]"):
                    break
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        results.append((p.returncode, out, err))
    assert all("Traceback" not in err for _, _, err in results)
    first, second = sorted(results, key=lambda r: "2 nieuw" not in r[1])
    assert first[0] == 0 and "Ingelezen: 2 nieuw" in first[1]
    if same:
        assert second[0] == 0 and "0 nieuw" in second[1] and "2 ongewijzigd" in second[1]
        assert second[2].count("is al ingelezen door een ander proces") == 2
    else:
        assert second[0] == 2 and "intussen door een ander proces ingelezen met andere inhoud" in second[2]
    ids = [r[0] for r in sql_rows(proj, "SELECT id FROM interviews ORDER BY id")]
    assert ids == ["school-03", "wijk-01", "wijk-02"]
    assert _cli(capsys, "check", "-p", proj)[0] == 0


# -- schema objects the project did not create ------------------------------------------------------------------

BLANK_TRIGGER = "CREATE TRIGGER wis AFTER INSERT ON coding_events BEGIN UPDATE interviews SET text = ''; END"
FOREIGN = {
    "trigger": (BLANK_TRIGGER, "trigger 'wis' op tabel 'coding_events' is niet door Kritische Blik gemaakt"),
    "view": ("CREATE VIEW alles AS SELECT id, text FROM interviews", "view 'alles' is niet door"),
    "tabel": ("CREATE TABLE buit (x TEXT)", "tabel 'buit' is niet door"),
    "index": (
        "CREATE INDEX ix_tekst ON interviews (text)",
        "index 'ix_tekst' op tabel 'interviews' is niet door",
    ),
    "gewijzigde-index": (
        "DROP INDEX ix_coding_events_segment_id; CREATE INDEX ix_coding_events_segment_id ON coding_events (code_id)",
        "index 'ix_coding_events_segment_id' op tabel 'coding_events' wijkt af",
    ),
    "gewijzigde-tabel": (
        "ALTER TABLE meta RENAME TO meta_oud; CREATE TABLE meta (key VARCHAR NOT NULL, value TEXT DEFAULT 'x', "
        "PRIMARY KEY (key)); INSERT INTO meta SELECT * FROM meta_oud; DROP TABLE meta_oud",
        "tabel 'meta' wijkt af",
    ),
}


def _tamper(path: Path, sql: str) -> list[str]:
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.close()
    return dump_project(path)


def test_the_foreign_trigger_really_blanks_transcripts(proj):
    """The trigger of the tests below does what the one found in a restored backup did."""
    _tamper(proj, BLANK_TRIGGER)
    con = sqlite3.connect(proj)
    con.execute(
        "INSERT INTO coding_events (segment_id, code_id, coder, action, memo, at) VALUES (1, 'x', 'y', 'add', '', '')"
    )
    con.commit()
    assert con.execute("SELECT count(*) FROM interviews WHERE text != ''").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_foreign_schema_object_refused_reported_and_repaired(capsys, proj, kind):
    sql, message = FOREIGN[kind]
    clean = dump_project(proj)
    tampered = _tamper(proj, sql)
    for args in (
        ["status", "-p", proj],
        ["code", "accept", "-p", proj, "--coder", "Anna", "1", "lp-eenvoud"],
        ["backup", "-p", proj, proj.parent / "kopie.kb"],
    ):
        code, _, err = _cli(capsys, *args)
        assert code == 2 and "Traceback" not in err and message in err, err
        assert "kb check --herstel" in err
    assert dump_project(proj) == tampered and not (proj.parent / "kopie.kb").exists()
    code, out, _ = _cli(capsys, "check", "-p", proj)
    assert code == 1 and f"schema: {message}" in out and "kb check --herstel" in out
    assert dump_project(proj) == tampered  # kb check only reads (no migration, nothing the object asks for)

    code, out, err = _cli(capsys, "check", "--herstel", "-p", proj)
    assert code == 0, out + err
    assert "Hersteld (1)" in out and message in out and "Project is in orde" in out
    saved = [p for p in proj.parent.iterdir() if ".voor-herstel-" in p.name]
    assert len(saved) == 1 and dump_project(saved[0]) == tampered  # the old state, foreign object included
    assert dump_project(proj) == clean
    assert _cli(capsys, "status", "-p", proj)[0] == 0


def test_restore_refuses_a_backup_with_a_foreign_trigger_and_the_documented_way_out(capsys, proj, tmp_path):
    clean = dump_project(proj)
    backup = tmp_path / "back-up.kb"
    assert _cli(capsys, "backup", "-p", proj, backup)[0] == 0
    _tamper(backup, BLANK_TRIGGER)
    assert _cli(capsys, "ingest", "--no-pseudonymise", "-p", proj, WIJK)[0] == 0
    current = dump_project(proj)
    code, _, err = _cli(capsys, "restore", "--force", "-p", proj, backup)
    assert code == 2 and "Traceback" not in err and "trigger 'wis'" in err and "er is niets teruggezet" in err
    assert dump_project(proj) == current
    # The way out the message names: repair a copy, restore that.
    copy = tmp_path / "herstel.kb"
    shutil.copy(backup, copy)
    assert _cli(capsys, "check", "--herstel", "-p", copy)[0] == 0
    assert _cli(capsys, "restore", "--force", "-p", proj, copy)[0] == 0
    assert dump_project(proj) == clean


def test_missing_index_is_reported_but_not_refused(capsys, proj):
    clean = dump_project(proj)
    _tamper(proj, "DROP INDEX ix_coding_events_segment_id")
    assert _cli(capsys, "status", "-p", proj)[0] == 0
    code, out, _ = _cli(capsys, "check", "-p", proj)
    assert code == 1 and "index 'ix_coding_events_segment_id' op tabel 'coding_events' ontbreekt" in out
    assert _cli(capsys, "check", "--herstel", "-p", proj)[0] == 0
    assert dump_project(proj) == clean


def test_every_connection_runs_with_trusted_schema_off(proj):
    from kritischeblik.store.db import Project

    with Project.open(proj) as p, p.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
