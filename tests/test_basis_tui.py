"""Honest basis in the TUI (issue 13.6): the overview, Thema's, Tellingen and session screens say what they
rest on and how many interviews that covers; starting a session on unreviewed suggestions asks first."""

from __future__ import annotations

from test_basis import CODER, MACHINE, _count, _decide, _interviews, _numbers
from textual.widgets import DataTable, Static
from tui_support import (
    run,
    suggested_demo_path,
    tui_project,
    wait_for_task,
    wait_until,
)

from kritischeblik.store.db import Project
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.pickers import ChoicePicker
from kritischeblik.tui.screens.session_run import SessionRunScreen
from kritischeblik.tui.screens.sessions import SessionsScreen

__all__ = ["suggested_demo_path", "tui_project"]


def _shown(app, selector: str) -> str:  # noqa: ANN001 - a running App
    return str(app.screen.query_one(selector, Static).render())


async def _fill_session_form(app, pilot) -> None:  # noqa: ANN001 - a running App and Pilot
    await pilot.press("5", "n", "tab")
    app.screen.query_one("#s-datum").value = "2020-01-24"
    await pilot.press("tab", *"Commissielid A", "ctrl+s")
    await pilot.pause()


def _sessions(path) -> int:  # noqa: ANN001
    with Project.open(path) as p, p.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT COUNT(*) FROM duiding_sessions").scalar_one()


def test_starting_a_session_on_unreviewed_suggestions_asks_and_no_starts_nothing(tui_project):
    machine, total = _count(tui_project, MACHINE), _interviews(tui_project)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await _fill_session_form(app, pilot)
            assert isinstance(app.screen, ChoicePicker)
            asked = app.screen.title_text
            assert "niet-beoordeelde machinesuggesties" in asked and _numbers(asked) == (machine, total)
            await pilot.press("enter")  # the first answer, and the default: no
            await pilot.pause()
            assert isinstance(app.screen, SessionsScreen) and _sessions(tui_project) == 0
            await pilot.press("n", "tab")
            app.screen.query_one("#s-datum").value = "2020-01-24"
            await pilot.press("tab", *"Commissielid A", "ctrl+s")
            await pilot.pause()
            await pilot.press("down", "enter")  # yes, as a provisional session
            await pilot.pause()
            assert isinstance(app.screen, SessionRunScreen) and _sessions(tui_project) == 1
            head = _shown(app, "#sr-basis")
            assert "Let op, voorlopig" in head and "niet-beoordeelde machinesuggesties" in head
            assert _numbers(head) == (machine, total)
            await pilot.press("escape")
            await pilot.pause()
            row = app.screen.query_one("#sessions", DataTable).get_row_at(0)
            assert row[-1] == "niet-beoordeelde machinesuggesties"  # the session list's basis column

    run(scenario)


def test_a_session_on_reviewed_themes_starts_without_asking(tui_project):
    with Project.open(tui_project) as p:
        from kritischeblik.services import themes as theme_service

        decided = _decide(p, 3, 0)
        theme_service.recluster(p, "belemmerend", k=2)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("5", "n")
            await pilot.pause()
            app.screen.query_one("#s-vraag").value = "belemmerende_elementen"
            await pilot.press("tab")
            app.screen.query_one("#s-datum").value = "2020-01-24"
            await pilot.press("tab", *"Commissielid A", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, SessionRunScreen)
            head = _shown(app, "#sr-basis")
            assert "Let op" not in head and "beslissingen van alle codeurs samen" in head
            assert _numbers(head) == (len(decided), _interviews(tui_project))

    run(scenario)


def test_overview_themes_and_tallies_state_their_basis(tui_project):
    with Project.open(tui_project) as p:
        decided = _decide(p, 2, 1)
    total = _interviews(tui_project)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await wait_until(pilot, lambda: _shown(app, "#ov-basis"))
            line = _shown(app, "#ov-basis")
            assert line.startswith(f"{CODER}: {len(decided)} van {total} interviews gecodeerd")
            assert "beslissingen van alle codeurs samen" in line and "er is nog geen consensus" in line
            await pilot.press("4")
            await pilot.pause()
            tallies = _shown(app, "#tally-basis")
            assert "Scores en keuzes: zoals de respondenten ze gaven" in tallies
            assert f"{len(decided)} van {total} interviews gecodeerd" in tallies
            await pilot.press("3")
            await pilot.pause()
            assert _shown(app, "#th-basis") == ""  # no themes yet, nothing to say
            await pilot.press("k")
            await wait_for_task(app, pilot)
            themes = _shown(app, "#th-basis")
            assert "Thema's gebaseerd op: beslissingen van alle codeurs samen" in themes
            assert _numbers(themes) == (len(decided), total)

    run(scenario)


def test_reclustering_on_other_ground_is_announced(tui_project):
    machine, total = _count(tui_project, MACHINE), _interviews(tui_project)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("3", "k")
            await wait_for_task(app, pilot)
            themes = _shown(app, "#th-basis")
            assert "niet-beoordeelde machinesuggesties" in themes and _numbers(themes) == (machine, total)
            with Project.open(tui_project) as p:
                _decide(p, 3, 0)
            app.screen.reload()
            await pilot.pause()
            assert "dit kan inmiddels rusten op beslissingen van alle codeurs samen" in _shown(
                app, "#th-basis"
            )
            await pilot.press("k")
            await wait_for_task(app, pilot)
            said = [n.message for n in app._notifications]
            assert any("de vorige thema's rustten op niet-beoordeelde machinesuggesties" in m for m in said)
            assert "inmiddels" not in _shown(app, "#th-basis")

    run(scenario)
