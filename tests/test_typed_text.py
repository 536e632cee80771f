"""Text a researcher types (memos, member-check reasons, duidingen, "wat neem jij mee", theme names) is
pseudonymised before it is stored, in the TUI and on the command line."""

from __future__ import annotations

import re

from sqlalchemy import select
from tui_support import (
    CODER,
    open_coding,
    run,
    start_session,
    suggested_demo_path,
    tui_project,
)

from kritischeblik.cli import main
from kritischeblik.store import codings
from kritischeblik.store.browse import interview_summaries
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Duiding, Segment, SegmentEvent
from kritischeblik.tui.app import KBApp

__all__ = ["suggested_demo_path", "tui_project"]  # fixtures from tui_support

TYPED = "besproken met Fatima Bouzid, bel 06-12345678"
LEAKS = ("Fatima", "Bouzid", "06-12345678", "0612345678")


def _clean(text: str) -> bool:
    """No name or number left, and the placeholders are lettered: [PERSOON-A] is not [PERSOON-1] of an interview."""
    return (
        not any(x in text for x in LEAKS)
        and "[PERSOON-A]" in text
        and "[TELEFOONNUMMER-A]" in text
        and not re.search(r"\[[A-Z]+-\d+\]", text)
    )


def test_tui_memo_and_member_check_reason_are_pseudonymised(tui_project):
    with Project.open(tui_project) as p, p.read() as s:
        target = next(r for r in interview_summaries(s, CODER) if r.suggested >= 1)

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, target.id)
            await pilot.press("s", "a")
            await pilot.pause()
            seg = screen.current
            code = next(iter(seg.mine))
            await pilot.press("m", *TYPED, "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            with Project.open(tui_project) as p, p.read() as s:
                assert _clean(codings.find(s, seg.id, code, CODER).memo)
            await pilot.press("i")  # withdraw: asks for the reason
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = ""
            await pilot.press(*f"member check, {TYPED}", "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return seg.id

    seg_id = run_and_return(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        assert s.get(Segment, seg_id).state == "ingetrokken"
        (event,) = s.scalars(select(SegmentEvent).where(SegmentEvent.segment_id == seg_id)).all()
        assert event.reason.startswith("member check, besproken met") and _clean(event.reason)


def run_and_return(scenario):  # noqa: ANN001, ANN201 - an async scenario and what it returns
    box = []

    async def wrapped():
        box.append(await scenario())

    run(wrapped)
    return box[0]


def test_tui_duiding_and_takeaway_are_pseudonymised_even_while_deduce_loads(tui_project):
    """While the pseudonymiser is still loading, saving waits in a worker (the interface never freezes) and
    stores the pseudonymised text once it is ready; never the typed text."""

    async def scenario():
        app = KBApp(tui_project, coder=CODER)
        app.clock = lambda: 0.0
        app.typed.ready = lambda: False  # as on a first start: the worker path
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await start_session(app, pilot, "Commissielid A")
            await pilot.press("right_square_bracket")
            await pilot.pause()
            await pilot.press("a", "tab", "tab", *f"Herkenbaar: {TYPED}", "ctrl+s")
            await pilot.pause()
            assert any("wordt geladen" in n.message for n in app._notifications)
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("right_square_bracket")
            await pilot.pause()
            await pilot.press("w", "tab", *TYPED, "ctrl+s")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return screen.session_id

    sid = run_and_return(scenario)
    with Project.open(tui_project) as p, p.read() as s:
        rows = s.execute(
            select(Duiding.kind, Duiding.text).where(Duiding.session_id == sid).order_by(Duiding.id)
        ).all()
    assert [kind for kind, _ in rows] == ["duiding", "meenemen"]
    assert rows[0][1].startswith("Herkenbaar: besproken met") and all(_clean(text) for _, text in rows)


def test_cli_typed_text_is_pseudonymised(tui_project, capsys):
    p = str(tui_project)
    with Project.open(tui_project) as project, project.read() as s:
        seg_a, seg_b, seg_c = s.scalars(select(Segment.id).order_by(Segment.id).limit(3)).all()
    assert main(["code", "add", "-p", p, str(seg_a), "we-aanpakken", "--coder", "Anna", "--memo", TYPED]) == 0
    assert main(["code", "add", "-p", p, str(seg_b), "we-aanpakken", "--coder", "Anna"]) == 0
    assert main(["code", "memo", "-p", p, str(seg_b), "we-aanpakken", TYPED, "--coder", "Anna"]) == 0
    assert main(["fragment", "confidential", "-p", p, str(seg_c), "--by", "Anna", "--reden", TYPED]) == 0
    assert main(["themes", "-p", p, "--kind", "belemmerend"]) == 0
    with Project.open(tui_project) as project, project.read() as s:
        from kritischeblik.store.schema import Theme

        theme_id = s.scalars(select(Theme.id)).first()
    assert main(["themes", "rename", "-p", p, str(theme_id), "Het verhaal van Fatima Bouzid"]) == 0
    capsys.readouterr()
    with Project.open(tui_project) as project, project.read() as s:
        assert _clean(codings.find(s, seg_a, "we-aanpakken", "Anna").memo)
        assert _clean(codings.find(s, seg_b, "we-aanpakken", "Anna").memo)
        (event,) = s.scalars(select(SegmentEvent).where(SegmentEvent.segment_id == seg_c)).all()
        assert _clean(event.reason)
        label = s.get(Theme, theme_id).user_label
        assert label.startswith("Het verhaal van [PERSOON-A]") and "Fatima" not in label
    # The history keeps what was stored, so it holds no name either.
    assert main(["code", "history", "-p", p, "--segment", str(seg_b), "--format", "json"]) == 0
    assert not any(x in capsys.readouterr().out for x in LEAKS)


def test_codebook_words_and_placeholders_typed_by_hand_are_kept(tui_project):
    from kritischeblik.codebook import load_codebook
    from kritischeblik.ingest.typed import pseudonymise_typed

    book = load_codebook("kritische-blik")
    text = "Leefwereld centraal en Eenvoud; zie [PERSOON-3] in het transcript"
    assert pseudonymise_typed(text, book) == text
    assert pseudonymise_typed("", book) == "" and pseudonymise_typed("klopt", book) == "klopt"


def test_dates_stay_in_typed_text_unless_they_are_a_birth_date(pseudonymiser):
    from kritischeblik.ingest.typed import pseudonymise_typed

    assert pseudonymise_typed("member check 12 maart", None) == "member check 12 maart"
    out = pseudonymise_typed("gesproken op 3 april 2020 met Fatima Bouzid, geboren op 12 maart 1981", None)
    assert out.startswith("gesproken op 3 april 2020 met [PERSOON-A]") and "1981" not in out
    assert "12-03-1981" not in pseudonymise_typed("cliënt geb. 12-03-1981", None)
