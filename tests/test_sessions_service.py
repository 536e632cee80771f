"""A duidingssessie through its services, on SQLite and on PostgreSQL (issue 15: a committee works on a shared
project): themes frozen at the start, contributions pseudonymised, a closed session refuses writes, reopening
and edits land in the history, and the minutes say all of it."""

from __future__ import annotations

import pytest

from kritischeblik.errors import KBError
from kritischeblik.model import SessionThemeStatus
from kritischeblik.services import coding, exports, sessions
from kritischeblik.store import sessions as store

pytestmark = pytest.mark.backends

QUESTION = "belemmerende_elementen"


def _view(project, sid: int) -> store.SessionView:  # noqa: ANN001
    with project.read() as s:
        return store.load_session(s, sid)


def test_a_session_from_start_to_minutes(demo_project, tmp_path):
    coding.auto_code(demo_project)  # themes per code, from the machine's suggestions
    offered = sessions.offered_themes(demo_project, QUESTION)
    sid = sessions.create(
        demo_project, "2020-01-24", ["Commissielid A"], QUESTION, title="Wijk", actor="Anna"
    )
    sessions.add_participant(demo_project, sid, "Onderzoeker 3", actor="Anna")
    view = _view(demo_project, sid)
    assert [t.label for t in view.themes] == [t.label for t in offered] and view.phase == "leestijd"
    assert view.participants == ["Commissielid A", "Onderzoeker 3"]

    first, second = view.themes[0], view.themes[1]
    sessions.set_phase(demo_project, sid, "duiden", by="Anna", actor="Anna")
    said = sessions.add_duiding(
        demo_project,
        sid,
        "Commissielid A",
        "Meneer Pieter Bakker belde steeds het buurtteam",
        theme_id=first.id,
    )
    sessions.set_theme_status(demo_project, sid, first.id, SessionThemeStatus.BEVESTIGD, actor="Anna")
    sessions.set_theme_status(
        demo_project, sid, second.id, SessionThemeStatus.SAMENGEVOEGD, merged_into=first.id, actor="Anna"
    )
    sessions.edit_duiding(demo_project, said, "Commissielid A", "Het buurtteam werd steeds gebeld", by="Anna")
    for phase in ("afronding", "gesloten"):
        sessions.set_phase(demo_project, sid, phase, by="Anna", actor="Anna")
    with pytest.raises(KBError, match="gesloten"):
        sessions.add_duiding(demo_project, sid, "Onderzoeker 3", "Nog iets", kind=store.KIND_MEENEMEN)
    sessions.set_phase(demo_project, sid, "afronding", by="Bram", actor="Anna")  # reopened
    sessions.add_duiding(
        demo_project, sid, "Onderzoeker 3", "Vaker samen aan tafel", kind=store.KIND_MEENEMEN
    )

    view = _view(demo_project, sid)
    statuses = {t.id: (t.status, t.merged_into) for t in view.themes}
    assert statuses[first.id] == ("bevestigd", None) and statuses[second.id] == ("samengevoegd", first.id)
    [duiding] = [d for d in view.duidingen if d.kind == store.KIND_DUIDING]
    assert duiding.text == "Het buurtteam werd steeds gebeld"
    assert [(e.kind, e.by) for e in view.history] == [("bewerkt", "Anna"), ("heropend", "Bram")]
    # The first text named someone: the history keeps it pseudonymised, as it was stored.
    assert "Bakker" not in view.history[0].old_text and "buurtteam" in view.history[0].old_text
    assert [d.text for d in view.takeaways()] == ["Vaker samen aan tafel"]

    minutes = tmp_path / "verslag.md"
    exports.session_minutes(demo_project, sid, minutes)
    text = minutes.read_text(encoding="utf-8")
    assert "Het buurtteam werd steeds gebeld" in text and "Vaker samen aan tafel" in text
    assert "Bakker" not in text and "heropend" in text.lower()
