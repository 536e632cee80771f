"""Sessies: the list of duidingssessies; start a new one or resume one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...errors import KBError
from ...services import sessions
from ...store import sessions as store
from ..hints import tui_message
from ..widgets import KBFooter, NavBar
from .pickers import ChoicePicker
from .session_forms import NewSessionForm


class SessionsScreen(Screen):
    HELP = (
        "[b]Duidingssessies[/b]: [b]n[/b] start een nieuwe sessie (vraag, datum, deelnemers); Enter hervat "
        "de gekozen sessie. Een sessie kent drie fasen: leestijd, duiden en 'wat neem jij mee?'."
    )
    BINDINGS = [
        Binding("n", "new", "Nieuwe sessie"),
        Binding("r", "reload", "Verversen"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("sessies")
        table = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            "nr", "datum", "titel", "vraag", "fase", "deelnemers", "thema's", "bijdragen", "basis"
        )
        yield table
        yield Static("", id="sessions-hint")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#sessions", DataTable).focus()

    def reload(self) -> None:
        rows = self.app.read(store.list_sessions) or []
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                r["id"],
                r["datum"],
                r["titel"],
                store.QUESTIONS.get(r["vraag"], (r["vraag"],))[0],
                r["fase"],
                ", ".join(r["deelnemers"]),
                r["themas"],
                r["bijdragen"],
                r["basis"],
                key=str(r["id"]),
            )
        hint = (
            "Nog geen sessies: druk n om er een te starten."
            if not rows
            else "Enter hervat de gekozen sessie."
        )
        self.query_one("#sessions-hint", Static).update(hint)

    def action_reload(self) -> None:
        self.reload()

    def action_new(self) -> None:
        if self.app.refused_reading():
            return

        def start(values: dict) -> None:
            session_id = self.app.write(lambda p: sessions.create(p, **values, actor=self.app.coder))
            if session_id is not None:
                self.notify(f"Sessie {session_id} gestart: eerst leestijd")
                self.reload()
                self.open_session(session_id)

        def done(values: dict | None) -> None:
            if values is None:
                return
            try:
                found = sessions.offered_basis(self.app.project, values["question"])
            except KBError as e:
                self.notify(tui_message(e), title="Niet gestart", severity="error", markup=False)
                return
            if not found.unreviewed:
                start(values)
                return
            # Never silently: a committee discussing machine suggestions must know it, and choose to.
            self.app.push_screen(
                ChoicePicker(
                    f"Let op: de thema's van deze sessie rusten op\n{found.label}\n({found.coverage}).\n"
                    "Niet alles daarvan is door een codeur beoordeeld. Toch een sessie starten?",
                    [
                        ("nee", "Nee, eerst coderen of beoordelen"),
                        ("ja", "Ja, starten als voorlopige sessie"),
                    ],
                ),
                lambda choice: start(values) if choice == "ja" else self.notify("Geen sessie gestart"),
            )

        self.app.push_screen(NewSessionForm(), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_session(int(event.row_key.value))

    def open_session(self, session_id: int) -> None:
        from .session_run import SessionRunScreen

        self.app.push_screen(SessionRunScreen(session_id), callback=lambda _: self.reload())
