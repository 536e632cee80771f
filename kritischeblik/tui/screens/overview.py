"""Overzicht: all interviews with the current coder's progress, filterable as you type.

First paint stays fast at 1,000 interviews: the metadata and progress come from two aggregate queries;
the full texts, the visible codes and the agreement per interview are read right after the first frame;
and only the first rows are put in the table before that frame, the rest follow in chunks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Select, Static

from ...errors import KBError
from ...model import Basis, BasisLayer
from ...store import coverage
from ...store.browse import InterviewSummary, interview_details, interview_rows
from ...wording import plural
from ..fresh import FreshOnResume
from ..widgets import KBFooter, NavBar

if TYPE_CHECKING:
    from ...store.db import Project

# (key, header, cap on the width): numbers first so that they stay visible at 80 columns.
COLUMNS = (
    ("interview", "interview", 24),
    ("omgeving", "omgeving", 12),
    ("segments", "segm.", 6),
    ("coded", "gecodeerd", 9),
    ("suggested", "voorstel", 8),
    ("open", "open", 6),
    ("agreement", "κ/α", 5),
    ("duo", "duo", 24),
    ("respondent", "respondent", 26),
)
FIRST_ROWS = 100
"""rows put in the table before the first paint (more than any terminal shows)"""
CHUNK_ROWS = 200
DEFER_DETAILS_AT = 200
"""from this many interviews on, texts, codes and agreement are read after the first paint"""


def duo_label(duo: list[str]) -> str:
    return " & ".join(duo)


def duo_short(duo: list[str]) -> str:
    """'Onderzoeker 1 & Onderzoeker 2' -> 'Onderzoeker 1 & 2': the pseudonyms share their first word."""
    heads = {name.rsplit(" ", 1)[0] for name in duo if " " in name}
    if len(duo) > 1 and len(heads) == 1 and all(" " in name for name in duo):
        head = heads.pop()
        return f"{head} " + " & ".join(name.rsplit(" ", 1)[1] for name in duo)
    return duo_label(duo)


def agreement_label(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value:.2f}"


def alpha_label(value: float | None) -> str:
    return "n.v.t." if value is None or value != value else f"{value:.2f}"


def read_score_alpha(project: Project) -> tuple[list[str], list[dict]] | str:
    """Agreement on the coders' own scores per principle (services.agreement), or why it cannot be computed."""
    from ...analysis.agreement import TOTAL  # pulls in pandas: not before the first paint
    from ...services.agreement import score_agreement_rows
    from ...store.coder_scores import score_coders

    with project.read() as s:
        if len(score_coders(s)) < 2:
            return "nog geen twee codeurs met eigen scores (e in Coderen)"
    data, rows = score_agreement_rows(project)
    return data.coders, [{**r, "naam": "totaal"} if r["principe"] == TOTAL else r for r in rows]


def matches(row: InterviewSummary, text: str, omgeving: object, duo: object, code: object) -> bool:
    """One interview against the filters; ``Select.NULL`` (or None) means "no filter"."""
    if isinstance(omgeving, str) and row.omgeving != omgeving:
        return False
    if isinstance(duo, str) and duo_label(row.duo) != duo:
        return False
    if isinstance(code, str) and code not in row.codes:
        return False
    return all(word in row.search for word in text.lower().split())


class OverviewScreen(FreshOnResume, Screen):
    HELP = (
        "[b]Overzicht[/b]: typ in het zoekveld om te filteren op tekst; kies omgeving, duo of code. "
        "Enter op een interview opent het om te coderen; [b]v[/b] opent de verschillen tussen de codeurs van "
        "dat interview. [b]Gecodeerd[/b] = segmenten waarover jij besliste; [b]voorstel[/b] = segmenten met een "
        "machinevoorstel dat nog op jou wacht; [b]κ/α[/b] = overeenstemming tussen de codeurs van het interview "
        "(Cohens κ bij twee codeurs, Krippendorffs α bij meer; – = nog niet te berekenen). [b]a[/b] toont of "
        "verbergt de overeenstemming over de eigen scores van de codeurs (e in Coderen): Krippendorffs α "
        "ordinaal per principe en in totaal, n.v.t. met de reden als α niet te berekenen is; de regel onderaan "
        "noemt het totaal."
    )
    BINDINGS = [
        Binding("slash", "focus_search", "Zoeken", key_display="/"),
        Binding("f", "focus_table", "Lijst"),
        Binding("v", "review", "Verschillen"),
        Binding("a", "toggle_score_alpha", "α scores"),
        Binding("x", "clear_filters", "Filters wissen"),
        Binding("r", "reload", "Verversen"),
    ]
    FOOTER_SECONDARY = ("focus_table", "reload", "toggle_score_alpha")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InterviewSummary] = []
        self._kept: list[InterviewSummary] = []
        self.shown: list[str] = []
        self.agreement: dict[str, float | None] = {}
        self.score_alpha: tuple[list[str], list[dict]] | str | None = None
        """(coders, rows of services.agreement.score_agreement_rows), or why there are none; None = not read yet"""
        self.details_loaded = False
        self._generation = 0
        self._reloads = 0
        self._want_cursor: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("overzicht")
        with Horizontal(id="filters"):
            yield Input(placeholder="Zoeken (tekst, id, rol)…", id="zoek")
            yield Select([], prompt="Omgeving", id="f-omgeving")
            yield Select([], prompt="Duo", id="f-duo")
            yield Select([], prompt="Code", id="f-code")
        yield DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
        yield Static("", id="ov-status")
        yield Static("", id="ov-basis")
        yield Static("", id="ov-score-alpha")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#interviews", DataTable).focus()

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        app = self.app
        self._want_cursor = self.current_id()
        self.seen_version = app.data_version  # reloaded now: no second reload when the screen resumes
        self.rows = app.read(lambda s: interview_rows(s, app.coder)) or []
        self.details_loaded = False
        self._reloads += 1
        omg = sorted({r.omgeving for r in self.rows})
        duos = sorted({duo_label(r.duo) for r in self.rows if r.duo})
        self._set_options("#f-omgeving", [(o, o) for o in omg])
        self._set_options("#f-duo", [(d, d) for d in duos])
        self._set_columns()
        if len(self.rows) < DEFER_DETAILS_AT:
            self._apply_details(self._reloads, self.read_details(), refilter=False)
        else:
            # After the first frame (a thread started earlier competes with it for the GIL), and in a thread
            # so that keys typed meanwhile are handled; the first read also imports pandas.
            reload_no = self._reloads

            def read() -> None:
                data = self.read_details()
                self.app.call_from_thread(self._apply_details, reload_no, data)

            self.call_after_refresh(self.run_worker, read, thread=True, group="details")
        self.apply_filter()

    def read_details(self) -> tuple | KBError:
        """Texts for free-text search (lower-cased here, in the worker: fifty megabytes at 1,000 interviews
        would hold the event loop), the codes the coder may see, and agreement per interview."""
        from ...services.agreement import per_interview_agreement

        coder, project = self.app.coder, self.app.project
        try:
            with project.read() as s:
                details = interview_details(s, coder)
                bases = (
                    coverage.basis(s, BasisLayer.CODEUR, coder, BasisLayer.CODEUR),
                    coverage.project_basis(s),
                )
            for d in details.values():
                d.text = d.text.lower()
            return details, per_interview_agreement(project), read_score_alpha(project), bases
        except KBError as e:
            return e

    def _apply_details(self, reload_no: int, data: tuple | KBError, refilter: bool = True) -> None:
        if reload_no != self._reloads:
            return  # read for rows that have since been replaced
        if isinstance(data, KBError):
            self.notify(str(data), severity="error", markup=False)
            return
        details, self.agreement, self.score_alpha, bases = data
        self.show_score_alpha()
        self.show_basis(*bases)
        for r in self.rows:
            d = details.get(r.id)
            if d is not None:
                r.codes = d.codes
                r.search = f"{r.search} {d.text}"
        present = set().union(*(r.codes for r in self.rows)) if self.rows else set()
        book = self.app.codebook
        self._set_options(
            "#f-code", [(c.name, c.id) for c in (book.codes if book else []) if c.id in present]
        )
        self.details_loaded = True
        if not refilter:
            return
        if self.query_one("#zoek", Input).value.strip():
            self._want_cursor = self.current_id()
            self.apply_filter()  # the search now also covers the texts
            return
        self._update_status()
        table = self.query_one("#interviews", DataTable)
        for r in self.rows:
            if r.id in table.rows:
                table.update_cell(r.id, "agreement", self._agreement_cell(r), update_width=False)

    def _set_options(self, selector: str, options: list[tuple[str, str]]) -> None:
        sel = self.query_one(selector, Select)
        value = sel.value
        with sel.prevent(Select.Changed):
            sel.set_options(options)
            if any(v == value for _, v in options):
                sel.value = value

    def _agreement_text(self, r: InterviewSummary) -> str:
        return agreement_label(self.agreement.get(r.id)) if self.details_loaded else "…"

    def _agreement_cell(self, r: InterviewSummary) -> Text:
        return Text(self._agreement_text(r), justify="right")

    def _plain(self, r: InterviewSummary) -> tuple[str, ...]:
        """The cells of a row as plain text (what the table shows)."""
        numbers = (str(n) for n in (r.segments, r.coded, r.suggested, r.open))
        return (r.id, r.omgeving, *numbers, self._agreement_text(r), duo_short(r.duo), r.respondent_rol)

    def _cells(self, r: InterviewSummary) -> tuple:
        plain = self._plain(r)
        right = [Text(x, justify="right") for x in plain[2:7]]
        return (*plain[:2], *right, *plain[7:])

    def _set_columns(self) -> None:
        """Fixed widths from all rows, so the columns do not jump while rows arrive or filters change."""
        table = self.query_one("#interviews", DataTable)
        widths = [5 if key == "agreement" else len(label) for key, label, _ in COLUMNS]  # "-0.05"
        for r in self.rows:  # plain text, no Text objects: 1,000 rows before the first paint
            for i, cell in enumerate(self._plain(r)):
                widths[i] = max(widths[i], len(cell))
        table.clear(columns=True)
        for (key, label, cap), width in zip(COLUMNS, widths, strict=True):
            justify = "right" if key in ("segments", "coded", "suggested", "open", "agreement") else "left"
            table.add_column(Text(label, justify=justify), key=key, width=min(max(width, 4), cap))

    def apply_filter(self) -> None:
        text = self.query_one("#zoek", Input).value
        omg = self.query_one("#f-omgeving", Select).value
        duo = self.query_one("#f-duo", Select).value
        code = self.query_one("#f-code", Select).value
        keep = [r for r in self.rows if matches(r, text, omg, duo, code)]
        self.shown = [r.id for r in keep]
        table = self.query_one("#interviews", DataTable)
        self._generation += 1
        want = self._want_cursor or self.current_id()
        table.clear()
        self._want_cursor = want
        self._add_rows(keep, 0, FIRST_ROWS, self._generation)
        self._kept = keep
        self._update_status()

    def _update_status(self) -> None:
        keep = self._kept
        done = sum(r.coded for r in keep)
        total = sum(r.segments for r in keep)
        blind = sum(1 for r in keep if r.blind)
        status = f"{len(keep)} van {plural(len(self.rows), 'interview', 'interviews')}"
        if self.app.coder:  # a reading session (the committee) has no coder of its own
            status += f" · {done} van {plural(total, 'segment', 'segmenten')} gecodeerd door {self.app.coder}"
        if blind:
            status += f" · {blind} blind"
        if isinstance(self.score_alpha, tuple):
            total = self.score_alpha[1][-1]
            status += f" · α scores {alpha_label(total['alpha ordinaal'])}"
        self.query_one("#ov-status", Static).update(status)

    def show_basis(self, mine: Basis, counted: Basis) -> None:
        """The coder's own coverage, and what the counts, themes and exports rest on (never silently)."""
        own = f"{self.app.coder}: {mine.coverage} · " if self.app.coder else ""
        text = Text(f"{own}tellingen, thema's en exports {counted.text()}")
        if counted.unreviewed:
            text.stylize("yellow")
        self.query_one("#ov-basis", Static).update(text)

    def show_score_alpha(self) -> None:
        box = self.query_one("#ov-score-alpha", Static)
        data = self.score_alpha
        if isinstance(data, str):
            box.update(Text(f"Overeenstemming eigen scores: n.v.t. — {data}", style="dim"))
            return
        if data is None:
            box.update("")
            return
        coders, rows = data
        table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), pad_edge=False)
        table.add_column("principe")
        table.add_column("α ord.", justify="right")
        table.add_column("n", justify="right")
        table.add_column("opmerking", overflow="ellipsis", no_wrap=True)
        for r in rows:
            a = r["alpha ordinaal"]
            note = "" if a is not None else r["opmerking"].replace("α: ", "")
            table.add_row(r["naam"], alpha_label(a), str(r["vergelijkbaar"]), note)
        title = Text(f"Eigen scores, Krippendorffs α ordinaal ({' & '.join(coders)})", style="bold")
        box.update(Group(title, table))

    def _add_rows(self, keep: list[InterviewSummary], start: int, count: int, generation: int) -> None:
        if generation != self._generation:
            return  # a newer filter replaced this list
        table = self.query_one("#interviews", DataTable)
        chunk = keep[start : start + count]
        for r in chunk:
            table.add_row(*self._cells(r), key=r.id)
        if self._want_cursor is not None and any(r.id == self._want_cursor for r in chunk):
            table.move_cursor(row=table.get_row_index(self._want_cursor), animate=False)
            self._want_cursor = None
        if start + count < len(keep):
            self.call_after_refresh(self._add_rows, keep, start + count, CHUNK_ROWS, generation)
        else:
            self._want_cursor = None

    def current_id(self) -> str | None:
        table = self.query_one("#interviews", DataTable)
        if table.row_count == 0 or table.cursor_row is None or table.cursor_row >= table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # -- events ----------------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "zoek":
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "zoek":
            self.action_focus_table()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.apply_filter()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "interviews" and event.row_key.value is not None:
            self.open_interview(event.row_key.value)

    def open_interview(self, interview_id: str) -> None:
        from .coding import CodingScreen

        self.app.push_screen(CodingScreen(interview_id), callback=lambda _: self.reload())

    # -- actions ---------------------------------------------------------------------------------
    def action_review(self) -> None:
        interview_id = self.current_id()
        if interview_id is None:
            return
        from .review import open_review
        from .review_pairs import coders_of_interview

        coders = self.app.read(lambda s: coders_of_interview(s, interview_id)) or []
        if len(coders) < 2:
            who = f"alleen {coders[0]}" if coders else "nog niemand"
            self.notify(
                f"{interview_id} is gecodeerd door {who}: er is nog niets te vergelijken",
                severity="warning",
                markup=False,
            )
            return
        open_review(self.app, coders[:2], interview_id, callback=lambda _: self.reload())

    def action_toggle_score_alpha(self) -> None:
        box = self.query_one("#ov-score-alpha", Static)
        box.toggle_class("-shown")
        if box.has_class("-shown") and not self.details_loaded:
            box.update(Text("Overeenstemming eigen scores wordt gelezen…", style="dim"))

    def action_focus_search(self) -> None:
        self.query_one("#zoek", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#interviews", DataTable).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#zoek", Input).value = ""
        for sel in self.query(Select):
            sel.clear()
        self.apply_filter()

    def action_reload(self) -> None:
        self.reload()
