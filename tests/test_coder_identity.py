"""Issue 14: one person is one coder. Names match case-insensitively and trimmed in the CLI and the TUI, a
new coder is announced, `kb tui` without a coder asks who is coding, and blind coding is suggested when
another coder already codes the interview. Duo project of three demo transcripts (Anna and Bram)."""

from __future__ import annotations

import shutil

import agreement_fixtures as fx
import pytest
from sqlalchemy import func, select
from textual.widgets import OptionList
from tui_support import open_coding, run, wait_until

from kritischeblik.cli import main
from kritischeblik.services.coders import blind_advice, identify_coder
from kritischeblik.store import codings
from kritischeblik.store.blind import is_blind
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Coder, Segment
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.overview import OverviewScreen
from kritischeblik.tui.screens.pickers import ChoicePicker, TextPrompt

duo_project_path = fx.duo_project_path
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def duo_path(duo_project_path, tmp_path, monkeypatch):
    monkeypatch.delenv("KB_CODER", raising=False)
    dest = tmp_path / "duo.kb"
    shutil.copy(duo_project_path, dest)
    return dest


def _coders(path) -> list[str]:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        return codings.person_coders(s)


def _first_segment(path, iid: str) -> int:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        return s.scalar(select(Segment.id).where(Segment.interview_id == iid).order_by(Segment.idx))


def test_identify_matches_existing_coders_case_insensitively_and_trimmed(duo_path):
    assert _coders(duo_path) == ["Anna", "Bram"]
    with Project.open(duo_path) as p:
        for typed in ("anna", "  ANNA ", "Anna"):
            who = identify_coder(p, typed)
            assert (who.name, who.new) == ("Anna", False)
        who = identify_coder(p, " Carla  van Dam ")
        assert (who.name, who.new, who.known) == ("Carla van Dam", True, ("Anna", "Bram"))
        with pytest.raises(Exception, match="gereserveerd"):
            identify_coder(p, "auto")
    assert _coders(duo_path) == ["Anna", "Bram"]  # identifying writes nothing


def test_cli_decision_as_anna_after_Anna_stays_in_annas_layer(duo_path, capsys):
    seg = _first_segment(duo_path, "huishouden-02")
    code = "we-aanpakken"
    with Project.open(duo_path) as p, p.read() as s:
        assert codings.find(s, seg, code, "Anna") is None  # Anna's rule never added it on this segment
        before = s.scalar(select(func.count()).select_from(Coder))
    assert main(["code", "add", str(seg), code, "--coder", " anna ", "-p", str(duo_path)]) in (0, None)
    out, err = capsys.readouterr()
    assert "door Anna" in out and "Nieuwe codeur" not in err
    with Project.open(duo_path) as p, p.read() as s:
        assert s.scalar(select(func.count()).select_from(Coder)) == before
        row = codings.find(s, seg, code, "Anna")
        assert row is not None and row.status == "accepted"
        events = codings.history(s, seg, "Anna")
        assert events and events[-1].coder == "Anna"
    # a new name is announced, with the coders there are
    assert main(["code", "add", str(seg), code, "--coder", "Carla", "-p", str(duo_path)]) in (0, None)
    err = capsys.readouterr().err
    assert "Nieuwe codeur: Carla" in err and "Anna, Bram" in err
    assert _coders(duo_path) == ["Anna", "Bram", "Carla"]


def test_cli_score_as_bram_lowercase_is_brams(duo_path, capsys):
    args = ["agreement", "score-set", "wijk-02", "mooi voorbeeld", "lp-leefwereld-centraal", "4"]
    assert main([*args, "--coder", "bram", "-p", str(duo_path)]) in (0, None)
    out, err = capsys.readouterr()
    assert "codeur Bram" in out and "Nieuwe codeur" not in err
    assert _coders(duo_path) == ["Anna", "Bram"]


async def _choose(app, pilot, label: str) -> None:  # noqa: ANN001
    await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
    options = app.screen.query_one(OptionList)
    labels = [str(o.prompt) for o in options.options]
    options.highlighted = labels.index(label)
    await pilot.press("enter")


def test_tui_without_a_coder_asks_who_is_coding(duo_path):
    async def scenario(pick: str, typed: str | None, expect: str, announced: bool):
        app = KBApp(duo_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
            labels = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
            assert labels == ["Anna", "Bram", "Nieuwe codeur…"]
            assert "Wie codeert er?" in app.screen.title_text
            await _choose(app, pilot, pick)
            if typed is not None:
                await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
                await pilot.press("enter")  # empty: refused in the dialog
                await wait_until(pilot, lambda: "Geef een codeur op" in _error(app))
                await pilot.press(*typed, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
            assert app.coder == expect and f"codeur: {expect}" in app.sub_title
            messages = " ".join(str(n.message) for n in app._notifications)
            assert ("Nieuwe codeur: " + expect in messages) is announced

    run(lambda: scenario("Bram", None, "Bram", False))
    run(lambda: scenario("Nieuwe codeur…", "anna", "Anna", False))
    run(lambda: scenario("Nieuwe codeur…", "Dirk", "Dirk", True))
    assert _coders(duo_path) == ["Anna", "Bram"]  # choosing a name writes nothing


def _error(app) -> str:  # noqa: ANN001
    return str(app.screen.query_one("#prompt-error").render()) if isinstance(app.screen, TextPrompt) else ""


def test_tui_coder_option_matches_case_insensitively(duo_path):
    async def scenario():
        app = KBApp(duo_path, coder=" ANNA")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
            assert app.coder == "Anna"

    run(scenario)


def test_blind_coding_is_suggested_when_the_other_coder_codes_here(duo_path):
    with Project.open(duo_path) as p:
        assert blind_advice(p, "wijk-02", "anna") == ["Bram"]
        assert blind_advice(p, "huishouden-02", "Bram") == ["Anna"]
        assert blind_advice(p, "huishouden-02", "Anna") == []  # nobody else codes it

    async def scenario():
        app = KBApp(duo_path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "huishouden-02")
            messages = " ".join(str(n.message) for n in app._notifications)
            assert "Blind" not in messages and "blind" not in messages
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
            screen = await open_coding(app, pilot, "wijk-02")
            await wait_until(
                pilot, lambda: any("Bram codeert wijk-02 ook" in str(n.message) for n in app._notifications)
            )
            await pilot.press("b")
            await wait_until(pilot, lambda: screen.blind)
            with Project.open(duo_path) as p, p.read() as s:
                assert is_blind(s, "wijk-02")
            await pilot.press("ctrl+z")
            await wait_until(pilot, lambda: not _blind(duo_path, "wijk-02"))

    run(scenario)


def _blind(path, iid: str) -> bool:  # noqa: ANN001
    with Project.open(path) as p, p.read() as s:
        return is_blind(s, iid)
