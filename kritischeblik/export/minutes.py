"""Markdown minutes (verslag) of a duidingssessie: a pure function from a session view to text.

Withdrawn fragments (member check) never appear; confidential ones are named by reference only.
"""

from __future__ import annotations

from ..store.sessions import PROMPTS, DuidingView, Fragment, SessionView
from ..wording import plural

STATUS_LABELS = {
    "open": "niet besproken",
    "bevestigd": "bevestigd",
    "samengevoegd": "samengevoegd",
    "terzijde": "terzijde gelegd",
}


def _quote(text: str) -> str:
    return " ".join(text.split())


def _fragment_line(f: Fragment) -> str | None:
    if f.state == "ingetrokken":
        return None
    if not f.pseudonymised:
        # The speaker is a name as written and the text unpseudonymised: neither goes into the minutes.
        return f"- *(niet gepseudonimiseerd fragment, {f.interview_id}, {f.section})*"
    where = f"{f.interview_id}, {f.speaker}, {f.section}"
    if f.state == "vertrouwelijk":
        return f"- *(vertrouwelijk fragment, {where})*"
    return f"- \u201c{_quote(f.text)}\u201d \u2014 *{where}*"


def _duiding_line(d: DuidingView) -> str:
    prompt = f" *({d.prompt})*" if d.prompt else ""
    refs = f" [fragmenten: {', '.join(map(str, d.segment_ids))}]" if d.segment_ids else ""
    return f"- **{d.author}**{prompt}: {_quote(d.text)}{refs}"


def render_minutes(view: SessionView, max_fragments: int | None = None) -> str:
    """The minutes as Markdown: participants, question, themes with duidingen and fragments, take-aways."""
    title = view.title or f"Duidingssessie {view.id}"
    out = [f"# {title}", ""]
    out.append(f"- **Datum:** {view.datum}")
    out.append(f"- **Onderzoeksvraag:** {view.question_text}")
    out.append(f"- **Deelnemers:** {', '.join(view.participants)}")
    out.append(f"- **Leestijd:** {plural(view.reading_minutes, 'minuut', 'minuten')}")
    out.append(f"- **Duidingsvragen:** {' '.join(PROMPTS)}")
    out.append(f"- **Basis van de thema's:** {view.basis_text}")
    out.append("")
    if view.basis is not None and view.basis.unreviewed:
        out.append(f"> **{view.basis.warning}**")
        out.append("")
    labels = {t.id: t.label for t in view.themes}
    out.append("## Thema's")
    out.append("")
    for t in view.themes:
        status = STATUS_LABELS.get(t.status, t.status)
        if t.status == "samengevoegd" and t.merged_into in labels:
            status += f" met \u201c{labels[t.merged_into]}\u201d"
        out.append(f"### {t.label}")
        out.append("")
        out.append(f"*Status: {status}; {plural(len(t.segment_ids), 'fragment', 'fragmenten')}.*")
        out.append("")
        duid = view.duidingen_for(t.id)
        if duid:
            out.append("**Duidingen**")
            out.append("")
            out.extend(_duiding_line(d) for d in duid)
            out.append("")
        lines = [
            line
            for sid in t.segment_ids
            if (f := view.fragments.get(sid)) is not None and (line := _fragment_line(f)) is not None
        ]
        if lines:
            out.append("**Fragmenten waarop het thema rust**")
            out.append("")
            shown = lines if max_fragments is None else lines[:max_fragments]
            out.extend(shown)
            if len(shown) < len(lines):
                out.append(f"- *\u2026 en nog {plural(len(lines) - len(shown), 'fragment', 'fragmenten')}*")
            out.append("")
    out.append("## Wat neem jij mee?")
    out.append("")
    takeaways = view.takeaways()
    if takeaways:
        out.extend(f"- **{d.author}**: {_quote(d.text)}" for d in takeaways)
    else:
        out.append("*(geen antwoorden vastgelegd)*")
    out.append("")
    return "\n".join(out)
