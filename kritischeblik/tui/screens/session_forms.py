"""Forms for the duidingssessie: a new session, and a contribution (duiding or 'wat neem jij mee')."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from ...errors import KBError
from ...store.sessions import PROMPTS, QUESTIONS


def parse_numbers(text: str, maximum: int) -> list[int]:
    """'1, 3 5' -> [1, 3, 5]; numbers must lie in 1..maximum."""
    out: list[int] = []
    for part in text.replace(",", " ").replace(";", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= maximum:
            raise KBError(f"'{part}' is geen fragmentnummer; kies uit 1–{maximum} (gescheiden door komma's)")
        out.append(int(part))
    return out


class Form(ModalScreen[dict | None]):
    """Base: Esc cancels, ctrl+s or the button saves; ``collect`` returns the values or raises KBError."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren"), Binding("ctrl+s", "save", "Opslaan")]

    def collect(self) -> dict:
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            values = self.collect()
        except KBError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on to the next field; on the last field it saves.
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def on_mount(self) -> None:
        # One-line fields, so the whole form (buttons included) fits on an 80x24 terminal.
        for field in self.query("Input, Select"):
            field.compact = True

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button("Opslaan (ctrl+s)", id="save", variant="primary")
            yield Button("Annuleren (esc)", id="cancel")


class NewSessionForm(Form):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label("Nieuwe duidingssessie", classes="dialog-title")
            yield Label("Onderzoeksvraag")
            yield Select(
                [(text, key) for key, (text, _) in QUESTIONS.items()], allow_blank=False, id="s-vraag"
            )
            yield Label("Datum (JJJJ-MM-DD)")
            yield Input(value=date.today().isoformat(), id="s-datum")
            yield Label("Deelnemers (namen, gescheiden door komma's)")
            yield Input(placeholder="bv. Commissielid A, Onderzoeker 3, Onderzoeker 7", id="s-deelnemers")
            yield Label("Titel (mag leeg)")
            yield Input(id="s-titel")
            yield Label("Leestijd in minuten")
            yield Input(value="15", id="s-leestijd")
            yield from self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#s-vraag", Select).focus()

    def collect(self) -> dict:
        minutes = self.query_one("#s-leestijd", Input).value.strip() or "0"
        if not minutes.isdigit():
            raise KBError(f"Leestijd '{minutes}' is geen aantal minuten")
        people = [p.strip() for p in self.query_one("#s-deelnemers", Input).value.split(",") if p.strip()]
        if not people:
            raise KBError("Vul minstens één deelnemer in")
        return {
            "question": self.query_one("#s-vraag", Select).value,
            "datum": self.query_one("#s-datum", Input).value,
            "participants": people,
            "title": self.query_one("#s-titel", Input).value,
            "reading_minutes": int(minutes),
        }


class ContributionForm(Form):
    """Who said what (and, for a duiding, in answer to which prompt and pointing at which fragments)."""

    def __init__(
        self,
        title: str,
        participants: Sequence[str],
        author: str | None = None,
        with_prompt: bool = True,
        fragments: int = 0,
    ):
        super().__init__()
        self.title_text = title
        self.participants = list(participants)
        self.author = (
            author if author in self.participants else (self.participants[0] if self.participants else None)
        )
        self.with_prompt = with_prompt
        self.fragments = fragments

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label("Wie")
            yield Select([(p, p) for p in self.participants], value=self.author or Select.NULL, id="c-auteur")
            if self.with_prompt:
                yield Label("Bij welke vraag")
                yield Select([(p, p) for p in PROMPTS], value=PROMPTS[0], allow_blank=False, id="c-vraag")
            yield Label("Wat is er gezegd")
            yield Input(id="c-tekst")
            if self.with_prompt and self.fragments:
                yield Label(f"Fragmenten waar het over gaat (nummers 1–{self.fragments}, mag leeg)")
                yield Input(id="c-fragmenten")
            yield from self.buttons()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#c-tekst", Input).focus()

    def collect(self) -> dict:
        author = self.query_one("#c-auteur", Select).value
        if not isinstance(author, str):
            raise KBError("Kies wie het zei")
        text = self.query_one("#c-tekst", Input).value
        if not text.strip():
            raise KBError("Een lege bijdrage wordt niet opgeslagen; typ eerst wat er gezegd is")
        out = {"author": author, "text": text, "prompt": "", "fragments": []}
        if self.with_prompt:
            prompt = self.query_one("#c-vraag", Select).value
            out["prompt"] = prompt if isinstance(prompt, str) else ""
            if self.fragments:
                out["fragments"] = parse_numbers(self.query_one("#c-fragmenten", Input).value, self.fragments)
        return out
