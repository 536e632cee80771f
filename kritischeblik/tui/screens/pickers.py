"""Small modal dialogs: a fuzzy code picker, a text prompt and a list chooser."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ...model import Code


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())


def _subsequence(query: str, target: str) -> bool:
    it = iter(target)
    return all(ch in it for ch in query)


def fuzzy_codes(codes: Sequence[Code], query: str) -> list[Code]:
    """Codes matching ``query`` by id, name or alias: substring hits first, then in-order letter matches."""
    q = _norm(query)
    if not q:
        return list(codes)
    scored: list[tuple[int, int, Code]] = []
    for order, c in enumerate(codes):
        keys = [_norm(c.id), _norm(c.name), *(_norm(a) for a in c.aliases)]
        if any(k.startswith(q) for k in keys):
            score = 0
        elif any(q in k for k in keys):
            score = 1
        elif all(any(w in k for k in keys) for w in q.split()):
            score = 2
        elif any(_subsequence(q.replace(" ", ""), k.replace(" ", "")) for k in keys):
            score = 3
        else:
            continue
        scored.append((score, order, c))
    return [c for _, _, c in sorted(scored, key=lambda t: (t[0], t[1]))]


class CodePicker(ModalScreen[str | None]):
    """Type to filter codes; Enter picks the highlighted one, Esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Annuleren"),
        Binding("down", "move(1)", "Volgende", show=False),
        Binding("up", "move(-1)", "Vorige", show=False),
    ]

    def __init__(
        self, codes: Sequence[Code], title: str = "Code toevoegen", colors: dict[str, str] | None = None
    ):
        super().__init__()
        self.codes = list(codes)
        self.title_text = title
        self.code_colors = colors or {}
        self.matches: list[Code] = list(codes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="code-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="typ naam, alias of id…", id="code-query")
            yield OptionList(id="code-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#code-query", Input).focus()

    def _fill(self, query: str) -> None:
        self.matches = fuzzy_codes(self.codes, query)
        ol = self.query_one("#code-options", OptionList)
        ol.clear_options()
        ol.add_options(
            Option(
                Text.assemble(("■ ", self.code_colors.get(c.id, "")), c.name, (f"  {c.id}", "dim")), id=c.id
            )
            for c in self.matches
        )
        if self.matches:
            ol.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ol = self.query_one("#code-options", OptionList)
        if ol.highlighted is None or not self.matches:
            self.notify("Geen code gevonden; typ iets anders", severity="warning")
            return
        self.dismiss(self.matches[ol.highlighted].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, delta: int) -> None:
        ol = self.query_one("#code-options", OptionList)
        if self.matches:
            ol.highlighted = max(0, min(len(self.matches) - 1, (ol.highlighted or 0) + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """One line of text; returns what was typed (possibly empty) or None on Esc.

    ``check`` returns what is wrong with the text (None when it is fine): the dialog then stays open and shows
    the error, so a mistyped value is corrected in place instead of retyped."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ):
        super().__init__()
        self.title_text, self.value, self.placeholder, self.hint = title, value, placeholder, hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Label(self.hint, classes="dialog-hint")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", classes="dialog-error")
            yield Label("Enter = opslaan · Esc = annuleren", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#prompt-error", Label).display = False
        self.query_one("#prompt-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check is not None else None
        if problem is not None:
            error = self.query_one("#prompt-error", Label)
            error.update(Text(problem, style="bold red"))
            error.display = True
            # Selected, so the next key typed replaces the wrong value ("9" then "4" gives 4, not 94); the
            # arrow keys still let the user correct it in place.
            event.input.select_all()
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePicker(ModalScreen[str | None]):
    """Choose one of a few labelled options (id, label)."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]):
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(Text(label), id=key) for key, label in self.choices), id="choice-options"
            )

    def on_mount(self) -> None:
        ol = self.query_one("#choice-options", OptionList)
        ol.focus()
        if self.choices:
            ol.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
