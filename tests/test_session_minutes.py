"""The minutes of a duidingssessie cite fragments by the numbers the session showed, write discussed themes in
full and the others by name; a closed session is read-only and its history (reopened, edited, removed) is in
the minutes. Real demo data; the session numbering is recomputed here from the database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from tui_support import suggested_demo_path, tui_project

from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.services import sessions
from kritischeblik.store import sessions as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Duiding, Segment

__all__ = ["suggested_demo_path", "tui_project"]

PEOPLE = ["Commissielid A", "Onderzoeker 3"]


def _start(project: Project) -> int:
    with project.write() as s:
        themes = store.code_themes(s, "belemmerende_elementen")
        return store.create_session(s, "2020-01-24", PEOPLE, "belemmerende_elementen", themes, title="Wijk")


def _section(md: str, label: str) -> str:
    return md.split(f"### {label}\n")[1].split("\n## ")[0].split("\n### ")[0]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _export(path, sid: int, out, *extra: str) -> str:  # noqa: ANN001
    assert main(["session", "export", str(sid), str(out), "-p", str(path), "--force", *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_minutes_cite_the_numbers_the_session_showed(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        sid = _start(p)
        with p.read() as s:
            view = store.load_session(s, sid)
        theme = next(t for t in view.themes if len(t.segment_ids) >= 12)
        with p.write() as s:
            # Withdraw the second fragment: the session's numbers skip it, so number != position.
            s.get(Segment, theme.segment_ids[1]).state = "ingetrokken"
        with p.read() as s:
            states = dict(s.execute(select(Segment.id, Segment.state)).all())
            texts = dict(s.execute(select(Segment.id, Segment.text)).all())
            interviews = dict(s.execute(select(Segment.id, Segment.interview_id)).all())
        visible = [x for x in theme.segment_ids if states[x] != "ingetrokken"]
        cited = [visible[0], visible[2], visible[8]]
        sessions.add_duiding(
            p, sid, PEOPLE[0], "Regels gaan voor", theme_id=theme.id, segment_ids=cited, pseudonymise=False
        )
    md = _export(tui_project, sid, tmp_path / "verslag.md")
    section = _section(md, theme.label)
    refs = re.search(r"Regels gaan voor \[fragment ([\d, ]+)\]", section)
    assert refs is not None
    numbers = [int(n) for n in refs.group(1).split(", ")]
    assert numbers == [1, 3, 9]
    listed = dict(re.findall(r"^- \[(\d+)\] (.*)$", section, flags=re.MULTILINE))
    assert len(listed) == len(visible)  # a discussed theme is written out in full
    for n, seg in zip(numbers, cited, strict=True):
        line = listed[str(n)]
        assert _norm(texts[seg]) in line and f"*{interviews[seg]}, " in line
    assert _norm(texts[theme.segment_ids[1]]) not in md  # withdrawn: never in the minutes
    # database ids never appear as citations
    assert not set(refs.group(1).split(", ")) & {str(x) for x in cited if x not in (1, 3, 9)}
    # --max-fragmenten keeps the cited fragments even beyond the limit
    short = _section(_export(tui_project, sid, tmp_path / "kort.md", "--max-fragmenten", "2"), theme.label)
    shown = [int(n) for n in re.findall(r"^- \[(\d+)\] ", short, flags=re.MULTILINE)]
    assert shown == [1, 2, 3, 9]
    assert f"en nog {len(visible) - 4} fragmenten" in short


def test_set_aside_and_undiscussed_themes_by_name_unless_alles(tui_project, tmp_path):
    with Project.open(tui_project) as p:
        sid = _start(p)
        with p.read() as s:
            view = store.load_session(s, sid)
        talked, aside, silent = view.themes[0], view.themes[1], view.themes[2]
        sessions.add_duiding(p, sid, PEOPLE[1], "Herkenbaar", theme_id=talked.id, pseudonymise=False)
        sessions.set_theme_status(p, sid, aside.id, "terzijde")
        with p.read() as s:
            silent_text = _norm(s.get(Segment, silent.segment_ids[0]).text)
            aside_text = _norm(s.get(Segment, aside.segment_ids[0]).text)
    md = _export(tui_project, sid, tmp_path / "verslag.md")
    assert f"### {talked.label}\n" in md
    assert f"### {aside.label}\n" not in md and f"### {silent.label}\n" not in md
    others = md.split("## Terzijde gelegd of niet besproken")[1].split("\n## ")[0]
    assert f"- {aside.label} *(terzijde gelegd)*" in others
    assert f"- {silent.label} *(niet besproken)*" in others
    assert silent_text not in md.replace(_section(md, talked.label), "")
    assert aside_text not in md.replace(_section(md, talked.label), "")
    full = _export(tui_project, sid, tmp_path / "alles.md", "--alles")
    assert "## Terzijde gelegd of niet besproken" not in full
    for t in (talked, aside, silent):
        assert f"### {t.label}\n" in full
    assert silent_text in _section(full, silent.label) and aside_text in _section(full, aside.label)
    assert len(full.splitlines()) > len(md.splitlines())


def test_closed_session_is_read_only_and_its_history_reaches_the_minutes(tui_project, tmp_path, capsys):
    with Project.open(tui_project) as p:
        sid = _start(p)
        with p.read() as s:
            theme = store.load_session(s, sid).themes[0]
        said = sessions.add_duiding(p, sid, PEOPLE[0], "Eerste versie", theme_id=theme.id, pseudonymise=False)
        gone = sessions.add_duiding(p, sid, PEOPLE[1], "Weg ermee", theme_id=theme.id, pseudonymise=False)
        sessions.set_phase(p, sid, "gesloten")
        with p.read() as s:
            before = [(d.id, d.text) for d in s.scalars(select(Duiding).where(Duiding.session_id == sid))]
        for write in (
            lambda: sessions.add_duiding(
                p, sid, PEOPLE[0], "Nog iets", theme_id=theme.id, pseudonymise=False
            ),
            lambda: sessions.add_duiding(
                p, sid, PEOPLE[0], "Mee", kind=store.KIND_MEENEMEN, pseudonymise=False
            ),
            lambda: sessions.set_theme_status(p, sid, theme.id, "bevestigd"),
            lambda: sessions.add_participant(p, sid, "Gast"),
            lambda: sessions.edit_duiding(p, said, PEOPLE[0], "Anders", pseudonymise=False),
            lambda: sessions.remove_duiding(p, gone),
            lambda: sessions.delete_duiding(p, gone),
        ):
            with pytest.raises(KBError, match="gesloten"):
                write()
        with p.read() as s:
            view = store.load_session(s, sid)
            after = [(d.id, d.text) for d in s.scalars(select(Duiding).where(Duiding.session_id == sid))]
        assert after == before and view.theme(theme.id).status == "open" and "Gast" not in view.participants
        sessions.set_phase(p, sid, "afronding", by="Marieke")
        sessions.edit_duiding(p, said, PEOPLE[0], "Tweede versie", by="Marieke", pseudonymise=False)
        sessions.remove_duiding(p, gone, by="Marieke")
        with p.read() as s:
            view = store.load_session(s, sid)
        assert [e.kind for e in view.history] == ["heropend", "bewerkt", "verwijderd"]
        assert [d.text for d in view.duidingen_for(theme.id)] == ["Tweede versie"]
        assert view.history[1].old_text == "Eerste versie" and view.history[2].old_text == "Weg ermee"
    md = _export(tui_project, sid, tmp_path / "verslag.md")
    history = md.split("## Verloop van de sessie")[1]
    lines = [x for x in history.splitlines() if x.startswith("- ")]
    assert re.match(r"- \d{4}-\d\d-\d\d \d\d:\d\d UTC: sessie heropend door Marieke", lines[0])
    assert (
        "gewijzigd door Marieke" in lines[1]
        and "“Eerste versie”" in lines[1]
        and "“Tweede versie”" in lines[1]
    )
    assert f"bijdrage van {PEOPLE[1]}" in lines[2] and "verwijderd door Marieke" in lines[2]
    assert "Tweede versie" in _section(md, theme.label) and "Weg ermee" not in _section(md, theme.label)
    capsys.readouterr()
    assert main(["session", "show", str(sid), "-p", str(tui_project)]) == 0
    shown = capsys.readouterr().out.split("Verloop van de sessie:")[1]
    assert "sessie heropend door Marieke" in shown and "verwijderd door Marieke" in shown
