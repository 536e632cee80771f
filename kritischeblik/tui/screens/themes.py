"""Thema's: clusters of fragments per kind; rename, merge, move a fragment, set aside, re-cluster."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...model import Basis, ThemeStatus
from ...services import themes as service
from ...services.progress import Progress
from ...services.themes import Merged
from ...store import coverage
from ...store import themes as theme_store
from ...wording import THEMAS, plural
from ..app import UndoOp
from ..tasks import start_task
from ..widgets import KBFooter, NavBar
from .pickers import ChoicePicker, TextPrompt

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KIND_LABELS = {
    "werkend": "Werkende elementen",
    "belemmerend": "Belemmerende elementen",
    "vraag": "Vragen voor de toekomst",
    "suggestie": "Suggesties nieuw principe",
}


FILL_BATCH = 100
"""fragments added to the table per turn of the event loop"""


def frames(s: Session, kind: str) -> tuple[pd.DataFrame, pd.DataFrame, Basis | None]:
    """The themes of ``kind``, their fragments and what they rest on, as the screen shows them."""
    return (
        theme_store.themes_frame(s, kind),
        theme_store.members_frame(s, kind),
        coverage.theme_basis(s, kind),
    )


def basis_text(found: Basis | None) -> Text:
    """The line above a theme list: what the themes rest on; unreviewed suggestions stand out."""
    if found is None:
        return Text("")
    text = Text(f"Thema's {found.text()}")
    if found.unreviewed or found.change:
        text.stylize("bold yellow")
    return text


class ThemesScreen(Screen):
    HELP = (
        "[b]Thema's[/b]: kies links een soort en een thema; rechts staan alle fragmenten (de meest "
        "representatieve eerst). [b]k[/b] clustert opnieuw op de achtergrond (vraagt bevestiging als je al "
        "bewerkt hebt; Esc breekt af, je kunt intussen doorwerken), "
        "[b]h[/b] hernoemt, [b]v[/b] voegt samen met een ander thema, [b]m[/b] verplaatst het gekozen fragment, "
        "[b]t[/b] legt het thema terzijde, Enter op een fragment opent het interview op die plek."
    )
    BINDINGS = [
        Binding("k", "cluster", "Clusteren"),
        Binding("h", "rename", "Hernoemen"),
        Binding("v", "merge", "Samenvoegen"),
        Binding("m", "move", "Fragment verplaatsen"),
        Binding("t", "aside", "Terzijde"),
        Binding("tab", "app.focus_next", "Wissel paneel", show=False),
        Binding("escape", "app.cancel_task", "Afbreken", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.themes = pd.DataFrame()
        self.members = pd.DataFrame()
        self.kind = "belemmerend"
        self.filling = 0
        """counts the fills of the fragment table (see :meth:`_fill`)"""
        self.shown: dict[str, tuple] = {}
        """the fragments of the chosen theme (rows of ``members``) by fragment id, as the table's row keys"""

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("themas")
        yield Select(
            [(v, k) for k, v in KIND_LABELS.items()], value=self.kind, allow_blank=False, id="th-kind"
        )
        yield Static("", id="th-basis")
        with Horizontal(id="th-body"):
            yield OptionList(id="th-list")
            with Vertical(id="th-right"):
                table = DataTable(id="th-fragments", cursor_type="row")
                table.add_columns("#", "interview", "omgeving", "fragment")
                yield table
                yield Static("", id="th-detail")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#th-list", OptionList).focus()

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        data = self.app.read(lambda s: frames(s, self.kind))
        if data is not None:
            self.show_data(*data)

    def show_data(self, themes: pd.DataFrame, members: pd.DataFrame, found: Basis | None = None) -> None:
        """Show themes, their fragments and basis read by :func:`frames` (here, or in a worker)."""
        self.themes, self.members = themes, members
        self.query_one("#th-basis", Static).update(basis_text(found) if len(themes) else "")
        ol = self.query_one("#th-list", OptionList)
        keep = ol.highlighted
        if not len(self.themes):
            ol.set_options(
                [Option(Text("Nog geen thema's: druk k om te clusteren.", style="dim"), disabled=True)]
            )
            self.query_one("#th-fragments", DataTable).clear()
            return
        ol.set_options(
            Option(
                Text.assemble(
                    (r.label, "bold"),
                    f"\n  {r.omvang} fragm. · {r.n_interviews} interv. · ",
                    (r.omgevingen or "-", "italic"),
                ),
                id=str(r.thema_id),
            )
            for r in self.themes.itertuples(index=False)
        )
        with ol.prevent(OptionList.OptionHighlighted):  # shown once, below
            ol.highlighted = min(keep or 0, len(self.themes) - 1)
        self.call_after_refresh(self.show_theme)  # the list first: neither holds up the screen long

    @property
    def theme_id(self) -> int | None:
        i = self.query_one("#th-list", OptionList).highlighted
        if i is None or not len(self.themes) or i >= len(self.themes):
            return None
        return int(self.themes.iloc[i]["thema_id"])

    def show_theme(self) -> None:
        table = self.query_one("#th-fragments", DataTable)
        table.clear()
        self.filling += 1
        tid = self.theme_id
        if tid is None:
            return
        rows = list(self.members[self.members["thema_id"] == tid].itertuples(index=False))
        self.shown = {str(r.fragment_id): r for r in rows}
        self._fill(table, rows, 0, self.filling)

    def _fill(self, table: DataTable, rows: list, start: int, filling: int) -> None:
        """Add a theme's fragments a batch at a time, so a theme of thousands never holds up the screen; a
        newer choice of theme (``filling``) stops an older fill."""
        if filling != self.filling:
            return
        for r in rows[start : start + FILL_BATCH]:
            mark = "★" if pd.notna(r.rang) else ("↪" if r.verplaatst else "")
            table.add_row(
                mark, r.interview_id, r.omgeving, " ".join(str(r.tekst).split()), key=str(r.fragment_id)
            )
        if start + FILL_BATCH < len(rows):
            self.set_timer(0.001, lambda: self._fill(table, rows, start + FILL_BATCH, filling))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_theme()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "th-kind" and isinstance(event.value, str):
            self.kind = event.value
            self.reload()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        r = self.shown.get(event.row_key.value)
        if r is not None:
            self.query_one("#th-detail", Static).update(
                Text.assemble((f"{r.interview_id} ({r.omgeving})\n", "bold"), " ".join(str(r.tekst).split()))
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "th-fragments" or self.kind == "suggestie":
            return
        row = self.shown.get(event.row_key.value)
        if row is None:
            return
        from .coding import CodingScreen

        self.app.push_screen(CodingScreen(str(row.interview_id), focus_segment=int(row.segment_id)))

    def fragment_id(self) -> int | None:
        table = self.query_one("#th-fragments", DataTable)
        if table.row_count == 0:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # -- actions ---------------------------------------------------------------------------------
    def _others(self) -> list[tuple[str, str]]:
        tid = self.theme_id
        return [(str(r.thema_id), r.label) for r in self.themes.itertuples(index=False) if r.thema_id != tid]

    def action_cluster(self) -> None:
        kind, me = self.kind, self.app.coder

        def go(confirmed: list[str] | None) -> None:
            def work(progress: Progress) -> tuple[service.ReclusterResult, tuple]:
                project = self.app.project
                result = service.recluster(
                    project,
                    kind,
                    force=confirmed is not None,
                    confirmed=confirmed,
                    progress=progress,
                    actor=me,
                )
                with project.read() as s:  # read here too: the screen only shows what it is given
                    return result, frames(s, kind)

            def done(outcome: tuple[service.ReclusterResult, tuple]) -> None:
                result, data = outcome
                found = f"; {result.basis.text()}" if result.basis else ""
                self.notify(
                    f"{plural(len(result.clustering.themes), 'thema', THEMAS)} gevonden voor "
                    f"{KIND_LABELS[kind].lower()}{found}"
                )
                if result.basis is not None and (switched := result.basis.switched_from(result.previous)):
                    self.notify(switched, severity="warning", timeout=15, markup=False)
                self.app.undo_stack.clear()  # earlier theme edits pointed at the replaced set
                if self.kind == kind:
                    self.show_data(*data)

            start_task(self.app, self, f"Thema's {kind}", work, done, failed="Niet geclusterd", quiet_gc=True)

        edits = self.app.read(lambda s: theme_store.user_edits(s, kind)) or []
        if not edits:
            go(None)
            return

        def confirm(choice: str | None) -> None:
            if choice == "ja":
                go(edits)

        self.app.push_screen(
            ChoicePicker(
                f"Opnieuw clusteren gooit {plural(len(edits), 'bewerking', 'bewerkingen')} weg. Doorgaan?",
                [("nee", "Nee, niets doen"), ("ja", "Ja, opnieuw clusteren")],
            ),
            confirm,
        )

    def action_rename(self) -> None:
        tid, me = self.theme_id, self.app.coder
        if tid is None:
            return
        row = self.themes[self.themes["thema_id"] == tid].iloc[0]
        old = str(row["label"])

        def done(label: str | None) -> None:
            if label is None:
                return

            def undo(_r: object) -> UndoOp:
                return UndoOp(
                    "hernoemen",
                    lambda p: service.rename(p, tid, old, pseudonymise=False, actor=me),
                )

            def save(clean: str) -> None:
                if (
                    self.app.write(
                        lambda p: service.rename(p, tid, clean, pseudonymise=False, actor=me).id,
                        undo,
                    )
                    is not None
                ):
                    self.reload()

            self.app.save_typed(label, save)  # a label goes into every export

        self.app.prepare_typing()
        self.app.push_screen(TextPrompt("Thema hernoemen", value=str(row["label"])), done)

    def action_merge(self) -> None:
        tid, others, me = self.theme_id, self._others(), self.app.coder
        if tid is None or not others:
            self.notify("Er is geen ander thema om mee samen te voegen", severity="warning")
            return

        def done(target: str | None) -> None:
            if target is None:
                return

            def undo(merged: Merged) -> UndoOp:
                return UndoOp("samenvoegen", lambda p: service.unmerge(p, merged, actor=me))

            if self.app.write(lambda p: service.merge(p, int(target), [tid], actor=me), undo) is not None:
                self.notify("Thema's samengevoegd (ctrl+z maakt het ongedaan)")
                self.reload()

        self.app.push_screen(ChoicePicker("Samenvoegen met…", others), done)

    def action_move(self) -> None:
        fid, tid, others, me = self.fragment_id(), self.theme_id, self._others(), self.app.coder
        if fid is None or tid is None or not others:
            self.notify("Kies rechts een fragment (tab) en zorg voor een tweede thema", severity="warning")
            return

        def done(target: str | None) -> None:
            if target is None:
                return

            def undo(source: int) -> UndoOp:
                return UndoOp(
                    f"fragment {fid} verplaatsen",
                    lambda p: service.move(p, fid, source, actor=me),
                )

            if self.app.write(lambda p: service.move(p, fid, int(target), actor=me), undo) is not None:
                self.reload()

        self.app.push_screen(ChoicePicker(f"Fragment {fid} verplaatsen naar…", others), done)

    def action_aside(self) -> None:
        tid, me = self.theme_id, self.app.coder
        if tid is None:
            return

        def undo(_r: object) -> UndoOp:
            return UndoOp("terzijde", lambda p: service.set_status(p, tid, ThemeStatus.ACTIEF, actor=me))

        if (
            self.app.write(lambda p: service.set_status(p, tid, ThemeStatus.TERZIJDE, actor=me).id, undo)
            is not None
        ):
            self.notify("Thema terzijde gelegd")
            self.reload()
