"""The projector view for a duidingssessie: one theme and its fragments, nothing else, with room around
them; ← and → page through the themes. Read-only: it shows, the facilitator's own screen records.

The themes are those of the latest duidingssessie, numbered as its screen, form and minutes number them
(``SessionView.numbered_fragments``), so "fragment 3" on the wall is fragment 3 in the minutes. A project
without a session shows its current themes instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...model import SegmentState
from ...store import sessions as session_store
from ...store import themes as theme_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CONFIDENTIAL = "(vertrouwelijk fragment)"


@dataclass
class Slide:
    title: str
    source: str
    """where the theme comes from: the session or the theme set"""
    fragments: list[tuple[int, str]]


def _fragment_text(f: session_store.Fragment) -> str:
    # A confidential fragment is never projected; the number stays so the room can still refer to it.
    return CONFIDENTIAL if f.state == SegmentState.VERTROUWELIJK else f"“{f.text}”"


def session_slides(s: Session, session_id: int) -> list[Slide]:
    view = session_store.load_session(s, session_id)
    source = f"{view.title or f'Duidingssessie {view.id}'} · {view.datum}"
    return [
        Slide(t.label, source, [(n, _fragment_text(f)) for n, f in view.numbered_fragments(t)])
        for t in view.themes
    ]


def theme_set_slides(s: Session) -> list[Slide]:
    """The current active themes, largest first; withdrawn fragments are left out by the store."""
    themes = theme_store.themes_frame(s)
    members = theme_store.members_frame(s)
    states = session_store.fragments(s, [int(i) for i in members["segment_id"].dropna()])
    slides = []
    for row in themes.itertuples():
        rows = members[members["thema_id"] == row.thema_id]
        texts = []
        for segment_id, text in zip(rows["segment_id"], rows["tekst"], strict=True):
            f = None if pd.isna(segment_id) else states.get(int(segment_id))
            texts.append(_fragment_text(f) if f is not None else f"“{text}”")
        slides.append(Slide(row.label, "Thema's van het project", list(enumerate(texts, start=1))))
    return slides


def load_slides(s: Session) -> list[Slide]:
    sessions = session_store.list_sessions(s)
    if sessions:
        return session_slides(s, sessions[-1]["id"])
    return theme_set_slides(s)


class ProjectorScreen(Screen):
    HELP = "[b]Projector[/b]: één thema met zijn fragmenten, groot. → volgend thema, ← vorig, ↑/↓ scrollen."
    BINDINGS = [
        Binding("right", "turn(1)", "Volgend thema", key_display="→", priority=True),
        Binding("left", "turn(-1)", "Vorig", key_display="←", priority=True),
        Binding("q", "app.quit", "Stoppen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[Slide] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="pj-title")
        with VerticalScroll(id="pj-body"):
            yield Static("", id="pj-fragments")
        yield Static("", id="pj-place")

    def on_mount(self) -> None:
        self.slides = self.app.read(load_slides) or []
        self.show()
        self.query_one("#pj-body", VerticalScroll).focus()

    def action_turn(self, delta: int) -> None:
        if self.slides:
            self.index = (self.index + delta) % len(self.slides)
            self.show()

    def show(self) -> None:
        title = self.query_one("#pj-title", Static)
        body = self.query_one("#pj-fragments", Static)
        place = self.query_one("#pj-place", Static)
        if not self.slides:
            title.update(Text("Nog geen thema's", style="bold"))
            body.update(Text("Er zijn nog geen thema's of duidingssessies in dit project."))
            place.update("")
            return
        slide = self.slides[self.index]
        title.update(Text(slide.title, style="bold"))
        out = Text()
        for n, text in slide.fragments:
            out.append(f"{n}  ", style="bold")
            out.append(f"{text}\n\n")
        if not slide.fragments:
            out.append("Geen fragmenten bij dit thema.", style="dim")
        body.update(out)
        self.query_one("#pj-body", VerticalScroll).scroll_home(animate=False)
        place.update(
            Text(
                f"Thema {self.index + 1} van {len(self.slides)} · {slide.source} · → volgend · ← vorig",
                style="dim",
            )
        )
