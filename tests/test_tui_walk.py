"""Found walking through the TUI as a new user at 80×24, on projects the size of a real study (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tui_support import CODER, SMALL_TRANSCRIPT, run, screen_text, wait_until

from kritischeblik.codebook import load_codebook
from kritischeblik.tui.app import KBApp

SIZE = (80, 24)


@pytest.fixture(scope="module")
def twelve_interviews(tmp_path_factory, nlp) -> Path:
    """Twelve short interviews with the same scores: counts of two digits, as in any real study."""
    from conftest import new_project

    from kritischeblik.services.ingest import IngestOptions, ingest_paths

    base = tmp_path_factory.mktemp("twelve")
    files = []
    for n in range(12):
        src = base / f"wijk-{n + 70}.md"
        src.write_text(SMALL_TRANSCRIPT.replace("id: wijk-90", f"id: wijk-{n + 70}"), encoding="utf-8")
        files.append(src)
    path = base / "twaalf.kb"
    with new_project(path) as p:
        ingest_paths(p, files, IngestOptions(pseudonymise=False), nlp=nlp)
    return path


def test_tellingen_show_two_digit_counts_whole_at_80_columns(twelve_interviews):
    principles = [c.name for c in load_codebook("kritische-blik").principles()]

    async def scenario():
        app = KBApp(twelve_interviews, coder=CODER)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("4")
            await wait_until(pilot, lambda: "verdeling" in screen_text(app))
            lines = screen_text(app).splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
            rows = lines[start + 1 : start + 1 + len(principles)]
            by_name = {row.split("│")[1].strip(): row.split("│")[2:] for row in rows}
            # Leefwereld centraal: 12 interviews gave a 5 for the mooi voorbeeld
            cells = next(v for k, v in by_name.items() if k.startswith("Leefwereld"))
            assert cells[0].strip() == "12", cells
            assert cells[1].strip() == "5.0", cells
            assert re.fullmatch(r"\s*0\s+0\s+0\s+0\s+12\s*", cells[3]), cells
            # the header names every scale value, the last one included
            header = "\n".join(lines[:start])
            assert re.search(r"1\s+2\s+3\s+4\s+5", header), header

    run(scenario)


def test_a_wrong_score_is_replaced_by_the_next_key_typed(twelve_interviews, tmp_path):
    import shutil

    from textual.widgets import DataTable
    from tui_support import open_coding

    from kritischeblik.store import coder_scores as cs
    from kritischeblik.store.db import Project
    from kritischeblik.tui.screens.pickers import TextPrompt

    path = shutil.copy(twelve_interviews, tmp_path / "twaalf.kb")

    async def scenario():
        app = KBApp(path, coder="Anna")
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_coding(app, pilot, "wijk-70")
            await pilot.press("e", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
            await pilot.press("9", "enter")
            await wait_until(pilot, lambda: "buiten de schaal" in screen_text(app))
            await pilot.press("4", "enter")
            await wait_until(pilot, lambda: app.screen is screen)
            assert screen.query_one("#coder-scores", DataTable).cursor_coordinate.column >= 1

    run(scenario)
    with Project.open(path) as p, p.read() as s:
        stored = [(r["voorbeeld"], r["codeur"], r["score"]) for r in cs.coder_scores(s)]
    assert stored == [("mooi voorbeeld", "Anna", 4)]


def test_a_reading_session_says_so_in_every_title_bar_and_names_no_empty_coder(twelve_interviews, tmp_path):
    import shutil

    from tui_support import open_coding

    from kritischeblik.services import coding
    from kritischeblik.store import reads
    from kritischeblik.store.db import Project

    path = shutil.copy(twelve_interviews, tmp_path / "duo.kb")
    with Project.open(path) as p:
        with p.read() as s:
            segment = int(reads.segments(s).segment_id.iloc[-1])
        coding.decide(p, segment, "lp-eenvoud", "Anna", "add")
        coding.decide(p, segment, "lp-leefwereld-centraal", "Bram", "add")

    def title() -> str:
        return screen_text(app).splitlines()[0].strip()

    app = KBApp(path, read_only=True)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "wijk-70" in screen_text(app))
            await open_coding(app, pilot, "wijk-70")
            await wait_until(pilot, lambda: "wijk-70 —" in title())
            assert title().endswith("alleen-lezen") and "codeur:" not in title(), title()
            await pilot.press("6")
            await wait_until(pilot, lambda: "verschillen" in title())
            assert title().endswith("alleen-lezen") and not re.search(r"door\s*$", title()), title()

    run(scenario)


def test_dialog_hints_wrap_instead_of_being_cut_at_80_columns(twelve_interviews):
    from kritischeblik.tui.screens.pickers import ChoicePicker, TextPrompt

    app = KBApp(twelve_interviews)  # no coder: the TUI asks who is coding

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker | TextPrompt))
            if isinstance(app.screen, ChoicePicker):  # known coders first, "Nieuwe codeur…" last
                await pilot.press("end", "enter")
                await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
            words = " ".join(line.strip("█▊▎ ") for line in screen_text(app).splitlines())
            assert "'anna' is de codeur Anna" in " ".join(words.split()), words

    run(scenario)


def test_the_codebook_footer_shows_how_to_make_suggestions(twelve_interviews):
    app = KBApp(twelve_interviews, coder=CODER)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("2")
            await wait_until(pilot, lambda: "Codeboek" in screen_text(app).splitlines()[1])
            await pilot.pause()
            footer = screen_text(app).rstrip("\n").splitlines()[-1]
            assert "s Voorstellen maken" in footer and "? Help" in footer and "q Stoppen" in footer, footer

    run(scenario)


def test_verschillen_without_coded_pairs_points_to_the_score_differences(twelve_interviews, tmp_path):
    import shutil

    from kritischeblik.store import coder_scores as cs
    from kritischeblik.store.db import Project

    path = shutil.copy(twelve_interviews, tmp_path / "scores.kb")
    with Project.open(path) as p, p.write() as s:
        cs.set_coder_score(s, "wijk-70", "mooi voorbeeld", "lp-eenvoud", 2, "Anna")
        cs.set_coder_score(s, "wijk-70", "mooi voorbeeld", "lp-eenvoud", 4, "Bram")
    app = KBApp(path, coder="Anna")

    def said() -> str:
        return " ".join(str(n.message) for n in app._notifications)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("6")
            await wait_until(pilot, lambda: "coderingen" in said())
            assert "Druk s voor de verschillen in eigen scores" in said(), said()
            assert "--coder" not in said()
            await pilot.press("s")
            await wait_until(pilot, lambda: "1 open scoreverschil" in screen_text(app))

    run(scenario)


def test_a_reading_session_opens_no_form_it_would_refuse(twelve_interviews):
    from tui_support import open_coding

    from kritischeblik.tui.screens.sessions import SessionsScreen

    app = KBApp(twelve_interviews, read_only=True)

    def said() -> str:
        return " ".join(str(n.message) for n in app._notifications)

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "wijk-70" in screen_text(app))
            screen = await open_coding(app, pilot, "wijk-70")
            for keys in (["c"], ["e", "enter"], ["p", "enter"]):
                await pilot.press(*keys)
                await pilot.pause()
                assert app.screen is screen, keys  # no code picker, no score dialog
            assert "alleen-lezen" in said()
            await pilot.press("escape", "5")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, SessionsScreen)  # no form to fill in first

    run(scenario)
