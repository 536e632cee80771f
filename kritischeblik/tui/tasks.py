"""Long tasks (clustering, exports, the summary) in a thread worker, so the interface never freezes.

One task runs at a time. While it runs, a bar above the footer of the screen that started it names the
step, with a button (and Escape on that screen) to stop it. The service behind the task holds no
transaction while it computes (the duo partner keeps writing) and checks for a stop before its one write,
so a stopped task writes nothing (:mod:`kritischeblik.services.progress`).

Textual marks a thread worker cancelled at once, but a thread cannot be interrupted: the task counts as
running until its thread has returned, and only then is the bar removed and the outcome shown.

The event loop and the worker share the interpreter lock, and a full collection of the cyclic garbage
collector holds it while it scans every object in the process: 0.1-0.3 s in a TUI with scikit-learn loaded
and 1,000 interviews open (measured, bench/tui_bench.py), whichever thread triggers it. A task that
allocates much (``quiet_gc``: re-clustering) therefore runs with the collector paused, and what is alive when
it ends is frozen (moved out of the collector's reach, as ``parallel.py`` does before forking): re-enabling
would otherwise start a full collection of everything allocated meanwhile, on the next allocation of either
thread. The price is that cyclic garbage alive at that moment is never collected: about a hundred objects
per re-clustering (measured), plus what the interface had not yet collected.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Label, ProgressBar

from ..errors import KBError
from ..services.progress import Cancelled, Progress
from .hints import tui_message

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.worker import Worker

    from .app import KBApp

T = TypeVar("T")


class TaskBar(Horizontal):
    """What the running task is doing, and a button to stop it."""

    DEFAULT_CSS = """
    TaskBar { height: 1; background: $boost; }
    TaskBar Label { width: 1fr; padding: 0 1; }
    TaskBar ProgressBar { width: 24; }
    TaskBar Button { height: 1; min-width: 16; border: none; }
    """

    def __init__(self, title: str) -> None:
        super().__init__(id="task-bar")
        self.title = title

    def compose(self) -> ComposeResult:
        yield Label(f"{self.title}…", id="task-step")
        yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="task-progress")
        yield Button("Afbreken (Esc)", id="task-cancel", compact=True)

    def show_step(self, message: str, fraction: float | None) -> None:
        self.query_one("#task-step", Label).update(f"{self.title}: {message}…")
        bar = self.query_one("#task-progress", ProgressBar)
        if fraction is not None:
            bar.update(total=100, progress=round(fraction * 100))

    def stopping(self) -> None:
        self.query_one("#task-step", Label).update(f"{self.title}: wordt afgebroken…")
        self.query_one("#task-cancel", Button).disabled = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "task-cancel":
            event.stop()
            cancel_task(self.app)


@dataclass
class RunningTask:
    title: str
    bar: TaskBar
    worker: Worker | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    """set when the thread has returned (tests and the benchmark wait on it)"""


def start_task(
    app: KBApp,
    screen: Screen,
    title: str,
    work: Callable[[Progress], T],
    done: Callable[[T], object],
    failed: str = "Niet gelukt",
    quiet_gc: bool = False,
) -> RunningTask | None:
    """Run ``work(progress)`` in a thread; on the UI thread afterwards, ``done(result)``, or a notification
    of the error (title ``failed``) or of the stop. Refuses (None) while another task runs. ``quiet_gc``:
    see the module's notes."""
    if app.long_task is not None:
        app.notify(f"Wacht even: {app.long_task.title.lower()} loopt nog (Esc breekt af)", severity="warning")
        return None
    bar = TaskBar(title)
    task = RunningTask(title, bar)
    app.long_task = task
    footer = screen.query("KBFooter")
    if footer:
        screen.mount(bar, before=footer.first())
    else:
        screen.mount(bar)

    def report(message: str, fraction: float | None) -> None:
        _from_thread(app, bar.show_step, message, fraction)

    progress = Progress(report=report, cancelled=task.stop.is_set)

    def run() -> None:
        outcome: tuple[str, Any]
        try:
            with _collector_quiet() if quiet_gc else contextlib.nullcontext():
                outcome = ("ok", work(progress))
        except Cancelled as e:
            outcome = ("cancelled", e)
        except KBError as e:
            outcome = ("error", e)
        except OSError as e:  # the safe-file layer words its own; this is anything else on the disk
            outcome = ("error", KBError(f"kan niet schrijven ({e.strerror or e})"))
        except Exception as e:  # noqa: BLE001 - a bug: raised again on the UI thread (as in a direct call)
            outcome = ("crash", e)
        try:
            _from_thread(app, _finish, app, task, outcome, done, failed)
        finally:
            task.finished.set()

    task.worker = app.run_worker(run, thread=True, group="taak", description=title, exit_on_error=False)
    return task


@contextlib.contextmanager
def _collector_quiet() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def cancel_task(app: KBApp) -> bool:
    """Ask the running task to stop; True when there was one."""
    task = app.long_task
    if task is None:
        return False
    if not task.stop.is_set():
        task.stop.set()
        task.bar.stopping()
        if task.worker is not None:
            task.worker.cancel()
    return True


def _from_thread(app: KBApp, fn: Callable[..., object], *args: object) -> None:
    if threading.get_ident() == app._thread_id:
        fn(*args)
        return
    with contextlib.suppress(RuntimeError):  # the app has closed meanwhile: nobody to tell
        app.call_from_thread(fn, *args)


def _finish(
    app: KBApp, task: RunningTask, outcome: tuple[str, Any], done: Callable[[Any], object], failed: str
) -> None:
    if task.bar.is_mounted:
        task.bar.remove()
    kind, value = outcome
    if kind == "ok":
        # The result is shown after the screen without the bar is painted: two shorter turns of the loop.
        app.call_after_refresh(_deliver, app, task, done, value)
        return
    _release(app, task)
    if kind == "cancelled":
        app.notify(f"{task.title}: {value}", severity="warning", markup=False)
    elif kind == "error":
        app.notify(tui_message(value), title=failed, severity="error", markup=False)
    else:
        raise value


def _deliver(app: KBApp, task: RunningTask, done: Callable[[Any], object], value: object) -> None:
    _release(app, task)
    done(value)


def _release(app: KBApp, task: RunningTask) -> None:
    if app.long_task is task:
        app.long_task = None
