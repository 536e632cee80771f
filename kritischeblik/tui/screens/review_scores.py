"""The Scores tab of Verschillen bespreken: the coders' own principle scores side by side, and the duo adopting
one value as the interview's score (with undo, and every other screen refreshed)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Static

from ...errors import KBError
from ...store import coder_scores as cs
from ...store.codebooks import primary_codebook
from ...wording import plural
from ..hints import tui_message
from .coding_scores import score_check
from .pickers import ChoicePicker, TextPrompt
from .review_pairs import default_pair

OTHER_SCORE = "\x00anders"
"""ChoicePicker id of "type another score" (no score value can look like it)"""
SOURCE_LABEL = {
    "transcript": "uit het transcript",
    "formulier": "uit het scoreformulier",
    "tui": "ingevoerd in de TUI",
    "refi-import": "uit REFI-QDA",
    cs.CONSENSUS_SOURCE: "overgenomen door de duo",
}


def score_cell(value: int | None) -> str:
    return "—" if value is None else str(value)


class ScoreDifferences:
    """Mixed into :class:`.review.ReviewScreen` (a Screen with ``score_coders``, ``score_items``,
    ``score_skipped``, ``want_score_coders``, ``coders``, ``interview_id`` and ``only_open``)."""

    def _read_scores(self) -> tuple[list[str], list[cs.ScoreDifference], list[str]]:
        with self.app.project.read() as s:
            want = self.want_score_coders
            if want is None:
                pairs = cs.score_pairs(s)
                if len(self.coders) == 2 and tuple(sorted(self.coders)) in {p for p, _ in pairs}:
                    want = list(self.coders)  # the pair under review, when both also scored
                else:
                    want = default_pair(pairs, self.app.coder)
                if want is None:
                    raise KBError(
                        "Er zijn nog geen twee codeurs met eigen scores. Geef scores in het scherm Coderen met e "
                        "(elk met --coder NAAM) of met 'kb agreement score-set'."
                    )
            items, skipped = cs.score_differences(
                s, want, [self.interview_id] if self.interview_id else None, only_open=self.only_open
            )
        return want, items, skipped

    def reload_scores(self, keep_index: int | None = None) -> None:
        table = self.query_one("#score-list", DataTable)
        try:
            self.score_coders, self.score_items, self.score_skipped = self._read_scores()
        except KBError as e:
            self.score_coders, self.score_items, self.score_skipped = [], [], []
            table.clear(columns=True)
            self.query_one("#score-info", Static).update(Text(str(e), style="bold red"))
            self.query_one("#score-detail", Static).update("")
            return
        table.clear(columns=True)
        table.add_columns("interview", "voorbeeld", "principe", *self.score_coders, "score interview")
        for i, d in enumerate(self.score_items):
            cells = [d.interview_id, "mooi" if d.example.startswith("mooi") else "vast", d.code_name]
            cells += [score_cell(d.scores[c]) for c in self.score_coders]
            mark = " ✓" if d.decided else ""
            table.add_row(*cells, f"{score_cell(d.interview_score)}{mark}", key=str(i))
        if self.score_items:
            table.move_cursor(row=min(keep_index or 0, len(self.score_items) - 1))
        n_open = sum(1 for d in self.score_items if not d.decided)
        who = " / ".join(self.score_coders)
        if self.only_open:
            out = Text.assemble(
                (plural(len(self.score_items), "open scoreverschil", "open scoreverschillen"), "bold"),
                f" · {who} · o toont ook de besliste",
            )
        else:
            out = Text.assemble(
                (plural(len(self.score_items), "scoreverschil", "scoreverschillen"), "bold"),
                f", waarvan {n_open} nog open · {who}",
            )
        if self.score_skipped:
            out.append(f" · overgeslagen, nog blind: {', '.join(self.score_skipped)}", style="dim")
        if not self.score_items:
            out.append("\nGeen scoreverschillen om te bespreken.", style="italic")
        self.query_one("#score-info", Static).update(out)
        self.show_score()

    @property
    def score_index(self) -> int | None:
        table = self.query_one("#score-list", DataTable)
        if not self.score_items or table.cursor_row is None:
            return None
        return table.cursor_row if 0 <= table.cursor_row < len(self.score_items) else None

    @property
    def current_score(self) -> cs.ScoreDifference | None:
        i = self.score_index
        return None if i is None else self.score_items[i]

    def show_score(self) -> None:
        d = self.current_score
        box = self.query_one("#score-detail", Static)
        if d is None:
            box.update("")
            return
        out = Text.assemble(
            (f"{d.interview_id} · {d.example} · ", "bold"),
            (d.code_name, "bold underline"),
            f" ({d.code_id})\n",
        )
        for c in self.score_coders:
            out.append(f"{c}: ", style="bold")
            out.append(f"{score_cell(d.scores[c])}   ")
        out.append("\ninterview: ", style="bold")
        source = SOURCE_LABEL.get(d.interview_source or "", d.interview_source or "")
        out.append(
            f"{score_cell(d.interview_score)}"
            + (f" ({source})" if d.interview_score is not None else " (geen)")
        )
        out.append("\na of Enter: een waarde overnemen als score van het interview", style="dim")
        box.update(out)

    def action_adopt(self) -> None:
        d, i = self.current_score, self.score_index
        if d is None:
            self.notify("Geen scoreverschil gekozen", severity="warning")
            return
        values: dict[int, list[str]] = {}
        for c in self.score_coders:
            if d.scores[c] is not None:
                values.setdefault(d.scores[c], []).append(c)
        choices = [(str(v), f"{v} — score van {' en '.join(who)}") for v, who in sorted(values.items())]
        if d.interview_score is not None and d.interview_score not in values:
            choices.append((str(d.interview_score), f"{d.interview_score} — huidige score van het interview"))
        choices.append((OTHER_SCORE, "Andere score…"))

        def save(value: str | None) -> None:
            if value is not None:
                self._adopt(d, i, value)

        def chosen(choice: str | None) -> None:
            if choice == OTHER_SCORE:
                with self.app.project.read() as s:
                    book = primary_codebook(s)
                self.app.push_screen(
                    TextPrompt(
                        f"Score {d.code_name} — {d.interview_id}, {d.example}",
                        hint=f"Een geheel getal van {book.scale_min} tot {book.scale_max}",
                        check=score_check(book.score_scale),
                    ),
                    save,
                )
            elif choice is not None:
                save(choice)

        self.app.push_screen(
            ChoicePicker(f"Score van het interview\n{d.code_name} · {d.example}", choices), chosen
        )

    def _adopt(self, d: cs.ScoreDifference, index: int | None, value: str) -> None:
        from ..ops import adopt_score_op

        fn, undo = adopt_score_op(d.interview_id, d.example, d.code_id, value, self.app.coder)
        try:
            self.app.project.check_writable()  # reading without a coder: say read-only, not "who decides"
            adopted = fn(self.app.project)
        except KBError as e:
            self.notify(tui_message(e), title="Niet opgeslagen", severity="error", markup=False)
            return
        stack = getattr(self.app, "undo_stack", None)
        if stack is not None:
            stack.append(undo(adopted))
        self._changed()  # the coding screen and the counts show this score too
        self.notify(
            f"{d.code_name} ({d.example}): score {adopted.score} overgenomen voor {d.interview_id}",
            markup=False,
        )
        self.reload_scores(keep_index=index if self.only_open else (index or 0) + 1)
