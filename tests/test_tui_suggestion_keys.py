"""Issue 14: with several suggestions on one fragment, a and r act on the highlighted one (→/← or tab to
the codes), and s visits the fragment's other open suggestions before it moves on. Small project, machine
suggestions from the codebook's keywords; decisions are checked in the store."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList
from tui_support import CODER, open_coding, run, small_project, small_project_path, wait_until

from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.coding_text import pending

__all__ = ["small_project", "small_project_path"]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _status(path, segment_id: int, code_id: str) -> str | None:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        row = codings.find(s, segment_id, code_id, CODER)
        return None if row is None else row.status


async def _to_fragment_with(screen, pilot, n: int) -> int:  # noqa: ANN001
    """Highlight the first fragment with at least ``n`` open suggestions; its index."""
    i = next(i for i, seg in enumerate(screen.segments) if len(pending(seg)) >= n)
    screen.query_one("#segments", OptionList).highlighted = i
    await wait_until(
        pilot, lambda: screen.index == i and screen.target_code() == pending(screen.segments[i])[0]
    )
    return i


def test_a_and_r_act_on_the_highlighted_suggestion(small_project):
    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-90")
            i = await _to_fragment_with(screen, pilot, 2)
            seg = screen.segments[i]
            first, second = pending(seg)[:2]
            await pilot.press("right")  # from the transcript: highlight the second suggestion
            await wait_until(pilot, lambda: screen.target_code() == second)
            assert app.focused is screen.query_one("#segments", OptionList)
            await pilot.press("a")
            await wait_until(pilot, lambda: second in screen.segments[i].mine)
            assert _status(small_project, seg.id, second) == "accepted"
            assert _status(small_project, seg.id, first) is None  # the first is still open
            # tab reaches the codes list itself; ↓ and r reject the highlighted one there
            j = await _to_fragment_with(screen, pilot, 3)
            other = screen.segments[j]
            third = pending(other)[2]
            await pilot.press("tab")
            await wait_until(pilot, lambda: app.focused is screen.query_one("#seg-codes", DataTable))
            await pilot.press("down", "down")
            await wait_until(pilot, lambda: screen.target_code() == third)
            await pilot.press("r")
            await wait_until(pilot, lambda: third in screen.segments[j].mine)
            assert _status(small_project, other.id, third) == "rejected"
            assert [c for c in pending(other) if _status(small_project, other.id, c)] == [third]

    run(scenario)


def test_s_visits_the_fragments_open_suggestions_before_moving_on(small_project):
    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-90")
            i = await _to_fragment_with(screen, pilot, 3)
            todo = pending(screen.segments[i])
            n = len(screen.segments)
            after = next((i + k) % n for k in range(1, n + 1) if pending(screen.segments[(i + k) % n]))
            for code_id in todo[1:]:
                await pilot.press("s")
                await wait_until(pilot, lambda c=code_id: (screen.index, screen.target_code()) == (i, c))
            await pilot.press("s")  # none left on this fragment: on to the next one with a suggestion
            await wait_until(pilot, lambda: screen.index == after)
            assert after != i
            # accepting the highlighted one keeps the cursor on the fragment's next open suggestion
            screen.query_one("#segments", OptionList).highlighted = i
            await wait_until(pilot, lambda: screen.index == i)
            await pilot.press("s")
            await wait_until(pilot, lambda: screen.target_code() == todo[1])
            await pilot.press("a")
            await wait_until(pilot, lambda: todo[1] in screen.segments[i].mine)
            assert screen.target_code() == todo[2]
            assert _status(small_project, screen.segments[i].id, todo[1]) == "accepted"

    run(scenario)
