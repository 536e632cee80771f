"""kb backup / kb restore: consistent online copies, validation before restore, no silent overwrite."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import DEMO_DIR, new_project
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.services.ingest import ingest_paths
from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Interview, Segment


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def small_project_path(tmp_path_factory, nlp, pseudonymiser) -> Path:
    path = tmp_path_factory.mktemp("bk") / "bron.kb"
    with new_project(path) as p:
        ingest_paths(
            p, [DEMO_DIR / "wijk-02.md", DEMO_DIR / "school-03.md"], nlp=nlp, pseudonymiser=pseudonymiser
        )
    return path


@pytest.fixture
def proj(small_project_path, tmp_path) -> Path:
    dest = tmp_path / "project.kb"
    src = sqlite3.connect(small_project_path)
    dst = sqlite3.connect(dest)
    src.backup(dst)
    dst.close()
    src.close()
    return dest


def _state(path: Path) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "interviews": [r[0] for r in con.execute("SELECT id FROM interviews ORDER BY id")],
            "segments": con.execute("SELECT count(*) FROM segments").fetchone()[0],
            "codings": sorted(con.execute("SELECT segment_id, code_id, status FROM codings").fetchall()),
            "events": con.execute("SELECT count(*) FROM coding_events").fetchone()[0],
        }
    finally:
        con.close()


def _decide(path: Path, n: int = 1, action: str = "accept") -> None:
    with Project.open(path) as p, p.write() as s:
        seg_ids = list(s.scalars(select(Segment.id).order_by(Segment.id).limit(n)))
        for sid in seg_ids:
            codings.decide(s, sid, "lp-eenvoud", "Anna", action)


def test_backup_while_a_reader_holds_a_transaction_and_a_writer_commits(capsys, proj, tmp_path):
    out = tmp_path / "backup.kb"
    with Project.open(proj) as tui_like, tui_like.read() as s:
        # An open read transaction, as the TUI keeps while a screen is showing.
        seen = list(s.scalars(select(Interview.id)))
        _decide(proj, 3)  # another process commits meanwhile
        code, stdout, err = _cli(capsys, "backup", "-p", proj, out)
        assert code == 0, err
        assert "gecontroleerd" in stdout
        assert list(s.scalars(select(Interview.id))) == seen
    # The backup holds the committed decisions (not the reader's older snapshot) and is self-contained.
    assert _state(out) == _state(proj)
    assert _state(out)["codings"] and len(_state(out)["codings"]) == 3
    assert not Path(str(out) + "-wal").exists()
    code, stdout, _ = _cli(capsys, "check", "-p", out)
    assert code == 0 and "in orde" in stdout


def test_backup_refuses_to_overwrite_without_force(capsys, proj, tmp_path):
    out = tmp_path / "b.kb"
    out.write_bytes(b"iets anders")
    code, _, err = _cli(capsys, "backup", "-p", proj, out)
    assert code == 2 and "--force" in err
    assert out.read_bytes() == b"iets anders"
    code, _, err = _cli(capsys, "backup", "-p", proj, out, "--force")
    assert code == 0, err
    assert _state(out)["interviews"] == ["school-03", "wijk-02"]


def test_backup_onto_itself_is_refused(capsys, proj):
    before = _state(proj)
    code, _, err = _cli(capsys, "backup", "-p", proj, proj, "--force")
    assert code == 2 and "hetzelfde bestand" in err
    assert _state(proj) == before


def test_restore_brings_back_the_backed_up_state(capsys, proj, tmp_path):
    out = tmp_path / "b.kb"
    _decide(proj, 2)
    assert _cli(capsys, "backup", "-p", proj, out)[0] == 0
    saved = _state(out)
    # Work continues after the backup: more decisions, an interview removed.
    _decide(proj, 5, "reject")
    con = sqlite3.connect(proj)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("DELETE FROM interviews WHERE id='school-03'")
    con.commit()
    con.close()
    assert _state(proj) != saved

    code, _, err = _cli(capsys, "restore", out, "-p", proj)
    assert code == 2 and "--force" in err
    assert _state(proj)["interviews"] == ["wijk-02"]  # untouched

    code, stdout, err = _cli(capsys, "restore", out, "-p", proj, "--force")
    assert code == 0, err
    assert "teruggezet" in stdout
    assert _state(proj) == saved
    code, stdout, _ = _cli(capsys, "check", "-p", proj)
    assert code == 0 and "in orde" in stdout
    # The restored project is a working project: it can be written again.
    _decide(proj, 1, "reject")


def test_restore_into_a_new_path(capsys, proj, tmp_path):
    out = tmp_path / "b.kb"
    assert _cli(capsys, "backup", "-p", proj, out)[0] == 0
    fresh = tmp_path / "nieuw" / "hersteld.kb"
    code, _, err = _cli(capsys, "restore", out, "-p", fresh)
    assert code == 0, err
    assert _state(fresh) == _state(proj)


def test_restore_while_the_project_is_open_elsewhere(capsys, proj, tmp_path):
    out = tmp_path / "b.kb"
    assert _cli(capsys, "backup", "-p", proj, out)[0] == 0
    saved = _state(out)
    with Project.open(proj) as tui_like:
        _decide(proj, 4)
        code, _, err = _cli(capsys, "restore", out, "-p", proj, "--force")
        assert code == 0, err
        # The other connection sees the restored state on its next transaction.
        with tui_like.read() as s:
            assert s.scalar(select(Segment.id).limit(1)) is not None
            from sqlalchemy import func

            from kritischeblik.store.schema import Coding

            assert s.scalar(select(func.count()).select_from(Coding)) == len(saved["codings"])
    assert _state(proj) == saved


def _corrupt(src: Path, dest: Path) -> None:
    data = bytearray(src.read_bytes())
    # Overwrite pages in the middle (not the header): SQLite's integrity_check must notice.
    for i in range(len(data) // 3, len(data) // 3 + 8192):
        data[i] = 0x5A
    dest.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not-sqlite", "geen SQLite-bestand"),
        ("truncated", "beschadigd bestand"),
        ("corrupt-pages", "beschadigd bestand|controle mislukt"),  # depends on which page is hit
        ("other-sqlite", "tabel 'meta'"),
        ("missing", "bestaat niet"),
    ],
)
def test_restore_validates_the_backup_first(capsys, proj, tmp_path, kind, message):
    good = tmp_path / "goed.kb"
    assert _cli(capsys, "backup", "-p", proj, good)[0] == 0
    bad = tmp_path / f"{kind}.kb"
    if kind == "not-sqlite":
        bad.write_bytes(b"geen database" * 100)
    elif kind == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "corrupt-pages":
        _corrupt(good, bad)
    elif kind == "other-sqlite":
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE x (a)")
        con.commit()
        con.close()
    before = _state(proj)
    code, _, err = _cli(capsys, "restore", bad, "-p", proj, "--force")
    assert code == 2, err
    assert err.startswith("fout: ") and "Traceback" not in err and re.search(message, err)
    assert _state(proj) == before


def test_backup_from_another_process_while_the_tui_is_open_and_coding(capsys, proj, tmp_path):
    """Issue #7: `kb backup` in a second terminal while a coder works in the TUI; the copy holds exactly
    what was committed before it started, passes `kb check`, and restores."""
    import asyncio
    import subprocess
    import sys

    from conftest import ROOT
    from tui_support import open_coding

    from kritischeblik.store.browse import interview_summaries
    from kritischeblik.tui.app import KBApp

    assert _cli(capsys, "code", "auto", "-p", proj)[0] == 0
    with Project.open(proj) as p, p.read() as s:
        target = next(r for r in interview_summaries(s, "Anna") if r.suggested >= 2)
    out = tmp_path / "kopie.kb"
    taken: dict = {}

    async def scenario() -> None:
        app = KBApp(proj, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_coding(app, pilot, target.id)
            await pilot.press("s", "a")  # accept the first suggestion
            await pilot.pause()
            taken["before"] = _state(proj)
            backup = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "kritischeblik", "backup", "-p", str(proj), str(out)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            taken["backup"] = backup
            await pilot.press("s", "a")  # and go on coding after the backup
            await pilot.pause()

    asyncio.run(scenario())
    assert taken["backup"].returncode == 0, taken["backup"].stderr
    after = _state(proj)
    assert after["events"] > taken["before"]["events"] > 0  # the TUI wrote before and after the backup
    assert _state(out) == taken["before"]
    assert _cli(capsys, "check", "-p", out)[0] == 0
    restored = tmp_path / "terug.kb"
    assert _cli(capsys, "restore", out, "-p", restored)[0] == 0
    assert _state(restored) == taken["before"]
