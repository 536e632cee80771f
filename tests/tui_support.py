"""Shared helpers for the TUI tests: a demo project with machine suggestions, a tiny stable project for
snapshots, a text dump of the screen and SVG snapshot comparison.

Snapshots: ``KB_UPDATE_SNAPSHOTS=1 pytest tests/test_tui_snapshots.py`` rewrites tests/snapshots/*.svg;
a mismatch writes the new picture next to it as ``*.actual.svg`` for review.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console

from kritischeblik.store.db import Project

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
CODER = "Marieke"

SMALL_TRANSCRIPT = """\
---
id: wijk-90
omgeving: wijk
duo: [Interviewer Een, Interviewer Twee]
respondent_rol: wijkverpleegkundige
organisatie: Buurtteam
datum: 2020-01-14
---

## Mooi voorbeeld

I: Kun je een moment noemen waarop de samenwerking echt het verschil maakte?
R: Ja. We zaten met het gezin aan de keukentafel en keken samen wat er thuis nodig was.
We kennen elkaar goed in de wijk, dus ik kon de huisarts meteen bellen.

## Vastloopmoment

I: En waar liep het vast?
R: Niemand wist wie aan zet was. De indicatie duurde maanden en het formulier bleef liggen.

## Scores

mooi voorbeeld | Leefwereld centraal | 5
mooi voorbeeld | Zo nabij mogelijk | 4
vastloopmoment | Eenvoud | 2

## Keuze principe

- Leefwereld centraal
"""


def add_suggestions(project: Project) -> int:
    """Machine suggestions from the codebook keywords, stored in the ``auto`` layer (as `kb` does)."""
    from kritischeblik.analysis.autocode import suggest
    from kritischeblik.store import reads
    from kritischeblik.store.codebooks import all_codes
    from kritischeblik.store.codings import save_suggestions

    with project.read() as s:
        segs = reads.segments(s)
        book = all_codes(s)
    sugs = suggest(list(zip(segs.segment_id, segs.text, segs.lemmas, strict=True)), book)
    with project.write() as s:
        save_suggestions(s, sugs)
    return len(sugs)


def checkpoint_copy(src: Path, dest: Path) -> Path:
    with Project.open(src) as p, p.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dest)
    return dest


@pytest.fixture(scope="session")
def suggested_demo_path(demo_project_path, tmp_path_factory) -> Path:
    path = checkpoint_copy(demo_project_path, tmp_path_factory.mktemp("tui") / "demo-sug.kb")
    with Project.open(path) as p:
        add_suggestions(p)
    return path


@pytest.fixture
def tui_project(suggested_demo_path, tmp_path) -> Path:
    """A private copy of the demo project with machine suggestions; the app opens it by path."""
    return checkpoint_copy(suggested_demo_path, tmp_path / "demo.kb")


@pytest.fixture(scope="session")
def small_project_path(tmp_path_factory, nlp) -> Path:
    """One short constructed interview (no pseudonymisation needed: no names), stable for snapshots."""
    from conftest import new_project

    from kritischeblik.services.ingest import IngestOptions, ingest_paths

    base = tmp_path_factory.mktemp("small")
    src = base / "wijk-90.md"
    src.write_text(SMALL_TRANSCRIPT, encoding="utf-8")
    path = base / "small.kb"
    with new_project(path) as p:
        ingest_paths(p, [src], IngestOptions(pseudonymise=False), nlp=nlp)
        add_suggestions(p)
    return path


@pytest.fixture(scope="session")
def themed_project_path(tmp_path_factory, nlp) -> tuple[Path, list[tuple[str, list[str]]]]:
    """Four demo interviews (not pseudonymised: quick) with machine suggestions and two themes of belemmerende
    elementen; with the themes as the Thema's screen lists them: (label, fragment texts). Copy before writing."""
    from conftest import DEMO_DIR, new_project

    from kritischeblik.services import themes
    from kritischeblik.services.ingest import IngestOptions, ingest_paths
    from kritischeblik.store.themes import members_frame, themes_frame

    path = tmp_path_factory.mktemp("themed") / "commissie.kb"
    with new_project(path) as p:
        ingest_paths(p, sorted(DEMO_DIR.glob("wijk-0*.md"))[:4], IngestOptions(pseudonymise=False), nlp=nlp)
        add_suggestions(p)
        themes.recluster(p, "belemmerend", k=2)
        with p.read() as s:
            frame, members = themes_frame(s, "belemmerend"), members_frame(s, "belemmerend")
    shown = [(r.label, list(members[members["thema_id"] == r.thema_id]["tekst"])) for r in frame.itertuples()]
    return path, shown


@pytest.fixture
def themed_project(themed_project_path, tmp_path) -> tuple[Path, list[tuple[str, list[str]]]]:
    path, shown = themed_project_path
    return checkpoint_copy(path, tmp_path / path.name), shown


@pytest.fixture
def small_project(small_project_path, tmp_path) -> Path:
    return checkpoint_copy(small_project_path, tmp_path / "small.kb")


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Pilot scenarios are async; run them without a pytest plugin."""
    asyncio.run(scenario())


async def open_coding(app, pilot, iid: str):  # noqa: ANN001, ANN201 - a running App and its Pilot
    """From the overview, open one interview's coding screen and wait until it is shown."""
    from kritischeblik.tui.screens.coding import CodingScreen

    await pilot.pause()
    app.screen.open_interview(iid)
    await pilot.pause()
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def wait_for_task(app, pilot, timeout: float = 120.0) -> None:  # noqa: ANN001 - a running App and Pilot
    """Wait until the long task running in the background (tui/tasks.py) has finished and shown its outcome."""
    import time

    end = time.monotonic() + timeout
    while app.long_task is not None:
        assert time.monotonic() < end, "the background task did not finish"
        await pilot.pause(0.02)
    await pilot.pause()


async def wait_until(pilot, condition, timeout: float = 30.0) -> None:  # noqa: ANN001 - a Pilot and a predicate
    """Wait until the screen shows what a test expects (a tab switch or a reload may take a few frames under load)."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the screen did not reach the expected state"
        await pilot.pause(0.02)
    await pilot.pause()


def screen_text(app) -> str:  # noqa: ANN001 - a running App
    """The visible screen as plain text (what a user would read)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


def assert_snapshot(app, name: str) -> None:  # noqa: ANN001 - a running App
    svg = app.export_screenshot(title="Kritische Blik")
    path = SNAPSHOTS / f"{name}.svg"
    actual = SNAPSHOTS / f"{name}.actual.svg"
    if os.environ.get("KB_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
        actual.unlink(missing_ok=True)
        if os.environ.get("KB_UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"nieuwe snapshot {path.name} geschreven; controleer hem en draai de test opnieuw")
        return
    if path.read_text(encoding="utf-8") != svg:
        actual.write_text(svg, encoding="utf-8")
        pytest.fail(
            f"scherm wijkt af van {path.name}; zie {actual.name}. Bedoeld? Draai met KB_UPDATE_SNAPSHOTS=1."
        )
    actual.unlink(missing_ok=True)


async def start_session(app, pilot, participants: str, title: str = "Wijk"):  # noqa: ANN001, ANN201
    """From the overview, open the Sessies screen, fill in the new-session form (date 2020-01-24) and save."""
    await pilot.pause()
    await pilot.press("5", "n")
    await pilot.pause()
    # question (first), date, participants, title, reading time
    await pilot.press("tab")
    app.screen.query_one("#s-datum").value = "2020-01-24"
    await pilot.press("tab", *participants, "tab", *title, "ctrl+s")
    await pilot.pause()
    await confirm_unreviewed(app, pilot)
    return app.screen


async def confirm_unreviewed(app, pilot) -> None:  # noqa: ANN001 - a running App and Pilot
    """Answer "ja" to the warning that a new session's themes rest on unreviewed machine suggestions (the
    demo projects hold only suggestions); asserts that the warning was asked."""
    from kritischeblik.tui.screens.pickers import ChoicePicker

    assert isinstance(app.screen, ChoicePicker), "starting on unreviewed suggestions asks first"
    assert "machinesuggesties" in app.screen.title_text
    await pilot.press("down", "enter")
    await pilot.pause()
