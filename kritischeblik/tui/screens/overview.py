"""Overzicht: all interviews with the current coder's progress, filterable as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from ...store.browse import InterviewSummary, interview_summaries
from ..widgets import NavBar

COLUMNS = ("interview", "omgeving", "duo", "respondent", "segm.", "gecodeerd", "voorstel", "open")


def duo_label(duo: list[str]) -> str:
    return " & ".join(duo)


def matches(row: InterviewSummary, text: str, omgeving: object, duo: object, code: object) -> bool:
    """One interview against the filters; ``Select.NULL`` (or None) means "no filter"."""
    if isinstance(omgeving, str) and row.omgeving != omgeving:
        return False
    if isinstance(duo, str) and duo_label(row.duo) != duo:
        return False
    if isinstance(code, str) and code not in row.codes:
        return False
    return all(word in row.search for word in text.lower().split())


class OverviewScreen(Screen):
    HELP = (
        "[b]Overzicht[/b]: typ in het zoekveld om te filteren op tekst; kies omgeving, duo of code. "
        "Enter op een interview opent het om te coderen. [b]Gecodeerd[/b] = segmenten waarover jij besliste; "
        "[b]voorstel[/b] = segmenten met een machinevoorstel dat nog op jou wacht."
    )
    BINDINGS = [
        Binding("slash", "focus_search", "Zoeken", key_display="/"),
        Binding("f", "focus_table", "Lijst"),
        Binding("x", "clear_filters", "Filters wissen"),
        Binding("r", "reload", "Verversen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[InterviewSummary] = []
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("overzicht")
        with Horizontal(id="filters"):
            yield Input(placeholder="Zoeken (tekst, id, rol)…", id="zoek")
            yield Select([], prompt="Omgeving", id="f-omgeving")
            yield Select([], prompt="Duo", id="f-duo")
            yield Select([], prompt="Code", id="f-code")
        table = DataTable(id="interviews", cursor_type="row", zebra_stripes=True)
        table.add_columns(*COLUMNS)
        yield table
        yield Static("", id="ov-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#interviews", DataTable).focus()

    def reload(self) -> None:
        app = self.app
        rows = app.read(lambda s: interview_summaries(s, app.coder))
        self.rows = rows or []
        omg = sorted({r.omgeving for r in self.rows})
        duos = sorted({duo_label(r.duo) for r in self.rows if r.duo})
        present = set().union(*(r.codes for r in self.rows)) if self.rows else set()
        codes = [(c.name, c.id) for c in (app.codebook.codes if app.codebook else []) if c.id in present]
        self._set_options("#f-omgeving", [(o, o) for o in omg])
        self._set_options("#f-duo", [(d, d) for d in duos])
        self._set_options("#f-code", codes)
        self.apply_filter()

    def _set_options(self, selector: str, options: list[tuple[str, str]]) -> None:
        sel = self.query_one(selector, Select)
        value = sel.value
        with sel.prevent(Select.Changed):
            sel.set_options(options)
            if any(v == value for _, v in options):
                sel.value = value

    def apply_filter(self) -> None:
        text = self.query_one("#zoek", Input).value
        omg = self.query_one("#f-omgeving", Select).value
        duo = self.query_one("#f-duo", Select).value
        code = self.query_one("#f-code", Select).value
        table = self.query_one("#interviews", DataTable)
        keep = [r for r in self.rows if matches(r, text, omg, duo, code)]
        self.shown = [r.id for r in keep]
        table.clear()
        table.add_rows(
            [(r.id, r.omgeving, duo_label(r.duo), r.respondent_rol, r.segments, r.coded, r.suggested, r.open)
             for r in keep]
        )  # fmt: skip
        # add_rows assigns generated keys; map them to interview ids through the row order instead.
        done = sum(r.coded for r in keep)
        total = sum(r.segments for r in keep)
        self.query_one("#ov-status", Static).update(
            f"{len(keep)} van {len(self.rows)} interviews · {done} van {total} segmenten gecodeerd door "
            f"{self.app.coder}"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "zoek":
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "zoek":
            self.action_focus_table()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.apply_filter()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "interviews":
            return
        index = event.cursor_row
        if 0 <= index < len(self.shown):
            self.open_interview(self.shown[index])

    def open_interview(self, interview_id: str) -> None:
        from .coding import CodingScreen

        self.app.push_screen(CodingScreen(interview_id), callback=lambda _: self.reload())

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
