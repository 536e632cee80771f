"""Member checks: a researcher withdraws or marks fragments confidential (CLI and TUI); the state is what
every export honours, each change is in the history with who and why, and bad requests change nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import dump_project
from sqlalchemy import select
from tui_support import open_coding, run

from kritischeblik.cli import main
from kritischeblik.store.schema import Segment, SegmentEvent
from kritischeblik.tui.app import KBApp


@pytest.fixture
def path(demo_project) -> Path:
    p = Path(demo_project.path)
    demo_project.close()
    return p


def _segments(path: Path, interview: str, n: int) -> list[tuple[int, str]]:
    from kritischeblik.store.db import Project

    with Project.open(path) as p, p.read() as s:
        rows = s.execute(
            select(Segment.id, Segment.text)
            .where(Segment.interview_id == interview, Segment.role == "respondent")
            .order_by(Segment.idx)
        ).all()
    return [(sid, text) for sid, text in rows if len(text) > 30][:n]


def _json(capsys, *args: str):  # noqa: ANN202
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_withdrawn_via_the_cli_is_gone_from_exports_and_in_the_history(path, tmp_path, capsys):
    (sid, text), (sid2, text2) = _segments(path, "wijk-03", 2)
    p = ["-p", str(path), "--by", "Anna"]
    assert main(["fragment", "withdraw", str(sid), *p, "--reden", "member check 12 maart"]) == 0
    assert main(["fragment", "confidential", str(sid2), *p]) == 0
    listed = _json(capsys, "fragment", "list", "-p", str(path))
    assert [(r["fragment"], r["status"]) for r in listed] == sorted(
        [(sid, "ingetrokken"), (sid2, "vertrouwelijk")]
    )
    assert main(["export", "csv", "-p", str(path), str(tmp_path / "csv")]) == 0
    with open(tmp_path / "csv" / "segments.csv", encoding="utf-8") as f:
        rows = {int(r["segment_id"]): r for r in csv.DictReader(f)}
    assert sid not in rows and text not in (tmp_path / "csv" / "segments.csv").read_text(encoding="utf-8")
    assert rows[sid2]["state"] == "vertrouwelijk"
    assert main(["export", "samenvatting", "-p", str(path), str(tmp_path / "s.md")]) == 0
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert text not in summary and text2 not in summary
    # put back: history holds both steps, with who and why
    assert main(["fragment", "restore", str(sid), *p, "--reden", "respondent gaf toch toestemming"]) == 0
    history = _json(capsys, "fragment", "history", "-p", str(path), "--interview", "wijk-03")
    assert [(h["fragment"], h["van"], h["naar"], h["reden"], h["door"]) for h in history] == [
        (sid, "actief", "ingetrokken", "member check 12 maart", "Anna"),
        (sid2, "actief", "vertrouwelijk", "", "Anna"),
        (sid, "ingetrokken", "actief", "respondent gaf toch toestemming", "Anna"),
    ]


def test_a_whole_interview_can_be_marked_confidential(path, capsys, monkeypatch):
    from kritischeblik.store import segment_states

    monkeypatch.setattr(
        segment_states, "_CHUNK", 7
    )  # the ids go to SQLite in several queries, as for a huge one
    out = _json(
        capsys, "fragment", "confidential", "--interview", "school-02", "-p", str(path), "--by", "Bram"
    )
    listed = _json(capsys, "fragment", "list", "--status", "vertrouwelijk", "-p", str(path))
    assert sorted(out["gewijzigd"]) == sorted(r["fragment"] for r in listed) and len(listed) > 10
    assert {r["interview"] for r in listed} == {"school-02"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["withdraw", "{sid}", "--by", "Anna"], "Geef een reden voor het intrekken"),
        (["withdraw", "{sid}", "999999", "--by", "Anna", "--reden", "x"], "Onbekend(e) fragment(en): 999999"),
        (["confidential", "{sid}", "--by", " "], "Geef op wie dit besluit"),
        (
            ["confidential", "--interview", "bestaat-niet", "--by", "Anna"],
            "Onbekend interview 'bestaat-niet'",
        ),
        (["restore", "--by", "Anna"], "Geef segment-id's of --interview"),
    ],
)
def test_bad_requests_change_nothing(path, capsys, args, message):
    sid = _segments(path, "wijk-03", 1)[0][0]
    before = dump_project(path)
    capsys.readouterr()
    assert main(["fragment", *[a.format(sid=sid) for a in args], "-p", str(path)]) != 0
    assert message in capsys.readouterr().err
    assert dump_project(path) == before


def test_tui_withdraws_with_a_reason_undo_restores_and_v_toggles_confidential(path):
    sid = _segments(path, "wijk-03", 1)[0][0]

    async def scenario():
        app = KBApp(path, coder="Anna")
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-03")
            ids = [s.id for s in screen.segments]
            from textual.widgets import OptionList

            screen.query_one("#segments", OptionList).highlighted = ids.index(sid)
            await pilot.pause()

            async def press_then_see(keys: tuple[str, ...], state: str, label: str) -> None:
                await pilot.press(*keys)
                await pilot.pause()
                assert _state(path, sid) == state
                shown = screen.query_one("#segments", OptionList).get_option_at_index(ids.index(sid)).prompt
                assert label in str(shown)

            await press_then_see(
                ("i", "ctrl+u", *"respondent trok het in", "enter"), "ingetrokken", "[ingetrokken fragment]"
            )
            await pilot.press("ctrl+z")
            await pilot.pause()
            await press_then_see(("v",), "vertrouwelijk", "[vertrouwelijk]")
            await pilot.press("v")
            await pilot.pause()

    run(scenario)
    assert _state(path, sid) == "actief"
    from kritischeblik.store.db import Project

    with Project.open(path) as p, p.read() as s:
        events = [
            (e.new_state, e.changed_by, e.reason)
            for e in s.scalars(select(SegmentEvent).order_by(SegmentEvent.id))
        ]
    assert events == [
        ("ingetrokken", "Anna", "respondent trok het in"),
        ("actief", "Anna", "ongedaan gemaakt in de TUI (respondent trok het in)"),
        ("vertrouwelijk", "Anna", "vertrouwelijk gezet in de TUI"),
        ("actief", "Anna", "actief gezet in de TUI"),
    ]


def _state(path: Path, sid: int) -> str:
    from kritischeblik.store.db import Project

    with Project.open(path) as p, p.read() as s:
        return s.get(Segment, sid).state


def test_workbook_accounts_for_member_checks_and_score_changes_without_the_text(path, tmp_path):
    import openpyxl

    ((sid, text),) = _segments(path, "wijk-03", 1)
    assert (
        main(["fragment", "withdraw", str(sid), "-p", str(path), "--by", "Anna", "--reden", "member check"])
        == 0
    )
    assert (
        main(
            [
                "agreement",
                "score-set",
                "wijk-03",
                "mooi voorbeeld",
                "Eenvoud",
                "4",
                "-p",
                str(path),
                "--coder",
                "Bram",
            ]
        )
        == 0
    )
    out = tmp_path / "kb.xlsx"
    assert main(["export", "xlsx", "-p", str(path), str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    rows = list(wb["Verantwoording"].iter_rows(values_only=True))
    header, body = rows[0], [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert header[:4] == ("wanneer", "wat", "interview", "fragment")
    assert [
        (r["wat"], r["fragment"], r["naar"], r["reden"], r["door"])
        for r in body
        if r["wat"] == "member check"
    ] == [("member check", sid, "ingetrokken", "member check", "Anna")]
    coder_changes = [(r["interview"], r["principe"], r["naar"]) for r in body if r["score van"] == "Bram"]
    assert coder_changes == [("wijk-03", "lp-eenvoud", "4")]
    # the demo's scoring form filled two interviews' scores after their transcripts: accounted for as well
    assert {r["reden"] for r in body if r["wat"] == "score" and r["score van"] == "interview"} == {
        "formulier"
    }
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and text in v for v in row), ws.title
