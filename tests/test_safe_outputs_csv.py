"""`kb export csv DIR` (issue 11, point 6): the folder is created, or must be empty, or be one an earlier
export made (marked with .kritischeblik-export) and then only with --force; only that export's own files are
ever replaced; all files appear together, or none do."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from conftest import dump_project
from test_safe_outputs import kb, leftovers, snapshot
from tui_support import small_project, small_project_path

from kritischeblik import safefolders
from kritischeblik.export import csv as csv_export

__all__ = ["small_project", "small_project_path"]

MARKER = safefolders.EXPORT_MARKER


def export(capsys, proj: Path, out: Path, *extra: str) -> tuple[int, str]:  # noqa: ANN001
    return kb(capsys, ["export", "csv", "-p", str(proj), str(out), *extra])


def test_new_folder_is_created_marked_and_follows_the_umask(small_project, capsys):
    out = small_project.parent / "a" / "b" / "export"
    old = os.umask(0o027)
    try:
        code, err = export(capsys, small_project, out)
    finally:
        os.umask(old)
    assert code == 0, err
    names = sorted(os.listdir(out))
    assert MARKER in names and "segments.csv" in names and "README.md" in names
    listed = [ln for ln in (out / MARKER).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    assert sorted(listed) == [n for n in names if n != MARKER]
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert {stat.S_IMODE((out / n).stat().st_mode) for n in names} == {0o640}
    assert leftovers(small_project.parent) == []


def test_the_trial_case_project_folder_is_refused(small_project, capsys, monkeypatch):
    """`kb export csv -p s.kb .` replaced the user's own files in that folder."""
    folder = small_project.parent
    mine = folder / "codes.csv"
    mine.write_text("mijn eigen codes\n", encoding="utf-8")
    (folder / "README.md").write_text("mijn aantekeningen\n", encoding="utf-8")
    before = {p.name: snapshot(p) for p in folder.iterdir()}
    project = dump_project(small_project)
    monkeypatch.chdir(folder)
    for extra in ((), ("--force",)):
        code, err = export(capsys, Path(small_project.name), Path("."), *extra)
        assert code == 2 and "niet leeg" in err, err
    assert {p.name: snapshot(p) for p in folder.iterdir()} == before
    assert dump_project(small_project) == project


def test_an_empty_existing_folder_is_used(small_project, capsys):
    out = small_project.parent / "leeg"
    out.mkdir()
    code, err = export(capsys, small_project, out)
    assert code == 0, err
    assert (out / MARKER).exists() and (out / "codings.csv").exists()


def test_an_earlier_export_is_replaced_only_with_force_and_user_files_stay(small_project, capsys):
    out = small_project.parent / "export"
    assert export(capsys, small_project, out)[0] == 0
    (out / "mijn-analyse.R").write_text("read.csv('codings.csv')\n", encoding="utf-8")
    # A file the earlier export wrote, which the next one no longer writes, goes; the marker lists it.
    (out / "oud.csv").write_text("x\n", encoding="utf-8")
    with open(out / MARKER, "a", encoding="utf-8") as fh:
        fh.write("oud.csv\n")
    before = {p.name: snapshot(p) for p in out.iterdir()}

    code, err = export(capsys, small_project, out)
    assert code == 2 and "eerdere export" in err and "--overschrijven" in err
    assert {p.name: snapshot(p) for p in out.iterdir()} == before

    code, err = export(capsys, small_project, out, "--overschrijven")
    assert code == 0, err
    assert (out / "mijn-analyse.R").read_text(encoding="utf-8") == "read.csv('codings.csv')\n"
    assert not (out / "oud.csv").exists()
    assert (out / "segments.csv").stat().st_ino != before["segments.csv"][3]  # a new file, swapped in whole
    assert "oud.csv" not in (out / MARKER).read_text(encoding="utf-8")
    assert leftovers(out) == []


def test_a_user_file_with_an_export_name_is_never_replaced(small_project, capsys):
    out = small_project.parent / "export"
    assert export(capsys, small_project, out)[0] == 0
    # The user replaced codes.csv by a file of their own and the marker no longer lists it.
    marker = out / MARKER
    marker.write_text(
        "".join(f"{ln}\n" for ln in marker.read_text(encoding="utf-8").splitlines() if ln != "codes.csv"),
        encoding="utf-8",
    )
    (out / "codes.csv").write_text("mijn eigen codes\n", encoding="utf-8")
    before = {p.name: snapshot(p) for p in out.iterdir()}
    code, err = export(capsys, small_project, out, "--force")
    assert code == 2 and "codes.csv" in err and "niet door een eerdere export" in err
    assert {p.name: snapshot(p) for p in out.iterdir()} == before
    assert leftovers(out) == []


def test_a_marker_cannot_point_outside_the_folder(small_project, capsys):
    out = small_project.parent / "export"
    assert export(capsys, small_project, out)[0] == 0
    victim = small_project.parent / "elders.txt"
    victim.write_text("blijft\n", encoding="utf-8")
    with open(out / MARKER, "a", encoding="utf-8") as fh:
        fh.write("../elders.txt\n/etc/hostname\n..\n")
    assert export(capsys, small_project, out, "--force")[0] == 0
    assert victim.read_text(encoding="utf-8") == "blijft\n"


@pytest.mark.parametrize("kind", ["file", "project", "fifo", "dangling"])
def test_a_path_that_is_not_a_folder_is_refused(kind, small_project, capsys):
    target = {"project": small_project}.get(kind, small_project.parent / "doel")
    if kind == "file":
        target.write_text("van mij\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "dangling":
        target.symlink_to(small_project.parent / "nergens")
    before, project = snapshot(target), dump_project(small_project)
    code, err = export(capsys, small_project, target, "--force")
    assert code == 2 and err.startswith("fout: ")
    assert snapshot(target) == before and dump_project(small_project) == project


def test_disk_full_on_the_third_file_leaves_nothing(small_project, capsys, monkeypatch):
    real = csv_export._write_csv
    calls = []

    def write(path: Path, frames):  # noqa: ANN001, ANN202
        calls.append(path.name)
        if len(calls) == 3:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("half")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, frames)

    monkeypatch.setattr(csv_export, "_write_csv", write)
    new = small_project.parent / "nieuw"
    code, err = export(capsys, small_project, new)
    assert code == 2 and "schijf is vol" in err
    assert not new.exists() and leftovers(small_project.parent) == []

    monkeypatch.setattr(csv_export, "_write_csv", real)
    earlier = small_project.parent / "eerder"
    assert export(capsys, small_project, earlier)[0] == 0
    before = {p.name: snapshot(p) for p in earlier.iterdir()}
    calls.clear()
    monkeypatch.setattr(csv_export, "_write_csv", write)
    code, err = export(capsys, small_project, earlier, "--force")
    assert code == 2 and "schijf is vol" in err and "niet gewijzigd" in err
    assert {p.name: snapshot(p) for p in earlier.iterdir()} == before
    assert leftovers(small_project.parent) == []
