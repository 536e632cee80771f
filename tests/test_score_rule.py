"""The one score rule (the codebook's scale, 1–5 for Kritische Blik) at every place a score comes in.

Each entry point is given 0, 6 and 5.5: each is refused with a Dutch message that says what is wrong (and,
for a file, where), and no score is stored. Each test goes through one entry point only, so taking the
check out of that entry point makes its test fail: the transcript parser and the scoring forms name the
file and line (the store's own refusal does not), the REFI import reports and goes on (the store's refusal
stops the import), and the TUI and the CLI rely on the store's check.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import DEMO_DIR, sql_rows
from test_refi_import import build_qdpx
from textual.widgets import DataTable, Label
from tui_support import open_coding, run, small_project, small_project_path, wait_until

from kritischeblik.cli import main
from kritischeblik.interop.project_reader import import_qdpx
from kritischeblik.model import ScoreScale
from kritischeblik.services.ingest import IngestError, ingest_paths
from kritischeblik.store.db import Project
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.pickers import TextPrompt

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

__all__ = ["small_project", "small_project_path"]

BAD = ["0", "6", "5.5"]
WHY = {
    "0": "score 0 valt buiten de schaal 1–5",
    "6": "score 6 valt buiten de schaal 1–5",
    "5.5": "'5.5' is geen score: het is geen geheel getal van 1 tot 5",
}
SCORE_TABLES = ("principle_scores", "coder_scores", "score_events")


def _scores(path: Path) -> dict[str, list[tuple]]:
    return {t: sql_rows(path, f"SELECT * FROM {t} ORDER BY rowid") for t in SCORE_TABLES}


def test_the_rule_itself():
    scale = ScoreScale(1, 5)
    assert [scale.check(v) for v in (1, 5, "3", " 4 ", 2.0)] == [1, 5, 3, 4, 2]
    for value in (0, 6, 5.5, "5.5", "5,5", "x", "", True, None, float("nan")):
        with pytest.raises(Exception, match="geen score|buiten de schaal"):
            scale.check(value)


# -- transcript ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD)
def test_transcript(project, nlp, pseudonymiser, tmp_path, value):
    text = (DEMO_DIR / "wijk-02.md").read_text(encoding="utf-8")
    line = "mooi voorbeeld | Leefwereld centraal | 5"
    bad = tmp_path / "wijk-02.md"
    bad.write_text(text.replace(line, f"mooi voorbeeld | Leefwereld centraal | {value}"), encoding="utf-8")
    lineno = text.split("\n").index(line) + 1
    before = _scores(project.path)
    with pytest.raises(IngestError) as caught:
        ingest_paths(project, [bad], nlp=nlp, pseudonymiser=pseudonymiser)
    assert f"{bad}:{lineno}: {WHY[value]}" in str(caught.value)
    assert _scores(project.path) == before and sql_rows(project.path, "SELECT id FROM interviews") == []


# -- scoring forms --------------------------------------------------------------------------------------------

HEADER = ["interview_id", "voorbeeld", "Leefwereld centraal", "Eenvoud"]


def _csv(path: Path, value: str) -> Path:
    path.write_text(
        f"{','.join(HEADER)}\nwijk-02,mooi voorbeeld,4,3\nwijk-02,vastloopmoment,{value},2\n",
        encoding="utf-8",
    )
    return path


def _xlsx(path: Path, value: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["wijk-02", "mooi voorbeeld", 4, 3])
    ws.append(["wijk-02", "vastloopmoment", float(value) if "." in value else int(value), 2])
    wb.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("value", BAD)
def test_scoring_form(project, nlp, pseudonymiser, tmp_path, value, kind):
    form = (_csv if kind == "csv" else _xlsx)(tmp_path / f"scores.{kind}", value)
    before = _scores(project.path)
    # The transcript in the same batch is fine; the batch is refused as a whole.
    with pytest.raises(IngestError) as caught:
        ingest_paths(project, [DEMO_DIR / "wijk-02.md", form], nlp=nlp, pseudonymiser=pseudonymiser)
    assert f"{form}:3: kolom 'Leefwereld centraal': {WHY[value]}" in str(caught.value)
    assert _scores(project.path) == before and sql_rows(project.path, "SELECT id FROM interviews") == []


# -- REFI-QDA import ------------------------------------------------------------------------------------------


def _qdpx_with(path: Path, value: str, variable: str) -> Path:
    """The hand-built archive of test_refi_import with its score variable set to ``value``."""
    build_qdpx(path)
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    qde = entries["project.qde"].decode("utf-8")
    tag = "FloatValue" if "." in value else "IntegerValue"
    qde = qde.replace("<IntegerValue>2</IntegerValue>", f"<{tag}>{value}</{tag}>")
    qde = qde.replace('name="score vastloopmoment: Eenvoud"', f'name="{variable}"')
    entries["project.qde"] = qde.encode("utf-8")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "variable", ["score vastloopmoment: Eenvoud", "codeurscore Carla | vastloopmoment: Eenvoud"]
)
@pytest.mark.parametrize("value", BAD)
def test_refi_import(project, nlp, tmp_path, value, variable):
    """A case variable off the scale is not carried over: the report says which and why, the rest comes in."""
    report = import_qdpx(project, _qdpx_with(tmp_path / "vreemd.qdpx", value, variable), nlp=nlp)
    assert report.interviews == ["Interview-buurt"]
    said = [m for m in report.not_carried if variable in m]
    assert len(said) == 1
    if value == "5.5":
        assert "niet als score" in said[0]
    elif variable.startswith("score"):
        assert f"score {value} voor '{variable}' buiten de schaal" in said[0]
    else:
        assert f"= {value} niet als score van een codeur herkend" in said[0]
    assert {t: rows for t, rows in _scores(project.path).items()} == {t: [] for t in SCORE_TABLES}


# -- TUI -------------------------------------------------------------------------------------------------------


def _tui_score(path: Path, table_id: str, row_key: str, value: str) -> str:
    """Type ``value`` into one score cell (mooi voorbeeld) of the coding screen; returns the notifications."""
    messages: list[str] = []

    async def scenario():
        app = KBApp(path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-90")
            table = screen.query_one(table_id, DataTable)
            await pilot.press("p" if table_id == "#scores" else "e")
            table.move_cursor(row=table.get_row_index(row_key), column=1)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)
            prompt = app.screen
            await pilot.press("ctrl+u", *value, "enter")
            await pilot.pause()
            # a refused score keeps the dialog open and says why there; an accepted one closes it
            if app.screen is prompt:
                error = prompt.query_one("#prompt-error", Label)
                await wait_until(pilot, lambda: error.display)
                messages.append(str(error.render()))
            messages.extend(str(n.message) for n in app._notifications)

    run(scenario)
    return " ".join(messages)


@pytest.mark.parametrize("value", BAD)
def test_tui_interview_score(small_project, value):
    before = _scores(small_project)
    messages = _tui_score(small_project, "#scores", "lp-eenvoud", value)
    assert WHY[value] in messages and "opgeslagen" not in messages
    assert _scores(small_project) == before


@pytest.mark.parametrize("value", BAD)
def test_tui_coder_score(small_project, value):
    before = _scores(small_project)
    messages = _tui_score(small_project, "#coder-scores", "lp-eenvoud\tAnna", value)
    assert WHY[value] in messages and "opgeslagen" not in messages
    assert _scores(small_project) == before


def test_tui_accepts_a_score_on_the_scale(small_project):
    """The same steps with 3 store it: the refusals above are the rule's, not a broken dialog."""
    _tui_score(small_project, "#scores", "lp-eenvoud", "3")
    assert sql_rows(
        small_project,
        "SELECT example, code_id, score, source FROM principle_scores "
        "WHERE code_id = 'lp-eenvoud' AND example = 'mooi voorbeeld'",
    ) == [("mooi voorbeeld", "lp-eenvoud", 3, "tui")]


# -- CLI -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD)
def test_cli_coder_score(small_project, capsys, value):
    before = _scores(small_project)
    code = main(
        [
            "agreement",
            "score-set",
            "wijk-90",
            "mooi voorbeeld",
            "Eenvoud",
            value,
            "--coder",
            "Anna",
            "-p",
            str(small_project),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("fout: ") and WHY[value] in err and "Traceback" not in err
    assert _scores(small_project) == before
    assert (
        main(
            [
                "agreement",
                "score-set",
                "wijk-90",
                "mooi voorbeeld",
                "Eenvoud",
                "3",
                "--coder",
                "Anna",
                "-p",
                str(small_project),
            ]
        )
        == 0
    )
    assert sql_rows(small_project, "SELECT score FROM coder_scores") == [(3,)]


def test_store_refuses_off_scale_whoever_writes(small_project):
    """The store's own check, under every entry point's: a caller that skips the rule still cannot store 6."""
    from kritischeblik.errors import ScoreError
    from kritischeblik.store import coder_scores, interviews

    with Project.open(small_project) as p:
        for write in (
            lambda s: interviews.set_score(s, "wijk-90", "mooi voorbeeld", "lp-eenvoud", 6, source="test"),
            lambda s: coder_scores.set_coder_score(s, "wijk-90", "mooi voorbeeld", "Eenvoud", 6, "Anna"),
        ):
            with pytest.raises(ScoreError, match=re.escape(WHY["6"])), p.write() as s:
                write(s)
    assert all(not rows for t, rows in _scores(small_project).items() if t != "principle_scores")
