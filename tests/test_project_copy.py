"""`kb project copy`: a project moved from SQLite to PostgreSQL and back holds exactly what it held, passes
`kb check`, keeps its researcher key, and can be worked on at once (the copied ids do not collide with new
ones)."""

from __future__ import annotations

import gzip

import pytest
from conftest import DATA

from kritischeblik.cli import main
from kritischeblik.services.coding import decide
from kritischeblik.store import keys
from kritischeblik.store.db import Project, ProjectError
from kritischeblik.store.project_copy import content
from kritischeblik.store.stats import check_problems


@pytest.fixture
def studie(tmp_path):
    path = tmp_path / "studie.kb"
    path.write_bytes(gzip.decompress((DATA / "v9_project.kb.gz").read_bytes()))
    Project.open(path).close()  # brought up to the latest version once
    return path


def test_sqlite_to_postgresql_and_back_without_loss(studie, tmp_path, pg_server, capsys):
    url = pg_server.url(pg_server.new_database())
    back = tmp_path / "terug.kb"
    assert main(["project", "copy", str(studie), url]) == 0
    assert main(["project", "copy", url, str(back)]) == 0
    out = capsys.readouterr().out
    assert "gekopieerd" in out
    with Project.open(studie) as src, Project.open(url) as pg, Project.open(back) as again:
        original = content(src)
        assert sum(len(rows) for rows in original.values()) > 500
        assert content(pg) == original
        assert content(again) == original
        assert pg.get_meta(keys.UUID_META) == src.get_meta(keys.UUID_META)
        for p in (pg, again):
            with p.read() as s:
                assert check_problems(s) == []
    for where in (url, str(back)):
        assert main(["check", "-p", where]) == 0


def test_a_copy_can_be_worked_on_at_once(studie, pg_server):
    url = pg_server.url(pg_server.new_database())
    assert main(["project", "copy", str(studie), url]) == 0
    with Project.open(url) as pg:
        state = decide(pg, 7, "we-gedeelde-urgentie", "Carla", "add")
        assert state.revision == 1
        with pg.read() as s:
            assert check_problems(s) == []


def test_a_copy_never_goes_over_an_existing_project(studie, tmp_path, pg_server, capsys):
    url = pg_server.url(pg_server.new_database())
    assert main(["project", "copy", str(studie), url]) == 0
    before = _content(url)
    assert main(["project", "copy", str(studie), url]) != 0
    assert "bevat al een project" in capsys.readouterr().err
    assert _content(url) == before
    assert main(["project", "copy", url, str(studie)]) != 0
    assert "bestaat al" in capsys.readouterr().err


def test_a_failed_copy_leaves_nothing(studie, pg_server, monkeypatch):
    from kritischeblik.store import project_copy

    url = pg_server.url(pg_server.new_database())

    def broken(conn):
        raise RuntimeError("kapot")

    monkeypatch.setattr(project_copy, "_advance_sequences", broken)
    with Project.open(studie) as src, pytest.raises(RuntimeError, match="kapot"):
        project_copy.copy_project(src, url)
    with pytest.raises(ProjectError, match="geen Kritische Blik-project"):
        Project.open(url)


def _content(where: str) -> dict:
    with Project.open(where) as p:
        return content(p)


def test_a_copy_never_changes_its_source(studie, tmp_path, capsys):
    import hashlib

    old = tmp_path / "oud.kb"
    old.write_bytes(gzip.decompress((DATA / "v9_project.kb.gz").read_bytes()))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (studie, old)}
    assert main(["project", "copy", str(studie), str(tmp_path / "kopie.kb")]) == 0
    # An older project is not migrated for a copy: the copy is refused and says why.
    assert main(["project", "copy", str(old), str(tmp_path / "kopie2.kb")]) != 0
    assert "alleen-lezen" in capsys.readouterr().err
    assert not (tmp_path / "kopie2.kb").exists()
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (studie, old)} == before
    assert [p.name for p in tmp_path.glob("oud*.kb")] == ["oud.kb"]  # no pre-migration copy either
