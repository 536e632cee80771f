"""Who is coding, in the TUI: asked at the start when no coder was given, the name resolved to the project's
coder (case and spaces do not count), a new coder announced; and blind coding suggested when another coder
already works on the interview that is opened."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import KBError
from ...services.coders import CoderIdentity, blind_advice, identify_coder, known_coders
from ...services.coding import coder_name
from ...store.blind import is_blind
from ..app import KBApp, UndoOp
from .pickers import ChoicePicker, TextPrompt

NEW = "\x00nieuw"
"""ChoicePicker id of "a new coder" (no name can look like it)"""


def _name_problem(value: str) -> str | None:
    try:
        coder_name(value)
    except KBError as e:
        return str(e)
    return None


def ask_coder(app: KBApp, done: Callable[[str | None], None]) -> None:
    """Ask who is coding: the project's coders, or a new name. ``done`` gets the name typed or chosen, or
    None when the user cancels."""
    known = known_coders(app.project)
    choices = [(name, name) for name in known] + [(NEW, "Nieuwe codeur…")]

    def typed(value: str | None) -> None:
        done(value if value is not None and value.strip() else None)

    def chosen(choice: str | None) -> None:
        if choice == NEW:
            app.push_screen(
                TextPrompt(
                    "Naam van de nieuwe codeur",
                    hint="Hoofdletters en spaties tellen niet: 'anna' is de codeur Anna",
                    check=_name_problem,
                ),
                typed,
            )
        else:
            done(choice)

    title = "Wie codeert er?" if known else "Wie codeert er? Dit project heeft nog geen codeurs."
    app.push_screen(ChoicePicker(title, choices), chosen)


def start_as(app: KBApp, name: str) -> CoderIdentity | None:
    """Resolve ``name`` to the project's coder and make it the app's; announce a new coder. None (with a
    notification) when the name cannot be a coder."""
    try:
        who = identify_coder(app.project, name)
    except KBError as e:
        app.notify(str(e), title="Codeur", severity="error", markup=False)
        return None
    app.coder = who.name
    if who.new:
        known = f" Bestaande codeurs: {', '.join(who.known)}." if who.known else ""
        app.notify(
            f"Nieuwe codeur: {who.name}. De eerste beslissing of score legt de codeur vast.{known}",
            title="Nieuwe codeur",
            markup=False,
            timeout=15,
        )
    elif " ".join(name.split()) != who.name:
        app.notify(f"Je codeert als {who.name} (bestaande codeur).", markup=False)
    return who


def suggest_blind(app: KBApp, interview_id: str) -> None:
    """When another coder already decided on this interview and it is not blind (and the duo has not started
    comparing), suggest blind coding, once per interview and session; b on the coding screen switches it on."""
    if interview_id in app.blind_asked or app.project is None or app.project.read_only is not None:
        return
    others = blind_advice(app.project, interview_id, app.coder)
    if not others:
        return
    app.blind_asked.add(interview_id)
    app.notify(
        f"{' en '.join(others)} codeert {interview_id} ook, en blind staat uit: jullie zien elkaars "
        "coderingen. Druk b om blind te coderen tot jullie vergelijken (6 Verschillen).",
        title="Blind coderen?",
        severity="warning",
        markup=False,
        timeout=20,
    )


def blind_on(app: KBApp, interview_id: str, reload: Callable[[], None]) -> None:
    """Switch blind on for one interview (ctrl+z undoes it). Switching it off ends the blind phase for the
    duo, so that stays a deliberate step outside the coding screen."""
    from ...services import consensus  # the agreement tables behind it: not before the first screen

    if app.read(lambda s: is_blind(s, interview_id)):
        app.notify(f"{interview_id} staat al op blind", markup=False)
        return
    done = app.write(
        lambda p: consensus.set_blind(p, [interview_id], True, actor=app.coder),
        lambda _ids: UndoOp(
            f"blind {interview_id}", lambda p: consensus.set_blind(p, [interview_id], False, actor=app.coder)
        ),
    )
    if done is not None:
        app.notify(f"Blind staat aan voor {interview_id}: je ziet alleen je eigen coderingen", markup=False)
        reload()
