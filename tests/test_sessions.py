"""Duidingssessies in the store, the Markdown minutes and `kb session`; plus the session screen via Pilot."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from textual.widgets import OptionList
from tui_support import CODER, run, screen_text, start_session, suggested_demo_path, tui_project

from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.export.minutes import render_minutes
from kritischeblik.store import sessions as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Duiding, Segment, SessionTheme
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.session_run import SessionRunScreen

__all__ = ["suggested_demo_path", "tui_project"]


def _start(path, question="werkende_elementen") -> int:  # noqa: ANN001
    with Project.open(path) as p, p.write() as s:
        themes = store.code_themes(s, question)
        return store.create_session(
            s, "2020-01-24", ["Commissielid A", "Onderzoeker 3"], question, themes, title="Sessie wijk"
        )


def test_code_themes_follow_the_codings(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        themes = store.code_themes(s, "belemmerende_elementen")
        assert themes, "the demo corpus has suggestions for belemmerende elementen"
        kinds = {t.code_id.split("-")[0] for t in themes}
        assert kinds <= {"be", "cb"}
        # every fragment of a theme really carries that code in some layer
        from kritischeblik.store.schema import Coding

        for t in themes:
            coded = set(s.scalars(select(Coding.segment_id).where(Coding.code_id == t.code_id)))
            assert set(t.segment_ids) <= coded


def test_session_store_roundtrip_and_validation(tui_project):
    sid = _start(tui_project)
    with Project.open(tui_project) as p:
        with p.read() as s:
            view = store.load_session(s, sid)
        assert view.phase == "leestijd" and view.participants == ["Commissielid A", "Onderzoeker 3"]
        t1, t2 = view.themes[0], view.themes[1]
        seg = t1.segment_ids[0]
        with p.write() as s:
            d = store.add_duiding(
                s,
                sid,
                "Commissielid A",
                "Herkenbaar beeld",
                theme_id=t1.id,
                prompt=store.PROMPTS[1],
                segment_ids=[seg],
            )
            store.add_duiding(s, sid, "Gast", "Ik neem mee: vaker bellen", kind=store.KIND_MEENEMEN)
            assert store.set_theme_status(s, sid, t2.id, "samengevoegd", merged_into=t1.id) == ("open", None)
        for bad in (
            lambda s: store.add_duiding(s, sid, "A", "   ", theme_id=t1.id),
            lambda s: store.add_duiding(s, sid, "", "tekst", theme_id=t1.id),
            lambda s: store.add_duiding(s, sid, "A", "tekst"),  # a duiding needs a theme
            lambda s: store.set_theme_status(s, sid, t1.id, "samengevoegd", merged_into=t1.id),
            lambda s: store.set_theme_status(s, sid, t1.id, "weg"),
            lambda s: store.set_phase(s, sid, "koffie"),
            lambda s: store.load_session(s, 999),
        ):
            with pytest.raises(KBError), p.write() as s:
                bad(s)
        with p.read() as s:
            view = store.load_session(s, sid)
        assert "Gast" in view.participants  # a new speaker joins the participants
        assert [x.text for x in view.duidingen_for(t1.id)] == ["Herkenbaar beeld"]
        assert view.theme(t2.id).status == "samengevoegd" and view.theme(t2.id).merged_into == t1.id
        with p.write() as s:
            store.delete_duiding(s, d)
        with p.read() as s:
            assert store.load_session(s, sid).duidingen_for(t1.id) == []
        with pytest.raises(KBError), p.write() as s:
            store.create_session(s, "24-01-2020", ["A"], "werkende_elementen", [store.ThemeInput("x", [seg])])


def test_minutes_render_participants_themes_duidingen_fragments_and_takeaways(tui_project):
    sid = _start(tui_project)
    with Project.open(tui_project) as p:
        with p.read() as s:
            view = store.load_session(s, sid)
        t = view.themes[0]
        withdrawn, kept = t.segment_ids[0], t.segment_ids[1]
        with p.write() as s:
            store.add_duiding(
                s,
                sid,
                "Onderzoeker 3",
                "Korte lijnen",
                theme_id=t.id,
                prompt="Wat zien we?",
                segment_ids=[kept],
            )
            store.add_duiding(s, sid, "Commissielid A", "Meer reflectiemomenten", kind=store.KIND_MEENEMEN)
            store.set_theme_status(s, sid, t.id, "bevestigd")
            s.get(Segment, withdrawn).state = "ingetrokken"
            withdrawn_text, kept_text = s.get(Segment, withdrawn).text, s.get(Segment, kept).text
        with p.read() as s:
            md = render_minutes(store.load_session(s, sid))
    assert md.startswith("# Sessie wijk")
    assert "Commissielid A, Onderzoeker 3" in md and "Welke werkende elementen zien we?" in md
    section = md.split(f"### {t.label}")[1].split("### ")[0]
    assert "Status: bevestigd" in section
    assert "**Onderzoeker 3** *(Wat zien we?)*: Korte lijnen" in section
    assert " ".join(kept_text.split()) in section
    assert " ".join(withdrawn_text.split()) not in md  # withdrawn fragments never reach an export
    assert "## Wat neem jij mee?" in md and "**Commissielid A**: Meer reflectiemomenten" in md


def test_session_cli_list_show_export(tui_project, tmp_path, capsys):
    sid = _start(tui_project)
    with Project.open(tui_project) as p, p.write() as s:
        t = s.scalars(select(SessionTheme).where(SessionTheme.session_id == sid)).first()
        store.add_duiding(s, sid, "Onderzoeker 3", "Iedereen voelt zich eigenaar", theme_id=t.id)
    capsys.readouterr()
    assert main(["session", "list", "-p", str(tui_project), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["id"] == sid and rows[0]["bijdragen"] == 1 and rows[0]["vraag"] == "werkende_elementen"
    assert main(["session", "show", str(sid), "-p", str(tui_project), "--format", "csv"]) == 0
    assert "Iedereen voelt zich eigenaar" in capsys.readouterr().out
    out = tmp_path / "verslag.md"
    assert main(["session", "export", str(sid), str(out), "-p", str(tui_project)]) == 0
    assert "Iedereen voelt zich eigenaar" in out.read_text(encoding="utf-8")
    assert main(["session", "show", "99", "-p", str(tui_project)]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_session_screen_full_flow_with_undo(tui_project):
    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, "Commissielid A, Onderzoeker 3")
            assert isinstance(screen, SessionRunScreen)
            assert "Leestijd: nog 15:00" in screen_text(app)
            first_text = screen_text(app)
            await pilot.press("right")
            await pilot.pause()
            assert screen_text(app) != first_text and "Fragment 2 van" in screen_text(app)
            await pilot.press("right_square_bracket")  # to duiden
            await pilot.pause()
            assert screen.view.phase == "duiden"
            # the form opens on "Wie" (preselected); tab past the prompt to the text
            await pilot.press("a", "tab", "tab", *"Iedereen voelt zich eigenaar", "tab", *"1", "ctrl+s")
            await pilot.pause()
            await pilot.press("b")
            await pilot.pause()
            sid = screen.session_id
            theme = screen.view.themes[0]
            with Project.open(tui_project) as p, p.read() as s:
                d = s.scalars(select(Duiding).where(Duiding.session_id == sid)).one()
                assert (d.author, d.text, d.session_theme_id) == (
                    "Commissielid A",
                    "Iedereen voelt zich eigenaar",
                    theme.id,
                )
                assert d.segment_ids == [theme.segment_ids[0]] and d.prompt == "Wat zien we?"
                assert s.get(SessionTheme, theme.id).status == "bevestigd"
            # undo the status, then the duiding
            await pilot.press("ctrl+z", "ctrl+z")
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert s.scalars(select(Duiding).where(Duiding.session_id == sid)).all() == []
                assert s.get(SessionTheme, theme.id).status == "open"
            # empty contribution: a notification, nothing saved
            await pilot.press("a", "ctrl+s")
            await pilot.pause()
            assert any("lege bijdrage" in n.message for n in app._notifications)
            await pilot.press("escape", "right_square_bracket")  # to "wat neem jij mee?"
            await pilot.pause()
            await pilot.press("w", "tab", *"Vaker samen aan tafel", "ctrl+s")
            await pilot.pause()
            assert "Vaker samen aan tafel" in screen_text(app)
            await pilot.press("escape")  # back to the list: the session is resumable
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SessionRunScreen) and app.screen.view.phase == "afronding"
            assert app.screen.query_one("#sr-themes", OptionList).option_count == len(app.screen.view.themes)
        return sid

    run(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        rows = s.scalars(select(Duiding)).all()
        assert [(r.kind, r.author, r.text) for r in rows] == [
            ("meenemen", "Commissielid A", "Vaker samen aan tafel")
        ]


def test_session_list_table_names_the_question_as_asked(tui_project, capsys):
    _start(tui_project, "belemmerende_elementen")
    capsys.readouterr()
    assert main(["session", "list", "-p", str(tui_project)]) == 0
    out = capsys.readouterr().out
    header, row = out.splitlines()[0], out.splitlines()[2]
    assert "Welke belemmerende elementen zien we?" in row
    assert "belemmerende_elementen" not in out
    assert "thema's" in header.split()
