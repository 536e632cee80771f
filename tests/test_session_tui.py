"""The session screen and its forms via Pilot: forms open on the first field with visible focus and Tab
never reaches a button; the closing round preselects the next participant without an answer; a closed
session is read-only, `]` on the last phase says so, reopening asks and is recorded; the reading timer
says "tijd om"; a contribution is edited and removed with e and x, and both stay in the history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from textual.widgets import Button, Input, Select
from tui_support import CODER, run, screen_text, start_session, suggested_demo_path, tui_project, wait_until

from kritischeblik.store import sessions as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Duiding
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.pickers import ChoicePicker
from kritischeblik.tui.screens.session_forms import ContributionForm
from kritischeblik.tui.screens.session_run import SessionRunScreen

__all__ = ["suggested_demo_path", "tui_project"]

PEOPLE = "Commissielid A, Onderzoeker 3, Beleidsmedewerker"


def _rows(path, sid: int) -> list[tuple[str, str, str]]:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        rows = s.scalars(select(Duiding).where(Duiding.session_id == sid).order_by(Duiding.id)).all()
        return [(r.kind, r.author, r.text) for r in rows]


def _history(path, sid: int) -> list:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        return store.load_session(s, sid).history


def _notified(app, text: str) -> bool:  # noqa: ANN001
    return any(text in n.message for n in app._notifications)


def test_duiding_form_focus_tab_order_and_typing(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            await pilot.press("right_square_bracket", "a")
            await wait_until(pilot, lambda: isinstance(app.screen, ContributionForm))
            form = app.screen
            await wait_until(pilot, lambda: app.focused is not None)
            fields = list(form.query("Input, Select"))
            assert app.focused is fields[0] and fields[0].id == "c-auteur"  # the first field
            # focus is visible: the focused field has its own background
            assert app.focused.styles.background != form.query_one("#c-tekst", Input).styles.background
            order = [app.focused.id]
            for _ in range(len(fields)):
                await pilot.press("tab")
                await pilot.pause()
                assert not isinstance(app.focused, Button), app.focused
                order.append(app.focused.id or type(app.focused).__name__)
            assert order == ["c-auteur", "c-vraag", "c-tekst", "c-fragmenten", "c-auteur"]
            assert "Select" not in screen_text(app)  # no English widget text
            # typing on "Wie" stays there and names the participant it starts
            await pilot.press(*"onder")
            assert form.query_one("#c-auteur", Input).value == "onder"
            await pilot.press("tab", "k")  # typing on the prompt dropdown picks the prompt it starts
            prompts = form.query_one("#c-vraag", Select)
            assert prompts.value == "Kunnen we het verklaren?"
            await pilot.press("enter")  # the open list, too, speaks Dutch
            await wait_until(pilot, lambda: prompts.expanded)
            keys = {b.binding.description for b in app.screen.active_bindings.values()}
            assert "Lijst sluiten" in keys and not keys & {"Dismiss menu", "Show menu"}
            await pilot.press("escape")
            await wait_until(pilot, lambda: not prompts.expanded)
            assert app.screen is form and prompts.value == "Kunnen we het verklaren?"
            await pilot.press("tab", *"Korte lijnen", "ctrl+s")
            await wait_until(pilot, lambda: _rows(tui_project, screen.session_id))
            return screen.session_id

    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    with Project.open(tui_project) as p, p.read() as s:
        d = s.scalars(select(Duiding).where(Duiding.session_id == box[0])).one()
        assert (d.author, d.prompt, d.text) == ("Onderzoeker 3", "Kunnen we het verklaren?", "Korte lijnen")


def test_closing_round_preselects_the_next_participant_without_an_answer(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            await pilot.press("right_square_bracket", "right_square_bracket")
            await wait_until(pilot, lambda: screen.view.phase == "afronding")
            seen = []
            for answer in ("Eerder bellen", "Samen aan tafel"):
                await pilot.press("w")
                await wait_until(pilot, lambda: isinstance(app.screen, ContributionForm))
                seen.append(app.screen.query_one("#c-auteur", Input).value)
                n = len(seen)
                await pilot.press("tab", *answer, "ctrl+s")
                await wait_until(pilot, lambda n=n: len(screen.view.takeaways()) == n)
            await pilot.press("w")
            await wait_until(pilot, lambda: isinstance(app.screen, ContributionForm))
            seen.append(app.screen.query_one("#c-auteur", Input).value)
            return seen

    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    assert box[0] == ["Commissielid A", "Onderzoeker 3", "Beleidsmedewerker"]


def test_closed_session_is_read_only_and_reopening_asks(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            sid = screen.session_id
            for phase in ("duiden", "afronding"):
                await pilot.press("right_square_bracket")
                await wait_until(pilot, lambda phase=phase: screen.view.phase == phase)
            await pilot.press("right_square_bracket")  # nobody answered yet: closing asks first
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: screen.view.phase == "gesloten")
            assert "laatste fase" in screen_text(app)
            await pilot.press("right_square_bracket")
            await wait_until(pilot, lambda: _notified(app, "Dit is de laatste fase"))
            await pilot.press("w")
            await wait_until(pilot, lambda: _notified(app, "gesloten en alleen nog te lezen"))
            assert not isinstance(app.screen, ContributionForm) and _rows(tui_project, sid) == []
            await pilot.press("left_square_bracket")  # asks first; the first answer keeps it closed
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is screen)
            assert screen.view.phase == "gesloten" and _history(tui_project, sid) == []
            await pilot.press("left_square_bracket")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: screen.view.phase == "afronding")
            return sid

    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    [event] = _history(tui_project, box[0])
    assert (event.kind, event.by, event.from_phase) == ("heropend", CODER, "afronding")


def test_reading_timer_says_tijd_om(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            assert isinstance(screen, SessionRunScreen)
            started = datetime.fromisoformat(screen.view.reading_started_at).timestamp()
            app.clock = lambda: started + 15 * 60 + 4  # four seconds past the reading time
            screen.tick()
            await pilot.pause()
            text = screen_text(app)
            assert "Leestijd: tijd om" in text and "nog -" not in text

    run(scenario)


def test_contribution_edited_and_removed_stays_in_the_history(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            sid = screen.session_id
            await pilot.press("right_square_bracket", "a", "tab", "tab", *"Eerste versie", "ctrl+s")
            await wait_until(pilot, lambda: len(_rows(tui_project, sid)) == 1)
            await wait_until(pilot, lambda: screen.view.duidingen_for(screen.theme.id))
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ContributionForm))
            assert app.screen.query_one("#c-tekst", Input).value == "Eerste versie"
            await pilot.press("tab", "tab", *"Tweede versie", "ctrl+s")
            await wait_until(pilot, lambda: _rows(tui_project, sid)[0][2] == "Tweede versie")
            await wait_until(pilot, lambda: "Tweede versie" in screen_text(app))
            await pilot.press("x")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            await pilot.press("enter")  # which contribution
            await wait_until(pilot, lambda: "verwijderen?" in app.screen.title_text)
            await pilot.press("down", "enter")  # yes
            await wait_until(pilot, lambda: _rows(tui_project, sid) == [])
            return sid

    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    events = _history(tui_project, box[0])
    assert [(e.kind, e.by) for e in events] == [("bewerkt", CODER), ("verwijderd", CODER)]
    assert (events[0].old_text, events[0].new_text) == ("Eerste versie", "Tweede versie")
    assert events[1].old_text == "Tweede versie"


def test_closing_with_someone_unanswered_asks_and_no_keeps_the_round(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await start_session(app, pilot, PEOPLE)
            for phase in ("duiden", "afronding"):
                await pilot.press("right_square_bracket")
                await wait_until(pilot, lambda phase=phase: screen.view.phase == phase)
            await pilot.press("right_square_bracket")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            question = screen_text(app)
            await pilot.press("enter")  # the first answer: not yet
            await wait_until(pilot, lambda: app.screen is screen)
            phase_after_no = screen.view.phase
            for _ in PEOPLE.split(", "):  # the form proposes whoever has not answered
                await pilot.press("w", "tab", *"Meer samen doen", "ctrl+s")
                await wait_until(pilot, lambda: app.screen is screen)
            await pilot.press("right_square_bracket")  # everyone answered: closes at once
            await wait_until(pilot, lambda: screen.view.phase == "gesloten")
            return question, phase_after_no, screen.session_id

    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    question, phase_after_no, sid = box[0]
    people = PEOPLE.split(", ")
    assert "Toch sluiten?" in question and all(p in question for p in people)
    assert phase_after_no == "afronding"
    assert sorted(author for kind, author, _ in _rows(tui_project, sid) if kind == "meenemen") == sorted(
        people
    )
