"""The disagreement review screen, driven with Textual's Pilot; assertions are on the store."""

from __future__ import annotations

import asyncio

import agreement_fixtures as fx
from textual.app import App
from textual.widgets import DataTable, Static

from kritischeblik.store import agreement as ag
from kritischeblik.store import blind, codings
from kritischeblik.store import disagreements as dis
from kritischeblik.tui.screens.review import ReviewScreen

duo_project_path = fx.duo_project_path
duo_project = fx.duo_project


class ReviewApp(App):
    def __init__(self, project, coder):  # noqa: ANN001
        super().__init__()
        self.project = project
        self.coder = coder
        self.undo_stack = []

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(coders=["Anna", "Bram"]))


def test_review_screen_keeps_and_drops_into_consensus(duo_project):
    with duo_project.read() as s:
        items, _ = dis.disagreements(s, ["Anna", "Bram"])
    assert len(items) >= 3

    async def scenario():
        app = ReviewApp(duo_project, "Els")
        async with app.run_test(size=(100, 36)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert screen.query_one("#review-list", DataTable).row_count == len(items)
            # both coders' codings and memos are shown side by side for the first fragment
            sides = [str(w.content) for w in screen.query(".review-side").results(Static)]
            assert len(sides) == 3 and sides[0].startswith("Anna") and sides[1].startswith("Bram")
            assert any(
                items[0].memo[c] in side for c in ("Anna", "Bram") for side in sides if items[0].memo[c]
            )
            await pilot.press("j")  # keep the first
            await pilot.pause()
            await pilot.press("n")  # the list now shows open items only: this drops the former second
            await pilot.pause()
            assert screen.query_one("#review-list", DataTable).row_count == len(items) - 2
            await pilot.press("o")  # show all, decided ones included
            await pilot.pause()
            assert screen.query_one("#review-list", DataTable).row_count == len(items)
            assert len(app.undo_stack) == 2
            return app.undo_stack

    undo_stack = asyncio.run(scenario())
    with duo_project.read() as s:
        first = codings.find(s, items[0].segment_id, items[0].code_id, "consensus")
        second = codings.find(s, items[1].segment_id, items[1].code_id, "consensus")
        assert first.status == "accepted" and first.memo == "besloten door Els"
        assert second.status == "rejected"
        assert codings.find(s, items[2].segment_id, items[2].code_id, "consensus") is None
        # the coders' own layers are untouched
        assert (
            codings.find(s, items[0].segment_id, items[0].code_id, "Anna") is not None
            or codings.find(s, items[0].segment_id, items[0].code_id, "Bram") is not None
        )
    # undo removes the consensus decision again
    undo_stack.pop().apply(duo_project)
    with duo_project.read() as s:
        assert codings.find(s, items[1].segment_id, items[1].code_id, "consensus") is None


def test_review_screen_reports_blind_interviews(duo_project):
    with duo_project.write() as s:
        blind.set_blind(s, None, True)

    async def scenario():
        app = ReviewApp(duo_project, "Els")
        async with app.run_test(size=(100, 36)) as pilot:
            await pilot.pause()
            info = str(app.screen.query_one("#review-info", Static).content)
            await pilot.press("j")  # nothing to decide: no error, no write
            await pilot.pause()
            return info

    info = asyncio.run(scenario())
    assert "nog blind" in info and "wijk-02" in info
    with duo_project.read() as s:
        assert "consensus" not in {c for c in ag.human_coders(s)}
        assert not [c for c in blind.visible_codings(s, "wijk-02", None) if c.coder == "consensus"]
