"""The Kritische Blik terminal interface: duos code, committee and researchers interpret together.

The app holds the open project, the coder's name and the session's undo stack; screens read through
``kritischeblik.store``'s queries and change the project through :meth:`KBApp.write` with a service call
(``kritischeblik.services``: one transaction per change).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.content import Content

from ..errors import KBError
from ..ingest.typed import Loader, pseudonymise_typed
from ..model import Codebook
from ..store.codebooks import all_codes
from ..store.db import Project
from ..store.location import ProjectLocation, project_location
from .hints import tui_message

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .tasks import RunningTask

T = TypeVar("T")


@dataclass
class UndoOp:
    """The inverse of one saved change; applied through the same services, so history stays complete."""

    label: str
    apply: Callable[[Project], object]


class KBApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Kritische Blik"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """screen classes for the layout: below 100 columns side panels shrink and footers get compact"""
    BINDINGS = [
        Binding("1", "goto('overzicht')", "Overzicht", show=False),
        Binding("2", "goto('codeboek')", "Codeboek", show=False),
        Binding("3", "goto('themas')", "Thema's", show=False),
        Binding("4", "goto('tellingen')", "Tellingen", show=False),
        Binding("5", "goto('sessies')", "Sessies", show=False),
        Binding("6", "goto('verschillen')", "Verschillen", show=False),
        Binding("ctrl+z", "undo", "Ongedaan"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Stoppen"),
    ]

    def __init__(
        self,
        project_path: str | ProjectLocation,
        coder: str | None = None,
        read_only: bool = False,
        projector: bool = False,
        in_browser: bool = False,
    ):
        super().__init__()
        self.project_path = project_location(project_path)
        """The project file, or a PostgreSQL project's URL (``store.location.DatabaseUrl``)."""
        self.read_only = read_only or projector
        """Open with ``kb tui --alleen-lezen``: the project refuses every write (``Project.write``)."""
        self.in_browser = in_browser
        """Served to a browser by ``kb serve``: hints name no terminal."""
        self.projector = projector
        """Only the projector view (``--projector``): one theme and its fragments in large type, read-only."""
        self.coder = " ".join((coder or os.environ.get("KB_CODER") or "").split())
        """Who is coding; empty until the user says so (the TUI asks when no name was given)."""
        self.role_label = ""
        """' — codeur' and the like in a project with roles (see _apply_role), shown after the name."""
        self.blind_asked: set[str] = set()
        """interviews for which blind coding was already suggested this session"""
        self.project: Project | None = None
        self.codebook: Codebook | None = None
        self.undo_stack: list[UndoOp] = []
        self.data_version = 0
        """Counts saved changes; a screen that shows older data reloads when it comes back (FreshOnResume)."""
        self.long_task: RunningTask | None = None
        """The long task running in a thread worker, if any (:mod:`kritischeblik.tui.tasks`)."""
        self.clock: Callable[[], float] = time.time
        self.typed = Loader()
        """Loads the pseudonymiser in the background once a text prompt opens (see :meth:`save_typed`)."""
        """Wall-clock seconds (epoch) for the session timer, whose start is stored; tests replace it."""
        self.sub_title = self.project_path.name

    # -- lifecycle -------------------------------------------------------------------------------
    def on_mount(self) -> None:
        from .screens import MODES
        from .screens.help import ErrorScreen

        try:
            self.project = Project.open(self.project_path, read_only=self.read_only)
            if self.project.migration_backup is not None:
                made = self.project.migration_backup
                self.notify(made.message(), title="Project bijgewerkt", markup=False, timeout=30)
            with self.project.read() as s:
                self.codebook = all_codes(s)
        except KBError as e:
            self.notify(str(e), title="Project niet geopend", severity="error", markup=False, timeout=30)
            self.push_screen(ErrorScreen(str(e)))
            return
        for name, factory in MODES.items():
            self.add_mode(name, factory)
        self._start(self.coder)

    def _start(self, name: str | None) -> None:
        """Open the overview as the coder ``name``; ask who is coding when there is no name (yet)."""
        from .screens.coder_identity import ask_coder, start_as

        if name is None:  # the question was cancelled: nothing to do without a coder
            self.exit(1)
            return
        if self.project.read_only is not None and not name:
            # Reading needs no coder (a committee member codes nothing): no question, no coder in the title.
            self._open_first("alleen-lezen")
            return
        if not name or start_as(self, name) is None:
            ask_coder(self, self._start)
            return
        self.role_label = self._apply_role()
        self._open_first(self.who())

    def who(self) -> str:
        """Who works in this TUI, for the title bars: the coder with their role (in a project with roles), and
        whether it only reads (a reading session may have no coder: then no empty "codeur:")."""
        reading = self.project is not None and self.project.read_only is not None
        if not self.coder:
            return "alleen-lezen" if reading else "codeur: ?"
        return f"codeur: {self.coder}{self.role_label}" + (" — alleen-lezen" if reading else "")

    def _apply_role(self) -> str:
        """The coder's role for the title (empty in a project without roles). A lezer, or someone without a
        role in a project with roles, gets a read-only app: the project is opened again read-only, so the
        store refuses every write whatever a screen offers (the services would refuse them too)."""
        from ..model import Role
        from ..services import roles

        if not roles.roles(self.project):
            return ""
        mine = roles.role_of(self.project, self.coder)
        if mine is not None and mine.role != Role.LEZER:
            return f" — {mine.role}"
        if self.project.read_only is None:
            self.project.close()
            self.project = Project.open(self.project_path, read_only=True)
            self.read_only = True
            self.notify(
                "Je bent lezer in dit project" if mine else "Je hebt geen rol in dit project",
                title="Alleen-lezen",
                markup=False,
                timeout=10,
            )
        return " — lezer" if mine else " — geen rol"

    def _open_first(self, who: str) -> None:
        self.sub_title = f"{self.project_path.name} — {who}"
        if self.projector:
            from .screens.projector import ProjectorScreen

            self.push_screen(ProjectorScreen())
            return
        self.switch_mode("overzicht")

    def on_unmount(self) -> None:
        if self.project is not None:
            self.project.close()
        # A loader thread left running would share the process with later forks (tests, ingest): let it
        # finish; bounded, so quitting right after the first start (deduce's cache built once) never hangs.
        self.typed.join(timeout=60)

    # -- typed text ------------------------------------------------------------------------------
    def prepare_typing(self) -> None:
        """Start loading the pseudonymiser now, while the user types (deduce takes seconds)."""
        self.typed.start()

    def save_typed(self, text: str, save: Callable[[str], object]) -> None:
        """Pseudonymise ``text`` the user typed, then call ``save`` with the result on the UI thread.

        Nothing typed is stored as typed: if pseudonymising fails, nothing is saved. When the pseudonymiser is
        still loading, the work waits in a thread worker so the interface never freezes."""
        if self.typed.ready():
            try:
                clean = pseudonymise_typed(text, self.codebook)
            except KBError as e:
                self.notify(str(e), title="Niet opgeslagen", severity="error", markup=False)
                return
            save(clean)
            return
        self.typed.start()
        self.notify("Pseudonimisering wordt geladen; je tekst wordt opgeslagen zodra dat klaar is.")

        def work() -> None:
            try:
                self.typed.wait()
                clean = pseudonymise_typed(text, self.codebook)
            except KBError as e:
                self.call_from_thread(
                    self.notify, str(e), title="Niet opgeslagen", severity="error", markup=False
                )
                return
            self.call_from_thread(save, clean)

        self.run_worker(work, thread=True, group="pseudonimisering", description="pseudonimiseren")

    # -- store access ----------------------------------------------------------------------------
    def read(self, fn: Callable[[Session], T]) -> T | None:
        if self.project is None:
            return None
        try:
            with self.project.read() as s:
                return fn(s)
        except KBError as e:
            self.notify(tui_message(e), severity="error", markup=False)
            return None

    def write(self, fn: Callable[[Project], T], undo: Callable[[T], UndoOp | None] | None = None) -> T | None:
        """Make one change: ``fn`` calls a service with the project (the service owns the transaction).
        A KBError becomes a notification and nothing is saved.

        ``undo`` builds the inverse operation from ``fn``'s result; it is pushed only after a commit.
        """
        if self.project is None:
            self.notify("Geen project geopend", severity="error")
            return None
        try:
            # The store refuses every write of a read-only project; asking it first also answers when the
            # change would fail on something else before reaching the store (no coder in a reading session).
            self.project.check_writable()
            result = fn(self.project)
        except KBError as e:
            self.notify(
                tui_message(e, self.in_browser), title="Niet opgeslagen", severity="error", markup=False
            )
            return None
        op = undo(result) if undo is not None else None
        if op is not None:
            self.undo_stack.append(op)
        self.data_changed()
        return result

    def refused_reading(self) -> bool:
        """True (and says why, as a refused write does) when this TUI only reads: a form is then not opened,
        so nobody types a code, memo, score or session only to have it refused."""
        if self.project is None or self.project.read_only is None:
            return False
        try:
            self.project.check_writable()
        except KBError as e:
            self.notify(tui_message(e), title="Niet opgeslagen", severity="error", markup=False)
            return True
        return False

    def data_changed(self) -> None:
        """A change was saved: every other screen reloads when it is shown again; the screen that made the
        change shows it itself."""
        self.data_version += 1
        base = next((s for s in reversed(self.screen_stack) if not s.is_modal), None)
        if base is not None and hasattr(base, "seen_version"):
            base.seen_version = self.data_version

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Er is niets om ongedaan te maken", severity="warning")
            return
        op = self.undo_stack.pop()
        try:
            op.apply(self.project)
        except KBError as e:
            self.notify(f"Ongedaan maken lukt niet: {tui_message(e)}", severity="error", markup=False)
            return
        self.notify(f"Ongedaan: {op.label}", markup=False)
        self.data_changed()
        refresh = getattr(self.screen, "reload", None)
        if callable(refresh):
            refresh()

    # -- long tasks ------------------------------------------------------------------------------
    def action_cancel_task(self) -> None:
        """Stop the running long task (clustering, an export); it then writes nothing. Without a task,
        Escape on these screens does nothing."""
        from .tasks import cancel_task

        cancel_task(self)

    # -- navigation ------------------------------------------------------------------------------
    def action_goto(self, mode: str) -> None:
        if self.projector:  # the wall shows the theme and its fragments only, never the other screens
            return
        if self.project is None:
            self.notify("Geen project geopend", severity="error")
            return
        if self.current_mode != mode:
            self.switch_mode(mode)
        elif len(self.screen_stack) > 1 and not self.screen.is_modal:
            self.pop_screen()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_help_quit(self) -> None:
        # Textual's own answer to ctrl+c is English ("Press q to quit the app").
        self.notify("Stoppen doe je met q (ctrl+c kopieert in een tekstveld).", title="Wil je stoppen?")

    def format_title(self, title: str, sub_title: str) -> Content:
        # Textual dims the separator with the sub-title; a dimmed space can drop out in some terminals and
        # copies, which left "Kritische Blik— wijk-90": the separator's spaces stay plain here.
        if not sub_title:
            return Content(title)
        return Content.assemble(title, " ", ("—", "dim"), " ", Content(sub_title).stylize("dim"))


def run_app(
    project_path: str | ProjectLocation,
    coder: str | None = None,
    read_only: bool = False,
    projector: bool = False,
    in_browser: bool = False,
) -> int:
    """Run the TUI on a project; returns the process exit code."""
    app = KBApp(project_path, coder=coder, read_only=read_only, projector=projector, in_browser=in_browser)
    app.run()
    return 1 if app.project is None else int(app.return_code or 0)
