"""kb rol: who has which role in the project (codeur, lezer, beheerder); see services/roles.py for the matrix.

On SQLite the person acting is the name given with --coder or $KB_CODER: the roles guard against mistakes,
not against someone who can write the project file. The file system's permissions are the real guard. On
PostgreSQL the person is the login and the database enforces the roles (store/pg_grants.py)."""

from __future__ import annotations

import argparse
import sys

from ..model import Role
from ..services import roles as service
from ..store.db import Project
from ..wording import plural
from .options import actor, add_actor_option
from .output import emit, emit_mapping

_NOTE = (
    "Rollen per persoon: een codeur schrijft alleen de eigen codeerlaag, de eigen scores en de duidingssessies "
    "die hij of zij leidt; een lezer (bijvoorbeeld de visitatiecommissie) leest thema's, tellingen en verslagen "
    "en wijzigt niets; een beheerder leest in, beheert codeboek, consensus, thema's, instellingen en rollen. "
    "Zonder rollen mag iedereen alles. Wie de eerste rol zet, wordt zelf beheerder. Op een SQLite-project is "
    "de naam (--coder of $KB_CODER) geen inlog: rollen voorkomen vergissingen, de rechten op het bestand en de "
    "map beschermen het project echt. Op een PostgreSQL-project is de persoon de inlog op de server en dwingt de "
    "database de rollen zelf af (groepsrollen, rechten en rijbeveiliging; 'kb rol sql' toont het script voor de "
    "databasebeheerder)."
)


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("rol", help="rollen in het project: codeur, lezer, beheerder", description=_NOTE)
    rsub = p.add_subparsers(dest="role_cmd", required=True, metavar="toon|zet|verwijder|sql")
    sub_common = argparse.ArgumentParser(add_help=False, parents=[common, fmt])
    show = rsub.add_parser("toon", parents=[sub_common], help="wie welke rol heeft", description=_NOTE)
    show.set_defaults(func=cmd_show)
    put = rsub.add_parser("zet", parents=[sub_common], help="iemand een rol geven", description=_NOTE)
    put.add_argument("name", metavar="NAAM", help="naam van de persoon (hoofdletters en spaties tellen niet)")
    put.add_argument("role", metavar="ROL", choices=[str(r) for r in Role], help="codeur, lezer of beheerder")
    add_actor_option(put)
    put.set_defaults(func=cmd_set)
    rm = rsub.add_parser("verwijder", parents=[sub_common], help="iemands rol intrekken", description=_NOTE)
    rm.add_argument("name", metavar="NAAM", help="naam van de persoon")
    add_actor_option(rm)
    rm.set_defaults(func=cmd_remove)
    sql = rsub.add_parser(
        "sql",
        parents=[common],
        help="PostgreSQL: het SQL-script voor de databasebeheerder (rollen, rechten, rijbeveiliging)",
        description="Toont het SQL-script dat een databasebeheerder (superuser of CREATEROLE) uitvoert, "
        "bijvoorbeeld met psql, om de databaserollen van dit PostgreSQL-project te maken: een groep per rol, "
        "de rechten per tabel, de rijbeveiliging en wie in welke groep zit. Het script is herhaalbaar.",
    )
    sql.set_defaults(func=cmd_sql)


def _rows(project: Project) -> list[dict]:
    return [{"naam": e.name, "rol": str(e.role)} for e in service.roles(project)]


def cmd_show(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        rows = _rows(project)
        # PostgreSQL: whether each person's login can use the project (is in its role's database group)
        left = service.without_database_group(project) if rows else None
    if args.format == "table" and not rows:
        print("Dit project heeft geen rollen: iedereen mag alles. Zet de eerste met 'kb rol zet NAAM ROL'.")
        return 0
    columns = ["naam", "rol"]
    if left is not None:
        columns.append("databasegroep")
        for row in rows:
            row["databasegroep"] = "nee" if row["naam"] in left else "ja"
    emit(rows, args.format, columns=columns)
    if left:
        print(
            f"{plural(len(left), 'persoon zit', 'personen zitten')} in geen databasegroep en kan het project niet "
            "lezen of wijzigen: laat een databasebeheerder de inlog maken (CREATE ROLE naam LOGIN) en zet de rol "
            "opnieuw met 'kb rol zet', of laat hem het script van 'kb rol sql' uitvoeren.",
            file=sys.stderr,
        )
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        changed = service.set_role(project, args.name, args.role, actor(args))
        rows = _rows(project)
    if args.format != "table":
        emit_mapping(
            {"gewijzigd": [{"naam": e.name, "rol": str(e.role)} for e in changed], "rollen": rows},
            args.format,
        )
        return 0
    for e in changed:
        print(f"{e.name} is nu {e.role}.")
    emit(rows, "table", columns=["naam", "rol"])
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        removed = service.remove_role(project, args.name, actor(args))
        rows = _rows(project)
    if args.format != "table":
        emit_mapping(
            {"verwijderd": {"naam": removed.name, "rol": str(removed.role)}, "rollen": rows}, args.format
        )
        return 0
    print(f"{removed.name} heeft geen rol meer (was {removed.role}).")
    emit(rows, "table", columns=["naam", "rol"])
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        print(service.database_script(project), end="")
    return 0
