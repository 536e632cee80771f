"""Long tasks in the TUI (tui/tasks.py): re-clustering runs in a thread worker while the interface keeps
responding, another connection can write meanwhile, and a stopped run leaves the themes as they were.

The clustering is held at a gate (the real clustering, entered only when the test opens the gate), so the
test decides how long it "computes"; nothing here measures time.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import select
from textual.widgets import OptionList
from tui_support import CODER, run, screen_text, suggested_demo_path, tui_project, wait_for_task

from kritischeblik.services import coding
from kritischeblik.services import themes as service
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Theme, ThemeMember, ThemeSet
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.tasks import TaskBar

__all__ = ["suggested_demo_path", "tui_project"]


def _themes_state(path) -> tuple:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        sets = [(t.id, t.kind, t.seed) for t in s.scalars(select(ThemeSet).order_by(ThemeSet.id))]
        themes = [
            (t.id, t.label, t.status, t.user_label) for t in s.scalars(select(Theme).order_by(Theme.id))
        ]
        members = [
            (m.id, m.theme_id, m.rank) for m in s.scalars(select(ThemeMember).order_by(ThemeMember.id))
        ]
    return sets, themes, members


@pytest.fixture
def gated(monkeypatch):  # noqa: ANN201
    """Hold service.recluster's clustering until the test opens the gate."""
    entered, gate = threading.Event(), threading.Event()
    real = service.cluster_fragments

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        entered.set()
        assert gate.wait(120), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "cluster_fragments", held)
    yield entered, gate
    gate.set()


def _run_opening(scenario, gate: threading.Event) -> None:  # noqa: ANN001
    """Run a scenario; should it fail while the worker waits at the gate, open the gate so the app can close."""

    async def guarded() -> None:
        try:
            await scenario()
        finally:
            gate.set()

    run(guarded)


async def _until(pilot, event: threading.Event) -> None:  # noqa: ANN001
    for _ in range(6000):
        if event.is_set():
            return
        await pilot.pause(0.02)
    raise AssertionError("the worker never reached the clustering")


def test_recluster_in_a_worker_keeps_the_ui_and_the_project_free_and_cancel_writes_nothing(
    tui_project, gated
):
    entered, gate = gated
    with Project.open(tui_project) as p:
        gate.set()  # a first clustering, so there are themes to keep
        service.recluster(p, "belemmerend", k=3, seed=1)
        gate.clear()
        entered.clear()
    before = _themes_state(tui_project)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
            screen = app.screen
            themes = screen.query_one("#th-list", OptionList)
            assert themes.highlighted == 0 and len(screen.themes) == 3
            await pilot.press("k")
            await _until(pilot, entered)
            # The clustering is running in its thread: the screen shows it and still answers keys.
            assert app.long_task is not None and screen.query(TaskBar)
            assert "fragmenten clusteren" in screen_text(app) and "Afbreken (Esc)" in screen_text(app)
            await pilot.press("down")
            await pilot.pause()
            assert themes.highlighted == 1
            # No transaction is open: another connection can take the write lock at once (timeout 0) ...
            con = sqlite3.connect(tui_project, timeout=0)
            con.execute("BEGIN IMMEDIATE")
            con.rollback()
            con.close()
            # ... and the duo partner's decision is saved while the clustering runs.
            with Project.open(tui_project) as partner:
                with partner.read() as s:
                    seg = s.execute(select(ThemeMember.segment_id).limit(1)).scalar_one()
                coding.decide(partner, seg, "be-systeemwereld", "Partner", "add")
            # Escape stops the run; the clustering then finishes in its thread and nothing is saved.
            await pilot.press("escape")
            await pilot.pause()
            assert "afgebroken" in str(screen.query_one("#task-step").render()).lower()
            gate.set()
            await wait_for_task(app, pilot)
            assert not screen.query(TaskBar)
            assert any("Afgebroken" in n.message for n in app._notifications)

    _run_opening(scenario, gate)
    assert _themes_state(tui_project) == before
    with Project.open(tui_project) as p, p.read() as s:
        from kritischeblik.store.segments import layer

        assert [r.code_id for r in layer(s, "Partner")] == ["be-systeemwereld"]


def test_a_second_task_waits_for_the_first(tui_project, gated):
    entered, gate = gated

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("3", "k")
            await _until(pilot, entered)
            first = app.long_task
            await pilot.press("k")  # no edits yet, so no question: a second run is refused, not queued
            await pilot.pause()
            assert app.long_task is first
            assert any("loopt nog" in n.message for n in app._notifications)
            gate.set()
            await wait_for_task(app, pilot)
            assert len(app.screen.themes) >= 2  # the first run saved its themes

    _run_opening(scenario, gate)


def _auto_layer(path) -> list:  # noqa: ANN001
    from kritischeblik.store.segments import auto_layer

    with Project.open(path) as p, p.read() as s:
        return sorted((r.segment_id, r.code_id, r.confidence) for r in auto_layer(s))


def test_auto_coding_runs_in_a_worker_and_a_stopped_run_writes_nothing(tui_project, monkeypatch):
    from kritischeblik.analysis import autocode

    entered, gate = threading.Event(), threading.Event()
    real = autocode.suggest

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        entered.set()
        assert gate.wait(120), "the test never opened the gate"
        return real(*args, **kwargs)

    monkeypatch.setattr(autocode, "suggest", held)
    before = _auto_layer(tui_project)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("2", "s")
            await _until(pilot, entered)
            await pilot.press("escape")
            gate.set()
            await wait_for_task(app, pilot)
            assert any("Afgebroken" in n.message for n in app._notifications)
            assert _auto_layer(tui_project) == before
            entered.clear()
            await pilot.press("s")
            await _until(pilot, entered)
            await wait_for_task(app, pilot)
            assert any(" voorstellen: " in n.message for n in app._notifications)

    _run_opening(scenario, gate)
    # The demo's suggestions were made over every turn; auto-coding leaves the interviewers' turns out.
    assert _auto_layer(tui_project) != before
