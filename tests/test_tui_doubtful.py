"""The coding screen's twijfelgeval key (w): uncertainty sampling within the interview, next to the reading
order of s, on the small project with machine suggestions of known confidence and source."""

from __future__ import annotations

import math

import pytest
from tui_support import (
    CODER,
    open_coding,
    run,
    screen_text,
    small_project,
    small_project_path,
    themed_project,
    themed_project_path,
    wait_until,
)

from kritischeblik.analysis import semantic
from kritischeblik.model import Suggestion
from kritischeblik.store import codings
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.db import Project
from kritischeblik.store.segments import auto_layer, segments
from kritischeblik.tui.app import KBApp
from kritischeblik.tui.screens.coding_text import pending

__all__ = ["small_project", "small_project_path", "themed_project", "themed_project_path"]
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _threshold(source: str, kind: str) -> float:
    cal = semantic.shipped_calibration()
    return cal.kind_thresholds.get(kind, cal.threshold) if source == semantic.SOURCE else 0.5


def _doubtful_suggestion(path) -> tuple[int, str, str]:
    """(segment id, code, interview) of a meaning suggestion placed just above its kind's threshold on the
    last respondent segment: later in reading order than the other segments' suggestions."""
    with Project.open(path) as p:
        with p.read() as s:
            rows = [x for x in segments(s) if x.role != "interviewer"]
            taken = {(r.segment_id, r.code_id) for r in auto_layer(s)}
            book = all_codes(s)
        target = rows[-1]
        code = next(
            c
            for c in semantic.semantic_codes(book)
            if c.kind == "belemmerend_element" and (target.id, c.id) not in taken
        )
        t = _threshold(semantic.SOURCE, code.kind)
        with p.write() as s:
            codings.save_suggestions(
                s, [Suggestion(target.id, code.id, round(t + 0.001, 4), "", semantic.SOURCE)]
            )
    return target.id, code.id, target.interview_id


def test_w_goes_to_the_open_suggestion_closest_to_its_threshold_and_s_keeps_reading_order(small_project):
    seg_id, code_id, iid = _doubtful_suggestion(small_project)

    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, iid)
            kinds = {c.id: c.kind for c in app.codebook.codes}
            # independently: the margin of every open suggestion on the screen
            margins = sorted(
                (
                    abs(_logit(seg.auto[c].confidence) - _logit(_threshold(seg.auto[c].source, kinds[c]))),
                    seg.id,
                    c,
                )
                for seg in screen.segments
                for c in pending(seg)
            )
            assert margins[0][1:] == (seg_id, code_id)
            start = screen.index
            first_open = next(seg.id for i, seg in enumerate(screen.segments) if i > start and pending(seg))
            assert first_open != seg_id
            await pilot.press("s")  # reading order: the first segment with an open suggestion
            await wait_until(pilot, lambda: screen.current is not None and screen.current.id == first_open)
            await pilot.press("w")
            await wait_until(pilot, lambda: screen.current.id == seg_id and screen.target_code() == code_id)
            assert "Twijfelgeval" in screen_text(app)
            await pilot.press("r")  # reject it: it is decided, the next twijfelgeval is another one
            await wait_until(pilot, lambda: code_id not in pending(screen.current))
            await pilot.press("w")
            second = margins[1]
            await wait_until(pilot, lambda: (screen.current.id, screen.target_code()) == second[1:])
        with Project.open(small_project) as p, p.read() as s:
            row = codings.find(s, seg_id, code_id, CODER)
            assert row is not None and row.status == "rejected"

    run(scenario)


async def decide_every_open(app, pilot, screen, jump: str, decide: str) -> None:  # noqa: ANN001 - App, Pilot, screen
    """Press ``jump`` and then ``decide`` until the interview has no open suggestion left; the screen stays."""
    for _ in range(40):
        if not any(pending(seg) for seg in screen.segments):
            break
        await pilot.press(jump)
        await wait_until(pilot, lambda: screen.target_code() is not None)
        assert app.screen is screen  # no other interview to go to
        before = sum(len(pending(seg)) for seg in screen.segments)
        await pilot.press(decide)
        await wait_until(pilot, lambda n=before: sum(len(pending(seg)) for seg in screen.segments) < n)
    assert not any(pending(seg) for seg in screen.segments)


def test_w_says_so_when_nothing_is_open(small_project):
    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-90")
            await decide_every_open(app, pilot, screen, jump="w", decide="a")
            here = screen.index
            await pilot.press("w")
            await wait_until(
                pilot, lambda: any("Geen open voorstellen meer" in str(n.message) for n in app._notifications)
            )
            assert screen.index == here

    run(scenario)


def test_shift_w_goes_to_the_projects_twijfelgeval_in_another_interview(themed_project):
    path = themed_project[0]  # four interviews with machine suggestions
    seg_id, code_id, target_iid = _doubtful_suggestion(path)
    with Project.open(path) as p, p.read() as s:
        book = {c.id: c.kind for c in all_codes(s).codes}
        layer = auto_layer(s)
        rows = {x.id: x for x in segments(s)}
        start_iid = next(x.interview_id for x in rows.values() if x.interview_id != target_iid)
    # independently: the margin of every machine suggestion in the project (the coder decided none yet)
    margins = sorted(
        (abs(_logit(r.confidence) - _logit(_threshold(r.source, book[r.code_id]))), r.segment_id, r.code_id)
        for r in layer
        if r.confidence is not None and rows[r.segment_id].state != "ingetrokken"
    )
    assert margins[0][1:] == (seg_id, code_id)

    async def scenario():
        app = KBApp(path, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_coding(app, pilot, start_iid)
            await pilot.press("W")
            await wait_until(pilot, lambda: getattr(app.screen, "interview_id", None) == target_iid)
            screen = app.screen
            await wait_until(
                pilot,
                lambda: (
                    screen.current is not None
                    and screen.current.id == seg_id
                    and screen.target_code() == code_id
                ),
            )
            assert any("Twijfelgeval in het project" in str(n.message) for n in app._notifications)
            await pilot.press("r")
            await wait_until(pilot, lambda: code_id not in pending(screen.current))
            await pilot.press("W")  # decided: the next one is the second closest, wherever it is
            second = margins[1]
            await wait_until(
                pilot,
                lambda: (
                    app.screen.current is not None
                    and (app.screen.current.id, app.screen.target_code()) == second[1:]
                ),
            )
            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")

    run(scenario)


def test_shift_w_within_one_interview_and_when_the_project_has_nothing_open(small_project):
    """The small project has one interview: W stays in it, takes the closest open suggestion each time, and
    says so when none is left."""

    async def scenario():
        app = KBApp(small_project, coder=CODER)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_coding(app, pilot, "wijk-90")
            await decide_every_open(app, pilot, screen, jump="W", decide="r")
            await pilot.press("W")
            await wait_until(
                pilot,
                lambda: any(
                    "Geen open voorstellen meer in het project" in str(n.message) for n in app._notifications
                ),
            )

    run(scenario)
