"""Duo coding in the TUI: the Verschillen screen in the app's navigation, blind mode in every listing, and
agreement per interview on the Overzicht. Assertions about changes are made on the store."""

from __future__ import annotations

import shutil

import agreement_fixtures as fx
import pytest
from agreement_fixtures import BOTH, RULES, rule_hits, segments
from sklearn.metrics import cohen_kappa_score
from sqlalchemy import select
from textual.widgets import DataTable, Select, Static
from tui_support import run, screen_text

from kritischeblik.store import blind as store_blind
from kritischeblik.store import codings
from kritischeblik.store import disagreements as dis
from kritischeblik.store.browse import code_counts, code_fragments, interview_summaries
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Coder, Coding
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.codebook import CodebookScreen
from kritischeblik.tui.screens.overview import OverviewScreen
from kritischeblik.tui.screens.review import ReviewModeScreen, ReviewScreen

duo_project_path = fx.duo_project_path
BRAM_ONLY = "vt-gezamenlijkheid"
"""a code only Bram applies, on one wijk-02 segment (added per test)"""


@pytest.fixture
def duo_path(duo_project_path, tmp_path):
    dest = tmp_path / "duo.kb"
    shutil.copy(duo_project_path, dest)
    return dest


def _with_bram_only_code(path, blind: bool) -> int:  # noqa: ANN001
    with Project.open(path) as p, p.write() as s:
        assert not s.scalars(select(Coding).where(Coding.code_id == BRAM_ONLY)).all()
        seg = segments(s, ["wijk-02"])[3]
        codings.decide(s, seg.id, BRAM_ONLY, "Bram", "add", memo="alleen Bram")
        store_blind.set_blind(s, ["wijk-02"], blind)
        return seg.id


def _cursor_to(app, interview_id: str) -> None:  # noqa: ANN001
    table = app.screen.query_one("#interviews", DataTable)
    table.move_cursor(row=table.get_row_index(interview_id))


def test_verschillen_screen_in_the_app_writes_consensus_and_undoes(duo_path):
    with Project.open(duo_path) as p, p.read() as s:
        items, _ = dis.disagreements(s, ["Anna", "Bram"], only_open=True)
        school, _ = dis.disagreements(s, ["Anna", "Bram"], ["school-01"], only_open=True)
    assert len(items) >= 2 and school

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(110, 36)) as pilot:
            await pilot.pause()
            await pilot.press("6")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewModeScreen)
            assert screen.coders == ["Anna", "Bram"]  # Anna with the coder she shares interviews with
            assert screen.query_one("#review-list", DataTable).row_count == len(items)
            assert "6 Verschillen" in screen_text(app)
            await pilot.press("j")
            await pilot.pause()
            with Project.open(duo_path) as p, p.read() as s:
                kept = codings.find(s, items[0].segment_id, items[0].code_id, "consensus")
                assert kept is not None and kept.status == "accepted" and "besloten door Anna" in kept.memo
            await pilot.press("ctrl+z")
            await pilot.pause()
            with Project.open(duo_path) as p, p.read() as s:
                assert codings.find(s, items[0].segment_id, items[0].code_id, "consensus") is None
            # from the Overzicht: v opens the review of the highlighted interview with its two coders
            await pilot.press("1")
            await pilot.pause()
            _cursor_to(app, "school-01")
            await pilot.press("v")
            await pilot.pause()
            review = app.screen
            assert type(review) is ReviewScreen and review.interview_id == "school-01"
            assert review.coders == ["Anna", "Bram"]
            assert review.query_one("#review-list", DataTable).row_count == len(school)
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
            # huishouden-02 was coded by Anna alone: nothing to compare, the screen stays
            _cursor_to(app, "huishouden-02")
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
            assert any("alleen Anna" in n.message for n in app._notifications)

    run(scenario)
    with Project.open(duo_path) as p, p.read() as s:
        dropped = codings.find(s, school[0].segment_id, school[0].code_id, "consensus")
        assert dropped is not None and dropped.status == "rejected"
        consensus = s.scalars(select(Coding).join(Coder).where(Coder.name == "consensus")).all()
        assert len(consensus) == 1  # the undone one is gone, only the school-01 decision remains


def test_verschillen_screen_lets_the_user_choose_the_coders(duo_path):
    with Project.open(duo_path) as p, p.write() as s:
        seg = segments(s, ["wijk-02"])[0]
        codings.decide(s, seg.id, "we-aanpakken", "Cor", "add")  # a third coder on one interview

    async def scenario():
        app = KBApp(duo_path, coder="Els")  # not a coder herself: the pair sharing most interviews
        async with app.run_test(size=(110, 36)) as pilot:
            await pilot.pause()
            await pilot.press("6")
            await pilot.pause()
            assert app.screen.coders == ["Anna", "Bram"]
            await pilot.press("k")
            await pilot.pause()
            options = app.screen.query_one("#choice-options")
            labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert labels[0].startswith("Anna & Bram (2 ")
            options.highlighted = next(i for i, t in enumerate(labels) if t.startswith("Anna & Cor"))
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.coders == ["Anna", "Cor"]

    run(scenario)


def test_blind_interview_hides_the_other_coder_in_every_listing(duo_path):
    seg_id = _with_bram_only_code(duo_path, blind=True)
    with Project.open(duo_path) as p:
        with p.read() as s:
            anna = {r.id: r for r in interview_summaries(s, "Anna")}
            bram = {r.id: r for r in interview_summaries(s, "Bram")}
            # Anna's codes of wijk-02 are exactly those in her own layer and the machine's (not rejected)
            own = {
                c.code_id for c in store_blind.visible_codings(s, "wijk-02", "Anna") if c.status != "rejected"
            }
            assert anna["wijk-02"].codes == own and BRAM_ONLY not in own
            assert BRAM_ONLY in bram["wijk-02"].codes
            assert code_counts(s, "Anna")[BRAM_ONLY].accepted == 0
            assert code_counts(s, "Anna")[BRAM_ONLY].interviews == 0
            assert code_counts(s, "Bram")[BRAM_ONLY].accepted == 1
            assert code_fragments(s, BRAM_ONLY, "Anna") == []
            # other human layers of wijk-02 are hidden from Anna too, not only this code
            assert all(
                "Bram" not in f.layers
                for f in code_fragments(s, "we-aanpakken", "Anna")
                if f.interview_id == "wijk-02"
            )
            assert any(
                "Bram" in f.layers
                for f in code_fragments(s, "we-aanpakken", "Anna")
                if f.interview_id == "school-01"
            )
        with p.write() as s:
            store_blind.set_blind(s, ["wijk-02"], False)
        with p.read() as s:
            assert BRAM_ONLY in {r.id: r for r in interview_summaries(s, "Anna")}["wijk-02"].codes
            assert code_counts(s, "Anna")[BRAM_ONLY].accepted == 1
            frags = code_fragments(s, BRAM_ONLY, "Anna")
            assert [(f.segment_id, f.layers) for f in frags] == [(seg_id, ["Bram"])]


@pytest.mark.parametrize("blind", [True, False])
def test_blind_mode_on_the_coders_screens(duo_path, blind):
    _with_bram_only_code(duo_path, blind=blind)

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            options = [v for _, v in app.screen.query_one("#f-code", Select)._options]
            assert (BRAM_ONLY in options) is not blind
            assert ("1 blind" in screen_text(app)) is blind
            await pilot.press("2")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CodebookScreen)
            table = screen.query_one("#codes", DataTable)
            table.move_cursor(row=table.get_row_index(BRAM_ONLY))
            await pilot.pause()
            accepted = int(str(table.get_row(BRAM_ONLY)[1]))
            # the fragment list, below the code's text and examples (it may need scrolling at 120x40)
            text = str(screen.query_one("#code-fragments", Static).render())
            assert accepted == (0 if blind else 1)
            assert ("(Bram)" in text) is not blind  # the fragment list names the layers it is coded in

    run(scenario)


def test_overview_shows_agreement_per_interview(duo_path):
    with Project.open(duo_path) as p, p.read() as s:
        expected = {}
        for iid in BOTH:
            segs = segments(s, [iid])
            used = [
                c for c in RULES if any(rule_hits(x.text, c, who) for x in segs for who in ("Anna", "Bram"))
            ]
            a = [int(rule_hits(x.text, c, "Anna")) for c in used for x in segs]
            b = [int(rule_hits(x.text, c, "Bram")) for c in used for x in segs]
            expected[iid] = cohen_kappa_score(a, b)

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#interviews", DataTable)
            for iid, kappa in expected.items():
                assert str(table.get_cell(iid, "agreement")) == f"{kappa:.2f}"
            assert str(table.get_cell("huishouden-02", "agreement")) == "–"  # coded by Anna alone
            assert "κ/α" in screen_text(app)

    run(scenario)
