"""Changing a contribution in a running duidingssessie: pick one, then edit it in the contribution form or
remove it. Both stay in the session's history (the minutes show what it said before), unlike ctrl+z."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...services import sessions
from ...store import sessions as store
from ...store.db import Project
from .pickers import ChoicePicker
from .session_forms import ContributionForm

if TYPE_CHECKING:
    from .session_run import SessionRunScreen


def _contributions(screen: SessionRunScreen) -> list[store.DuidingView]:
    """The contributions on screen: the chosen theme's duidingen, or the answers of the closing round."""
    view = screen.view
    if view is None:
        return []
    if view.phase == "duiden":
        theme = screen.theme
        return view.duidingen_for(theme.id) if theme is not None else []
    return view.takeaways()


def _label(d: store.DuidingView) -> str:
    text = " ".join(d.text.split())
    return f"{d.author}: {text[:70]}{'…' if len(text) > 70 else ''}"


def pick_contribution(screen: SessionRunScreen, verb: str, then) -> None:  # noqa: ANN001 - a callback
    """Ask which contribution to ``verb`` (one on screen), then call ``then`` with it."""
    if screen.refused_closed():
        return
    found = _contributions(screen)
    if not found:
        screen.notify("Hier is nog geen bijdrage om te " + verb, severity="warning")
        return
    by_id = {str(d.id): d for d in found}

    def chosen(key: str | None) -> None:
        if key is not None:
            then(by_id[key])

    screen.app.push_screen(
        ChoicePicker(f"Welke bijdrage {verb}?", [(k, _label(d)) for k, d in by_id.items()]), chosen
    )


def edit_contribution(screen: SessionRunScreen, d: store.DuidingView) -> None:
    """The contribution form, filled with ``d``; saving changes it (pseudonymised as when it was added)."""
    view = screen.view
    theme = view.theme(d.theme_id) if d.theme_id is not None else None
    frags = screen.visible_fragments(theme) if theme is not None else []
    numbers = view.fragment_numbers(theme) if theme is not None else {}
    # Cited fragments the form cannot number (from outside the theme) are kept as they are.
    unnumbered = [s for s in d.segment_ids if s not in numbers]

    def done(values: dict | None) -> None:
        if values is None:
            return
        segs = [frags[n - 1].segment_id for n in values["fragments"]] + unnumbered
        by = screen.app.coder

        def save(text: str) -> None:
            def change(p: Project) -> bool:
                sessions.edit_duiding(
                    p,
                    d.id,
                    values["author"],
                    text,
                    prompt=values["prompt"] or None,
                    segment_ids=segs if theme is not None else None,
                    by=by,
                    pseudonymise=False,
                )
                return True

            if screen.app.write(change) is not None:
                screen.notify(f"Bijdrage van {values['author']} gewijzigd", markup=False)
                screen.reload()

        screen.app.save_typed(values["text"], save)

    screen.app.prepare_typing()
    screen.app.push_screen(
        ContributionForm(
            "Bijdrage wijzigen",
            view.participants,
            author=d.author,
            with_prompt=d.kind == store.KIND_DUIDING,
            fragments=len(frags),
            text=d.text,
            prompt=d.prompt,
            numbers=[numbers[s] for s in d.segment_ids if s in numbers],
        ),
        done,
    )


def remove_contribution(screen: SessionRunScreen, d: store.DuidingView) -> None:
    """Ask once more, then remove ``d``; the session's history keeps what it said."""
    by = screen.app.coder

    def confirmed(answer: str | None) -> None:
        if answer != "ja":
            return

        def remove(p: Project) -> bool:
            sessions.remove_duiding(p, d.id, by=by)
            return True

        if screen.app.write(remove) is not None:
            screen.notify(
                f"Bijdrage van {d.author} verwijderd (het verloop in het verslag noemt haar)", markup=False
            )
            screen.reload()

    screen.app.push_screen(
        ChoicePicker(
            f"Bijdrage verwijderen? {_label(d)}",
            [("nee", "Nee, laten staan"), ("ja", "Ja, verwijderen (blijft in het verloop van de sessie)")],
        ),
        confirmed,
    )
