"""kb merge: duo projects brought together into one project."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import actor, add_actor_option, project_argument
from .output import emit_mapping, terminal_safe


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "merge",
        help="projecten van duo's samenvoegen in één project (bronnen blijven ongewijzigd)",
        description=(
            "Voegt elk BRONproject samen in het DOELproject, in één transactie: nieuwe interviews met hun "
            "fragmenten, coderingen per codeur, memo's, scores, memberchecks, geschiedenis, thema's en "
            "duidingssessies. Wat al in het doel staat wordt herkend en niet dubbel toegevoegd; wat verschilt "
            "wordt gemeld en nooit overschreven. Nog een keer samenvoegen voegt niets toe."
        ),
    )
    p.add_argument(
        "target",
        type=project_argument,
        metavar="DOEL",
        help="het project waarin wordt samengevoegd (bestand of URL)",
    )
    p.add_argument(
        "sources", type=project_argument, nargs="+", metavar="BRON", help="projecten die worden overgenomen"
    )
    p.add_argument(
        "--proef",
        "--dry-run",
        dest="dry_run",
        action="store_true",
        help="alleen het verslag tonen: niets schrijven",
    )
    p.add_argument(
        "--verslag",
        "--report",
        dest="verslag",
        type=Path,
        metavar="BESTAND.md",
        help="het verslag ook als Markdown naar dit nieuwe bestand schrijven (een bestaand bestand nooit)",
    )
    p.add_argument("--format", choices=["table", "json"], default="table", help="uitvoerformaat")
    add_actor_option(p)
    p.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    from ..services import merge as merge_service  # imported here: not needed by every other command
    from ..services.merge_report import render

    report = merge_service.merge(
        args.target, args.sources, dry_run=args.dry_run, report_path=args.verslag, actor=actor(args)
    )
    if args.format == "json":
        emit_mapping(report.as_dict(), "json")
        return 0
    print(terminal_safe(render(report)), end="")
    if args.verslag is not None:
        print(f"Verslag geschreven: {args.verslag}")
    if any(r.conflicts for r in report.sources):
        print(
            "Los de conflicten op in het doel of in de bron en voer 'kb merge' opnieuw uit; wat al is overgenomen wordt niet dubbel toegevoegd."
        )
    return 0
