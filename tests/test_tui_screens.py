"""Thema's and Tellingen screens via Pilot, and SVG snapshots of the main screens (see tui_support)."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, OptionList
from tui_support import (
    CODER,
    assert_snapshot,
    run,
    screen_text,
    small_project,
    small_project_path,
    suggested_demo_path,
    tui_project,
)

from kritischeblik.store import themes as theme_store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Theme, ThemeMember
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.coding import CodingScreen

__all__ = ["small_project", "small_project_path", "suggested_demo_path", "tui_project"]


def test_themes_cluster_rename_move_undo_and_drill_down(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("3", "k")
            await pilot.pause()
            screen = app.screen
            assert len(screen.themes) >= 2
            first_id = int(screen.themes.iloc[0]["thema_id"])
            await pilot.press("h", "ctrl+u", *"Systeemwereld", "enter")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert s.get(Theme, first_id).user_label == "Systeemwereld"
            await pilot.press("tab")  # to the fragment list
            fid = screen.fragment_id()
            second = str(screen.themes.iloc[1]["thema_id"])
            await pilot.press("m")
            await pilot.pause()
            picker = app.screen.query_one("#choice-options", OptionList)
            picker.highlighted = picker.get_option_index(second)
            await pilot.press("enter")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                member = s.scalars(select(ThemeMember).where(ThemeMember.segment_id == fid)).one()
                assert member.theme_id == int(second) and member.moved_by_user
            await pilot.press("ctrl+z")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert s.scalars(select(ThemeMember).where(ThemeMember.segment_id == fid)).one().theme_id == first_id
            # drill down: Enter on a fragment opens the interview at that segment
            screen.query_one("#th-fragments", DataTable).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            assert app.screen.current.id == screen.fragment_id()

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        assert "thema" in " ".join(theme_store.user_edits(s, "belemmerend"))


def test_excel_export_from_tallies(tui_project, tmp_path):
    out = tmp_path / "tellingen.xlsx"

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("4", "e", "ctrl+u")
            await pilot.press(*str(out), "enter")
            await pilot.pause()

    run(scenario)
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert len(wb.sheetnames) >= 2


def _frozen_app(path):  # noqa: ANN001, ANN202
    app = KBApp(path, coder=CODER)
    app.clock = lambda: 0.0
    return app


def test_snapshots_of_the_main_screens(small_project):
    async def scenario():
        app = _frozen_app(small_project)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert_snapshot(app, "overzicht")
            await pilot.press("enter")
            await pilot.pause()
            assert_snapshot(app, "coderen")
            await pilot.press("escape", "2")
            await pilot.pause()
            assert_snapshot(app, "codeboek")
            await pilot.press("4")
            await pilot.pause()
            assert_snapshot(app, "tellingen")
            await pilot.press("question_mark")
            await pilot.pause()
            assert_snapshot(app, "help")
            await pilot.press("escape", "5", "n", "tab")
            app.screen.query_one("#s-datum").value = "2020-01-24"
            await pilot.press("tab", *"Commissielid A, Onderzoeker 3", "ctrl+s")
            await pilot.pause()
            assert "Leestijd: nog 15:00" in screen_text(app)
            assert_snapshot(app, "sessie-leestijd")
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert_snapshot(app, "sessie-duiden")

    run(scenario)
