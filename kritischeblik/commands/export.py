"""kb export xlsx|csv|qdc|qdpx, kb import qdpx|qdc."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import Notice
from ..store.db import Project
from ..wording import plural
from .coders import as_written
from .hints import cli_line
from .options import (
    actor,
    add_actor_option,
    add_filter_option,
    add_force_option,
    add_layer_options,
    parse_filters,
)
from .output import emit_mapping


def register_export(
    exp: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = exp.add_parser(
        "xlsx", parents=[common], help="Excel-werkboek met tellingen, fragmenten, thema's en codeboek"
    )
    p.add_argument("out", type=Path, help="uitvoerbestand (.xlsx)")
    p.add_argument("--coder", help="alleen de coderingen van deze codeur (standaard: alle menselijke lagen)")
    add_force_option(p)
    p.set_defaults(func=cmd_xlsx)

    p = exp.add_parser(
        "csv", parents=[common], help="CSV-bestanden (lang formaat) met gegevenswoordenboek, voor R/SPSS"
    )
    p.add_argument("dir", type=Path, help="uitvoermap (wordt aangemaakt; een bestaande map moet leeg zijn)")
    p.add_argument("--coder", help="alleen de coderingen van deze codeur")
    add_force_option(p, "de bestanden van een eerdere export in deze map")
    p.set_defaults(func=cmd_csv)

    p = exp.add_parser(
        "samenvatting",
        parents=[common],
        help="samenvatting op één pagina in gewone taal (B1), als Markdown, naast het volledige rapport",
    )
    p.add_argument("out", type=Path, help="uitvoerbestand (.md)")
    add_layer_options(p, "tellen vanuit de coderingen van deze codeur")
    p.add_argument("--titel", default="Kritische Blik", help="titel bovenaan de pagina")
    add_filter_option(p)
    add_force_option(p)
    p.set_defaults(func=cmd_summary)

    p = exp.add_parser(
        "qdc", parents=[common], help="codeboek als REFI-QDA .qdc (ATLAS.ti, NVivo, MAXQDA, ...)"
    )
    p.add_argument("out", type=Path)
    add_force_option(p)
    p.set_defaults(func=cmd_qdc)

    p = exp.add_parser("qdpx", parents=[common, fmt], help="project als REFI-QDA .qdpx")
    p.add_argument("out", type=Path)
    p.add_argument("--coder", help="alleen de coderingen van deze codeur")
    add_force_option(p)
    p.set_defaults(func=cmd_qdpx)


def register_import(
    imp: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = imp.add_parser("qdpx", parents=[common, fmt], help="REFI-QDA-project (.qdpx) importeren")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--into-new", type=Path, metavar="PAD", help="in een nieuw project op PAD in plaats van -p"
    )
    p.add_argument(
        "--codebook", default="kritische-blik", help="codeboek voor het nieuwe project (met --into-new)"
    )
    p.add_argument("--unit", choices=["sentence", "turn"], default="sentence", help="segment = zin of beurt")
    p.add_argument(
        "--no-pseudonymise",
        action="store_true",
        help="teksten, memo's en kenmerken NIET pseudonimiseren (originele namen blijven; zichtbaar in "
        "kb status, gemaskeerd in exports)",
    )
    add_actor_option(p)
    p.set_defaults(func=cmd_import_qdpx)

    p = imp.add_parser("qdc", parents=[common, fmt], help="REFI-QDA-codeboek (.qdc) importeren")
    p.add_argument("file", type=Path)
    add_actor_option(p)
    p.set_defaults(func=cmd_import_qdc)


def _warn(warnings: Sequence[str | Notice]) -> None:
    for w in warnings:
        print(f"waarschuwing: {cli_line(w)}", file=sys.stderr)


def cmd_summary(args: argparse.Namespace) -> int:
    from ..services import exports

    where = parse_filters(args.filter)
    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        text = exports.summary(
            project,
            args.out,
            coder=args.coder,
            basis=args.basis,
            title=args.titel,
            where=where,
            force=args.force,
        )
    print(f"Samenvatting geschreven: {args.out} ({plural(len(text.split()), 'woord', 'woorden')})")
    said = next((line for line in text.splitlines() if line.startswith("Gebaseerd op:")), "")
    if said:
        print(said)
    return 0


def cmd_xlsx(args: argparse.Namespace) -> int:
    from ..services import exports

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        summary = exports.xlsx(project, args.out, coder=args.coder, force=args.force)
    _warn(summary.warnings)
    print(f"Werkboek geschreven: {args.out} ({', '.join(f'{k} {v}' for k, v in summary.sheets.items())})")
    print(f"Codematrices {summary.basis}")
    return 0


def cmd_csv(args: argparse.Namespace) -> int:
    from ..services import exports

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        summary = exports.csv(project, args.dir, coder=args.coder, force=args.force)
    _warn(summary.warnings)
    print(
        f"CSV-bestanden geschreven in {args.dir}: "
        + ", ".join(f"{k} ({v} rijen)" for k, v in summary.files.items())
    )
    return 0


def cmd_qdc(args: argparse.Namespace) -> int:
    from ..services import exports

    with Project.open(args.project) as project:
        summary = exports.qdc(project, args.out, force=args.force)
    print(f"Codeboek geschreven: {args.out} ({plural(summary.codes, 'code', 'codes')})")
    return 0


def cmd_qdpx(args: argparse.Namespace) -> int:
    from ..services import exports

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        summary = exports.qdpx(project, args.out, coder=args.coder, force=args.force)
    if args.format == "table":
        _warn(summary.warnings)
        print(
            f"REFI-QDA-project geschreven: {args.out} ({plural(summary.sources, 'bron', 'bronnen')}, "
            f"{plural(summary.codes, 'code', 'codes')}, {plural(summary.codings, 'codering', 'coderingen')} van "
            f"{plural(summary.users, 'codeur', 'codeurs')}, {plural(summary.cases, 'case', 'cases')}, "
            f"{plural(summary.notes, 'notitie', 'notities')})"
        )
    else:
        emit_mapping(summary.as_dict(), args.format)
    return 0


def _print_report(report, fmt: str) -> None:  # noqa: ANN001
    if fmt != "table":
        emit_mapping(report.as_dict(), fmt)
        return
    print(
        f"Geïmporteerd in {report.project}: {plural(len(report.interviews), 'interview', 'interviews')}, "
        f"{plural(report.codes_matched, 'code', 'codes')} herkend, {plural(report.codes_new, 'nieuwe code', 'nieuwe codes')}, "
        f"{plural(report.codings, 'codering', 'coderingen')} uit {plural(report.selections, 'selectie', 'selecties')}, "
        f"{plural(len(report.coders), 'codeur', 'codeurs')}, {plural(report.cases, 'case', 'cases')}, "
        f"{plural(report.notes, 'notitie', 'notities')}."
    )
    if report.interviews and report.pseudonymised:
        print(
            "Teksten, bronnamen, memo's en kenmerken van de bronnen zijn gepseudonimiseerd; coderingen zijn "
            "meeverschoven. Codenamen en -beschrijvingen en namen van codeurs zijn overgenomen zoals ze waren."
        )
    elif report.interviews:
        print(
            "LET OP: niet gepseudonimiseerd (--no-pseudonymise): de teksten zijn overgenomen zoals ze waren. "
            "'kb status' toont deze interviews; exports maskeren hun tekst en namen, maar niet de interview-id's, "
            "die van de bronnamen gemaakt zijn: controleer of daar geen namen in staan."
        )
    if report.misaligned:
        print(
            f"\n{plural(len(report.misaligned), 'selectie valt', 'selecties vallen')} niet samen met segmentgrenzen:"
        )
        for m in report.misaligned:
            print(f"  - {m}")
    if report.not_carried:
        print(f"\nNiet overgenomen ({len(report.not_carried)}):")
        for m in report.not_carried:
            print(f"  - {m}")
    if getattr(report, "warnings", None):
        print(f"\nWaarschuwingen ({len(report.warnings)}):")
        for m in report.warnings:
            print(f"  - {m}")
    print(report.verdict())


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from ..interop.project_reader import import_qdpx
    from ..interop.qdpx_archive import read_archive
    from ..services import roles

    if args.no_pseudonymise:
        print("LET OP: pseudonimisering staat uit; originele namen worden opgeslagen.", file=sys.stderr)

    if args.into_new is None:
        with Project.open(args.project) as project:
            report = import_qdpx(
                project,
                args.file,
                unit=args.unit,
                pseudonymise=not args.no_pseudonymise,
                guard=roles.guard(roles.Action.INGEST, actor(args)),
            )
    else:
        from ..codebook import load_codebook
        from ..services.project import create_project

        read_archive(args.file)  # refuse a bad archive before creating anything
        codebook = load_codebook(args.codebook)
        report = create_project(
            args.into_new,
            codebook,
            then=lambda p: import_qdpx(p, args.file, unit=args.unit, pseudonymise=not args.no_pseudonymise),
        )
    _print_report(report, args.format)
    return 0


def cmd_import_qdc(args: argparse.Namespace) -> int:
    from ..interop.codebook_reader import import_qdc
    from ..services import roles

    with Project.open(args.project) as project:
        report = import_qdc(project, args.file, guard=roles.guard(roles.Action.CODEBOOK, actor(args)))
    _print_report(report, args.format)
    return 0
