"""Thema's and Tellingen screens via Pilot, and SVG snapshots of the main screens (see tui_support)."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, OptionList
from tui_support import (
    CODER,
    assert_snapshot,
    confirm_unreviewed,
    run,
    screen_text,
    small_project,
    small_project_path,
    suggested_demo_path,
    tui_project,
    wait_for_task,
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
            await wait_for_task(app, pilot)
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
                assert (
                    s.scalars(select(ThemeMember).where(ThemeMember.segment_id == fid)).one().theme_id
                    == first_id
                )
            # drill down: Enter on a fragment opens the interview at that segment
            screen.query_one("#th-fragments", DataTable).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            assert app.screen.current.id == screen.fragment_id()

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        assert "thema" in " ".join(theme_store.user_edits(s, "belemmerend"))


def _export_from_tallies(path, key: str, out) -> None:  # noqa: ANN001
    async def scenario():
        app = KBApp(path, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("4", key, "ctrl+u")
            await pilot.press(*str(out), "enter")
            await wait_for_task(app, pilot)

    run(scenario)


def test_excel_export_from_tallies(tui_project, tmp_path):
    out = tmp_path / "tellingen.xlsx"
    _export_from_tallies(tui_project, "e", out)
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert len(wb.sheetnames) >= 2


def test_summary_export_from_tallies_equals_the_cli_export(tui_project, tmp_path):
    out = tmp_path / "samenvatting.md"
    _export_from_tallies(tui_project, "s", out)
    from kritischeblik.cli import main

    assert main(["export", "samenvatting", "-p", str(tui_project), str(tmp_path / "cli.md")]) == 0
    assert out.read_text(encoding="utf-8") == (tmp_path / "cli.md").read_text(encoding="utf-8")
    assert "## Wat loopt vast?" in out.read_text(encoding="utf-8")


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
            await confirm_unreviewed(app, pilot)
            assert "Leestijd: nog 15:00" in screen_text(app)
            assert_snapshot(app, "sessie-leestijd")
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert_snapshot(app, "sessie-duiden")

    run(scenario)


def test_theme_merge_is_undoable(tui_project):
    def state(first: int) -> tuple:
        with Project.open(tui_project) as p, p.read() as s:
            theme = s.get(Theme, first)
            members = s.scalars(select(ThemeMember).order_by(ThemeMember.id)).all()
            return theme.status, theme.merged_into, [(m.id, m.theme_id, m.rank) for m in members]

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("3", "k")
            await wait_for_task(app, pilot)
            screen = app.screen
            first, second = (int(screen.themes.iloc[i]["thema_id"]) for i in (0, 1))
            before = state(first)
            assert before[0] == "actief"
            await pilot.press("v")
            await pilot.pause()
            picker = app.screen.query_one("#choice-options", OptionList)
            picker.highlighted = picker.get_option_index(str(second))
            await pilot.press("enter")
            await pilot.pause()
            merged = state(first)
            assert merged[:2] == ("samengevoegd", second)
            moved = {mid for mid, tid, _ in before[2] if tid == first}
            assert moved and all(tid == second for mid, tid, _ in merged[2] if mid in moved)
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert state(first) == before  # status, target and every member's theme and rank are back
            assert any("Ongedaan: samenvoegen" in n.message for n in app._notifications)

    run(scenario)


def test_resumed_session_shows_the_reading_time_left(tui_project):
    from datetime import datetime

    from kritischeblik.store import sessions as store
    from kritischeblik.tui.screens.session_run import SessionRunScreen

    with Project.open(tui_project) as p, p.write() as s:
        sid = store.create_session(
            s,
            "2020-01-24",
            ["Commissielid A"],
            "belemmerende_elementen",
            store.code_themes(s, "belemmerende_elementen"),
            reading_minutes=15,
        )
    with Project.open(tui_project) as p, p.read() as s:
        started = datetime.fromisoformat(store.load_session(s, sid).reading_started_at).timestamp()

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: started + 6 * 60 + 30  # the session is resumed 6½ minutes after it started
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("5", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionRunScreen)
            assert "Leestijd: nog 08:30" in screen_text(app)
            # duiden and back to leestijd: the reading time starts again, stored with the session
            await pilot.press("right_square_bracket", "left_square_bracket")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                restarted = datetime.fromisoformat(store.load_session(s, sid).reading_started_at).timestamp()
            assert restarted >= started
            app.clock = lambda: restarted + 60
            app.screen.tick()
            assert "Leestijd: nog 14:00" in screen_text(app)

    run(scenario)
