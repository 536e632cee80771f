"""kb init, kb status, kb check."""

from __future__ import annotations

import argparse
import sys

from ..codebook import load_codebook
from ..services.project import create_project
from ..store import coverage
from ..store.db import Project
from ..store.location import DatabaseUrl
from ..store.stats import check_problems, project_counts
from ..wording import plural
from .hints import UNPSEUDONYMISED_LABELS, cli_line
from .options import project_argument
from .output import emit_mapping


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("init", parents=[common], help="nieuw project aanmaken")
    p.add_argument(
        "--codebook", default="kritische-blik", help="meegeleverd codeboek (naam) of pad naar YAML"
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("status", parents=[common, fmt], help="overzicht van het project")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("check", parents=[common, fmt], help="integriteitscontrole van het projectbestand")
    p.add_argument(
        "--herstel",
        action="store_true",
        help="vreemde of gewijzigde schema-objecten (triggers, views, tabellen) verwijderen: maakt eerst "
        "een back-up en bouwt het project opnieuw op met alleen de eigen tabellen en gegevens",
    )
    p.set_defaults(func=cmd_check)

    group = sub.add_parser("project", help="een project als geheel: kopiëren tussen bestand en PostgreSQL")
    actions = group.add_subparsers(dest="project_cmd", required=True, metavar="ACTIE")
    p = actions.add_parser(
        "copy",
        help="het hele project kopiëren naar een nieuw project (SQLite-bestand of PostgreSQL-database, "
        "in beide richtingen)",
    )
    p.add_argument("source", type=project_argument, metavar="BRON", help="het project dat gekopieerd wordt")
    p.add_argument(
        "target",
        type=project_argument,
        metavar="DOEL",
        help="nieuw projectbestand, of een lege PostgreSQL-database (postgresql://gebruiker@server/database)",
    )
    p.set_defaults(func=cmd_copy)


def cmd_init(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    create_project(args.project, codebook)
    print(
        f"Project {args.project} aangemaakt met codeboek {codebook.name} {codebook.version} ({len(codebook.codes)} codes)."
    )
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from ..services.project import copy_project

    result = copy_project(args.source, args.target)
    counts = result.rows
    print(
        f"Project {args.source} gekopieerd naar {args.target}: "
        f"{plural(counts.get('interviews', 0), 'interview', 'interviews')}, "
        f"{plural(counts.get('codings', 0), 'codering', 'coderingen')}, "
        f"{plural(sum(counts.values()), 'rij', 'rijen')} in totaal. Controleer de kopie met 'kb check -p {args.target}'."
    )
    for notice in result.notices:
        print(f"waarschuwing: {cli_line(notice)}", file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..nlp import describe, load_nlp, pipeline_info
    from ..services import vectors
    from ..store import keys

    with Project.open(args.project) as project:
        meta = project.meta()
        with project.read() as s:
            counts = project_counts(s)
            based = coverage.project_basis(s).text()
            themes = {k: b.text() for k, b in coverage.theme_bases(s).items()}
        vector_status = vectors.status(project)
    info = pipeline_info(load_nlp())
    raw = counts["niet_gepseudonimiseerd"]
    counts["niet_gepseudonimiseerd_waarom"] = {
        iid: [UNPSEUDONYMISED_LABELS[r] for r in why]
        for iid, why in counts["niet_gepseudonimiseerd_waarom"].items()
    }
    project_uuid = meta.get(keys.UUID_META)
    data = {
        "project": str(args.project),
        "schemaversie": int(meta.get("schema_version", 0)),
        "aangemaakt": meta.get("created_at"),
        **counts,
        "tellingen": based,
        "themas": themes or "nog geen thema's",
        "nlp_pipeline": describe(info),
        "nlp_soort": info.kind,
        "nlp_bij_inlezen": meta.get("nlp_pipeline", ""),
        # Never "aan" while anything unpseudonymised is stored: ingested, imported or from a form.
        "pseudonimisering": f"UIT voor {plural(raw, 'interview', 'interviews')}" if raw else "aan",
        "sleutel_onderzoekers": keys.state(project_uuid, meta.get(keys.CHECK_META)),
        "sleutelbestand": str(keys.key_path(project_uuid)) if project_uuid else "",
        "zinsvectoren": f"{vector_status.stored} van {plural(vector_status.segments, 'fragment', 'fragmenten')}"
        + ("" if vector_status.on else " (bij inlezen: uit)"),
    }
    emit_mapping(data, args.format)
    if vector_status.missing:
        import sys

        print(
            f"{plural(vector_status.missing, 'fragment heeft', 'fragmenten hebben')} nog geen zinsvector; bouw ze met 'kb vectoren bouw'.",
            file=sys.stderr,
        )
    if raw:
        import sys

        reasons = counts["niet_gepseudonimiseerd_waarom"]
        why = "; ".join(f"{iid}: {', '.join(why)}" for iid, why in reasons.items())
        print(
            f"WAARSCHUWING: {plural(raw, 'interview bevat', 'interviews bevatten')} tekst die niet gepseudonimiseerd is en mogelijk echte "
            f"namen ({why}). Exports maskeren die tekst en namen.",
            file=sys.stderr,
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    repaired = None
    if args.herstel:
        from ..store.schema_repair import repair

        repaired = repair(args.project)
    # Opened without the schema check (the point is to report what it would refuse); a project with foreign
    # objects is then read only, never migrated.
    with Project.open(args.project, check_schema=False) as project, project.read() as s:
        problems = check_problems(s)
    if args.format == "json":
        data = {"ok": not problems, "problemen": problems}
        if repaired is not None:
            data["herstel"] = repaired.as_dict()
        emit_mapping(data, "json")
        return 1 if problems else 0
    if repaired is not None:
        _print_repair(repaired)
    if problems:
        print("\n".join(problems))
        if any(p.startswith("schema:") for p in problems) and isinstance(args.project, DatabaseUrl):
            print(
                "\nDe database bevat schema-objecten die Kritische Blik niet heeft gemaakt of die zijn veranderd; "
                "het project wordt niet geopend tot de beheerder van de server ze heeft verwijderd."
            )
        elif any(p.startswith("schema:") for p in problems):
            print(
                f"\nHet project bevat schema-objecten die Kritische Blik niet heeft gemaakt of die zijn veranderd; "
                f"het wordt niet geopend. 'kb check --herstel -p {args.project}' maakt eerst een back-up en bouwt het "
                "project dan opnieuw op met alleen de eigen tabellen en gegevens."
            )
    else:
        engine_check = "" if isinstance(args.project, DatabaseUrl) else "SQLite integrity_check, "
        print(f"Project is in orde: schema, {engine_check}offsets en koppelingen kloppen.")
    return 1 if problems else 0


def _print_repair(report) -> None:  # noqa: ANN001 - store.schema_repair.RepairReport
    if not report.found:
        print("Geen vreemde of gewijzigde schema-objecten gevonden; er is niets hersteld.")
        return
    print(f"Hersteld ({len(report.found)}):")
    for d in report.found:
        print(f"  - {d.describe()}")
    print(f"Back-up van het project zoals het was: {report.backup}")
    print("Rijen overgenomen: " + ", ".join(f"{t} {n}" for t, n in sorted(report.copied.items()) if n))
    for note in report.not_copied:
        print(f"  niet overgenomen: {note}")
