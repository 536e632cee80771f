"""Verschillen bespreken: the duo's disagreement review, fragments side by side, decisions into consensus.

Works inside any Textual app that has ``project`` (an open :class:`~kritischeblik.store.db.Project`) and
``coder`` (who is deciding); undo goes onto ``app.undo_stack`` when the app keeps one (KBApp does).
In KBApp it is the sixth screen (key 6, :class:`ReviewModeScreen`) and opens per interview from the
Overzicht (key v).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ...errors import KBError
from ...store import agreement as ag
from ...store import codings as store_codings
from ...store.codings import CONSENSUS
from ..widgets import KBFooter, NavBar
from .pickers import ChoicePicker

LABEL = {"accepted": "ja", "rejected": "nee", None: "—"}


def coders_of_interview(session: Session, interview_id: str) -> list[str]:
    """The human coders (not auto, not consensus) whose layer holds a decision in this interview."""
    per = ag.coded_interviews(session, ag.human_coders(session))
    return [c for c, interviews in per.items() if interview_id in interviews]


def coder_pairs(session: Session) -> list[tuple[tuple[str, str], int]]:
    """Every pair of human coders with the number of interviews both coded, most shared first."""
    per = ag.coded_interviews(session, ag.human_coders(session))
    pairs = [((a, b), len(per[a] & per[b])) for a, b in combinations(sorted(per), 2)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def default_pair(pairs: list[tuple[tuple[str, str], int]], viewer: str) -> list[str] | None:
    """The viewer with the coder they share most interviews with; else the pair sharing the most."""
    shared = [p for p in pairs if p[1] > 0] or pairs
    mine = [p for p in shared if viewer in p[0]]
    best = (mine or shared or [None])[0]
    return list(best[0]) if best else None


def open_review(app, coders: Sequence[str], interview_id: str | None = None,  # noqa: ANN001 - a KBApp
                callback: Callable[[object], None] | None = None) -> None:  # fmt: skip
    app.push_screen(ReviewScreen(coders=coders, interview_id=interview_id), callback=callback)


class ReviewScreen(Screen):
    HELP = (
        "[b]Verschillen bespreken[/b]: de fragmenten waar de codeurs verschillen, met ieders codering en memo "
        "naast elkaar. j = code behouden in de consensuslaag, n = niet behouden, o = alleen open "
        "verschillen tonen of alles, k = andere codeurs kiezen. Blinde interviews worden overgeslagen tot "
        "blind uit staat."
    )
    BINDINGS = [
        Binding("j,y", "decide(True)", "Behouden", key_display="j"),
        Binding("n", "decide(False)", "Niet behouden"),
        Binding("o", "toggle_open", "Open/alles"),
        Binding("k", "choose_coders", "Codeurs kiezen"),
        Binding("escape", "back", "Terug"),
    ]
    FOOTER_SECONDARY = ("choose_coders",)
    NAV = False
    """True for the screen reached with key 6 (it shows the navigation bar)"""
    DEFAULT_CSS = """
    ReviewScreen #review-info { height: auto; padding: 0 1; }
    ReviewScreen #review-list { height: 2fr; }
    ReviewScreen #review-detail { height: 3fr; padding: 0 1; }
    ReviewScreen #review-text { margin: 0 0 1 0; }
    ReviewScreen #review-sides { height: auto; }
    ReviewScreen .review-side { width: 1fr; min-width: 20; padding: 0 1; border: round $primary-darken-2; height: auto; }
    """

    def __init__(
        self,
        coders: Sequence[str] | None = None,
        interview_id: str | None = None,
        code_id: str | None = None,
        only_open: bool = True,
    ):
        super().__init__()
        self.want_coders = list(coders) if coders else None
        self.interview_id = interview_id
        self.code_id = code_id
        self.only_open = only_open
        self.coders: list[str] = []
        self.items: list[ag.Disagreement] = []
        self.skipped: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        if self.NAV:
            yield NavBar("verschillen")
        yield Static("", id="review-info")
        yield DataTable(id="review-list", cursor_type="row")
        with VerticalScroll(id="review-detail"):
            yield Static("", id="review-text")
            yield Horizontal(id="review-sides")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#review-list", DataTable).focus()

    # -- data ------------------------------------------------------------------------------------
    def _read(self) -> tuple[list[str], list[ag.Disagreement], list[str]]:
        with self.app.project.read() as s:
            coders = ag.review_coders(s, self.want_coders)
            items, skipped = ag.disagreements(
                s, coders, [self.interview_id] if self.interview_id else None,
                [self.code_id] if self.code_id else None, only_open=self.only_open,
            )  # fmt: skip
        return coders, items, skipped

    def reload(self, keep_index: int | None = None) -> None:
        try:
            self.coders, self.items, self.skipped = self._read()
        except KBError as e:
            self.coders, self.items, self.skipped = [], [], []
            self.query_one("#review-info", Static).update(Text(str(e), style="bold red"))
            self.notify(str(e), severity="error", markup=False)
            return
        self.sub_title = f"verschillen {' / '.join(self.coders)} — besluit door {self.app.coder}"
        table = self.query_one("#review-list", DataTable)
        table.clear(columns=True)
        table.add_columns("interview", "nr", "code", *self.coders, "consensus")
        for i, d in enumerate(self.items):
            cells = [d.interview_id, str(d.segment_idx + 1), d.code_name]
            cells += [LABEL.get(d.status[c], d.status[c]) for c in self.coders]
            cells.append(LABEL.get(d.consensus, d.consensus) if d.consensus else "open")
            table.add_row(*cells, key=str(i))
        if self.items:
            table.move_cursor(row=min(keep_index or 0, len(self.items) - 1))
        self._info()
        self.show_current()

    def _info(self) -> None:
        n_open = sum(1 for d in self.items if d.consensus is None)
        if self.only_open:
            out = Text.assemble((f"{len(self.items)} open verschil(len)", "bold"), " · o toont ook de besliste")
        else:
            out = Text.assemble((f"{len(self.items)} verschil(len)", "bold"), f", waarvan {n_open} nog open")
        if self.skipped:
            out.append(f" · overgeslagen, nog blind: {', '.join(self.skipped)}", style="dim")
        if not self.items:
            out.append("\nGeen verschillen om te bespreken.", style="italic")
        self.query_one("#review-info", Static).update(out)

    @property
    def index(self) -> int | None:
        table = self.query_one("#review-list", DataTable)
        if not self.items or table.cursor_row is None:
            return None
        return table.cursor_row if 0 <= table.cursor_row < len(self.items) else None

    @property
    def current(self) -> ag.Disagreement | None:
        i = self.index
        return None if i is None else self.items[i]

    def show_current(self) -> None:
        d = self.current
        text = self.query_one("#review-text", Static)
        sides = self.query_one("#review-sides", Horizontal)
        sides.remove_children()
        if d is None:
            text.update("")
            return
        text.update(
            Text.assemble(
                (f"{d.interview_id} #{d.segment_idx + 1} · {d.section} · {d.speaker}\n", "bold"),
                (f"{d.code_name}", "bold underline"), f" ({d.code_id})\n", d.text,
            )  # fmt: skip
        )
        panels = []
        for name in [*self.coders, CONSENSUS]:
            status = d.consensus if name == CONSENSUS else d.status[name]
            memo = d.consensus_memo if name == CONSENSUS else d.memo[name]
            body = Text.assemble((f"{name}\n", "bold"), ("open" if name == CONSENSUS and status is None
                                                          else LABEL.get(status, status or "—"), "bold"))  # fmt: skip
            body.append(f"\n{memo}" if memo else "\n(geen memo)", style="" if memo else "dim")
            panels.append(Static(body, classes="review-side"))
        sides.mount(*panels)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_current()

    # -- actions ---------------------------------------------------------------------------------
    def action_decide(self, keep: bool) -> None:
        d, i = self.current, self.index
        if d is None:
            return
        by = self.app.coder
        prev = (d.consensus, d.consensus_memo)
        try:
            with self.app.project.write() as s:
                row = ag.decide_consensus(s, d.segment_id, d.code_id, keep, by)
                new_rev = row.revision
        except KBError as e:
            self.notify(str(e), title="Niet opgeslagen", severity="error", markup=False)
            return
        self._push_undo(d, prev, new_rev, keep)
        self.notify(f"{d.code_name}: {'behouden' if keep else 'niet behouden'} (consensus)", markup=False)
        self.reload(keep_index=i if self.only_open else (i or 0) + 1)

    def _push_undo(self, d: ag.Disagreement, prev: tuple[str | None, str], new_rev: int, keep: bool) -> None:
        stack = getattr(self.app, "undo_stack", None)
        if stack is None:
            return
        from ..app import UndoOp

        status, memo = prev

        def apply(s: Session) -> None:
            if status is None:
                store_codings.decide(s, d.segment_id, d.code_id, CONSENSUS, "remove", expected_revision=new_rev)
            else:
                store_codings.decide(s, d.segment_id, d.code_id, CONSENSUS,
                                     "reject" if status == "rejected" else "accept", memo=memo,
                                     expected_revision=new_rev)  # fmt: skip

        stack.append(UndoOp(f"consensus {d.code_id} ({'behouden' if keep else 'niet behouden'})", apply))

    def action_toggle_open(self) -> None:
        self.only_open = not self.only_open
        self.reload()

    def action_choose_coders(self) -> None:
        pairs = self.app.read(coder_pairs) or []
        if not pairs:
            self.notify("Er zijn nog geen twee codeurs om te vergelijken", severity="warning")
            return
        choices = [(f"{a}\t{b}", f"{a} & {b} ({n} gezamenlijk gecodeerde interviews)") for (a, b), n in pairs]

        def done(choice: str | None) -> None:
            if choice is not None:
                self.want_coders = choice.split("\t")
                self.reload()

        self.app.push_screen(ChoicePicker("Welke codeurs vergelijken?", choices), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The top screen of its mode has nothing to go back to.
        return not (action == "back" and len(self.app.screen_stack) <= 1)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


class ReviewModeScreen(ReviewScreen):
    """Key 6: the review for the viewer and the coder they share most interviews with (k picks others)."""

    NAV = True

    def _read(self) -> tuple[list[str], list[ag.Disagreement], list[str]]:
        if self.want_coders is None:
            with self.app.project.read() as s:
                pairs = coder_pairs(s)
            self.want_coders = default_pair(pairs, self.app.coder)
            if self.want_coders is None:
                raise KBError(
                    "Er zijn nog geen twee codeurs om te vergelijken. Verschillen verschijnen hier zodra twee "
                    "codeurs (elk met --coder NAAM) hetzelfde interview gecodeerd hebben."
                )
        return super()._read()
