"""Codeboek: codes with definition, when to use, counts and the fragments coded with each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...services import coding
from ...store.browse import CodeCount, code_counts, code_fragments
from ...wording import plural
from ..tasks import start_task
from ..widgets import WIDE, KBFooter, NavBar

FRAGMENT_LIMIT = 30
NAME_WIDTH = {False: 22, True: 40}
"""width of the code-name column below and from ``WIDE`` columns"""


class CodebookScreen(Screen):
    HELP = (
        "[b]Codeboek[/b]: ↑/↓ kiest een code; rechts de definitie, wanneer je hem gebruikt en de fragmenten "
        "die ermee gecodeerd zijn (geaccepteerd door een codeur, of nog een machinevoorstel). [b]s[/b] maakt "
        "opnieuw machinevoorstellen met de trefwoorden van het codeboek, op de achtergrond (Esc breekt af)."
    )
    BINDINGS = [
        Binding("r", "reload", "Verversen"),
        Binding("s", "suggest", "Voorstellen maken"),
        Binding("escape", "app.cancel_task", "Afbreken", show=False),
        Binding("tab", "app.focus_next", "Wissel paneel", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, CodeCount] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("codeboek")
        with Horizontal(id="codebook"):
            yield DataTable(id="codes", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="code-detail"):
                yield Static("", id="code-text")
                yield Static("", id="code-fragments")
        yield KBFooter()

    def action_suggest(self) -> None:
        """Machine suggestions from the codebook's keywords for every code (``kb code auto`` without a coder),
        in a worker: the screen stays usable, and the duo partner keeps coding meanwhile."""
        project, me = self.app.project, self.app.coder or None

        def done(result: coding.AutoCodeResult) -> None:
            c = result.counts
            self.notify(
                f"{plural(len(result.suggestions), 'voorstel', 'voorstellen')}: {c['nieuw']} nieuw, {c['bijgewerkt']} bijgewerkt, "
                f"{c['verwijderd']} verouderd verwijderd"
            )
            self.reload()

        start_task(
            self.app,
            self,
            "Voorstellen maken",
            lambda progress: coding.auto_code(project, progress=progress, actor=me),
            done,
            failed="Geen voorstellen gemaakt",
            quiet_gc=True,
        )

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#codes", DataTable).focus()

    def reload(self) -> None:
        self.counts = self.app.read(lambda s: code_counts(s, self.app.coder)) or {}
        table = self.query_one("#codes", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        book = self.app.codebook
        # Long code names are cut (the full name and the kind head the detail panel) so the counts stay in view.
        name_width = min(
            max((len(c.name) for c in book.codes), default=4), NAME_WIDTH[self.app.size.width >= WIDE]
        )
        table.add_column("code", width=name_width)
        for label in ("gecod.", "voorst.", "interv."):
            table.add_column(Text(label, justify="right"))
        for c in book.codes:
            n = self.counts.get(c.id)
            counts = (n.accepted, n.suggested, n.interviews) if n else (0, 0, 0)
            table.add_row(
                Text(c.name, style=c.color or "", overflow="ellipsis", no_wrap=True),
                *(Text(str(x), justify="right") for x in counts),
                key=c.id,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.show_code()

    def current_code(self) -> str | None:
        table = self.query_one("#codes", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def show_code(self) -> None:
        code_id = self.current_code()
        code = self.app.codebook.by_id().get(code_id) if code_id else None
        if code is None:
            return
        out = Text()
        out.append(f"{code.name}\n", style=f"bold {code.color or ''}")
        out.append(f"{code.id} · {self.app.codebook.kinds.get(code.kind, code.kind)}\n", style="dim")
        if code.aliases:
            out.append(f"Ook: {', '.join(code.aliases)}\n", style="italic")
        for title, body in (
            ("Definitie", code.definition),
            ("Wanneer gebruiken", code.when_to_use),
            ("Wanneer niet", code.when_not_to_use),
        ):
            if body:
                out.append(f"\n{title}\n", style="bold")
                out.append(" ".join(body.split()) + "\n")
        if code.examples:
            out.append("\nVoorbeelden\n", style="bold")
            out.append("".join(f"- {e}\n" for e in code.examples), style="italic")
        self.query_one("#code-text", Static).update(out)
        frags = (
            self.app.read(lambda s: code_fragments(s, code.id, self.app.coder, limit=FRAGMENT_LIMIT)) or []
        )
        ft = Text()
        n = self.counts.get(code.id)
        total = (n.accepted + n.suggested) if n else 0
        ft.append(f"\nFragmenten ({len(frags)} getoond)\n", style="bold")
        if not frags:
            ft.append("Nog geen fragmenten met deze code.\n", style="dim")
        for f in frags:
            who = ", ".join("machinevoorstel" if w == "auto" else w for w in f.layers)
            ft.append(f"• {f.interview_id} · {f.speaker} ", style="bold")
            ft.append(f"({who})\n", style="dim")
            ft.append(f"  {f.text}\n")
        if total > len(frags):
            ft.append(f"… de eerste {FRAGMENT_LIMIT} fragmenten zijn getoond\n", style="dim")
        self.query_one("#code-fragments", Static).update(ft)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "codes":
            self.show_code()

    def action_reload(self) -> None:
        self.reload()
