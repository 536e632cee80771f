"""The coding screen's two score grids (split from coding.py): the interview's own scores (p) and the
coder's own scores (e), with the other coders' scores beside the coder's own when the interview is not
blind. A grid opens on its first score cell; a typed score is checked in the dialog, which stays open until
the score is valid or the user cancels."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...errors import KBError
from ...model import ScoreScale
from ..ops import coder_score_op, score_op
from ..widgets import WIDE
from .coding_text import EXAMPLES
from .pickers import TextPrompt

SCORE_GRIDS = ("scores", "coder-scores")
NAME_WIDTH = 20
OTHER_WIDTH = 7
"""a column per other coder: their name cut to this, their scores as "mooi vast" """
SCORE_CELLS = 2 * (4 + 2)
"""the mooi and vast columns with their cell padding"""


def side_width(screen_width: int) -> int:
    """The side panel's width: 2fr of 5, at least its min-width in app.tcss."""
    return max(int(screen_width * 2 / 5), 38 if screen_width >= WIDE else 34)


def name_width(screen_width: int, others: list[str]) -> int:
    """How much of a principle's name fits beside its score columns (and the other coders' columns), so
    that no score column is cut off on a small terminal."""
    # the panel's border, padding and scrollbar take 4 cells; every column pads its cells by 2
    extra = sum(max(len(short(o, OTHER_WIDTH)), 3) + 2 for o in others)
    return max(8, min(NAME_WIDTH, side_width(screen_width) - 4 - 2 - SCORE_CELLS - extra))


def score_check(scale: ScoreScale) -> Callable[[str], str | None]:
    """What is wrong with a typed score (the codebook's one rule), None when it is valid."""

    def check(value: str) -> str | None:
        try:
            scale.check(value)
        except KBError as e:
            return str(e)
        return None

    return check


def short(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def first_score_cell(table: DataTable) -> None:
    """Put the cursor on a score cell: the name column takes no Enter."""
    if table.row_count and table.cursor_coordinate.column == 0:
        table.cursor_coordinate = Coordinate(table.cursor_coordinate.row, 1)


class ScoreGrids(Screen):
    """The base of CodingScreen for its score grids: fills them and edits a score on Enter."""

    interview_id: str
    scores: dict[tuple[str, str], int]
    coder_scores: dict[str, dict[tuple[str, str], int]]
    blind: bool
    code_names: dict[str, str]

    def fill_scores(self) -> None:
        table = self.query_one("#scores", DataTable)
        keep = table.cursor_coordinate
        table.clear()
        for p in self.app.codebook.principles():
            cells = [str(self.scores.get((str(e), p.id), "·")) for e in EXAMPLES]
            table.add_row(short(p.name, name_width(self.app.size.width, [])), *cells, key=p.id)
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(keep)
        self.fill_coder_scores()

    def fill_coder_scores(self) -> None:
        """The coder's own scores, one row per principle; beside them, dim, a column per other coder (when the
        interview is not blind) with their scores as "mooi vast"."""
        table = self.query_one("#coder-scores", DataTable)
        keep = table.cursor_coordinate
        me = self.app.coder
        others = sorted(c for c in self.coder_scores if c != me)
        table.clear(columns=True)
        table.add_columns("principe", "mooi", "vast")
        for other in others:
            table.add_column(Text(short(other, OTHER_WIDTH), style="dim"), key=f"other\t{other}")
        mine = self.coder_scores.get(me, {})
        width = name_width(self.app.size.width, others)
        for p in self.app.codebook.principles():
            cells: list[str | Text] = [short(p.name, width)]
            cells += [str(mine.get((str(e), p.id), "·")) for e in EXAMPLES]
            for other in others:
                theirs = self.coder_scores[other]
                cells.append(
                    Text(" ".join(str(theirs.get((str(e), p.id), "·")) for e in EXAMPLES), style="dim")
                )
            table.add_row(*cells, key=f"{p.id}\t{me}")
        if table.row_count:
            table.cursor_coordinate = table.validate_cursor_coordinate(keep)
        title = "Eigen scores (e; Enter)"
        if self.blind:
            title += " · blind: alleen de jouwe"
        elif others:
            title = "Eigen scores (e) · naast: " + ", ".join(others)
        self.query_one("#coder-scores-title", Static).update(Text(title))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, DataTable) and event.widget.id in SCORE_GRIDS:
            first_score_cell(event.widget)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        table = event.data_table
        if table.id not in SCORE_GRIDS:
            return
        if event.coordinate.column == 0:
            first_score_cell(table)
            coordinate = table.cursor_coordinate
        else:
            coordinate = event.coordinate
        code_id = str(event.cell_key.row_key.value).split("\t", 1)[0]
        if table.id == "scores":
            self.edit_interview_score(code_id, coordinate.column)
        elif coordinate.column <= len(EXAMPLES):
            self.edit_coder_score(code_id, coordinate.column)
        else:
            who = str(table.ordered_columns[coordinate.column].key.value).split("\t", 1)[1]
            self.notify(
                f"Dit is de score van {who}; je kunt alleen je eigen scores wijzigen",
                severity="warning",
                markup=False,
            )

    def _prompt(
        self, title: str, old: int | None, who: str | None, done: Callable[[str | None], None]
    ) -> None:
        if self.app.refused_reading():
            return
        book = self.app.codebook
        scale = f"een geheel getal van {book.scale_min} tot {book.scale_max}"
        self.app.push_screen(
            TextPrompt(
                title,
                value="" if old is None else str(old),
                hint=f"Codeur {who} · {scale}" if who else scale[0].upper() + scale[1:],
                check=score_check(book.score_scale),
            ),
            done,
        )

    def edit_interview_score(self, code_id: str, column: int) -> None:
        example = str(EXAMPLES[column - 1])
        old = self.scores.get((example, code_id))
        name = self.code_names.get(code_id, code_id)
        app = self.app

        def done(value: str | None) -> None:
            if value is None:
                return
            if app.write(*score_op(self.interview_id, example, code_id, value, old, app.coder)) is not None:
                self.notify(f"Score {name} ({example}) opgeslagen: {value.strip()}", markup=False)
                self.reload()

        self._prompt(f"Score {name} — {example}", old, None, done)

    def edit_coder_score(self, code_id: str, column: int) -> None:
        app = self.app
        me = app.coder
        example = str(EXAMPLES[column - 1])
        old = self.coder_scores.get(me, {}).get((example, code_id))
        name = self.code_names.get(code_id, code_id)

        def done(value: str | None) -> None:
            if value is None:
                return
            ok = app.write(*coder_score_op(self.interview_id, example, code_id, value, me, old))
            if ok is not None:
                self.notify(f"Jouw score {name} ({example}) opgeslagen: {ok}", markup=False)
                self.reload()

        self._prompt(f"Jouw score {name} — {example}", old, me, done)

    def action_focus_scores(self) -> None:
        table = self.query_one("#scores", DataTable)
        table.focus()
        first_score_cell(table)

    def action_focus_coder_scores(self) -> None:
        table = self.query_one("#coder-scores", DataTable)
        table.focus()
        first_score_cell(table)
        table.scroll_visible()
