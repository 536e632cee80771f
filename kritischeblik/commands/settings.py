"""kb instellingen structuur: which front-matter keys are structure (kept as written) rather than content."""

from __future__ import annotations

import argparse

from ..errors import KBError
from ..model import ALWAYS_STRUCTURAL
from ..store import settings as store_settings
from ..store.db import Project
from .output import emit_mapping

# Front-matter keys the parser takes for itself; their values are never stored as written.
_NEVER_STORED = ("duo", "respondent", "respondenten")
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
    with Project.open(args.project) as project, project.read() as s:
        keys, default = store_settings.structural_keys(s), store_settings.is_default(s)
    return _show(keys, default, args.format)


def _clean(keys: list[str]) -> list[str]:
    out = []
    for key in keys:
        norm = store_settings.normalise_key(key)
        if not norm:
            raise KBError("Lege sleutel: geef de naam van een front-mattersleutel, bv. 'golf'.")
        out.append(norm)
    return out


def cmd_add(args: argparse.Namespace) -> int:
    keys = _clean(args.keys)
    never = [k for k in keys if k in _NEVER_STORED]
    if never:
        raise KBError(
            f"'{never[0]}' kan geen structuursleutel zijn: namen van interviewers en respondenten worden nooit "
            "opgeslagen. Er is niets gewijzigd."
        )
    with Project.open(args.project) as project, project.write() as s:
        current = store_settings.structural_keys(s)
        new = [k for k in keys if k not in current]
        stored = store_settings.set_structural_keys(s, current + new) if new else current
        default = store_settings.is_default(s)
    message = f"Toegevoegd: {', '.join(new)}." if new else "Alle genoemde sleutels stonden al op de lijst."
    return _show(stored, default, args.format, message)


def cmd_remove(args: argparse.Namespace) -> int:
    keys = _clean(args.keys)
    fixed = [k for k in keys if k in ALWAYS_STRUCTURAL]
    if fixed:
        raise KBError(
            f"'{fixed[0]}' blijft altijd op de lijst: {' en '.join(ALWAYS_STRUCTURAL)} zijn nodig om interviews "
            "te herkennen en te groeperen. Er is niets gewijzigd."
        )
    with Project.open(args.project) as project, project.write() as s:
        current = store_settings.structural_keys(s)
        missing = [k for k in keys if k not in current]
        if missing:
            raise KBError(
                f"'{missing[0]}' staat niet op de lijst ({', '.join(current)}). Er is niets gewijzigd."
            )
        stored = store_settings.set_structural_keys(s, [k for k in current if k not in keys])
    return _show(stored, False, args.format, f"Verwijderd: {', '.join(keys)}.")


def cmd_reset(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.write() as s:
        store_settings.reset_structural_keys(s)
        keys = store_settings.structural_keys(s)
    return _show(keys, True, args.format, "De standaardlijst is teruggezet.")
