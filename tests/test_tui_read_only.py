"""The TUI for reading (the committee, kb serve --alleen-lezen) and the projector view of a duidingssessie:
no coder is asked, every write is refused with the read-only message and the project stays the same, no file
is exported; the projector shows one theme with its numbered fragments, pages with → and ←, follows the
latest session's numbering and never shows a confidential fragment's text."""

from __future__ import annotations

from conftest import dump_project
from tui_support import run, screen_text, themed_project, themed_project_path, wait_until

from kritischeblik.model import SegmentState
from kritischeblik.services import member_checks, sessions
from kritischeblik.store.db import Project
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.projector import CONFIDENTIAL, ProjectorScreen

__all__ = ["themed_project", "themed_project_path"]


def _notified(app, text: str) -> list[str]:  # noqa: ANN001
    return [n.message for n in app._notifications if text in n.message]


def test_reading_needs_no_coder_and_refuses_writes_and_exports(themed_project):
    path, shown = themed_project
    before = dump_project(path)

    async def scenario():
        app = KBApp(path, read_only=True)
        async with app.run_test(size=(140, 40)) as pilot:
            await wait_until(pilot, lambda: app.current_mode == "overzicht")
            assert app.coder == "" and app.sub_title.endswith("alleen-lezen")
            assert "gecodeerd door" not in screen_text(app)
            await pilot.press("3")
            await wait_until(pilot, lambda: shown[0][0] in screen_text(app))
            await pilot.press("t")  # set the theme aside
            await wait_until(pilot, lambda: bool(_notified(app, "alleen-lezen")))
            await pilot.press("4", "e")  # the Excel export of the Tellingen screen
            await wait_until(pilot, lambda: bool(_notified(app, "exporteren schrijft een bestand")))

    run(scenario)
    assert dump_project(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix == ".xlsx") == []


def test_the_refusal_says_what_to_do_in_a_terminal_and_in_a_browser(themed_project):
    path, shown = themed_project
    said = {}

    async def scenario(in_browser: bool):
        app = KBApp(path, read_only=True, in_browser=in_browser)
        async with app.run_test(size=(140, 40)) as pilot:
            await wait_until(pilot, lambda: app.current_mode == "overzicht")
            await pilot.press("3")
            await wait_until(pilot, lambda: shown[0][0] in screen_text(app))
            await pilot.press("t")
            await wait_until(pilot, lambda: bool(_notified(app, "alleen-lezen")))
            said[in_browser] = " ".join(_notified(app, "alleen-lezen"))

    for in_browser in (False, True):
        run(lambda in_browser=in_browser: scenario(in_browser))
    assert "start de TUI zonder alleen-lezen" in said[False]
    assert "deze pagina is alleen om te lezen" in said[True] and "start de TUI" not in said[True]


def test_projector_pages_through_the_themes(themed_project):
    path, shown = themed_project
    before = dump_project(path)

    async def scenario():
        app = KBApp(path, projector=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ProjectorScreen))
            screen = app.screen
            assert app.read_only and app.coder == ""
            assert [s.title for s in screen.slides] == [label for label, _ in shown]
            first = screen.slides[0]
            assert [n for n, _ in first.fragments] == list(range(1, len(shown[0][1]) + 1))
            assert [t for _, t in first.fragments] == [f"“{t}”" for t in shown[0][1]]
            assert shown[0][0] in screen_text(app) and "Thema 1 van 2" in screen_text(app)
            await pilot.press("right")
            await wait_until(pilot, lambda: "Thema 2 van 2" in screen_text(app))
            assert shown[1][0] in screen_text(app)
            await pilot.press("right")  # round to the first again
            await wait_until(pilot, lambda: "Thema 1 van 2" in screen_text(app))
            await pilot.press("1", "3")  # the other screens stay closed on the wall
            await pilot.pause()
            assert app.screen is screen

    run(scenario)
    assert dump_project(path) == before


def test_projector_follows_the_latest_session_and_hides_confidential_text(themed_project):
    path, _ = themed_project
    with Project.open(path) as p:
        sid = sessions.create(p, "2020-01-24", ["Commissielid A"], "belemmerende_elementen", title="Wijk")
        with p.read() as s:
            from kritischeblik.store.sessions import load_session

            view = load_session(s, sid)
        theme = view.themes[0]
        numbered = view.numbered_fragments(theme)
        secret = numbered[0][1]
        member_checks.set_states(p, [secret.segment_id], SegmentState.VERTROUWELIJK, by="Onderzoeker 1")

    async def scenario():
        app = KBApp(path, projector=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ProjectorScreen))
            slides = app.screen.slides
            assert [s.title for s in slides] == [t.label for t in view.themes]
            assert slides[0].source.startswith("Wijk · 2020-01-24")
            assert slides[0].fragments[0] == (1, CONFIDENTIAL)
            assert [n for n, _ in slides[0].fragments] == [n for n, _ in numbered]
            assert all(secret.text not in text for s in slides for _, text in s.fragments)
            assert secret.text[:40] not in screen_text(app)

    run(scenario)
