"""Every screen is usable at 80×24: essential columns visible, rows unwrapped, ? and q always in the footer,
the code filter wide enough, and no English widget text (issue 14, points 8 and 9)."""

from __future__ import annotations

import re

from textual.widgets import Select
from tui_support import (
    CODER,
    confirm_unreviewed,
    run,
    screen_text,
    small_project,
    small_project_path,
    wait_until,
)

from kritischeblik.codebook import load_codebook
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.coding import CodingScreen
from kritischeblik.wording import join_sentences

__all__ = ["small_project", "small_project_path"]

SIZE = (80, 24)
SCREENS = {
    "1": "Overzicht",
    "2": "Codeboek",
    "3": "Thema's",
    "4": "Tellingen",
    "5": "Sessies",
    "6": "Verschillen",
}
ENGLISH = re.compile(r"\b(Select|Search|Quit|Help me|No rows|Loading|Press)\b")


def _app(path) -> KBApp:  # noqa: ANN001
    app = KBApp(path, coder=CODER)
    app.clock = lambda: 0.0
    return app


def _footer(app) -> str:  # noqa: ANN001
    return screen_text(app).rstrip("\n").splitlines()[-1]


def _keeps_help_and_quit(app) -> bool:  # noqa: ANN001
    footer = _footer(app)
    return "? Help" in footer and "q Stoppen" in footer


def test_every_screen_keeps_help_and_quit_in_the_footer_and_speaks_dutch(small_project):
    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            for key, label in SCREENS.items():
                await pilot.press(key)
                await wait_until(pilot, lambda label=label: f"{label}" in screen_text(app).splitlines()[1])
                await wait_until(pilot, lambda: _keeps_help_and_quit(app))
                assert not ENGLISH.search(screen_text(app)), label
            await pilot.press("1", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen))
            await wait_until(pilot, lambda: _keeps_help_and_quit(app))
            assert not ENGLISH.search(screen_text(app))

    run(scenario)


def test_coding_screen_shows_both_score_columns(small_project):
    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen))
            await wait_until(pilot, lambda: "Eenvoud" in screen_text(app))
            lines = screen_text(app).splitlines()
            header = next(line for line in lines if "principe" in line and "mooi" in line)
            assert "vast" in header  # the vastloopmoment column is not cut off
            # wijk-90 scores Eenvoud 2 for its vastloopmoment and Zo nabij mogelijk 4 for its mooi voorbeeld
            eenvoud = next(line for line in lines if "Eenvoud" in line and "·" in line)
            assert re.search(r"Eenvoud\s+·\s+2\s*$", eenvoud.rstrip("▎▊ ")), eenvoud
            # a long principle name is cut to the width left ("Zo nabij mog…"), never the score columns
            nabij = next(line for line in lines if "Zo nabij" in line and "·" in line)
            assert re.search(r"Zo nabij[^·\d]*\s4\s+·\s*$", nabij.rstrip("▎▊ ")), nabij

    run(scenario)


def test_tellingen_rows_do_not_wrap(small_project):
    principles = [c.name for c in load_codebook("kritische-blik").principles()]

    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("4")
            await wait_until(pilot, lambda: "verdeling" in screen_text(app))
            lines = screen_text(app).splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
            end = next(i for i, line in enumerate(lines) if line.startswith("└") and i > start)
            rows = lines[start + 1 : end]
            # one line per principle, each with its count and its distribution of five numbers
            assert len(rows) == len(principles)
            for row, name in zip(rows, principles, strict=True):
                assert re.match(r"│ (.+?)\s*│\s+\d+ │", row), row
                assert row[2:].startswith(name) or "…" in row.split("│")[1], row
                assert re.search(r"(\d \d \d \d \d) │", row), row

    run(scenario)


def test_code_filter_is_wide_enough_and_cuts_a_long_name(small_project):
    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "wijk-90" in screen_text(app))
            code = app.screen.query_one("#f-code", Select)
            assert code.size.width >= 34
            options = code._options
            longest = max((o for o in options if isinstance(o[1], str)), key=lambda o: len(str(o[0])))
            code.value = longest[1]
            await wait_until(pilot, lambda: "…" in screen_text(app).splitlines()[3])
            # the chosen name stays on the field's one line: the line under it is the field's border
            assert set(screen_text(app).splitlines()[4].strip()) <= set("▊▎▁ ")

    run(scenario)


def test_session_header_labels_stay_apart(small_project):
    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("5", "n")
            await wait_until(pilot, lambda: app.screen.query("#s-datum"))
            app.screen.query_one("#s-datum").value = "2020-01-24"
            app.screen.query_one("#s-deelnemers").value = "Commissielid A, Onderzoeker 3"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "machinesuggesties" in getattr(app.screen, "title_text", ""))
            await confirm_unreviewed(app, pilot)
            await wait_until(pilot, lambda: "Deelnemers:" in screen_text(app))
            text = screen_text(app)
            assert re.search(r"Fase: \S+ · Deelnemers: Commissielid A", text)
            assert _keeps_help_and_quit(app)
            assert not ENGLISH.search(text)

    run(scenario)


def test_title_bar_keeps_its_separator(small_project):
    async def scenario():
        app = _app(small_project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CodingScreen))
            await wait_until(pilot, lambda: "wijk-90" in screen_text(app).splitlines()[0])
            assert "Kritische Blik — wijk-90 — codeur: Marieke" in screen_text(app).splitlines()[0]

    run(scenario)


def test_answers_of_one_person_read_as_sentences():
    assert join_sentences(["Dat ze het regelen.", "Antwoord twee"]) == "Dat ze het regelen. Antwoord twee"
    assert join_sentences(["korte lijnen", "  meer  tijd "]) == "korte lijnen; meer tijd"
    assert join_sentences(["Echt?", "", "Ja!"]) == "Echt? Ja!"
