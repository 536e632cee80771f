"""Verschillen bespreken: the duo's disagreement review, fragments side by side, decisions into consensus.

Two tabs: *Coderingen* (codes on fragments, decisions into the consensus layer) and *Scores* (the coders' own
principle scores per interview × voorbeeld × principe; the duo adopts one value as the interview's score).

Works inside any Textual app that has ``project`` (an open :class:`~kritischeblik.store.db.Project`) and
``coder`` (who is deciding); undo goes onto ``app.undo_stack`` when the app keeps one (KBApp does).
In KBApp it is the sixth screen (key 6, :class:`ReviewModeScreen`) and opens per interview from the
Overzicht (key v).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from ...errors import KBError
from ...model import CONSENSUS, Status
from ...services import consensus
from ...store import coder_scores as cs
from ...store.disagreements import Disagreement, disagreements, review_coders
from ...wording import noun, plural
from ..fresh import FreshOnResume
from ..hints import tui_message
from ..widgets import KBFooter, NavBar
from .pickers import ChoicePicker
from .review_pairs import coder_pairs, default_pair
from .review_scores import ScoreDifferences

LABEL = {Status.ACCEPTED: "ja", Status.REJECTED: "nee", None: "—"}
CODE_ACTIONS = {"decide"}
SCORE_ACTIONS = {"adopt"}


def open_review(
    app,
    coders: Sequence[str],
    interview_id: str | None = None,  # noqa: ANN001 - a KBApp
    callback: Callable[[object], None] | None = None,
) -> None:
    app.push_screen(ReviewScreen(coders=coders, interview_id=interview_id), callback=callback)


class ReviewScreen(ScoreDifferences, FreshOnResume, Screen):
    HELP = (
        "[b]Verschillen bespreken[/b], twee tabbladen (s wisselt). [b]Coderingen[/b]: de fragmenten waar de "
        "codeurs verschillen, met ieders codering en memo naast elkaar; j = code behouden in de consensuslaag, "
        "n = niet behouden. [b]Scores[/b]: per interview × voorbeeld × principe waar de eigen scores van de "
        "codeurs (e in Coderen) verschillen, met ieders score en de score van het interview; a of Enter = één "
        "waarde overnemen als score van het interview (bron: consensus). o = alleen open verschillen tonen of "
        "alles, k = andere codeurs kiezen, ctrl+z = ongedaan. Blinde interviews worden overgeslagen tot blind "
        "uit staat."
    )
    BINDINGS = [
        Binding("j,y", "decide(True)", "Behouden", key_display="j"),
        Binding("n", "decide(False)", "Niet behouden"),
        Binding("a", "adopt", "Overnemen"),
        Binding("s", "switch_tab", "Coderingen/Scores"),
        Binding("o", "toggle_open", "Open/alles"),
        Binding("k", "choose_coders", "Codeurs kiezen"),
        Binding("escape", "back", "Terug"),
    ]
    FOOTER_SECONDARY = ("choose_coders", "toggle_open")
    NAV = False
    """True for the screen reached with key 6 (it shows the navigation bar)"""
    DEFAULT_CSS = """
    ReviewScreen #review-info { height: auto; padding: 0 1; }
    ReviewScreen #review-list { height: 2fr; }
    ReviewScreen #review-detail { height: 3fr; padding: 0 1; }
    ReviewScreen #review-text { margin: 0 0 1 0; }
    ReviewScreen #review-sides { height: auto; }
    ReviewScreen .review-side { width: 1fr; min-width: 20; padding: 0 1; border: round $primary-darken-2; height: auto; }
    ReviewScreen #review-tabs { height: 1fr; }
    ReviewScreen #review-tabs > ContentSwitcher { height: 1fr; }
    ReviewScreen TabPane { height: 1fr; padding: 0; }
    ReviewScreen #score-info { height: auto; padding: 0 1; }
    ReviewScreen #score-list { height: 2fr; }
    ReviewScreen #score-detail { height: 1fr; padding: 0 1; }
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
        self.items: list[Disagreement] = []
        self.skipped: list[str] = []
        self.want_score_coders: list[str] | None = None
        self.score_coders: list[str] = []
        self.score_items: list[cs.ScoreDifference] = []
        self.score_skipped: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        if self.NAV:
            yield NavBar("verschillen")
        with TabbedContent(id="review-tabs", initial="tab-codes"):
            with TabPane("Coderingen", id="tab-codes"):
                yield Static("", id="review-info")
                yield DataTable(id="review-list", cursor_type="row")
                with VerticalScroll(id="review-detail"):
                    yield Static("", id="review-text")
                    yield Horizontal(id="review-sides")
            with TabPane("Scores", id="tab-scores"):
                yield Static("", id="score-info")
                yield DataTable(id="score-list", cursor_type="row")
                yield Static("", id="score-detail")
        yield KBFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#review-list", DataTable).focus()

    @property
    def on_scores(self) -> bool:
        return self.query_one("#review-tabs", TabbedContent).active == "tab-scores"

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.query_one("#score-list" if self.on_scores else "#review-list", DataTable).focus()
        self.refresh_bindings()

    def action_switch_tab(self) -> None:
        self.query_one("#review-tabs", TabbedContent).active = "tab-codes" if self.on_scores else "tab-scores"

    # -- data ------------------------------------------------------------------------------------
    def _read(self) -> tuple[list[str], list[Disagreement], list[str]]:
        with self.app.project.read() as s:
            coders = review_coders(s, self.want_coders)
            items, skipped = disagreements(
                s,
                coders,
                [self.interview_id] if self.interview_id else None,
                [self.code_id] if self.code_id else None,
                only_open=self.only_open,
            )
        return coders, items, skipped

    def reload(self, keep_index: int | None = None) -> None:
        self.reload_codes(None if self.on_scores else keep_index)
        self.reload_scores(keep_index if self.on_scores else None)  # after codes: it prefers the same pair

    def reload_codes(self, keep_index: int | None = None) -> None:
        try:
            self.coders, self.items, self.skipped = self._read()
        except KBError as e:
            self.coders, self.items, self.skipped = [], [], []
            self.query_one("#review-list", DataTable).clear(columns=True)
            self.query_one("#review-info", Static).update(Text(str(e), style="bold red"))
            if not self.on_scores:
                self.notify(str(e), severity="error", markup=False)
            return
        who = f"besluit door {self.app.coder}" if self.app.coder else self.app.who()
        self.sub_title = f"verschillen {' / '.join(self.coders)} — {who}"
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

    # -- scores tab ------------------------------------------------------------------------------
    def _changed(self) -> None:
        changed = getattr(self.app, "data_changed", None)  # KBApp: other screens reload when shown again
        if callable(changed):
            changed()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "score-list":
            self.action_adopt()

    def _info(self) -> None:
        n_open = sum(1 for d in self.items if d.consensus is None)
        if self.only_open:
            out = Text.assemble(
                (plural(len(self.items), "open verschil", "open verschillen"), "bold"),
                " · o toont ook de besliste",
            )
        else:
            out = Text.assemble((plural(len(self.items), "verschil", "verschillen"), "bold"))
            out.append(f", waarvan {n_open} nog open")
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
    def current(self) -> Disagreement | None:
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
                (f"{d.code_name}", "bold underline"),
                f" ({d.code_id})\n",
                d.text,
            )
        )
        panels = []
        for name in [*self.coders, CONSENSUS]:
            status = d.consensus if name == CONSENSUS else d.status[name]
            memo = d.consensus_memo if name == CONSENSUS else d.memo[name]
            body = Text.assemble(
                (f"{name}\n", "bold"),
                (
                    "open" if name == CONSENSUS and status is None else LABEL.get(status, status or "—"),
                    "bold",
                ),
            )
            body.append(f"\n{memo}" if memo else "\n(geen memo)", style="" if memo else "dim")
            panels.append(Static(body, classes="review-side"))
        sides.mount(*panels)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "score-list":
            self.show_score()
        else:
            self.show_current()

    # -- actions ---------------------------------------------------------------------------------
    def action_decide(self, keep: bool) -> None:
        d, i = self.current, self.index
        if d is None:
            return
        prev = (d.consensus, d.consensus_memo)
        try:
            decision = consensus.decide_consensus(
                self.app.project, d.segment_id, d.code_id, keep, self.app.coder
            )
        except KBError as e:
            self.notify(tui_message(e), title="Niet opgeslagen", severity="error", markup=False)
            return
        self._push_undo(d, prev, decision, keep)
        self._changed()
        self.notify(f"{d.code_name}: {'behouden' if keep else 'niet behouden'} (consensus)", markup=False)
        self.reload(keep_index=i if self.only_open else (i or 0) + 1)

    def _push_undo(
        self, d: Disagreement, prev: tuple[str | None, str], decision: consensus.ConsensusDecision, keep: bool
    ) -> None:
        stack = getattr(self.app, "undo_stack", None)
        if stack is None:
            return
        from ..app import UndoOp

        me = self.app.coder  # now: the undo may run after this screen is gone
        stack.append(
            UndoOp(
                f"consensus {d.code_id} ({'behouden' if keep else 'niet behouden'})",
                lambda p: consensus.undo_consensus(p, decision, prev, actor=me),
            )
        )

    def action_toggle_open(self) -> None:
        self.only_open = not self.only_open
        self.reload()

    def action_choose_coders(self) -> None:
        scores = self.on_scores
        with self.app.project.read() as s:
            pairs = cs.score_pairs(s) if scores else coder_pairs(s)
        if not pairs:
            what = "met eigen scores " if scores else ""
            self.notify(f"Er zijn nog geen twee codeurs {what}om te vergelijken", severity="warning")
            return
        what = "gescoorde" if scores else "gecodeerde"
        choices = [
            (f"{a}\t{b}", f"{a} & {b} ({n} gezamenlijk {what} {noun(n, 'interview', 'interviews')})")
            for (a, b), n in pairs
        ]

        def done(choice: str | None) -> None:
            if choice is None:
                return
            if scores:
                self.want_score_coders = choice.split("\t")
                self.reload_scores()
            else:
                self.want_coders = choice.split("\t")
                self.reload_codes()

        self.app.push_screen(ChoicePicker("Welke codeurs vergelijken?", choices), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CODE_ACTIONS or action in SCORE_ACTIONS:
            return (action in SCORE_ACTIONS) == self.on_scores  # each tab shows only its own decision keys
        # The top screen of its mode has nothing to go back to.
        return not (action == "back" and len(self.app.screen_stack) <= 1)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


class ReviewModeScreen(ReviewScreen):
    """Key 6: the review for the viewer and the coder they share most interviews with (k picks others)."""

    NAV = True

    def _read(self) -> tuple[list[str], list[Disagreement], list[str]]:
        if self.want_coders is None:
            with self.app.project.read() as s:
                pairs = coder_pairs(s)
            self.want_coders = default_pair(pairs, self.app.coder)
            if self.want_coders is None:
                with self.app.project.read() as s:
                    scored = bool(cs.score_pairs(s))
                # the TUI's words, no CLI flag; and the score tab may well have differences already
                raise KBError(
                    "Nog geen verschillen in coderingen: die verschijnen hier zodra twee codeurs hetzelfde "
                    "interview gecodeerd hebben."
                    + (" Druk s voor de verschillen in eigen scores." if scored else "")
                )
        return super()._read()
