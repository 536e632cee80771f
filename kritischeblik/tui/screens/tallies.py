"""Tellingen: principle-score tallies per example type and omgeving, and the principle choices, with bars."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Select, Static

from ...analysis.scores import ALL, EXAMPLES, choice_table, principle_tallies
from ...errors import KBError
from ...model import Basis
from ...safefiles import TargetExists, check_target
from ...services import exports
from ...services.progress import Progress
from ...store import coverage, reads
from ..fresh import FreshOnResume
from ..tasks import start_task
from ..widgets import WIDE, KBFooter, NavBar
from .pickers import ChoicePicker, TextPrompt

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(value: float, maximum: float, width: int = 20) -> str:
    """A horizontal bar of block characters, with eighth-block resolution."""
    if maximum <= 0 or value != value or value <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (BLOCKS[rest] if rest else "")


class TalliesScreen(FreshOnResume, Screen):
    HELP = (
        "[b]Tellingen[/b]: scores per leidend principe (gemiddelde met staaf, en de verdeling over de schaal) "
        "voor het gekozen voorbeeld en de gekozen omgeving, en hoe vaak elk principe gekozen werd bij "
        "'Met welk principe ga je aan de slag?'. [b]e[/b] exporteert alles naar Excel."
    )
    BINDINGS = [
        Binding("e", "export", "Excel"),
        Binding("s", "summary", "Samenvatting"),
        Binding("r", "reload", "Verversen"),
        Binding("escape", "app.cancel_task", "Afbreken", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tallies: pd.DataFrame | None = None
        self.choices: pd.DataFrame | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("tellingen")
        with Horizontal(id="tally-filters"):
            yield Select([(e, e) for e in EXAMPLES], value=EXAMPLES[0], allow_blank=False, id="t-voorbeeld")
            yield Select([(ALL, ALL)], value=ALL, allow_blank=False, id="t-omgeving")
        yield Static("", id="tally-basis")
        with VerticalScroll(id="tally-body"):
            yield Static("", id="score-table")
            yield Static("", id="choice-table")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        book = self.app.codebook

        def load(s):  # noqa: ANN001, ANN202
            return reads.scores(s), reads.choices(s), coverage.project_basis(s)

        data = self.app.read(load)
        if data is None:
            return
        scores, choices, found = data
        self.show_basis(found)
        self.tallies = principle_tallies(scores, book.principles(), scale=(book.scale_min, book.scale_max))
        self.choices = choice_table(choices, book.principles())
        omg = [o for o in dict.fromkeys(self.tallies["omgeving"]) if o != ALL]
        sel = self.query_one("#t-omgeving", Select)
        with sel.prevent(Select.Changed):
            value = sel.value
            sel.set_options([(ALL, ALL), *((o, o) for o in omg)])
            sel.value = value if value in omg else ALL
        self.render_tables()

    def show_basis(self, found: Basis) -> None:
        """Scores and choices are the respondents' own; what the exports' code counts rest on is said here."""
        text = Text(
            "Scores en keuzes: zoals de respondenten ze gaven (geen codering). "
            f"Codetellingen in Excel en samenvatting: {found.text()}"
        )
        if found.unreviewed:
            text.stylize("yellow")
        self.query_one("#tally-basis", Static).update(text)

    def render_tables(self) -> None:
        if self.tallies is None or self.choices is None:
            return
        book = self.app.codebook
        ex = self.query_one("#t-voorbeeld", Select).value
        om = self.query_one("#t-omgeving", Select).value
        rows = self.tallies[(self.tallies["voorbeeld"] == ex) & (self.tallies["omgeving"] == om)]
        wide = self.app.size.width >= WIDE
        t = Table(title=f"Scores — {ex} — omgeving: {om}", expand=False, title_justify="left")
        # One line per principle at any width: a long name is cut with … rather than wrapped.
        t.add_column("principe", no_wrap=True, overflow="ellipsis", min_width=14)
        t.add_column("n", justify="right", no_wrap=True)
        t.add_column("gem.", justify="right", no_wrap=True)
        scale_text = f"{book.scale_min}–{book.scale_max}"
        t.add_column(f"gemiddelde ({scale_text})" if wide else scale_text, no_wrap=True)
        scale = range(book.scale_min, book.scale_max + 1)
        dists = [[int(getattr(r, f"score_{v}")) for v in scale] for r in rows.itertuples(index=False)]
        # Every count right under its scale value, however many digits the counts have.
        w = max([len(str(v)) for v in scale] + [len(str(d)) for dist in dists for d in dist])
        # The scale values on a line of their own under "verdeling": the column is no wider than its numbers,
        # so the counts and the last scale value still fit at 80 columns.
        t.add_column("verdeling\n" + " ".join(f"{v:>{w}}" for v in scale), no_wrap=True)
        for r, dist in zip(rows.itertuples(index=False), dists, strict=True):
            mean = float(r.gemiddelde)
            t.add_row(
                r.principe,
                str(r.n),
                "–" if math.isnan(mean) else f"{mean:.1f}",
                Text(bar(mean, book.scale_max, 16 if wide else 10), style="cyan"),
                " ".join(f"{d:>{w}}" for d in dist),
            )
        self.query_one("#score-table", Static).update(t)
        c = Table(title="Met welk principe ga je aan de slag?", expand=False, title_justify="left")
        c.add_column("principe", no_wrap=True, overflow="ellipsis", min_width=14)
        c.add_column("aantal", justify="right", no_wrap=True)
        c.add_column("")
        top = int(self.choices["aantal"].max()) if len(self.choices) else 0
        for r in self.choices.itertuples(index=False):
            c.add_row(r.principe, str(r.aantal), Text(bar(r.aantal, top, 24), style="green"))
        self.query_one("#choice-table", Static).update(c)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.render_tables()

    def on_resize(self) -> None:
        self.render_tables()  # the tables fit the width (tables are drawn once, not reflowed)

    def action_reload(self) -> None:
        self.reload()

    def action_export(self) -> None:
        self._export_to(
            "Exporteren naar Excel",
            ".xlsx",
            "Excel-export",
            lambda out, force, progress: exports.xlsx(self.app.project, out, force=force, progress=progress),
        )

    def action_summary(self) -> None:
        """The one-page plain-language summary (B1), counted like `kb export samenvatting` without options:
        the consensus layer, else all coders, else the machine's suggestions (the page says which)."""
        self._export_to(
            "Samenvatting op één pagina (B1)",
            "-samenvatting.md",
            "Samenvatting",
            lambda out, force, progress: exports.summary(
                self.app.project, out, force=force, progress=progress
            ),
        )

    def _export_to(
        self, title: str, suffix: str, task: str, write: Callable[[Path, bool, Progress], object]
    ) -> None:
        """Ask for a file name and export in the background (the screen stays usable; Escape stops it); an
        existing file is replaced only after a yes (the CLI's --force). The service writes the file safely:
        a stopped or failed export leaves the target as it was. A read-only session writes no file either:
        in a browser (kb serve) the file would land on the server, next to the project."""
        if self.app.read_only:
            self.notify(
                "Alleen-lezen: exporteren schrijft een bestand en kan in deze sessie niet. Exporteer in een "
                "terminal met 'kb export'.",
                title="Niet geëxporteerd",
                severity="warning",
            )
            return
        where = self.app.project_path
        stem = where.with_suffix("") if isinstance(where, Path) else Path(where.name)  # a database: its name
        default = str(stem.with_name(stem.name + suffix))

        def attempt(out: Path, force: bool) -> None:
            try:
                check_target(out, force=force, protect=self.app.project.files)  # ask before any work
            except TargetExists:
                self.app.push_screen(
                    ChoicePicker(
                        f"{escape(str(out))} bestaat al. Vervangen?",
                        [("nee", "Nee, niet exporteren"), ("ja", "Ja, het bestaande bestand vervangen")],
                    ),
                    lambda choice: (
                        attempt(out, True) if choice == "ja" else self.notify("Niets geëxporteerd")
                    ),
                )
                return
            except KBError as e:
                self.notify(str(e), title="Export mislukt", severity="error", markup=False)
                return
            except OSError as e:
                self.notify(f"{out}: kan niet schrijven ({e.strerror})", severity="error", markup=False)
                return
            start_task(
                self.app,
                self,
                task,
                lambda progress: write(out, force, progress),
                lambda _result: self.notify(f"Geëxporteerd naar {out}", markup=False),
                failed="Export mislukt",
            )

        def done(value: str | None) -> None:
            if value is None:
                return
            if not value.strip():
                self.notify("Geen bestandsnaam: niets geëxporteerd", severity="warning")
                return
            attempt(Path(value.strip()).expanduser(), False)

        self.app.push_screen(
            TextPrompt(title, value=default, hint=f"Bestandsnaam ({suffix.lstrip('-')})"), done
        )
