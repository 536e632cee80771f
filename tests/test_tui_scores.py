"""Coders' own principle scores in the TUI (Pilot): entering them in Coderen, blind mode, the score tab of
Verschillen with adopting a value as the interview's score, and α per principle on the Overzicht.
Assertions about changes are made on the store; expected values are computed here from the test data."""

from __future__ import annotations

import shutil

import agreement_fixtures as fx
import krippendorff
import numpy as np
import pytest
from sqlalchemy import select
from textual.widgets import DataTable, Input, OptionList
from textual.widgets._footer import FooterKey
from tui_support import open_coding, run, screen_text, wait_until

from kritischeblik.services import scores
from kritischeblik.store import blind as store_blind
from kritischeblik.store import coder_scores as cs
from kritischeblik.store.db import Project
from kritischeblik.store.schema import CoderScore, PrincipleScore
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.pickers import ChoicePicker, TextPrompt
from kritischeblik.tui.screens.review import ReviewModeScreen

duo_project_path = fx.duo_project_path
MOOI, VAST = "mooi voorbeeld", "vastloopmoment"
P1, P2, P3 = "lp-leefwereld-centraal", "lp-doen-wat-nodig-is", "lp-ruimte-voor-de-professional"
# (interview, example, principle) -> (Anna, Bram); None = not scored by that coder.
SCORES: dict[tuple[str, str, str], tuple[int | None, int | None]] = {
    ("wijk-02", MOOI, P1): (5, 4),
    ("wijk-02", VAST, P1): (2, 2),
    ("school-01", MOOI, P1): (4, 4),
    ("school-01", VAST, P1): (1, 2),
    ("wijk-02", MOOI, P2): (3, 3),
    ("school-01", MOOI, P2): (3, 3),
    ("wijk-02", VAST, P3): (4, None),
}
ANNA_ONLY = ("huishouden-02", MOOI, P1, 2)
"""Bram never scored huishouden-02: it is not compared"""


@pytest.fixture
def duo_path(duo_project_path, tmp_path):
    dest = tmp_path / "duo.kb"
    shutil.copy(duo_project_path, dest)
    return dest


def _seed(path, blind: list[str] | None = None) -> None:  # noqa: ANN001
    with Project.open(path) as p, p.write() as s:
        for (iid, ex, code), pair in SCORES.items():
            for who, value in zip(("Anna", "Bram"), pair, strict=True):
                if value is not None:
                    cs.set_coder_score(s, iid, ex, code, value, who)
        cs.set_coder_score(s, *ANNA_ONLY, "Anna")
        if blind:
            store_blind.set_blind(s, blind, True)


def _coder_scores(path) -> dict[tuple[str, str, str, str], int]:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        return {
            (r["interview"], r["voorbeeld"], r["principe"], r["codeur"]): r["score"]
            for r in cs.coder_scores(s)
        }


def _interview_score(path, iid: str, ex: str, code: str) -> tuple[int, str] | None:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        row = s.execute(
            select(PrincipleScore.score, PrincipleScore.source).where(
                PrincipleScore.interview_id == iid,
                PrincipleScore.example == ex,
                PrincipleScore.code_id == code,
            )
        ).first()
    return None if row is None else (row[0], row[1])


def _messages(app) -> str:  # noqa: ANN001
    return " ".join(str(n.message) for n in app._notifications)


def test_coder_enters_own_score_with_validation_and_undo(duo_path):
    before_interview = _interview_score(duo_path, "wijk-02", VAST, P2)
    assert before_interview is not None  # the transcript's own score, which must stay untouched

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await open_coding(app, pilot, "wijk-02")
            table = screen.query_one("#coder-scores", DataTable)
            await pilot.press("e")
            assert app.focused is table
            table.move_cursor(row=table.get_row_index(f"{P2}\tAnna"), column=2)  # vastloopmoment
            # out of scale, then not a number: the dialog stays open and says why, nothing stored
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
            prompt = app.screen
            await pilot.press("9", "enter")
            await wait_until(pilot, lambda: "buiten de schaal" in screen_text(app))
            assert app.screen is prompt
            await pilot.press("backspace", "x", "enter")
            await wait_until(pilot, lambda: "geen score" in screen_text(app))
            assert app.screen is prompt
            assert _coder_scores(duo_path) == {}
            await pilot.press("backspace", "3", "enter")
            await wait_until(pilot, lambda: app.screen is screen)
            assert _coder_scores(duo_path) == {("wijk-02", VAST, P2, "Anna"): 3}
            assert str(table.get_cell(f"{P2}\tAnna", table.ordered_columns[2].key)) == "3"
            # overwrite, then undo twice: back to 3, then to nothing
            await pilot.press("enter", "backspace", "4", "enter")
            await pilot.pause()
            assert _coder_scores(duo_path) == {("wijk-02", VAST, P2, "Anna"): 4}
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert _coder_scores(duo_path) == {("wijk-02", VAST, P2, "Anna"): 3}
            await pilot.press("ctrl+z")
            await pilot.pause()

    run(scenario)
    assert _coder_scores(duo_path) == {}
    assert _interview_score(duo_path, "wijk-02", VAST, P2) == before_interview


@pytest.mark.parametrize("blind", [True, False])
def test_blind_mode_hides_the_other_coders_scores(duo_path, blind):
    _seed(duo_path, blind=["wijk-02"] if blind else None)

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = await open_coding(app, pilot, "wijk-02")
            table = screen.query_one("#coder-scores", DataTable)
            keys = [k.value for k in table.rows]
            bram_rows = [k for k in keys if k.endswith("\tBram")]
            await pilot.press("e")
            text = screen_text(app)
            if blind:
                assert not bram_rows and set(screen.coder_scores) == {"Anna"}
                assert "Bram" not in text and "blind" in text
            else:
                # only Anna's rows; Bram's scores beside hers, in a column of his own ("mooi vast")
                assert not bram_rows and len(keys) == len(app.codebook.principles())
                assert [str(c.label) for c in table.ordered_columns][3:] == ["Bram"]
                assert str(table.get_row(f"{P1}\tAnna")[3]) == "4 2"  # Bram's wijk-02 scores for P1
                assert "naast: Bram" in text
                # another coder's scores cannot be edited; ↓+Enter stays on Anna's scores
                table.move_cursor(row=table.get_row_index(f"{P1}\tAnna"), column=3)
                await pilot.press("enter")
                await pilot.pause()
                assert not isinstance(app.screen, TextPrompt)
                assert "alleen je eigen scores" in _messages(app)
                table.move_cursor(row=table.get_row_index(f"{P1}\tAnna"), column=1)
                await pilot.press("down", "enter")
                await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
                assert "Jouw score" in app.screen.title_text
                await pilot.press("escape")
            # Anna's own scores are shown either way
            assert [str(c) for c in table.get_row(f"{P1}\tAnna")[1:3]] == ["5", "2"]

    before = _coder_scores(duo_path)
    run(scenario)
    assert _coder_scores(duo_path) == before


def _expected_differences(skip: set[str] = frozenset()) -> set[tuple]:
    return {(iid, ex, code, a, b) for (iid, ex, code), (a, b) in SCORES.items() if a != b and iid not in skip}


def test_score_differences_list_matches_the_store_and_skips_blind(duo_path):
    _seed(duo_path)
    with Project.open(duo_path) as p, p.read() as s:
        stored, _ = cs.score_differences(s, ["Anna", "Bram"])
    assert {
        (d.interview_id, d.example, d.code_id, d.scores["Anna"], d.scores["Bram"]) for d in stored
    } == _expected_differences()

    async def scenario(expect: set[tuple], blind_note: bool):
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("6", "s")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, ReviewModeScreen)
                    and app.screen.on_scores
                    and app.screen.query_one("#score-list", DataTable).row_count == len(expect)
                    and ("nog blind" in screen_text(app)) is blind_note
                ),
                timeout=10,
            )
            screen = app.screen
            assert screen.score_coders == ["Anna", "Bram"]
            table = screen.query_one("#score-list", DataTable)
            shown = set()
            for i in range(table.row_count):
                iid, ex, name, a, b, own = (str(c) for c in table.get_row_at(i))
                d = screen.score_items[i]
                assert (iid, name) == (d.interview_id, d.code_name)
                own_score = _interview_score(duo_path, iid, d.example, d.code_id)
                assert own == (str(own_score[0]) if own_score else "—")
                shown.add(
                    (iid, d.example, d.code_id, None if a == "—" else int(a), None if b == "—" else int(b))
                )
                assert ex == ("mooi" if d.example == MOOI else "vast")
            assert shown == expect
            assert ("nog blind" in screen_text(app)) is blind_note

    run(lambda: scenario(_expected_differences(), False))
    with Project.open(duo_path) as p, p.write() as s:
        store_blind.set_blind(s, ["wijk-02"], True)
    run(lambda: scenario(_expected_differences({"wijk-02"}), True))


def test_adopting_a_value_sets_the_interview_score_and_undo_restores_it(duo_path):
    _seed(duo_path)
    unit = ("school-01", VAST, P1)
    before = _interview_score(duo_path, *unit)
    assert before is not None and before[1] == "transcript"
    n_diffs = len(_expected_differences())

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("6", "s")
            await pilot.pause()
            screen = app.screen
            table = screen.query_one("#score-list", DataTable)
            index = next(
                i for i, d in enumerate(screen.score_items) if (d.interview_id, d.example, d.code_id) == unit
            )
            table.move_cursor(row=index)
            # "another score" with an invalid value: a notification, nothing stored
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ChoicePicker)
            options = app.screen.query_one(OptionList)
            options.highlighted = options.option_count - 1  # "Andere score…"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)
            prompt = app.screen
            await pilot.press("7", "enter")
            await wait_until(pilot, lambda: "buiten de schaal" in screen_text(app))
            assert app.screen is prompt  # the dialog stays open with the error
            assert _interview_score(duo_path, *unit) == before
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is screen)
            # adopt Bram's 2 (the values are listed low to high: Anna's 1, Bram's 2)
            table.move_cursor(row=index)
            await pilot.press("a")
            await pilot.pause()
            labels = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
            assert labels[:2] == ["1 — score van Anna", "2 — score van Bram"]
            await pilot.press("down", "enter")
            await pilot.pause()
            assert _interview_score(duo_path, *unit) == (2, cs.CONSENSUS_SOURCE)
            assert table.row_count == n_diffs - 1  # only open differences are listed
            await pilot.press("o")
            await pilot.pause()
            assert table.row_count == n_diffs
            await pilot.press("ctrl+z")
            await pilot.pause()
            # a typed value through "Andere score…" for another unit, then leave it
            other = next(i for i, d in enumerate(screen.score_items) if d.code_id == P3)
            table.move_cursor(row=other)
            await pilot.press("enter")
            await pilot.pause()
            options = app.screen.query_one(OptionList)
            options.highlighted = options.option_count - 1
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one(Input).value = "3"
            await pilot.press("enter")
            await pilot.pause()

    run(scenario)
    assert _interview_score(duo_path, *unit) == before  # undone, with its original source
    assert _interview_score(duo_path, "wijk-02", VAST, P3) == (3, cs.CONSENSUS_SOURCE)
    with Project.open(duo_path) as p, p.read() as s:  # the coders' own layers are untouched
        assert (
            len(s.scalars(select(CoderScore)).all())
            == sum(v is not None for p in SCORES.values() for v in p) + 1
        )


def test_adopting_is_refused_while_blind(duo_path):
    _seed(duo_path)
    with Project.open(duo_path) as p:
        with p.write() as s:
            store_blind.set_blind(s, ["school-01"], True)
        with pytest.raises(Exception, match="blind"):
            scores.adopt_score(p, "school-01", VAST, P1, 2)


def _ordinal_alpha(code: str) -> float | None:
    """Independent: the krippendorff package on the test's own scores of one principle."""
    units = [pair for (iid, _, c), pair in SCORES.items() if c == code]
    units.append((ANNA_ONLY[3], None) if code == ANNA_ONLY[2] else (None, None))
    m = np.array([[np.nan if v is None else v for v in col] for col in units], dtype=float).T
    if ((~np.isnan(m)).sum(axis=0) >= 2).sum() == 0 or len(np.unique(m[~np.isnan(m)])) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=m, level_of_measurement="ordinal"))


def _pooled_alpha() -> float:
    """Independent: the krippendorff package on all units of the test data pooled (the overview's total)."""
    units = [*SCORES.values(), (ANNA_ONLY[3], None)]
    m = np.array([[np.nan if v is None else v for v in col] for col in units], dtype=float).T
    return float(krippendorff.alpha(reliability_data=m, level_of_measurement="ordinal"))


def test_overview_shows_ordinal_alpha_per_principle(duo_path):
    _seed(duo_path)
    a1 = _ordinal_alpha(P1)
    assert a1 is not None and _ordinal_alpha(P2) is None and _ordinal_alpha(P3) is None

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "Krippendorffs α ordinaal" not in screen_text(app)
            await pilot.press("a")
            await pilot.pause()
            text = screen_text(app)
            lines = {line.split("  ")[0].strip(): line for line in text.splitlines() if line.strip()}
            assert "Eigen scores, Krippendorffs α ordinaal (Anna & Bram)" in text
            assert f"{a1:.2f}" in lines["Leefwereld centraal"]
            assert "n.v.t." in lines["Doen wat nodig is"] and "geen variatie" in lines["Doen wat nodig is"]
            ruimte = lines["Ruimte voor de professional"]
            assert "n.v.t." in ruimte and "te weinig" in ruimte
            assert f"α scores {_pooled_alpha():.2f}" in text

    run(scenario)


def test_overview_without_two_scoring_coders_says_why(duo_path):
    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert "n.v.t. — nog geen twee codeurs met eigen scores" in screen_text(app)

    run(scenario)


def test_score_views_fit_at_80x24(duo_path):
    from test_tui_app import _assert_fits

    _seed(duo_path)

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            _assert_fits(app, ("NavBar", "#interviews", "#ov-status", "#ov-score-alpha"))
            await pilot.press("6", "s")
            await pilot.pause()
            _assert_fits(app, ("NavBar", "#score-info", "#score-list", "#score-detail"))
            keys = {k.key for k in app.screen.query(FooterKey) if k.display}
            assert {"a", "s"} <= keys and "j" not in keys  # the tab's own decision key, not the other's
            await pilot.press("s")
            await pilot.pause()
            keys = {k.key for k in app.screen.query(FooterKey) if k.display}
            assert "j" in keys and "a" not in keys

    run(scenario)


def test_adopted_score_shows_in_coding_at_once_and_history_names_who(duo_path):
    """Issue 14: the coding screen shows an adopted score without restarting; the history says who."""
    from kritischeblik.store.score_history import score_history

    _seed(duo_path)
    unit = ("wijk-02", MOOI, P1)  # Anna 5, Bram 4
    before = _interview_score(duo_path, *unit)

    async def scenario():
        app = KBApp(duo_path, coder="Bram")
        async with app.run_test(size=(120, 40)) as pilot:
            coding = await open_coding(app, pilot, "wijk-02")
            grid = coding.query_one("#scores", DataTable)
            shown = str(grid.get_row(P1)[1])
            assert shown == (str(before[0]) if before else "·")
            await pilot.press("6")
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewModeScreen))
            await pilot.press("s")
            review = app.screen
            await wait_until(pilot, lambda: review.on_scores and review.score_items)
            index = next(
                i for i, d in enumerate(review.score_items) if (d.interview_id, d.example, d.code_id) == unit
            )
            review.query_one("#score-list", DataTable).move_cursor(row=index)
            await pilot.press("a")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            labels = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
            assert labels[:2] == ["4 — score van Bram", "5 — score van Anna"]
            await pilot.press("enter")  # Bram's 4
            await wait_until(pilot, lambda: _interview_score(duo_path, *unit) == (4, cs.CONSENSUS_SOURCE))
            await pilot.press("1")
            await wait_until(pilot, lambda: app.screen is coding)
            await wait_until(pilot, lambda: str(grid.get_row(P1)[1]) == "4")

    run(scenario)
    with Project.open(duo_path) as p, p.read() as s:
        last = score_history(s, "wijk-02", interview_only=True)[-1]
    assert (last.example, last.code_id, last.new_score) == (MOOI, P1, 4)
    assert (last.source, last.changed_by) == (cs.CONSENSUS_SOURCE, "Bram")


def test_score_grids_open_on_the_first_score_cell(duo_path):
    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-02")
            for key, grid in (("p", "#scores"), ("e", "#coder-scores")):
                table = screen.query_one(grid, DataTable)
                await pilot.press(key)
                await wait_until(pilot, lambda t=table: app.focused is t)
                assert table.cursor_coordinate == (0, 1)  # mooi of the first principle, not its name
                await pilot.press("enter")
                await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
                assert app.codebook.principles()[0].name in app.screen.title_text
                assert "mooi voorbeeld" in app.screen.title_text
                await pilot.press("escape")
                await wait_until(pilot, lambda: app.screen is screen)
                table.move_cursor(column=0)  # Enter on the name column opens that principle's first score
                await pilot.press("enter")
                await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
                await pilot.press("escape")
                await wait_until(pilot, lambda: app.screen is screen)

    run(scenario)


def test_adopt_and_its_undo_name_who_in_the_score_history(duo_path):
    from kritischeblik.store.score_history import score_history

    _seed(duo_path)
    unit = ("school-01", VAST, P1)
    with Project.open(duo_path) as p:
        adopted = scores.adopt_score(p, *unit, 2, adopted_by="Anna")
        scores.undo_adopt(p, adopted, "tui-ongedaan", undone_by="Bram")
        with p.read() as s:
            changes = [c for c in score_history(s, unit[0], interview_only=True) if c.example == VAST]
    assert [(c.new_score, c.source, c.changed_by) for c in changes[-2:]] == [
        (2, cs.CONSENSUS_SOURCE, "Anna"),
        (adopted.previous[0], "tui-ongedaan", "Bram"),
    ]


def test_score_grids_show_every_column_at_80x24(duo_path):
    """The coder's own scores, the other coder's beside them and both columns of the interview's scores fit
    the side panel at 80×24: no score column is cut off."""
    _seed(duo_path)

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_coding(app, pilot, "wijk-02")
            await pilot.press("e")
            own = screen.query_one("#coder-scores", DataTable)
            await wait_until(pilot, lambda: app.focused is own and own.size.width > 0)
            assert [str(c.label) for c in own.ordered_columns] == ["principe", "mooi", "vast", "Bram"]
            for grid in ("#scores", "#coder-scores"):
                table = screen.query_one(grid, DataTable)
                assert table.virtual_size.width <= table.size.width, grid
            assert "naast: Bram" in screen_text(app)

    run(scenario)
