"""kb instellingen: which front-matter keys are structure (kept as written) rather than content; whether
ingest computes a sentence vector per fragment (zinsvectoren); whether machine suggestions include the
interviewers' segments."""

from __future__ import annotations

import argparse

from ..errors import KBError
from ..services import project as service
from ..store import settings as store_settings
from ..store.db import Project
from .options import actor, add_actor_option
from .output import emit_mapping

_NOTE = (
    "Waarden van deze sleutels blijven bij het inlezen staan zoals ze geschreven zijn; alle andere waarden in de "
    "front matter worden gepseudonimiseerd. Een wijziging geldt voor interviews die hierna worden ingelezen; al "
    "ingelezen interviews houden hun opgeslagen waarden."
)


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("instellingen", help="instellingen van het project")
    isub = p.add_subparsers(dest="settings_cmd", required=True)
    s = isub.add_parser(
        "structuur",
        help="front-mattersleutels die structuur zijn (niet gepseudonimiseerd): tonen of wijzigen",
        description=_NOTE,
    )
    ssub = s.add_subparsers(dest="structure_cmd", required=True, metavar="toon|voeg-toe|verwijder|standaard")
    sub_common = argparse.ArgumentParser(add_help=False, parents=[common, fmt])
    add_actor_option(sub_common)
    show = ssub.add_parser("toon", parents=[sub_common], help="de lijst tonen")
    show.set_defaults(func=cmd_show)
    add = ssub.add_parser("voeg-toe", parents=[sub_common], help="sleutels aan de lijst toevoegen")
    add.add_argument("keys", nargs="+", metavar="SLEUTEL", help="front-mattersleutel, bv. golf of regio")
    add.set_defaults(func=cmd_add)
    rm = ssub.add_parser("verwijder", parents=[sub_common], help="sleutels van de lijst halen")
    rm.add_argument("keys", nargs="+", metavar="SLEUTEL", help="front-mattersleutel")
    rm.set_defaults(func=cmd_remove)
    reset = ssub.add_parser("standaard", parents=[sub_common], help="de standaardlijst terugzetten")
    reset.set_defaults(func=cmd_reset)
    v = isub.add_parser(
        "zinsvectoren",
        parents=[sub_common],
        help="zinsvectoren berekenen bij inlezen: tonen, of aan/uit zetten",
        description=_VECTORS_NOTE,
    )
    v.add_argument("value", nargs="?", choices=["aan", "uit"], help="aan of uit (weglaten: tonen)")
    v.set_defaults(func=cmd_vectors)
    _register_interviewers(isub, sub_common)


_INTERVIEWERS_NOTE = (
    "Of automatische codeersuggesties ook voor de zinnen van interviewers worden gemaakt. Standaard niet: vragen "
    "en samenvattingen van de interviewer zijn geen uitspraken van de respondent. De instelling geldt bij de "
    "volgende keer automatisch coderen; 'kb code auto --interviewers' of '--geen-interviewers' wijkt er voor "
    "één keer van af."
)


def _register_interviewers(isub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    i = isub.add_parser(
        "interviewers",
        help="codeersuggesties ook voor de zinnen van interviewers: tonen, aan of uit",
        description=_INTERVIEWERS_NOTE,
    )
    isub2 = i.add_subparsers(dest="interviewers_cmd", required=True, metavar="toon|aan|uit")
    isub2.add_parser("toon", parents=[sub_common], help="de instelling tonen").set_defaults(
        func=cmd_interviewers, on=None
    )
    isub2.add_parser("aan", parents=[sub_common], help="interviewers meenemen").set_defaults(
        func=cmd_interviewers, on=True
    )
    isub2.add_parser("uit", parents=[sub_common], help="interviewers overslaan (standaard)").set_defaults(
        func=cmd_interviewers, on=False
    )


def cmd_interviewers(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        if args.on is None:
            on = service.suggest_interviewers(project)
        else:
            on = service.set_suggest_interviewers(project, args.on, actor=actor(args))
    if args.format == "table":
        state = (
            "aan: ook interviewers krijgen suggesties"
            if on
            else "uit: alleen respondenten krijgen suggesties"
        )
        print(f"Suggesties voor interviewers: {state}.")
        print(_INTERVIEWERS_NOTE)
    else:
        emit_mapping({"interviewers": on}, args.format)
    return 0


def _show(keys: list[str], default: bool, fmt: str, message: str | None = None) -> int:
    if fmt == "table":
        if message:
            print(message)
        print(f"Structuursleutels{' (standaard)' if default else ''}: {', '.join(keys)}")
        print(_NOTE)
    else:
        emit_mapping({"structuur": keys, "standaard": default}, fmt)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        keys, default = service.structural_keys(project)
    return _show(keys, default, args.format)


def cmd_add(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        stored, default, new = service.add_structural_keys(project, _clean(args.keys), actor=actor(args))
    message = f"Toegevoegd: {', '.join(new)}." if new else "Alle genoemde sleutels stonden al op de lijst."
    return _show(stored, default, args.format, message)


def cmd_remove(args: argparse.Namespace) -> int:
    keys = _clean(args.keys)
    with Project.open(args.project) as project:
        stored = service.remove_structural_keys(project, keys, actor=actor(args))
    return _show(stored, False, args.format, f"Verwijderd: {', '.join(keys)}.")


def cmd_reset(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        keys = service.reset_structural_keys(project, actor=actor(args))
    return _show(keys, True, args.format, "De standaardlijst is teruggezet.")


_VECTORS_NOTE = (
    "Met zinsvectoren aan (standaard) berekent het inlezen per fragment een zinsvector, die thema's en geleerde "
    "suggesties gebruiken; uit maakt inlezen sneller en het project kleiner, en alles werkt dan op trefwoorden "
    "(TF-IDF). Uitzetten wist geen opgeslagen vectoren; 'kb vectoren bouw' berekent ontbrekende later."
)


def cmd_vectors(args: argparse.Namespace) -> int:
    from ..services import vectors as vectors_service  # numpy: not for every `kb`

    with Project.open(args.project) as project:
        if args.value is not None:
            vectors_service.set_enabled(project, args.value == "aan", actor=actor(args))
        on = vectors_service.enabled(project)
    if args.format == "table":
        if args.value is not None:
            print(f"Zinsvectoren bij inlezen staan nu {'aan' if on else 'uit'}.")
        else:
            print(f"Zinsvectoren bij inlezen: {'aan' if on else 'uit'}.")
        print(_VECTORS_NOTE)
    else:
        emit_mapping({"zinsvectoren": "aan" if on else "uit"}, args.format)
    return 0


def _clean(keys: list[str]) -> list[str]:
    out = []
    for key in keys:
        norm = store_settings.normalise_key(key)
        if not norm:
            raise KBError("Lege sleutel: geef de naam van een front-mattersleutel, bv. 'golf'.")
        out.append(norm)
    return out
