"""Interview coderen: the pseudonymised transcript segment by segment, with codes, suggestions and scores."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model import Action, SegmentState, Status
from ...store.blind import is_blind
from ...store.browse import SegmentRow, interview_scores, interview_segments, open_suggestions
from ...store.coder_scores import visible_coder_scores
from ..fresh import FreshOnResume
from ..ops import decide_op, memo_op, state_op
from ..widgets import KBFooter
from .coder_identity import blind_on, suggest_blind
from .coding_scores import ScoreGrids, side_width
from .coding_text import STATUS_MARK, most_doubtful, most_doubtful_in_project, pending, segment_text
from .pickers import CodePicker, TextPrompt


class CodingScreen(FreshOnResume, ScoreGrids):
    HELP = (
        "[b]Interview coderen[/b]: ↑/↓ kiest een segment. Rechts staan jouw codes en de machinevoorstellen "
        "(met bewijs); ←/→ kiest daar een andere code terwijl je in de tekst blijft (tab springt naar die "
        "lijst). a en r werken op de gekozen code. s gaat naar het volgende voorstel in leesvolgorde (eerst "
        "de overige open voorstellen van dit fragment), w naar het twijfelgeval: het open voorstel dat het dichtst bij de drempel "
        "ligt (in dit interview), W (shift+w) naar het twijfelgeval van het hele project, ook in een ander interview. "
        "Daar leert de machine het meest van je beslissing. "
        "Een voorstel accepteren (a) of verwerpen (r) zet de code in jouw laag; alles wordt direct "
        "opgeslagen en ctrl+z maakt het ongedaan. Scores (p): de scores van het interview zelf; kies een cel "
        "met de pijltjes en druk Enter. [b]Eigen scores[/b] (e): jouw eigen lezing per principe en voorbeeld, "
        "los van de scores van het interview, om met je duopartner te vergelijken (6 Verschillen, tabblad "
        "Scores). Staat het interview op blind, dan zie je alleen je eigen scores; anders staan de scores van "
        "de andere codeurs ernaast (grijs, als 'mooi vast'). Een score die de duo overneemt in Verschillen "
        "staat hier meteen. b zet blind aan voor dit interview (voorgesteld zodra een andere codeur hier al "
        "codeert)."
    )
    BINDINGS = [
        Binding("a", "decide('accept')", "Accepteren"),
        Binding("r", "decide('reject')", "Verwerpen"),
        Binding("c", "add_code", "Code +"),
        Binding("delete,d", "remove", "Code weg", key_display="d"),
        Binding("m", "memo", "Memo"),
        Binding("n", "next_open", "Volgende open"),
        Binding("s", "next_suggestion", "Volgend voorstel"),
        Binding("w", "next_doubtful", "Twijfelgeval"),
        Binding("W", "project_doubtful", "Twijfelgeval project", show=False),
        Binding("right", "move_code(1)", "Volgende code", show=False),
        Binding("left", "move_code(-1)", "Vorige code", show=False),
        Binding("i", f"toggle_state('{SegmentState.INGETROKKEN}')", "Intrekken", show=False),
        Binding("v", f"toggle_state('{SegmentState.VERTROUWELIJK}')", "Vertrouwelijk", show=False),
        Binding("p", "focus_scores", "Scores"),
        Binding("e", "focus_coder_scores", "Eigen scores"),
        Binding("t", "focus_transcript", "Tekst", show=False),
        Binding("b", "blind", "Blind aan", show=False),
        Binding("z", "toggle_side", "Zijpaneel"),
        Binding("escape", "back", "Terug"),
    ]
    FOOTER_SECONDARY = ("memo", "next_open", "focus_scores", "focus_coder_scores", "remove", "toggle_side")

    def __init__(self, interview_id: str, focus_segment: int | None = None, focus_code: str | None = None):
        super().__init__()
        self.interview_id = interview_id
        self.focus_segment = focus_segment
        self.segments: list[SegmentRow] = []
        self.scores: dict[tuple[str, str], int] = {}
        self.coder_scores: dict[str, dict[tuple[str, str], int]] = {}
        """coder -> {(example, code_id): score}, only what the coder may see (blind mode)"""
        self.blind = False
        self.focus_code: str | None = focus_code
        """the code row to put the cursor on when the segment is shown (the twijfelgeval's)"""
        self.shown_segment: int | None = None
        """the segment the side panel shows: drawn again, its cursor stays on the same code"""

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="coding"):
            yield OptionList(id="segments")
            with VerticalScroll(id="side", can_focus=False):  # tab goes to the codes, not to the panel
                yield Static("", id="seg-info")
                table = DataTable(id="seg-codes", cursor_type="row")
                table.add_column(Text("zeker", justify="right"))
                # Fixed, so a long code name is cut with … instead of scrolling the small table sideways.
                table.add_column("code", width=self._code_width())
                yield table
                yield Static("", id="evidence")
                yield Static("Scores (p; Enter op een cel)", classes="side-title")
                scores = DataTable(id="scores", cursor_type="cell")
                scores.add_columns("principe", "mooi", "vast")
                yield scores
                yield Static("Eigen scores (e; Enter)", id="coder-scores-title", classes="side-title")
                own = DataTable(id="coder-scores", cursor_type="cell")
                yield own
        yield KBFooter()

    def _code_width(self) -> int:
        """The side panel's width less the other cells."""
        return side_width(self.app.size.width) - 14

    def on_mount(self) -> None:
        self.sub_title = f"{self.interview_id} — {self.app.who()}"
        code, self.focus_code = self.focus_code, None  # for the focus segment, not the first one shown
        self.reload()
        ol = self.query_one("#segments", OptionList)
        if self.focus_segment is not None:
            index = next((i for i, seg in enumerate(self.segments) if seg.id == self.focus_segment), None)
            if index is not None:
                self._go_to(index, code)
        ol.focus()
        suggest_blind(self.app, self.interview_id)

    @property
    def code_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.app.codebook.codes}

    @property
    def code_colors(self) -> dict[str, str]:
        return {c.id: c.color for c in self.app.codebook.codes if c.color}

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        app = self.app
        data = app.read(
            lambda s: (
                interview_segments(s, self.interview_id, app.coder),
                interview_scores(s, self.interview_id),
                visible_coder_scores(s, self.interview_id, app.coder),
                is_blind(s, self.interview_id),
            )
        )
        if data is None:
            return
        self.segments, self.scores, self.coder_scores, self.blind = data
        ol = self.query_one("#segments", OptionList)
        keep = ol.highlighted
        names, colors = self.code_names, self.code_colors
        ol.set_options(
            Option(
                segment_text(seg, i == 0 or seg.turn_id != self.segments[i - 1].turn_id, names, colors),
                id=str(seg.id),
            )
            for i, seg in enumerate(self.segments)
        )
        if self.segments:
            ol.highlighted = min(keep or 0, len(self.segments) - 1)
        self.show_segment()
        self.fill_scores()

    def _refresh_segment(self, index: int) -> None:
        """Re-read the interview after a change but redraw only the segment that changed."""
        app = self.app
        rows = app.read(lambda s: interview_segments(s, self.interview_id, app.coder))
        if rows is None:
            return
        self.segments = rows
        seg = rows[index]
        new_turn = index == 0 or seg.turn_id != rows[index - 1].turn_id
        self.query_one("#segments", OptionList).replace_option_prompt_at_index(
            index, segment_text(seg, new_turn, self.code_names, self.code_colors)
        )
        row = self.query_one("#seg-codes", DataTable).cursor_row
        self.show_segment()
        # The decided code moved down to the coder's own; the same row now holds the next open suggestion.
        todo = pending(seg)
        if todo:
            table = self.query_one("#seg-codes", DataTable)
            table.move_cursor(row=table.get_row_index(todo[min(row, len(todo) - 1)]))

    @property
    def index(self) -> int | None:
        return self.query_one("#segments", OptionList).highlighted

    @property
    def current(self) -> SegmentRow | None:
        i = self.index
        return self.segments[i] if i is not None and 0 <= i < len(self.segments) else None

    def show_segment(self) -> None:
        seg = self.current
        info = self.query_one("#seg-info", Static)
        table = self.query_one("#seg-codes", DataTable)
        # Drawn again for the same segment (a reload, a second highlight message): the cursor stays on its code.
        keep = self.target_code() if seg is not None and seg.id == self.shown_segment else None
        self.shown_segment = seg.id if seg is not None else None
        table.clear()
        if seg is None:
            info.update("Geen segmenten in dit interview.")
            return
        done = sum(1 for s in self.segments if s.mine)
        info.update(
            Text.assemble(
                (f"Segment {seg.idx + 1}/{len(self.segments)}", "bold"),
                f" · {seg.speaker} · {seg.section}\n",
                (f"{done} van {len(self.segments)} segmenten gecodeerd", "dim"),
            )
        )
        names, colors = self.code_names, self.code_colors
        for code_id in pending(seg):
            c = seg.auto[code_id]
            conf = f"{c.confidence:.2f}" if c.confidence is not None else ""
            label = Text(
                f"? {names.get(code_id, code_id)}", style=colors.get(code_id, ""), overflow="ellipsis"
            )
            table.add_row(Text(conf, justify="right"), label, key=code_id)
        for code_id, c in seg.mine.items():
            label = f"{STATUS_MARK.get(c.status, '')} {names.get(code_id, code_id)}"
            table.add_row("", Text(label, style=colors.get(code_id, ""), overflow="ellipsis"), key=code_id)
        if self.focus_code is not None and self.focus_code in pending(seg):
            table.move_cursor(row=table.get_row_index(self.focus_code))
        elif keep is not None and keep in {k.value for k in table.rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self.focus_code = None
        self.show_evidence()

    def target_code(self) -> str | None:
        table = self.query_one("#seg-codes", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def show_evidence(self) -> None:
        seg, code_id = self.current, self.target_code()
        box = self.query_one("#evidence", Static)
        if seg is None or code_id is None:
            box.update(Text("Nog geen codes. Druk c om een code toe te voegen.", style="dim"))
            return
        out = Text()
        code = self.app.codebook.by_id().get(code_id)
        out.append(f"{code.name if code else code_id}\n", style="bold")
        auto = seg.auto.get(code_id)
        if auto is not None and auto.evidence:
            out.append("Bewijs: ", style="bold")
            out.append(f"{auto.evidence}\n")
        mine = seg.mine.get(code_id)
        if mine is not None:
            out.append("Memo: ", style="bold")
            out.append(mine.memo or "—", style="" if mine.memo else "dim")
        box.update(out)

    # -- events ----------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "segments":
            self.show_segment()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "seg-codes":
            self.show_evidence()

    # -- actions ---------------------------------------------------------------------------------
    def _decide(self, code_id: str, action: str, label: str) -> None:
        seg, index = self.current, self.index
        if seg is None or index is None:
            return
        fn, undo = decide_op(seg.id, code_id, self.app.coder, action, seg.mine.get(code_id), label)
        if self.app.write(fn, undo) is not None:
            self.notify(label, markup=False)
            self._refresh_segment(index)

    def action_decide(self, action: str) -> None:
        seg, code_id = self.current, self.target_code()
        if seg is None or code_id is None:
            self.notify(
                "Geen voorstel of code bij dit segment; druk c om een code toe te voegen", severity="warning"
            )
            return
        mine = seg.mine.get(code_id)
        want = Status.ACCEPTED if action == Action.ACCEPT else Status.REJECTED
        if mine is not None and mine.status == want:
            self.notify("Dat had je al zo beslist", severity="warning")
            return
        name = self.code_names.get(code_id, code_id)
        verb = "geaccepteerd" if action == Action.ACCEPT else "verworpen"
        self._decide(code_id, action, f"{name} {verb} (segment {seg.idx + 1})")

    def action_add_code(self) -> None:
        seg = self.current
        if seg is None or self.app.refused_reading():
            return

        def done(code_id: str | None) -> None:
            if code_id is None:
                return
            if seg.mine.get(code_id) is not None and seg.mine[code_id].status == Status.ACCEPTED:
                self.notify("Deze code staat al bij dit segment", severity="warning")
                return
            self._decide(
                code_id,
                Action.ADD,
                f"{self.code_names.get(code_id, code_id)} toegevoegd (segment {seg.idx + 1})",
            )

        self.app.push_screen(CodePicker(self.app.codebook.codes, colors=self.code_colors), done)

    def action_remove(self) -> None:
        seg, code_id = self.current, self.target_code()
        if seg is None or code_id is None or code_id not in seg.mine:
            self.notify("Kies rechts een code uit jouw laag om weg te halen", severity="warning")
            return
        self._decide(
            code_id,
            Action.REMOVE,
            f"{self.code_names.get(code_id, code_id)} weggehaald (segment {seg.idx + 1})",
        )

    def action_memo(self) -> None:
        if self.app.refused_reading():
            return
        seg, code_id, index = self.current, self.target_code(), self.index
        if seg is None or code_id is None or code_id not in seg.mine:
            self.notify(
                "Een memo hoort bij jouw codering: accepteer of voeg eerst een code toe", severity="warning"
            )
            return
        mine = seg.mine[code_id]

        def done(text: str | None) -> None:
            if text is None:
                return
            if not text.strip():
                self.notify("Lege memo niet opgeslagen", severity="warning")
                return

            def save(clean: str) -> None:
                if self.app.write(*memo_op(seg.id, code_id, self.app.coder, clean, mine)) is not None:
                    self.notify("Memo opgeslagen")
                    self._refresh_segment(index)

            self.app.save_typed(text, save)

        self.app.prepare_typing()
        self.app.push_screen(
            TextPrompt(f"Memo bij {self.code_names.get(code_id, code_id)}", value=mine.memo), done
        )

    def action_toggle_state(self, state: str) -> None:
        """Member check on the highlighted fragment: set ``state``, or back to actief when it already has it.
        Withdrawing asks for the reason, which goes into the history with the coder's name."""
        seg, index = self.current, self.index
        if seg is None:
            return
        new = SegmentState.ACTIEF if seg.state == state else SegmentState(state)

        def save(reason: str | None) -> None:
            if reason is None:
                return
            if self.app.write(*state_op(seg.id, seg.state, new, self.app.coder, reason)) is not None:
                self.notify(f"Fragment {seg.id}: {new}", markup=False)
                self._refresh_segment(index)

        def typed(reason: str | None) -> None:
            if reason is not None:  # "member check met Fatima" names a respondent: pseudonymised first
                self.app.save_typed(reason, save)

        if new == SegmentState.INGETROKKEN:
            self.app.prepare_typing()
            self.app.push_screen(
                TextPrompt(
                    "Waarom wordt dit fragment ingetrokken?",
                    value="member check",
                    hint="De reden komt in de geschiedenis (kb fragment history)",
                ),
                typed,
            )
        else:
            save(f"{new} gezet in de TUI")

    def _jump(self, wanted) -> None:  # noqa: ANN001 - predicate on SegmentRow
        start = self.index if self.index is not None else -1
        n = len(self.segments)
        for step in range(1, n + 1):
            i = (start + step) % n
            if wanted(self.segments[i]):
                self.query_one("#segments", OptionList).highlighted = i
                return
        self.notify("Niets meer gevonden in dit interview", severity="information")

    def action_next_open(self) -> None:
        self._jump(lambda s: not s.mine and s.state != SegmentState.INGETROKKEN)

    def action_next_suggestion(self) -> None:
        """The next open suggestion: first the ones after the highlighted one on this fragment, then on."""
        seg = self.current
        todo = pending(seg) if seg is not None else []
        code_id = self.target_code()
        at = todo.index(code_id) if code_id in todo else -1
        if at + 1 < len(todo):
            table = self.query_one("#seg-codes", DataTable)
            table.move_cursor(row=table.get_row_index(todo[at + 1]))
            return
        self._jump(lambda s: bool(pending(s)))

    def action_move_code(self, delta: int) -> None:
        """Highlight another code of the fragment while reading on in the transcript (a and r act on it)."""
        table = self.query_one("#seg-codes", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def action_next_doubtful(self) -> None:
        """Uncertainty sampling within the interview: the open suggestion closest to its threshold."""
        kinds = {c.id: c.kind for c in self.app.codebook.codes}
        found = most_doubtful(self.segments, self.index, kinds)
        if found is None:
            self.notify("Geen open voorstellen meer in dit interview", severity="information")
            return
        i, code_id = found
        self._go_to(i, code_id)
        name = self.code_names.get(code_id, code_id)
        self.notify(f"Twijfelgeval: {name} (segment {self.segments[i].idx + 1})", markup=False)

    def _go_to(self, index: int, code_id: str | None) -> None:
        """Highlight segment ``index`` with the cursor on ``code_id`` (when it is open there); a segment that is
        highlighted already is drawn again, since highlighting it sends no message."""
        self.focus_code = code_id
        ol = self.query_one("#segments", OptionList)
        if ol.highlighted == index:
            self.show_segment()
        ol.highlighted = index

    def action_project_doubtful(self) -> None:
        """Uncertainty sampling over the whole project: to the interview and fragment of the open suggestion
        closest to its threshold (this screen makes way for that interview's, so escape still goes back to
        the overview)."""
        app = self.app
        open_ = app.read(lambda s: open_suggestions(s, app.coder))
        if open_ is None:
            return
        found = most_doubtful_in_project(open_, {c.id: c.kind for c in app.codebook.codes})
        if found is None:
            self.notify("Geen open voorstellen meer in het project", severity="information")
            return
        name = self.code_names.get(found.code_id, found.code_id)
        where = f"{found.interview_id}, segment {found.segment_idx + 1}"
        if found.interview_id != self.interview_id:
            app.switch_screen(CodingScreen(found.interview_id, found.segment_id, found.code_id))
            app.notify(f"Twijfelgeval in het project: {name} ({where})", markup=False)
            return
        i = next((i for i, seg in enumerate(self.segments) if seg.id == found.segment_id), None)
        if i is None:  # the interview changed under this screen (a colleague re-ingested it): show it anew
            self.reload()
            self.notify("Het interview is intussen gewijzigd; druk nogmaals W", severity="warning")
            return
        self._go_to(i, found.code_id)
        self.notify(f"Twijfelgeval in het project: {name} ({where})", markup=False)

    def action_blind(self) -> None:
        blind_on(self.app, self.interview_id, self.reload)

    def action_toggle_side(self) -> None:
        """Hide or show the side panel; the transcript then takes the whole width (codes stay inline)."""
        self.toggle_class("-no-side")
        if self.has_class("-no-side"):
            self.action_focus_transcript()

    def action_focus_transcript(self) -> None:
        self.query_one("#segments", OptionList).focus()

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id != "segments":
            self.action_focus_transcript()
        else:
            self.dismiss(None)
