"""Help (the '?' key) and the screen shown when the project cannot be opened."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Static

GENERAL = """\
[b]Kritische Blik[/b] — alles werkt met het toetsenbord; de muis werkt ook.
Schermen: [b]1[/b] Overzicht · [b]2[/b] Codeboek · [b]3[/b] Thema's · [b]4[/b] Tellingen · [b]5[/b] Sessies · [b]6[/b] Verschillen.
[b]Tab[/b] springt tussen velden, [b]Esc[/b] gaat terug, [b]ctrl+z[/b] maakt de laatste wijziging ongedaan.
Elke wijziging wordt meteen opgeslagen."""


def _key(b: Binding) -> str:
    return b.key_display or b.key.replace("question_mark", "?")


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from and the app-wide keys."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Sluiten")]

    def __init__(self, origin: Screen):
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold")
        table.add_column("toets")
        table.add_column("wat")
        seen: set[str] = set()
        for source in (self.origin, self.app):
            for b in getattr(source, "BINDINGS", []):
                if not isinstance(b, Binding) or not b.description or b.key in seen:
                    continue
                seen.add(b.key)
                table.add_row(_key(b), b.description)
        extra = getattr(self.origin, "HELP", "")
        with VerticalScroll(id="help-box"):
            yield Static(GENERAL, id="help-general")
            if extra:
                yield Static(extra, id="help-screen")
            yield Static(table)
            yield Static("[dim]Esc of ? sluit deze hulp[/dim]")


class ErrorScreen(Screen[None]):
    BINDINGS = [Binding("q,escape", "app.quit", "Stoppen")]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header()
        text = Text.assemble(
            ("Het project kan niet worden geopend.", "bold"),
            "\n\n",
            self.message,
            "\n\nDruk op q om te stoppen.",
        )
        yield Static(text, id="error-message")
        yield Footer()
