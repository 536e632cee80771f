"""Forms for the duidingssessie: a new session, and a contribution (duiding or 'wat neem jij mee')."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from ...errors import KBError
from ...store.sessions import PROMPTS, QUESTIONS, DuidingView


def parse_numbers(text: str, maximum: int) -> list[int]:
    """'1, 3 5' -> [1, 3, 5]; numbers must lie in 1..maximum."""
    out: list[int] = []
    for part in text.replace(",", " ").replace(";", " ").split():
        if not part.isdigit() or not 1 <= int(part) <= maximum:
            raise KBError(f"'{part}' is geen fragmentnummer; kies uit 1–{maximum} (gescheiden door komma's)")
        out.append(int(part))
    return out


def resolve_participant(typed: str, participants: Sequence[str]) -> str:
    """The participant ``typed`` means: the same name in any case, else the one name it is the start of;
    otherwise ``typed`` itself (tidied), a new participant."""
    name = " ".join(typed.split())
    if not name:
        raise KBError("Vul in wie het zei (een deelnemer, of een nieuwe naam)")
    low = name.casefold()
    same = [p for p in participants if p.casefold() == low]
    if same:
        return same[0]
    starts = [p for p in participants if p.casefold().startswith(low)]
    return starts[0] if len(starts) == 1 else name


class DutchOverlay(SelectOverlay):
    """Textual's dropdown list, with its footer key in Dutch."""

    BINDINGS = [Binding("escape", "dismiss", "Lijst sluiten")]


class TypingSelect(Select):
    """A dropdown that takes typing while closed: the letters typed pick the first option that starts with
    them, so keystrokes never vanish; a Dutch prompt and key labels instead of Textual's English ones."""

    BINDINGS = [Binding("enter,down,space,up", "show_overlay", "Lijst tonen", show=False)]

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield DutchOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def __init__(self, options, *, prompt: str = "Kies…", **kwargs) -> None:  # noqa: ANN001
        super().__init__(options, prompt=prompt, **kwargs)
        self.typed = ""

    def on_key(self, event: events.Key) -> None:
        if self.expanded or event.character is None or not event.character.isprintable():
            return
        if event.character == " ":
            return  # space opens the list (Select's own binding)
        event.stop()
        event.prevent_default()
        for typed in (self.typed + event.character, event.character):
            match = next(
                (
                    value
                    for label, value in self._options
                    if str(label).casefold().startswith(typed.casefold())
                ),
                None,
            )
            if match is not None:
                self.typed = typed
                self.value = match
                return
        self.typed = ""
        self.notify(
            f"Geen keuze begint met '{event.character}': kies met ↑/↓ of enter",
            severity="warning",
            markup=False,
        )

    def on_blur(self) -> None:
        self.typed = ""


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
        # Tab goes round the fields only (a focused scroll container would swallow typing); a focused field
        # scrolls itself into view.
        for box in self.query(VerticalScroll):
            box.can_focus = False
        # The form opens on its first field, whatever the subclass composed.
        fields = list(self.query("Input, Select"))
        if fields:
            fields[0].focus()

    def buttons(self) -> ComposeResult:
        # Buttons take no focus: Tab moves between the fields only, so typing never lands on a button
        # (ctrl+s and esc do what they say; the mouse still clicks them).
        with Horizontal(classes="buttons"):
            save = Button("Opslaan (ctrl+s)", id="save", variant="primary")
            cancel = Button("Annuleren (esc)", id="cancel")
            save.can_focus = cancel.can_focus = False
            yield save
            yield cancel


class NewSessionForm(Form):
    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label("Nieuwe duidingssessie", classes="dialog-title")
            yield Label("Onderzoeksvraag")
            yield TypingSelect(
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
        text: str = "",
        prompt: str = "",
        numbers: Sequence[int] = (),
    ):
        """``text``, ``prompt`` and ``numbers`` (fragment numbers) fill the form to edit a contribution."""
        super().__init__()
        self.initial_text, self.initial_prompt, self.initial_numbers = text, prompt, list(numbers)
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
            # short labels: the dialog is about 50 columns wide on an 80x24 terminal
            yield Label("Wie (→ vult een deelnemer aan; of een nieuwe naam)")
            # A text field with completion, not a dropdown: whatever is typed here stays visible, and a guest
            # who speaks up can be named on the spot.
            yield Input(
                value=self.author or "",
                placeholder="begin te typen: de naam wordt aangevuld (→)",
                suggester=SuggestFromList(self.participants, case_sensitive=False),
                id="c-auteur",
            )
            if self.with_prompt:
                yield Label("Bij welke vraag")
                yield TypingSelect(
                    [(p, p) for p in PROMPTS],
                    value=self.initial_prompt or PROMPTS[0],
                    allow_blank=False,
                    id="c-vraag",
                )
            yield Label("Wat is er gezegd")
            yield Input(value=self.initial_text, id="c-tekst")
            if self.with_prompt and self.fragments:
                yield Label(f"Fragmenten (nummers 1–{self.fragments}; mag leeg)")
                yield Input(value=", ".join(map(str, self.initial_numbers)), id="c-fragmenten")
            yield from self.buttons()

    def collect(self) -> dict:
        author = resolve_participant(self.query_one("#c-auteur", Input).value, self.participants)
        text = self.query_one("#c-tekst", Input).value
        if not text.strip():
            raise KBError("Een lege bijdrage wordt niet opgeslagen; typ eerst wat er gezegd is")
        out = {
            "author": author,
            "text": text,
            "prompt": "",
            "fragments": [],
            "new": author not in self.participants,
        }
        if self.with_prompt:
            prompt = self.query_one("#c-vraag", Select).value
            out["prompt"] = prompt if isinstance(prompt, str) else ""
            if self.fragments:
                out["fragments"] = parse_numbers(self.query_one("#c-fragmenten", Input).value, self.fragments)
        return out


def next_without_answer(participants: list[str], answers: list[DuidingView]) -> str | None:
    """In the closing round, who is next: the first participant after the last one who answered (in the
    order of the list, wrapping round) who has not answered yet; None when everyone has."""
    answered = {d.author for d in answers}
    start = (
        participants.index(answers[-1].author) + 1 if answers and answers[-1].author in participants else 0
    )
    order = participants[start:] + participants[:start]
    return next((p for p in order if p not in answered), None)
