"""Thema's: clusters of fragments per kind; rename, merge, move a fragment, set aside, re-cluster."""

from __future__ import annotations

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...model import ThemeStatus
from ...services import themes as service
from ...services.progress import Progress
from ...services.themes import Merged
from ...store import themes as theme_store
from ..app import UndoOp
from ..tasks import start_task
from ..widgets import KBFooter, NavBar
from .pickers import ChoicePicker, TextPrompt

KIND_LABELS = {
    "werkend": "Werkende elementen",
    "belemmerend": "Belemmerende elementen",
    "vraag": "Vragen voor de toekomst",
    "suggestie": "Suggesties nieuw principe",
}


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("themas")
        yield Select(
            [(v, k) for k, v in KIND_LABELS.items()], value=self.kind, allow_blank=False, id="th-kind"
        )
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
        data = self.app.read(
            lambda s: (theme_store.themes_frame(s, self.kind), theme_store.members_frame(s, self.kind))
        )
        if data is None:
            return
        self.themes, self.members = data
        ol = self.query_one("#th-list", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        if not len(self.themes):
            ol.add_option(
                Option(Text("Nog geen thema's: druk k om te clusteren.", style="dim"), disabled=True)
            )
            self.query_one("#th-fragments", DataTable).clear()
            return
        for r in self.themes.itertuples(index=False):
            ol.add_option(
                Option(
                    Text.assemble((r.label, "bold"), f"\n  {r.omvang} fragm. · {r.n_interviews} interv. · ",
                                  (r.omgevingen or "-", "italic")),
                    id=str(r.thema_id),
                )
            )  # fmt: skip
        ol.highlighted = min(keep or 0, len(self.themes) - 1)
        self.show_theme()

    @property
    def theme_id(self) -> int | None:
        i = self.query_one("#th-list", OptionList).highlighted
        if i is None or not len(self.themes) or i >= len(self.themes):
            return None
        return int(self.themes.iloc[i]["thema_id"])

    def show_theme(self) -> None:
        table = self.query_one("#th-fragments", DataTable)
        table.clear()
        tid = self.theme_id
        if tid is None:
            return
        rows = self.members[self.members["thema_id"] == tid]
        for r in rows.itertuples(index=False):
            mark = "★" if pd.notna(r.rang) else ("↪" if r.verplaatst else "")
            table.add_row(
                mark, r.interview_id, r.omgeving, " ".join(str(r.tekst).split()), key=str(r.fragment_id)
            )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_theme()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "th-kind" and isinstance(event.value, str):
            self.kind = event.value
            self.reload()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        rows = self.members[self.members["fragment_id"].astype(str) == event.row_key.value]
        if len(rows):
            r = rows.iloc[0]
            self.query_one("#th-detail", Static).update(
                Text.assemble(
                    (f"{r['interview_id']} ({r['omgeving']})\n", "bold"), " ".join(str(r["tekst"]).split())
                )
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "th-fragments" or self.kind == "suggestie":
            return
        rows = self.members[self.members["fragment_id"].astype(str) == event.row_key.value]
        if not len(rows):
            return
        from .coding import CodingScreen

        row = rows.iloc[0]
        self.app.push_screen(CodingScreen(str(row["interview_id"]), focus_segment=int(row["segment_id"])))

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
        kind = self.kind

        def go(confirmed: list[str] | None) -> None:
            def work(progress: Progress) -> service.ReclusterResult:
                return service.recluster(self.app.project, kind, force=confirmed is not None,
                                         confirmed=confirmed, progress=progress)  # fmt: skip

            def done(result: service.ReclusterResult) -> None:
                self.notify(
                    f"{len(result.clustering.themes)} thema's gevonden voor {KIND_LABELS[kind].lower()}"
                )
                self.app.undo_stack.clear()  # earlier theme edits pointed at the replaced set
                if self.kind == kind:
                    self.reload()

            start_task(self.app, self, f"Clusteren ({KIND_LABELS[kind].lower()})", work, done,
                       failed="Niet geclusterd")  # fmt: skip

        edits = self.app.read(lambda s: theme_store.user_edits(s, kind)) or []
        if not edits:
            go(None)
            return

        def confirm(choice: str | None) -> None:
            if choice == "ja":
                go(edits)

        self.app.push_screen(
            ChoicePicker(f"Opnieuw clusteren gooit {len(edits)} bewerking(en) weg. Doorgaan?",
                         [("nee", "Nee, niets doen"), ("ja", "Ja, opnieuw clusteren")]),
            confirm,
        )  # fmt: skip

    def action_rename(self) -> None:
        tid = self.theme_id
        if tid is None:
            return
        row = self.themes[self.themes["thema_id"] == tid].iloc[0]
        old = str(row["label"])

        def done(label: str | None) -> None:
            if label is None:
                return

            def undo(_r: object) -> UndoOp:
                return UndoOp("hernoemen", lambda p: service.rename(p, tid, old, pseudonymise=False))

            def save(clean: str) -> None:
                if (
                    self.app.write(lambda p: service.rename(p, tid, clean, pseudonymise=False).id, undo)
                    is not None
                ):
                    self.reload()

            self.app.save_typed(label, save)  # a label goes into every export

        self.app.prepare_typing()
        self.app.push_screen(TextPrompt("Thema hernoemen", value=str(row["label"])), done)

    def action_merge(self) -> None:
        tid, others = self.theme_id, self._others()
        if tid is None or not others:
            self.notify("Er is geen ander thema om mee samen te voegen", severity="warning")
            return

        def done(target: str | None) -> None:
            if target is None:
                return

            def undo(merged: Merged) -> UndoOp:
                return UndoOp("samenvoegen", lambda p: service.unmerge(p, merged))

            if self.app.write(lambda p: service.merge(p, int(target), [tid]), undo) is not None:
                self.notify("Thema's samengevoegd (ctrl+z maakt het ongedaan)")
                self.reload()

        self.app.push_screen(ChoicePicker("Samenvoegen met…", others), done)

    def action_move(self) -> None:
        fid, tid, others = self.fragment_id(), self.theme_id, self._others()
        if fid is None or tid is None or not others:
            self.notify("Kies rechts een fragment (tab) en zorg voor een tweede thema", severity="warning")
            return

        def done(target: str | None) -> None:
            if target is None:
                return

            def undo(source: int) -> UndoOp:
                return UndoOp(f"fragment {fid} verplaatsen", lambda p: service.move(p, fid, source))

            if self.app.write(lambda p: service.move(p, fid, int(target)), undo) is not None:
                self.reload()

        self.app.push_screen(ChoicePicker(f"Fragment {fid} verplaatsen naar…", others), done)

    def action_aside(self) -> None:
        tid = self.theme_id
        if tid is None:
            return

        def undo(_r: object) -> UndoOp:
            return UndoOp("terzijde", lambda p: service.set_status(p, tid, ThemeStatus.ACTIEF))

        if self.app.write(lambda p: service.set_status(p, tid, ThemeStatus.TERZIJDE).id, undo) is not None:
            self.notify("Thema terzijde gelegd")
            self.reload()
