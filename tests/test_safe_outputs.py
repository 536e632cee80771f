"""No file is destroyed (issue 11, point 6): every command that writes a path the user names refuses the
project, its -wal/-shm, another project, devices, fifos, sockets, folders and dangling links; replaces an
existing file only with --force; leaves neither a partial target nor a temporary file when writing fails;
and gives new files the umask's mode. The csv folder rules are in test_safe_outputs_csv.py."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump_project
from tui_support import CODER, run, small_project, small_project_path

from kritischeblik import safefiles
from kritischeblik.cli import main
from kritischeblik.store import sessions as store_sessions
from kritischeblik.store.db import Project

__all__ = ["small_project", "small_project_path"]

WRITERS = {
    "xlsx": ("export", "xlsx"),
    "qdpx": ("export", "qdpx"),
    "qdc": ("export", "qdc"),
    "samenvatting": ("export", "samenvatting"),
    "session": ("session", "export"),
    "preview": ("preview",),
    "backup": ("backup",),
}


@pytest.fixture
def proj(small_project) -> Path:
    """The small project with one duidingssessie (id 1), so `kb session export` has something to write."""
    with Project.open(small_project) as p, p.write() as s:
        seg = s.execute(_first_segment_sql()).scalar_one()
        store_sessions.create_session(
            s, "2020-01-30", ["Anna"], "belemmerende_elementen", [store_sessions.ThemeInput("Thema", [seg])]
        )
    with Project.open(small_project) as p, p.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return small_project


def _first_segment_sql():  # noqa: ANN202
    from sqlalchemy import select

    from kritischeblik.store.schema import Segment

    return select(Segment.id).order_by(Segment.id).limit(1)


def argv(kind: str, proj: Path, target: Path, *extra: str) -> list[str]:
    if kind == "preview":
        source = proj.parent / "bron.md"
        if not source.exists():
            source.write_text(
                "---\nid: wijk-1\nomgeving: wijk\n---\n\nI: Hallo.\nR: Dag.\n", encoding="utf-8"
            )
        return ["preview", str(source), "-o", str(target), *extra]
    args = [*WRITERS[kind], "-p", str(proj)]
    if kind == "session":
        args.append("1")
    return [*args, str(target), *extra]


def kb(capsys, args: list[str]) -> tuple[int, str]:  # noqa: ANN001
    code = main(args)
    _out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


def snapshot(p: Path) -> tuple | None:
    """What a path is: type, mode, device numbers, inode and content (a replaced file has a new inode)."""
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(st.st_mode):
        body: object = p.read_bytes()
    elif stat.S_ISDIR(st.st_mode):
        body = sorted(os.listdir(p))
    elif stat.S_ISLNK(st.st_mode):
        body = os.readlink(p)
    else:
        body = None
    return stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_rdev, st.st_ino, body


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.name.endswith(safefiles.TEMP_SUFFIX))


def _device(folder: Path, name: str, major: int, minor: int, real: str) -> Path:
    """A character device like /dev/null or /dev/full. As root: a node of our own in ``folder`` with the same
    numbers, so a bug cannot harm the machine's device. Not as root: the real one (which we cannot replace)."""
    if os.geteuid() != 0:
        return Path(real)
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(major, minor))
    except OSError:
        pytest.skip("mknod is niet toegestaan in deze omgeving")
    return path


def special_targets(folder: Path, proj: Path) -> dict[str, Path]:
    """Every kind of path no command may write over, not even with --force."""
    other = folder / "ander-project.kb"
    shutil.copy(proj, other)
    fifo = folder / "pijp.md"
    os.mkfifo(fifo)
    directory = folder / "map.md"
    directory.mkdir()
    (directory / "van-mij.txt").write_text("blijft", encoding="utf-8")
    link_to_fifo = folder / "link-naar-pijp.md"
    link_to_fifo.symlink_to(fifo)
    dangling = folder / "link-naar-niets.md"
    dangling.symlink_to(folder / "bestaat-niet" / "x.md")
    hardlink = folder / "harde-link.md"
    os.link(proj, hardlink)
    targets = {
        "project": proj,
        "harde link naar project": hardlink,
        "project-wal": Path(f"{proj}-wal"),
        "project-shm": Path(f"{proj}-shm"),
        "ander project": other,
        "fifo": fifo,
        "map": directory,
        "link naar fifo": link_to_fifo,
        "kapotte link": dangling,
        "/dev/null": _device(folder, "null.md", 1, 3, "/dev/null"),
        "/dev/full": _device(folder, "full.md", 1, 7, "/dev/full"),
    }
    sock_path = folder / "s.md"
    if len(str(sock_path)) < 100:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(sock_path))
        sock.close()
        targets["socket"] = sock_path
    return targets


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_no_writer_touches_the_project_a_database_or_a_special_file(kind, proj, capsys):
    folder = proj.parent
    targets = special_targets(folder, proj)
    # A second connection keeps the project open (as the TUI would), so its -wal and -shm exist.
    with Project.open(proj) as holder, holder.read() as s:
        s.execute(_first_segment_sql()).all()
        assert Path(f"{proj}-wal").exists() and Path(f"{proj}-shm").exists()
        before = {name: snapshot(p) for name, p in targets.items()}
        project_before = dump_project(proj)
        for name, target in targets.items():
            code, err = kb(capsys, argv(kind, proj, target, "--force"))
            assert code == 2, (kind, name, err)
            assert err.startswith("fout: "), (kind, name, err)
            assert snapshot(target) == before[name], (kind, name)
        assert dump_project(proj) == project_before
    assert leftovers(folder) == []
    assert (folder / "map.md" / "van-mij.txt").read_text(encoding="utf-8") == "blijft"


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_the_messages_say_why(kind, proj, capsys):
    targets = special_targets(proj.parent, proj)
    said = {
        name: kb(capsys, argv(kind, proj, targets[name], "--force"))[1]
        for name in ("ander project", "fifo", "map", "/dev/full")
    }
    assert "SQLite-database" in said["ander project"] and "nooit overschreven" in said["ander project"]
    assert "geen gewoon bestand" in said["fifo"] and "geen gewoon bestand" in said["/dev/full"]
    assert "is een map" in said["map"]
    if kind != "preview":  # preview has no project; its own source file is protected instead
        assert "project" in kb(capsys, argv(kind, proj, proj, "--force"))[1]


def test_init_import_and_restore_never_turn_a_special_file_into_a_project(proj, capsys):
    """`kb init -p /dev/null` as root used to fail and then remove the device while cleaning up."""
    backup = proj.parent / "b.kb"
    assert kb(capsys, argv("backup", proj, backup))[0] == 0
    folder = proj.parent / "speciaal"
    folder.mkdir()
    targets = special_targets(folder, proj)
    for name in ("fifo", "/dev/null", "/dev/full", "map", "kapotte link"):
        target, before = targets[name], snapshot(targets[name])
        for args in (["init", "-p", str(target)], ["restore", str(backup), "-p", str(target), "--force"]):
            code, err = kb(capsys, args)
            assert code == 2 and "geen gewoon bestand" in err, (name, args, err)
            assert snapshot(target) == before, (name, args)


def test_preview_never_writes_over_its_source(proj, capsys):
    args = argv("preview", proj, proj)  # creates bron.md
    source = proj.parent / "bron.md"
    before = source.read_bytes()
    code, err = kb(capsys, ["preview", str(source), "-o", str(source), "--force"])
    assert code == 2 and "bronbestand" in err
    assert source.read_bytes() == before and args


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_existing_file_only_with_force_and_new_files_follow_the_umask(kind, proj, capsys):
    folder = proj.parent
    target = folder / "uitvoer.md"
    target.write_bytes(b"van de gebruiker")
    project_before = dump_project(proj)
    code, err = kb(capsys, argv(kind, proj, target))
    assert code == 2 and "bestaat al" in err and "--overschrijven" in err and "--force" in err
    assert target.read_bytes() == b"van de gebruiker"

    os.chmod(target, 0o600)  # the user restricted this file: replacing it keeps that
    code, err = kb(capsys, argv(kind, proj, target, "--overschrijven"))
    assert code == 0, err
    assert target.read_bytes() not in (b"", b"van de gebruiker")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    fresh = folder / "nieuw.md"
    old = os.umask(0o027)
    try:
        code, err = kb(capsys, argv(kind, proj, fresh))
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    assert dump_project(proj) == project_before
    assert leftovers(folder) == []


def test_a_symlink_to_a_file_is_followed_with_force(proj, capsys):
    real = proj.parent / "echt.xlsx"
    real.write_bytes(b"oud")
    link = proj.parent / "link.xlsx"
    link.symlink_to(real)
    assert kb(capsys, argv("xlsx", proj, link))[0] == 2
    assert kb(capsys, argv("xlsx", proj, link, "--force"))[0] == 0
    assert link.is_symlink() and real.read_bytes()[:2] == b"PK"


def test_backup_replaces_an_earlier_backup_with_force_but_never_a_project(proj, capsys):
    old = proj.parent / "oud-backup.kb"
    assert kb(capsys, argv("backup", proj, old))[0] == 0
    assert kb(capsys, argv("backup", proj, old))[0] == 2
    assert kb(capsys, argv("backup", proj, old, "--force"))[0] == 0
    other = proj.parent / "ander.kb"
    shutil.copy(proj, other)  # a project: WAL mode in its header
    before = other.read_bytes()
    code, err = kb(capsys, argv("backup", proj, other, "--force"))
    assert code == 2 and "SQLite-database" in err and other.read_bytes() == before
    # An export never replaces a backup either (only kb backup may, with --force).
    code, err = kb(capsys, argv("xlsx", proj, old, "--force"))
    assert code == 2 and "SQLite-database" in err


def _full_after_partial_write(path: Path) -> None:
    """Stands in for the fsync of the finished temporary file: half a file is on disk, then the disk is full."""
    with open(path, "ab") as fh:
        fh.write(b"half geschreven")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_disk_full_leaves_no_partial_target_and_no_temporary_file(kind, proj, capsys, monkeypatch):
    folder = proj.parent
    existing = folder / "bestaand.md"
    existing.write_bytes(b"van de gebruiker")
    project_before = dump_project(proj)
    monkeypatch.setattr(safefiles, "_fsync", _full_after_partial_write)
    code, err = kb(capsys, argv(kind, proj, folder / "nieuw.md"))
    assert code == 2 and "schijf is vol" in err and "niets achtergelaten" in err
    assert not (folder / "nieuw.md").exists()
    code, err = kb(capsys, argv(kind, proj, existing, "--force"))
    assert code == 2 and "schijf is vol" in err and "niet gewijzigd" in err
    assert existing.read_bytes() == b"van de gebruiker"
    assert leftovers(folder) == [] and not list(folder.glob("*-journal"))
    assert dump_project(proj) == project_before


def test_disk_full_in_the_middle_of_a_workbook(proj, capsys, monkeypatch):
    from openpyxl import Workbook

    real_save = Workbook.save

    def save(self, filename):  # noqa: ANN001, ANN202
        real_save(self, io.BytesIO())  # lets openpyxl finish its own streams
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", save)
    target = proj.parent / "w.xlsx"
    code, err = kb(capsys, argv("xlsx", proj, target))
    assert code == 2 and "schijf is vol" in err
    assert not target.exists() and leftovers(proj.parent) == []


def test_interrupt_leaves_nothing(proj, capsys, monkeypatch):
    def interrupted(path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(safefiles, "_fsync", interrupted)
    target = proj.parent / "w.qdpx"
    assert main(argv("qdpx", proj, target)) == 130
    assert not target.exists() and leftovers(proj.parent) == []


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EROFS, "alleen-lezen"),
        (errno.EPERM, "onveranderlijk"),
        (errno.EACCES, "geen toestemming"),
        (errno.EDQUOT, "quotum"),
    ],
)
def test_write_errors_are_named_in_dutch(code, said, proj, capsys, monkeypatch):
    real_replace = os.replace

    def refuse(src, dst):  # noqa: ANN001, ANN202 - the rename into place fails (an immutable file, for one)
        raise OSError(code, os.strerror(code))

    target = proj.parent / "w.qdc"
    target.write_bytes(b"oud")
    monkeypatch.setattr(os, "replace", refuse)
    rc, err = kb(capsys, argv("qdc", proj, target, "--force"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert rc == 2 and said in err and str(target) in err
    assert target.read_bytes() == b"oud" and leftovers(proj.parent) == []


def _mount_full_disk(folder: Path) -> bool:
    """A tiny tmpfs at ``folder``, filled up but for less than one block."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    if os.system(f"mount -t tmpfs -o size=64k tmpfs '{folder}' 2>/dev/null") != 0:
        return False
    filler = folder / "vol"
    with open(filler, "wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"x" * 1024)
    os.truncate(filler, max(0, filler.stat().st_size - 1024))
    return True


def test_a_real_full_disk(proj, capsys, tmp_path):
    """Where the test may mount a tiny tmpfs (root with the capability), a real ENOSPC from openpyxl, zipfile
    and SQLite; elsewhere the monkeypatched tests above cover the same paths."""
    disk = tmp_path / "klein"
    disk.mkdir()
    try:
        if not _mount_full_disk(disk):
            pytest.skip("kan geen kleine tmpfs koppelen (geen root of geen rechten)")
        for kind in ("xlsx", "qdpx", "backup"):
            code, err = kb(capsys, argv(kind, proj, disk / f"uit.{kind}"))
            assert code == 2 and "schijf is vol" in err, (kind, err)
        # As a real process: openpyxl's half-written streams must not print tracebacks when they are collected.
        done = subprocess.run(
            [sys.executable, "-m", "kritischeblik", *argv("xlsx", proj, disk / "uit.xlsx")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 2 and "schijf is vol" in done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
        code, err = kb(capsys, ["export", "csv", "-p", str(proj), str(disk / "csv")])
        assert code == 2 and "schijf is vol" in err
        assert sorted(os.listdir(disk)) == ["vol"]
    finally:
        os.system(f"umount '{disk}' 2>/dev/null")


def test_tui_asks_before_replacing(proj, tmp_path):
    from textual.widgets import OptionList

    from kritischeblik.tui.app import KBApp
    from kritischeblik.tui.screens.pickers import ChoicePicker

    out = tmp_path / "tellingen.xlsx"
    out.write_bytes(b"van de gebruiker")

    async def scenario(answer: str) -> None:
        app = KBApp(proj, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("4", "e", "ctrl+u", *str(out), "enter")
            await pilot.pause()
            assert isinstance(app.screen, ChoicePicker) and "bestaat al" in app.screen.title_text
            picker = app.screen.query_one("#choice-options", OptionList)
            picker.highlighted = picker.get_option_index(answer)
            await pilot.press("enter")
            await pilot.pause()

    run(lambda: scenario("nee"))
    assert out.read_bytes() == b"van de gebruiker"
    run(lambda: scenario("ja"))
    assert out.read_bytes()[:2] == b"PK"
    assert leftovers(tmp_path) == []
