"""Markdown minutes (verslag) of a duidingssessie: a pure function from a session view to text.

A fragment is cited by the number the session showed it under (per theme: 1, 2, ...; see
:meth:`SessionView.numbered_fragments`), with its interview and text, never by a database id. Themes that
were discussed (a duiding, or confirmed or merged) are written out in full; themes set aside or never
discussed are named only, unless everything is asked for. Withdrawn fragments (member check) never appear;
confidential ones are named by reference only.
"""

from __future__ import annotations

from ..model import SegmentState
from ..store.session_history import EDITED, REMOVED, REOPENED, SessionEvent
from ..store.sessions import PROMPTS, DuidingView, Fragment, SessionView, ThemeView
from ..wording import plural

STATUS_LABELS = {
    "open": "niet besproken",
    "bevestigd": "bevestigd",
    "samengevoegd": "samengevoegd",
    "terzijde": "terzijde gelegd",
}
DISCUSSED_STATUSES = ("bevestigd", "samengevoegd")


def _quote(text: str) -> str:
    return " ".join(text.split())


def _fragment_line(f: Fragment, number: int | None) -> str | None:
    """One fragment as a list item: ``[3] “text” — interview, speaker, section`` (no number: cited from
    outside the theme)."""
    if f.state == SegmentState.INGETROKKEN:
        return None
    label = f"[{number}] " if number is not None else "[buiten het thema] "
    if not f.pseudonymised:
        # The speaker is a name as written and the text unpseudonymised: neither goes into the minutes.
        return f"- {label}*(niet gepseudonimiseerd fragment, {f.interview_id}, {f.section})*"
    where = f"{f.interview_id}, {f.speaker}, {f.section}"
    if f.state == SegmentState.VERTROUWELIJK:
        return f"- {label}*(vertrouwelijk fragment, {where})*"
    return f"- {label}\u201c{_quote(f.text)}\u201d \u2014 *{where}*"


def _refs(view: SessionView, d: DuidingView, numbers: dict[int, int]) -> str:
    shown = [str(numbers[s]) for s in d.segment_ids if s in numbers]
    outside = [
        f.interview_id
        for s in d.segment_ids
        if s not in numbers
        and (f := view.fragments.get(s)) is not None
        and f.state != SegmentState.INGETROKKEN
    ]
    parts = []
    if shown:
        parts.append(f"fragment {', '.join(shown)}")
    if outside:
        parts.append(f"buiten het thema: {', '.join(outside)}")
    return f" [{'; '.join(parts)}]" if parts else ""


def _duiding_line(view: SessionView, d: DuidingView, numbers: dict[int, int]) -> str:
    prompt = f" *({d.prompt})*" if d.prompt else ""
    return f"- **{d.author}**{prompt}: {_quote(d.text)}{_refs(view, d, numbers)}"


def discussed(view: SessionView, theme: ThemeView) -> bool:
    """A theme was discussed when it got a duiding, or was confirmed or merged (set aside is not)."""
    if theme.status == "terzijde":
        return False
    return theme.status in DISCUSSED_STATUSES or bool(view.duidingen_for(theme.id))


def _theme_status(view: SessionView, t: ThemeView) -> str:
    status = STATUS_LABELS.get(t.status, t.status)
    if t.status == "open" and view.duidingen_for(t.id):
        status = "besproken, zonder besluit"
    target = view.theme(t.merged_into) if t.merged_into else None
    if t.status == "samengevoegd" and target is not None:
        status += f" met \u201c{target.label}\u201d"
    return status


def _theme_section(view: SessionView, t: ThemeView, max_fragments: int | None) -> list[str]:
    numbered = view.numbered_fragments(t)
    numbers = {f.segment_id: n for n, f in numbered}
    out = [f"### {t.label}", ""]
    out += [f"*Status: {_theme_status(view, t)}; {plural(len(numbered), 'fragment', 'fragmenten')}.*", ""]
    duid = view.duidingen_for(t.id)
    if duid:
        out += ["**Duidingen**", ""]
        out += [_duiding_line(view, d, numbers) for d in duid]
        out.append("")
    cited = {s for d in duid for s in d.segment_ids}
    # Cited fragments are always shown, whatever the limit: the duidingen point at them.
    limit = len(numbered) if max_fragments is None else max_fragments
    shown = [(n, f) for n, f in numbered if n <= limit or f.segment_id in cited]
    lines = [line for n, f in shown if (line := _fragment_line(f, n)) is not None]
    lines += [
        line
        for s in dict.fromkeys(s for d in duid for s in d.segment_ids)
        if s not in numbers and (f := view.fragments.get(s)) is not None
        if (line := _fragment_line(f, None)) is not None
    ]
    if lines:
        out += ["**Fragmenten waarop het thema rust**", ""]
        out += lines
        if len(shown) < len(numbered):
            rest = len(numbered) - len(shown)
            out.append(f"- *\u2026 en nog {plural(rest, 'fragment', 'fragmenten')}*")
        out.append("")
    return out


def _others(view: SessionView, themes: list[ThemeView]) -> list[str]:
    out = ["## Terzijde gelegd of niet besproken", ""]
    out += ["*Alleen bij naam genoemd; het volledige verslag schrijft ook deze thema's uit.*", ""]
    for t in themes:
        n = len(view.duidingen_for(t.id))
        extra = f"; {plural(n, 'duiding', 'duidingen')}" if n else ""
        out.append(f"- {t.label} *({_theme_status(view, t)}{extra})*")
    out.append("")
    return out


def event_line(view: SessionView, e: SessionEvent) -> str:
    """One event of the session's history as a Markdown list item (also printed by ``kb session show``)."""
    when = e.at.replace("T", " ")[:16] + " UTC" if e.at else "onbekend"
    by = f" door {e.by}" if e.by else ""
    if e.kind == REOPENED:
        return f"- {when}: sessie heropend{by} (terug naar {e.from_phase or 'een eerdere fase'})"
    theme = view.theme(e.theme_id) if e.theme_id is not None else None
    where = f"bij \u201c{theme.label}\u201d" if theme else "bij \u201cWat neem jij mee?\u201d"
    if e.kind == EDITED:
        return (
            f"- {when}: bijdrage van {e.author} {where} gewijzigd{by}; "
            f"eerst: \u201c{_quote(e.old_text)}\u201d, nu: \u201c{_quote(e.new_text)}\u201d"
        )
    if e.kind == REMOVED:
        return f"- {when}: bijdrage van {e.author} {where} verwijderd{by}: \u201c{_quote(e.old_text)}\u201d"
    return f"- {when}: {e.kind}{by}"


def _header(view: SessionView) -> list[str]:
    title = view.title or f"Duidingssessie {view.id}"
    out = [f"# {title}", ""]
    out.append(f"- **Datum:** {view.datum}")
    out.append(f"- **Onderzoeksvraag:** {view.question_text}")
    out.append(f"- **Deelnemers:** {', '.join(view.participants)}")
    out.append(f"- **Leestijd:** {plural(view.reading_minutes, 'minuut', 'minuten')}")
    out.append(f"- **Duidingsvragen:** {' '.join(PROMPTS)}")
    out.append(f"- **Basis van de thema's:** {view.basis_text}")
    out.append("- **Fragmentnummers:** zoals de sessie ze per thema toonde")
    out.append("")
    if view.basis is not None and view.basis.unreviewed:
        out.append(f"> **{view.basis.warning}**")
        out.append("")
    return out


def render_minutes(view: SessionView, max_fragments: int | None = None, everything: bool = False) -> str:
    """The minutes as Markdown: participants, question, the discussed themes with duidingen and numbered
    fragments, the other themes by name (``everything``: in full too), take-aways and the session's history."""
    out = _header(view)
    full = [t for t in view.themes if everything or discussed(view, t)]
    rest = [t for t in view.themes if t not in full]
    out += ["## Thema's", ""]
    if not full:
        out += ["*(geen thema besproken)*", ""]
    for t in full:
        out += _theme_section(view, t, max_fragments)
    if rest:
        out += _others(view, rest)
    out += ["## Wat neem jij mee?", ""]
    takeaways = view.takeaways()
    if takeaways:
        out.extend(f"- **{d.author}**: {_quote(d.text)}" for d in takeaways)
    else:
        out.append("*(geen antwoorden vastgelegd)*")
    out.append("")
    if view.history:
        out += ["## Verloop van de sessie", ""]
        out += [event_line(view, e) for e in view.history]
        out.append("")
    return "\n".join(out)
