"""One duidingssessie: leestijd (timer + paging through the fragments), duiden per theme, wat neem jij mee."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...model import SegmentState, SessionThemeStatus
from ...services import sessions
from ...store import sessions as store
from ...store.db import Project
from ...wording import plural
from ..app import UndoOp
from ..widgets import KBFooter
from .pickers import ChoicePicker, TextPrompt
from .session_edit import edit_contribution, pick_contribution, remove_contribution
from .session_forms import ContributionForm, next_without_answer

PHASE_LABELS = {
    "leestijd": "Leestijd",
    "duiden": "Duiden",
    "afronding": "Wat neem jij mee?",
    "gesloten": "Gesloten",
}
STATUS_MARK = {
    SessionThemeStatus.OPEN: "○",
    SessionThemeStatus.BEVESTIGD: "✓",
    SessionThemeStatus.SAMENGEVOEGD: "⇉",
    SessionThemeStatus.TERZIJDE: "–",
}
PHASE_ACTIONS = {
    "page": ("leestijd",),
    "duiding": ("duiden",),
    "status": ("duiden",),
    "merge": ("duiden",),
    # shown in the closed phase too: pressing them says that the session is read-only
    "takeaway": ("afronding", "gesloten"),
    "edit": ("duiden", "afronding", "gesloten"),
    "remove": ("duiden", "afronding", "gesloten"),
}
CLOSED_MESSAGE = "Deze sessie is gesloten en alleen nog te lezen; [ heropent haar (na bevestiging)"
MAX_FRAGMENTS_SHOWN = 12


def clock_text(seconds: float) -> str:
    """mm:ss of the time left; "tijd om" once it has run out (never a negative time)."""
    if seconds <= 0:
        return "tijd om"
    s = int(seconds)
    return f"nog {s // 60:02d}:{s % 60:02d}"


class SessionRunScreen(Screen):
    HELP = (
        "[b]Duidingssessie[/b]. [b]Leestijd[/b]: → en ← bladeren door de fragmenten van alle thema's, de klok "
        "loopt af. [b]Duiden[/b]: kies een thema (↑/↓), voeg duidingen toe (a) met wie het zei, bij welke "
        "vraag en welke fragmenten; markeer het thema als bevestigd (b), terzijde (t) of samengevoegd (v). "
        "[b]Wat neem jij mee?[/b]: ieder antwoordt (w); het formulier kiest wie nog niet heeft geantwoord. "
        "e wijzigt een bijdrage, x verwijdert er een (het verloop in het verslag houdt beide bij). "
        "] en [ wisselen van fase; [b]Gesloten[/b] is de laatste: dan is de sessie alleen te lezen, en [ "
        "heropent haar na bevestiging (het verslag noemt wanneer en door wie). Alles wordt meteen "
        "opgeslagen; ctrl+z maakt de laatste bijdrage of markering ongedaan."
    )
    BINDINGS = [
        # priority: the focused theme list would otherwise claim the arrows (and hide them from the footer)
        Binding("right", "page(1)", "Volgend fragment", key_display="→", priority=True),
        Binding("left", "page(-1)", "Vorig", key_display="←", priority=True),
        Binding("a", "duiding", "Duiding +"),
        Binding("b", "status('bevestigd')", "Bevestigd"),
        Binding("t", "status('terzijde')", "Terzijde"),
        Binding("v", "merge", "Samenvoegen"),
        Binding("o", "status('open')", "Heropenen", show=False),
        Binding("w", "takeaway", "Wat neem jij mee +"),
        Binding("e", "edit", "Bijdrage wijzigen", show=False),
        Binding("x", "remove", "Bijdrage verwijderen", show=False),
        Binding("p", "participant", "Deelnemer +"),
        Binding("right_square_bracket", "phase(1)", "Volgende fase", key_display="]"),
        Binding("left_square_bracket", "phase(-1)", "Vorige fase", key_display="[", show=False),
        Binding("escape", "back", "Terug"),
    ]
    FOOTER_SECONDARY = ("participant", "status('terzijde')")

    def __init__(self, session_id: int):
        super().__init__()
        self.session_id = session_id
        self.view: store.SessionView | None = None
        self.page = 0
        self.opened = 0.0
        self.last_author: str | None = None
        self.warned = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sr-head")
        yield Static("", id="sr-basis")
        yield Static("", id="sr-timer")
        with Horizontal(id="sr-body"):
            yield OptionList(id="sr-themes")
            with VerticalScroll(id="sr-detail"):
                yield Static("", id="sr-content")
        yield KBFooter()

    def on_mount(self) -> None:
        self.opened = self.app.clock()
        self.reload()
        self.query_one("#sr-themes", OptionList).focus()
        self.set_interval(1.0, self.tick)

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        view = self.app.read(lambda s: store.load_session(s, self.session_id))
        if view is None:
            return
        self.view = view
        ol = self.query_one("#sr-themes", OptionList)
        keep = ol.highlighted
        ol.set_options(Option(self.theme_prompt(t), id=str(t.id)) for t in view.themes)
        if view.themes:
            ol.highlighted = min(keep or 0, len(view.themes) - 1)
        self.sub_title = f"sessie {view.id} — {PHASE_LABELS.get(view.phase, view.phase)}"
        self.query_one("#sr-head", Static).update(
            Text.assemble(
                (view.title or f"Duidingssessie {view.id}", "bold"),
                f" · {view.datum} · ",
                (view.question_text, "italic"),
                "\n",
                ("Fase: ", "bold"),
                PHASE_LABELS.get(view.phase, view.phase),
                (" (laatste fase: alleen lezen)", "bold") if view.closed else "",
                " · ",  # not only spaces: a wrapped line drops them and ran "Fase: Duiden" into this label
                ("Deelnemers: ", "bold"),
                ", ".join(view.participants),
            )
        )
        basis = Text(f"Thema's {view.basis_text}")
        if view.basis is not None and view.basis.unreviewed:
            basis = Text(f"Let op, voorlopig: thema's {view.basis_text}", style="bold yellow")
        self.query_one("#sr-basis", Static).update(basis)
        self.tick()
        self.show()
        self.refresh_bindings()

    def theme_prompt(self, t: store.ThemeView) -> Text:
        n = len(self.view.duidingen_for(t.id)) if self.view else 0
        return Text.assemble(
            (f"{STATUS_MARK.get(t.status, '?')} ", "bold"),
            t.label,
            (
                f"\n  {plural(len(t.segment_ids), 'fragment', 'fragmenten')} · {plural(n, 'duiding', 'duidingen')}",
                "dim",
            ),
        )

    @property
    def theme(self) -> store.ThemeView | None:
        i = self.query_one("#sr-themes", OptionList).highlighted
        if self.view is None or i is None or not 0 <= i < len(self.view.themes):
            return None
        return self.view.themes[i]

    def visible_fragments(self, theme: store.ThemeView) -> list[store.Fragment]:
        """The theme's fragments in the order (and so with the numbers) the session shows them."""
        return [f for _, f in self.view.numbered_fragments(theme)]

    def all_pages(self) -> list[tuple[store.ThemeView, store.Fragment]]:
        return [(t, f) for t in self.view.themes for f in self.visible_fragments(t)] if self.view else []

    # -- rendering -------------------------------------------------------------------------------
    def tick(self) -> None:
        timer = self.query_one("#sr-timer", Static)
        if self.view is None or self.view.phase != "leestijd":
            timer.display = False
            return
        timer.display = True
        left = self.reading_left()
        timer.update(Text(f"⏱ Leestijd: {clock_text(left)}", style="bold reverse" if left <= 0 else "bold"))
        if left <= 0 and not self.warned:
            self.warned = True
            self.notify("De leestijd is om: druk ] om te gaan duiden")

    def reading_left(self) -> float:
        """Seconds of reading time left, counted from the stored start, so a resumed session keeps its clock."""
        started = self.opened  # sessions from before the start was stored: count from opening the screen
        if self.view is not None and self.view.reading_started_at:
            started = datetime.fromisoformat(self.view.reading_started_at).timestamp()
        # Another machine's clock may run behind: never count time from the future.
        elapsed = max(0.0, self.app.clock() - started)
        return (self.view.reading_minutes if self.view else 0) * 60 - elapsed

    def show(self) -> None:
        if self.view is None:
            return
        body = {"leestijd": self.render_reading, "duiden": self.render_theme}.get(
            self.view.phase, self.render_closing
        )
        self.query_one("#sr-content", Static).update(body())

    def fragment_text(self, f: store.Fragment, number: int | None = None) -> Text:
        out = Text()
        if number is not None:
            out.append(f"[{number}] ", style="bold")
        if f.state == SegmentState.VERTROUWELIJK:
            out.append("(vertrouwelijk fragment)", style="dim italic")
        else:
            out.append(f"“{f.text}”")
        out.append(f"\n    — {f.interview_id} ({f.omgeving}), {f.speaker}, {f.section}\n", style="dim")
        return out

    def render_reading(self) -> Text:
        pages = self.all_pages()
        if not pages:
            return Text("Geen fragmenten om te lezen.")
        self.page %= len(pages)
        theme, frag = pages[self.page]
        out = Text()
        out.append(f"Fragment {self.page + 1} van {len(pages)} · thema: ", style="dim")
        out.append(f"{theme.label}\n\n", style="bold")
        out.append(self.fragment_text(frag))
        out.append("\n→ volgend fragment · ← vorig · ] naar duiden", style="dim")
        return out

    def render_theme(self) -> Text:
        t = self.theme
        if t is None:
            return Text("Geen thema's in deze sessie.")
        out = Text()
        out.append(f"{t.label}\n", style="bold")
        status = t.status
        if t.status == SessionThemeStatus.SAMENGEVOEGD and t.merged_into:
            target = self.view.theme(t.merged_into)
            status += f" met “{target.label if target else t.merged_into}”"
        out.append(
            f"Status: {status} · {plural(len(t.segment_ids), 'fragment', 'fragmenten')}\n\n", style="dim"
        )
        out.append("Duidingsvragen: ", style="bold")
        out.append(" · ".join(store.PROMPTS) + "\n\n", style="italic")
        duid = self.view.duidingen_for(t.id)
        out.append(f"Duidingen ({len(duid)})\n", style="bold")
        if not duid:
            out.append("Nog geen duidingen: druk a om er een toe te voegen.\n", style="dim")
        frags = self.visible_fragments(t)
        number = self.view.fragment_numbers(t)
        for d in duid:
            out.append(f"• {d.author}", style="bold")
            if d.prompt:
                out.append(f" ({d.prompt})", style="italic dim")
            out.append(f": {d.text}")
            shown = [str(number[s]) for s in d.segment_ids if s in number]
            if shown:
                out.append(f"  [fragment {', '.join(shown)}]", style="dim")
            out.append("\n")
        out.append(f"\nFragmenten ({len(frags)})\n", style="bold")
        for i, f in enumerate(frags[:MAX_FRAGMENTS_SHOWN], start=1):
            out.append(self.fragment_text(f, i))
        if len(frags) > MAX_FRAGMENTS_SHOWN:
            out.append(
                f"… en nog {plural(len(frags) - MAX_FRAGMENTS_SHOWN, 'fragment', 'fragmenten')}\n",
                style="dim",
            )
        return out

    def render_closing(self) -> Text:
        out = Text()
        out.append(f"{store.CLOSING_PROMPT}\n\n", style="bold")
        answers = self.view.takeaways()
        for p in self.view.participants:
            mine = [d.text for d in answers if d.author == p]
            out.append(f"• {p}: ", style="bold")
            # one answer per line: joining them ran sentences together ("regelen.; Antwoord")
            out.append("\n    ".join(mine) if mine else "(nog geen antwoord)", style="" if mine else "dim")
            out.append("\n")
        if self.view.closed:
            out.append(f"\n{CLOSED_MESSAGE}.", style="bold")
        else:
            out.append(
                "\nw = antwoord toevoegen · e = wijzigen · x = verwijderen · [ = terug naar duiden",
                style="dim",
            )
        return out

    # -- bindings per phase ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phases = PHASE_ACTIONS.get(action)
        if phases is None or self.view is None:
            return True
        return self.view.phase in phases

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.view is not None and self.view.phase == "leestijd":
            # Jump the reader to the first fragment of the chosen theme.
            pages = self.all_pages()
            t = self.theme
            first = next((i for i, (th, _) in enumerate(pages) if t and th.id == t.id), None)
            if first is not None and pages[self.page % len(pages)][0].id != t.id:
                self.page = first
        self.show()

    # -- actions ---------------------------------------------------------------------------------
    def action_page(self, delta: int) -> None:
        pages = self.all_pages()
        if not pages:
            return
        self.page = (self.page + delta) % len(pages)
        theme = pages[self.page][0]
        ol = self.query_one("#sr-themes", OptionList)
        index = next(i for i, t in enumerate(self.view.themes) if t.id == theme.id)
        if ol.highlighted != index:
            with ol.prevent(OptionList.OptionHighlighted):
                ol.highlighted = index
        self.show()

    def action_phase(self, delta: int) -> None:
        if self.view is None:
            return
        i = store.PHASES.index(self.view.phase) + delta
        if i >= len(store.PHASES):
            self.notify("Dit is de laatste fase: de sessie is gesloten. [ heropent haar (na bevestiging)")
            return
        if i < 0:
            self.notify("Dit is de eerste fase: ] gaat naar duiden")
            return
        phase = store.PHASES[i]
        answered = {d.author for d in self.view.takeaways()}
        silent = [p for p in self.view.participants if p not in answered]
        if self.view.closed:
            question = "Deze sessie is gesloten. Heropenen? Het verslag vermeldt wanneer en door wie."
            options = [
                ("nee", "Nee, gesloten laten"),
                ("ja", f"Ja, heropenen (terug naar {PHASE_LABELS[phase]})"),
            ]
        elif phase == store.CLOSED and silent:
            # Closing makes the session read-only: a participant who has not said what they take along would
            # need the session reopened, which the minutes then record.
            question = f"Nog geen antwoord van {', '.join(silent)}. Toch sluiten?"
            options = [("nee", "Nee, eerst de antwoorden"), ("ja", "Ja, sluiten")]
        else:
            self._move_to(phase)
            return

        def confirmed(answer: str | None) -> None:
            if answer == "ja":
                self._move_to(phase)

        self.app.push_screen(ChoicePicker(question, options), confirmed)

    def _move_to(self, phase: str) -> None:
        by = self.app.coder
        if self.app.write(lambda p: sessions.set_phase(p, self.session_id, phase, by=by)) is not None:
            if phase == "leestijd":
                self.warned = False
            if phase == store.CLOSED:
                self.notify("Fase: Gesloten, de laatste fase: de sessie is nu alleen te lezen")
            else:
                self.notify(f"Fase: {PHASE_LABELS[phase]}")
            self.reload()

    def refused_closed(self) -> bool:
        """True (and says why) when the session is closed: nothing in it changes until it is reopened."""
        if self.view is not None and self.view.closed:
            self.notify(CLOSED_MESSAGE, severity="warning")
            return True
        return False

    def _contribute(self, kind: str) -> None:
        view, theme = self.view, self.theme
        if view is None or self.refused_closed():
            return
        if kind == store.KIND_DUIDING and theme is None:
            self.notify("Kies eerst een thema", severity="warning")
            return
        frags = self.visible_fragments(theme) if kind == store.KIND_DUIDING else []
        title = f"Duiding bij “{theme.label}”" if kind == store.KIND_DUIDING else store.CLOSING_PROMPT

        def done(values: dict | None) -> None:
            if values is None:
                return
            if values["new"]:
                self.notify(f"{values['author']} is nieuw en wordt deelnemer", markup=False)
            self.last_author = values["author"]
            segs = [frags[n - 1].segment_id for n in values["fragments"]]

            def save(text: str) -> None:
                def add(p: Project) -> int:
                    return sessions.add_duiding(
                        p,
                        self.session_id,
                        values["author"],
                        text,
                        theme_id=theme.id if kind == store.KIND_DUIDING else None,
                        prompt=values["prompt"],
                        segment_ids=segs,
                        kind=kind,
                        pseudonymise=False,
                        actor=self.app.coder,
                    )

                def undo(new_id: int) -> UndoOp:
                    gone = partial(sessions.delete_duiding, duiding_id=new_id, actor=self.app.coder)
                    return UndoOp(f"bijdrage van {values['author']}", gone)

                if self.app.write(add, undo) is not None:
                    self.notify(f"Bijdrage van {values['author']} opgeslagen", markup=False)
                    self.reload()

            # What was said may name a respondent or a neighbour: pseudonymised before it is stored.
            self.app.save_typed(values["text"], save)

        self.app.prepare_typing()
        self.app.push_screen(
            ContributionForm(
                title,
                view.participants,
                author=self.last_author
                if kind == store.KIND_DUIDING
                else next_without_answer(view.participants, view.takeaways()),
                with_prompt=kind == store.KIND_DUIDING,
                fragments=len(frags),
            ),
            done,
        )

    def action_duiding(self) -> None:
        self._contribute(store.KIND_DUIDING)

    def action_takeaway(self) -> None:
        self._contribute(store.KIND_MEENEMEN)

    def _set_status(self, status: str, merged_into: int | None = None) -> None:
        theme = self.theme
        if theme is None or self.refused_closed():
            return

        me, sid = self.app.coder, self.session_id

        def mark(to: str, into: int | None) -> Callable[[Project], tuple[str, int | None]]:
            return lambda p: sessions.set_theme_status(p, sid, theme.id, to, into, actor=me)

        done = self.app.write(
            mark(status, merged_into), lambda previous: UndoOp(f"status van “{theme.label}”", mark(*previous))
        )
        if done is not None:
            self.notify(f"“{theme.label}”: {status}", markup=False)
            self.reload()

    def action_status(self, status: str) -> None:
        self._set_status(status)

    def action_merge(self) -> None:
        theme = self.theme
        if theme is None or self.view is None:
            return
        others = [(str(t.id), t.label) for t in self.view.themes if t.id != theme.id]
        if not others:
            self.notify("Er is geen ander thema om mee samen te voegen", severity="warning")
            return

        def done(target: str | None) -> None:
            if target is not None:
                self._set_status(SessionThemeStatus.SAMENGEVOEGD, int(target))

        self.app.push_screen(ChoicePicker(f"“{theme.label}” samenvoegen met…", others), done)

    def action_edit(self) -> None:
        pick_contribution(self, "wijzigen", lambda d: edit_contribution(self, d))

    def action_remove(self) -> None:
        pick_contribution(self, "verwijderen", lambda d: remove_contribution(self, d))

    def action_participant(self) -> None:
        if self.refused_closed():
            return

        def done(name: str | None) -> None:
            if name is None:
                return
            if not name.strip():
                self.notify("Geen naam ingevuld: niemand toegevoegd", severity="warning")
                return
            add = partial(sessions.add_participant, session_id=self.session_id, name=name)
            if self.app.write(partial(add, actor=self.app.coder)) is not None:
                self.reload()

        self.app.push_screen(TextPrompt("Deelnemer toevoegen", placeholder="naam of rol"), done)

    def action_back(self) -> None:
        self.dismiss(None)
