"""The TUI driven by key presses (Textual Pilot); every assertion about a change is made on the store."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Input, OptionList
from textual.widgets._footer import FooterKey
from tui_support import (
    CODER,
    confirm_unreviewed,
    open_coding,
    run,
    screen_text,
    small_project,
    small_project_path,
    suggested_demo_path,
    tui_project,
    wait_until,
)

from kritischeblik.store import codings
from kritischeblik.store.browse import interview_rows, interview_summaries
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Coding, CodingEvent, PrincipleScore
from kritischeblik.store.score_history import score_history
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.coding import CodingScreen
from kritischeblik.tui.screens.coding_text import pending
from kritischeblik.tui.screens.overview import OverviewScreen, matches
from kritischeblik.tui.screens.pickers import TextPrompt, fuzzy_codes
from kritischeblik.tui.screens.session_run import SessionRunScreen

__all__ = ["small_project", "small_project_path", "suggested_demo_path", "tui_project"]


def _events(path, coder=CODER):  # noqa: ANN001, ANN202
    with Project.open(path) as p, p.read() as s:
        return [(e.action, e.code_id, e.new_status) for e in codings.history(s, coder_name=coder)]


def test_overview_filters_in_memory_and_opens_an_interview(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        rows = interview_summaries(s, CODER)
    school = [r.id for r in rows if r.omgeving == "school"]
    assert school and len(school) < len(rows)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, OverviewScreen)
            table = screen.query_one("#interviews", DataTable)
            assert table.row_count == len(rows)
            await pilot.press("slash", *"school")
            await pilot.pause()
            # free text matches the omgeving, id and the transcript text, so at least the school interviews
            assert set(school) <= set(screen.shown)
            assert table.row_count == len(screen.shown)
            screen.query_one("#zoek", Input).value = ""
            screen.query_one("#f-omgeving").value = "wijk"
            await pilot.pause()
            assert screen.shown == [r.id for r in rows if r.omgeving == "wijk"]
            await pilot.press("enter", "enter")  # Enter in the search field moves to the list
            await pilot.pause()
            assert isinstance(app.screen, CodingScreen)
            assert app.screen.interview_id == screen.shown[0]

    run(scenario)


def test_filter_predicate_combines_all_filters(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        rows = interview_summaries(s, CODER)
    row = next(r for r in rows if r.codes)
    code = sorted(row.codes)[0]
    assert matches(row, row.id.upper(), row.omgeving, " & ".join(row.duo), code)
    assert not matches(row, row.id + " zzzqqq", None, None, None)
    assert not matches(row, "", "niet-bestaand", None, None)
    expected = sorted(r.id for r in rows if code in r.codes)
    assert sorted(r.id for r in rows if matches(r, "", None, None, code)) == expected


def test_accept_reject_add_memo_and_undo_go_through_the_store(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        rows = interview_summaries(s, CODER)
    target = next(r for r in rows if r.suggested >= 2)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, target.id)
            await pilot.press("s")  # next segment with a suggestion
            await pilot.pause()
            seg = screen.current
            code = pending(seg)[0]
            await pilot.press("a")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                row = codings.find(s, seg.id, code, CODER)
                assert row is not None and row.status == "accepted"
                assert row.evidence == seg.auto[code].evidence  # the suggestion's evidence travels along
            # empty memo: a notification, nothing saved
            await pilot.press("m", "enter")
            await pilot.pause()
            assert any("Lege memo" in n.message for n in app._notifications)
            await pilot.press("m", *"klopt", "enter")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert codings.find(s, seg.id, code, CODER).memo == "klopt"
            # add a code through the fuzzy picker (alias "Regie" finds Uitgaan van mogelijkheden)
            await pilot.press("c", *"regie", "enter")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                added = codings.find(s, seg.id, "lp-uitgaan-van-mogelijkheden", CODER)
                assert added is not None and added.status == "accepted" and added.source == "handmatig"
            # undo three times: the add, the memo, the accept — each through the store, so history grows
            for _ in range(3):
                await pilot.press("ctrl+z")
                await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert codings.find(s, seg.id, "lp-uitgaan-van-mogelijkheden", CODER) is None
                assert codings.find(s, seg.id, code, CODER) is None
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert any("niets om ongedaan" in n.message for n in app._notifications)

    run(scenario)
    actions = [a for a, _, _ in _events(tui_project)]
    assert actions == ["accept", "memo", "add", "remove", "accept", "remove"]


def test_reject_and_jump_to_next_open_segment(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        target = next(r for r in interview_summaries(s, CODER) if r.suggested)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, target.id)
            await pilot.press("s", "r")
            await pilot.pause()
            rejected = screen.current
            assert any(c.status == "rejected" for c in rejected.mine.values())
            start = screen.index
            await pilot.press("n")
            await pilot.pause()
            assert screen.index != start and not screen.current.mine

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        rows = s.scalars(select(Coding).where(Coding.status == "rejected")).all()
        assert len(rows) == 1


def test_score_validation_and_undo(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        score = s.scalars(select(PrincipleScore).order_by(PrincipleScore.id)).first()
        sid, iid, example, code_id, old = (
            score.id,
            score.interview_id,
            score.example,
            score.code_id,
            score.score,
        )
    new = 1 if old != 1 else 2

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, iid)
            table = screen.query_one("#scores", DataTable)
            row = table.get_row_index(code_id)
            col = 1 if example == "mooi voorbeeld" else 2
            await pilot.press("p")
            table.move_cursor(row=row, column=col)
            # out of scale, then not a number: the dialog stays open and says why, nothing stored
            await pilot.press("enter", "end", "backspace", "9", "enter")
            await wait_until(pilot, lambda: "buiten de schaal" in screen_text(app))
            assert isinstance(app.screen, TextPrompt)
            await pilot.press("end", "backspace", "x", "enter")
            await wait_until(pilot, lambda: "geen score" in screen_text(app))
            assert isinstance(app.screen, TextPrompt)
            with Project.open(tui_project) as p, p.read() as s:
                assert s.get(PrincipleScore, sid).score == old
            await pilot.press("end", "backspace", str(new), "enter")
            await wait_until(pilot, lambda: app.screen is screen)
            with Project.open(tui_project) as p, p.read() as s:
                assert s.get(PrincipleScore, sid).score == new
            await pilot.press("ctrl+z")
            await pilot.pause()

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        assert s.get(PrincipleScore, sid).score == old
        history = [(c.old_score, c.new_score, c.source, c.changed_by) for c in score_history(s, iid)]
    # the refused inputs left no trace; the edit and its undo both did, with who made them
    assert history == [(old, new, "tui", CODER), (new, old, "tui-ongedaan", CODER)]


def test_codebook_screen_shows_definition_counts_and_fragments(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            table = app.screen.query_one("#codes", DataTable)
            assert table.row_count == len(app.codebook.codes)
            text = screen_text(app)
            first = app.codebook.codes[0]
            assert first.name in text and "Definitie" in text
            with Project.open(tui_project) as p, p.read() as s:
                from kritischeblik.store.schema import Segment

                seg_ids = s.scalars(select(Coding.segment_id).where(Coding.code_id == first.id)).all()
                interviews = set(s.scalars(select(Segment.interview_id).where(Segment.id.in_(seg_ids))))
            # only machine suggestions exist yet: 0 accepted, every coding suggested
            assert [int(str(x)) for x in table.get_row(first.id)[1:4]] == [0, len(seg_ids), len(interviews)]

    run(scenario)


def test_tallies_screen_shows_reference_counts(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
            screen = app.screen
            with Project.open(tui_project) as p, p.read() as s:
                from kritischeblik.store.schema import PrincipleChoice

                n_first = len(
                    s.scalars(
                        select(PrincipleChoice.id).where(
                            PrincipleChoice.code_id == screen.choices.iloc[0]["principe_id"]
                        )
                    ).all()
                )
            assert int(screen.choices.iloc[0]["aantal"]) == n_first
            assert "Met welk principe ga je aan de slag?" in screen_text(app)
            await pilot.press("question_mark")
            await pilot.pause()
            assert "Excel" in screen_text(app)

    run(scenario)


def test_missing_project_shows_a_message_not_a_traceback(tmp_path):
    async def scenario():
        app = KBApp(tmp_path / "bestaat-niet.kb", coder=CODER)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "project bestaat niet" in screen_text(app)
            await pilot.press("1")  # navigation without a project: a notification, no crash
            await pilot.pause()
            await pilot.press("q")
        assert app.project is None

    run(scenario)


def _assert_fits(app, selectors) -> None:  # noqa: ANN001
    """Every named widget and every footer key shown lies wholly inside the screen."""
    region = app.screen.region
    for sel in selectors:
        w = app.screen.query_one(sel)
        assert w.display and region.contains_region(w.region) and w.region.area > 0, sel
    keys = [k for k in app.screen.query(FooterKey) if k.display]
    assert keys, "a footer with keys"
    for k in keys:
        assert region.contains_region(k.region), f"footer key {k.key} ({k.description}) is cut off"


async def _fits(app, pilot, selectors) -> None:  # noqa: ANN001
    """:func:`_assert_fits` once the footer has drawn its keys: on a loaded machine one pause is not always enough
    (the footer composes its keys after the screen's bindings are known)."""
    for _ in range(50):
        if any(k.display for k in app.screen.query(FooterKey)):
            break
        await pilot.pause(0.05)
    _assert_fits(app, selectors)


def test_key_widgets_fit_at_80x24(small_project):
    async def scenario():
        app = KBApp(small_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await _fits(
                app,
                pilot,
                ("NavBar", "#zoek", "#f-omgeving", "#f-duo", "#f-code", "#interviews", "#ov-status"),
            )
            await pilot.press("enter")
            await pilot.pause()
            await _fits(app, pilot, ("#segments", "#seg-codes", "#evidence", "#scores"))
            assert app.screen.query_one("#segments", OptionList).region.width >= 40
            # the side panel folds away (z) and the transcript takes the whole width
            await pilot.press("z")
            await pilot.pause()
            assert app.screen.query_one("#segments", OptionList).region.width == 80
            await pilot.press("z", "escape", "5")
            await pilot.pause()
            await _fits(app, pilot, ("NavBar", "#sessions", "#sessions-hint"))
            await pilot.press("n", "tab", "tab", *"Commissielid A", "ctrl+s")
            await pilot.pause()
            await confirm_unreviewed(app, pilot)
            assert isinstance(app.screen, SessionRunScreen)
            await _fits(app, pilot, ("#sr-head", "#sr-timer", "#sr-themes", "#sr-detail"))
            await pilot.press("right_square_bracket")
            await pilot.pause()
            await _fits(app, pilot, ("#sr-head", "#sr-themes", "#sr-detail"))
            await pilot.press("6")
            await pilot.pause()
            await _fits(app, pilot, ("NavBar", "#review-info"))

    run(scenario)


def test_fuzzy_code_picker_order(codebook):
    ids = [c.id for c in fuzzy_codes(codebook.codes, "ruimte prof")]
    assert ids[0] == "lp-ruimte-voor-de-professional"
    assert [c.id for c in fuzzy_codes(codebook.codes, "be-sys")][0] == "be-systeemwereld"
    assert "lp-eenvoud" in [c.id for c in fuzzy_codes(codebook.codes, "inhoud centraal")]
    assert fuzzy_codes(codebook.codes, "qqqzzz") == []


def test_history_is_complete_after_undo(tui_project):
    """Undo is recorded as decisions of its own (no history rows are deleted)."""
    with Project.open(tui_project) as p, p.read() as s:
        seg_id = s.scalar(select(Coding.segment_id))

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            from kritischeblik.tui.ops import decide_op

            fn, undo = decide_op(seg_id, "lp-eenvoud", CODER, "add", None, "test")
            app.write(fn, undo)
            await pilot.press("ctrl+z")
            await pilot.pause()

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        events = s.scalars(
            select(CodingEvent).where(CodingEvent.segment_id == seg_id, CodingEvent.coder == CODER)
        ).all()
        assert [e.action for e in events] == ["add", "remove"]


def test_large_overview_paints_first_rows_then_loads_the_rest(tui_project, monkeypatch):
    """The path taken from DEFER_DETAILS_AT interviews on, forced here on the demo project."""
    import kritischeblik.tui.screens.overview as overview

    monkeypatch.setattr(overview, "DEFER_DETAILS_AT", 1)
    monkeypatch.setattr(overview, "FIRST_ROWS", 5)
    monkeypatch.setattr(overview, "CHUNK_ROWS", 7)
    with Project.open(tui_project) as p, p.read() as s:
        rows = interview_summaries(s, CODER)
        meta = " ".join(r.search for r in interview_rows(s, CODER))
    # a word that occurs in some transcripts but in no interview's metadata
    word = next(w for w in ("keukentafel", "koffie", "formulier", "indicatie", "huisarts") if w not in meta)
    with_word = [r.id for r in rows if word in r.search]
    assert 0 < len(with_word) < len(rows)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            table = screen.query_one("#interviews", DataTable)
            for _ in range(100):
                if screen.details_loaded and table.row_count == len(rows):
                    break
                await pilot.pause(0.02)
            assert screen.details_loaded and table.row_count == len(rows)
            assert [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(len(rows))] == [
                r.id for r in rows
            ]
            # once the texts are in, free text also finds words that occur only in the transcripts
            await pilot.press("slash", *word)
            for _ in range(50):
                if table.row_count == len(with_word):
                    break
                await pilot.pause(0.02)
            assert screen.shown == with_word and table.row_count == len(with_word)
            code_options = screen.query_one("#f-code")._options
            assert len(code_options) > 1  # the codes present are offered once the details are read

    run(scenario)


def test_overview_keeps_the_cursor_on_the_interview_after_coding(small_project):
    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("s", "a", "escape")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, OverviewScreen) and screen.current_id() == "wijk-90"
            row = screen.query_one("#interviews", DataTable).get_row("wijk-90")
            assert int(str(row[3])) == 1  # one segment decided by this coder: the accepted suggestion

    run(scenario)
