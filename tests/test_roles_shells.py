"""Roles through the shells: `kb rol` and forbidden writes on the command line (the actor from --coder or
$KB_CODER), and the TUI: a lezer gets a read-only app whose title names the role, a codeur's refused theme
edit leaves the project unchanged, a beheerder's goes through."""

from __future__ import annotations

import json

import pytest
from conftest import dump_project, sql_rows
from tui_support import (
    run,
    screen_text,
    small_project,
    small_project_path,
    themed_project,
    themed_project_path,
    wait_until,
)

from kritischeblik.cli import main
from kritischeblik.model import Role
from kritischeblik.services import roles
from kritischeblik.store.db import Project
from kritischeblik.tui.app import KBApp

__all__ = ["small_project", "small_project_path", "themed_project", "themed_project_path"]


@pytest.fixture(autouse=True)
def _no_coder_in_the_environment(monkeypatch):
    monkeypatch.delenv("KB_CODER", raising=False)


def _kb(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_kb_rol_sets_shows_and_removes(small_project, capsys):
    p = str(small_project)
    code, _out, err = _kb(capsys, "rol", "zet", "-p", p, "Lex", "lezer")
    assert code == 2 and "Zeg wie je bent" in err and "--coder" in err
    code, out, _err = _kb(capsys, "rol", "zet", "-p", p, "Lex", "lezer", "--coder", "Bea")
    assert code == 0 and "Bea is nu beheerder." in out and "Lex is nu lezer." in out
    code, out, _err = _kb(capsys, "rol", "toon", "-p", p, "--format", "json")
    assert json.loads(out) == [{"naam": "Bea", "rol": "beheerder"}, {"naam": "Lex", "rol": "lezer"}]
    code, _out, err = _kb(capsys, "rol", "verwijder", "-p", p, "bea", "--coder", "BEA")
    assert code == 2 and "laatste beheerder" in err
    code, _out, err = _kb(capsys, "rol", "zet", "-p", p, "Anna", "codeur", "--coder", "Lex")
    assert code == 2 and "Je bent lezer" in err and "kb rol toon" in err
    code, out, _err = _kb(capsys, "rol", "verwijder", "-p", p, "lex", "--coder", "Bea")
    assert code == 0 and "Lex heeft geen rol meer (was lezer)." in out


def test_forbidden_writes_on_the_command_line_change_nothing(
    small_project, small_project_path, capsys, monkeypatch
):
    p = str(small_project)
    with Project.open(small_project) as project:
        roles.set_role(project, "Anna", Role.CODEUR, actor="Bea")
        roles.set_role(project, "Lex", Role.LEZER, actor="Bea")
    before = dump_project(small_project)
    refused = [
        (["codebook", "load", "-p", p, "kritische-blik", "--coder", "Lex"], "Je bent lezer"),
        (
            ["instellingen", "structuur", "voeg-toe", "-p", p, "golf", "--coder", "anna"],
            "alleen een beheerder",
        ),
        (["blind", "off", "wijk-90", "-p", p, "--coder", "Anna"], "alleen een beheerder"),
        (["themes", "rename", "-p", p, "1", "Eigen", "--coder", "Anna"], "alleen een beheerder"),
        (["themes", "-p", p, "--kind", "werkend", "--als", "Anna"], "alleen een beheerder"),
        (["code", "accept", "-p", p, "1", "lp-1", "--coder", "Lex"], "Je bent lezer"),
        (["instellingen", "zinsvectoren", "uit", "-p", p], "zeg wie je bent"),
        (["merge", p, str(small_project_path), "--coder", "Anna"], "alleen een beheerder"),
    ]
    for argv, says in refused:
        code, _out, err = _kb(capsys, *argv)
        assert code == 2 and says in err, (argv, err)
    monkeypatch.setenv("KB_CODER", "Lex")
    code, _out, err = _kb(capsys, "vectoren", "bouw", "-p", p)
    assert code == 2 and "Je bent lezer" in err
    assert dump_project(small_project) == before
    monkeypatch.setenv("KB_CODER", "Bea")
    code, _out, err = _kb(capsys, "instellingen", "structuur", "voeg-toe", "-p", p, "golf")
    assert code == 0, err


def _notified(app, text: str) -> list[str]:  # noqa: ANN001
    return [n.message for n in app._notifications if text in n.message]


def _aside(path) -> int:  # noqa: ANN001
    return sql_rows(path, "SELECT count(*) FROM themes WHERE status = 'terzijde'")[0][0]


def _set_aside_first_theme(path, label: str, coder: str, done) -> str:  # noqa: ANN001
    """Open the TUI as ``coder``, press t on the first theme (``label``), wait until ``done(app)``; returns
    the title shown."""
    titles: list[str] = []

    async def scenario():
        app = KBApp(path, coder=coder)
        async with app.run_test(size=(140, 40)) as pilot:
            await wait_until(pilot, lambda: app.current_mode == "overzicht")
            titles.append(app.sub_title)
            await pilot.press("3")
            await wait_until(pilot, lambda: label in screen_text(app))
            await pilot.press("t")
            await wait_until(pilot, lambda: done(app))

    run(scenario)
    return titles[0]


def test_the_tui_follows_the_role(themed_project):
    path, shown = themed_project
    label = shown[0][0]
    with Project.open(path) as project:
        roles.set_role(project, "Anna", Role.CODEUR, actor="Bea")
        roles.set_role(project, "Lex", Role.LEZER, actor="Bea")
    before = dump_project(path)
    title = _set_aside_first_theme(path, label, "lex", lambda app: bool(_notified(app, "alleen-lezen")))
    assert "lezer" in title and title.endswith("alleen-lezen")
    title = _set_aside_first_theme(
        path, label, "Anna", lambda app: bool(_notified(app, "alleen een beheerder kan"))
    )
    assert "codeur: Anna — codeur" in title and "alleen-lezen" not in title
    assert dump_project(path) == before
    aside = _aside(path)
    title = _set_aside_first_theme(path, label, "Bea", lambda app: _aside(path) == aside + 1)
    assert "codeur: Bea — beheerder" in title
