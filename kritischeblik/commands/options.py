"""Command-line options shared by several commands (no ``register``: cli.py skips it)."""

from __future__ import annotations

import argparse

from ..model import BASES

PROJECT_HELP = (
    "projectbestand of PostgreSQL-adres postgresql://gebruiker@server/database (standaard $KB_PROJECT, anders "
    "./kritischeblik.kb); het wachtwoord komt uit PGPASSWORD, ~/.pgpass of een servicebestand"
)


def project_argument(value: str):  # noqa: ANN201 (a Path or a DatabaseUrl)
    """``-p``: a project file or a PostgreSQL URL. A URL with a password is refused here, before anything
    connects; the message masks the password (argparse repeats the value only for other errors)."""
    from ..errors import KBError
    from ..store.location import project_location

    try:
        return project_location(value)
    except KBError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def add_layer_options(p: argparse.ArgumentParser, coder_help: str) -> None:
    """``--coder`` and ``--basis``: which coding layer an analysis counts."""
    p.add_argument("--coder", help=coder_help)
    p.add_argument(
        "--basis",
        choices=BASES,
        default="auto",
        help="codeerlaag (auto: codeur indien gegeven, anders consensus, anders alle codeurs, anders suggesties)",
    )


def add_filter_option(p: argparse.ArgumentParser) -> None:
    """``--filter KEY=WAARDE`` (repeatable): only some interviews, by omgeving, rol or a front-matter key."""
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KENMERK=WAARDE",
        help="alleen interviews met dit kenmerk (omgeving, rol of front matter: gemeente=Alkmaar, golf=2014); "
        "herhaal voor meer: zelfde kenmerk = een van de waarden, verschillende kenmerken = allemaal",
    )


def parse_filters(values: list[str]) -> dict[str, list[str]]:
    """``["golf=2013", "golf=2014", "gemeente=Alkmaar"]`` -> ``{"golf": ["2013", "2014"], "gemeente": [...]}``."""
    from ..errors import KBError

    out: dict[str, list[str]] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise KBError(f"--filter '{item}': schrijf KENMERK=WAARDE, bv. --filter gemeente=Alkmaar")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


FORCE_FLAGS = ("--force", "--overschrijven")
FORCE_HINT = "gebruik --overschrijven (of --force) om het te vervangen, of kies een andere naam"
"""Added by the CLI to :class:`kritischeblik.safefiles.TargetExists` (the lower layers name no flags)."""


def add_force_option(p: argparse.ArgumentParser, what: str = "een bestaand uitvoerbestand") -> None:
    """``--force`` / ``--overschrijven``: replace an existing output (never a project, database or device)."""
    p.add_argument(
        *FORCE_FLAGS,
        dest="force",
        action="store_true",
        help=f"{what} vervangen (een project, database, map of apparaat nooit)",
    )


ACTOR_HELP = "wie dit doet (standaard $KB_CODER); nodig in een project met rollen (zie 'kb rol toon')"


def add_actor_option(p: argparse.ArgumentParser, *flags: str) -> None:
    """``--coder NAAM`` (or the ``flags`` given, where ``--coder`` means something else): who runs the command,
    checked against the project's roles. On SQLite a name, not a login: a guard against mistakes."""
    p.add_argument(*(flags or ("--coder",)), dest="actor", default=None, metavar="NAAM", help=ACTOR_HELP)


def actor(args: argparse.Namespace) -> str | None:
    """Who runs the command: the actor option, else ``$KB_CODER``; None when neither is given."""
    import os

    name = " ".join((getattr(args, "actor", None) or os.environ.get("KB_CODER") or "").split())
    return name or None
