"""kb tally: principle scores, "met welk principe ga je aan de slag?" and new-principle suggestions."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from ..store.db import Project
from .coders import as_written
from .options import add_filter_option, parse_filters
from .output import emit, note_basis

if TYPE_CHECKING:
    import pandas as pd


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as plain Python dicts (NaN/NA → None, numpy scalars → int/float) for output."""
    import pandas as pd  # only here: the CLI starts faster when commands that never print tables skip pandas

    out = []
    for row in df.to_dict(orient="records"):
        clean = {}
        for k, v in row.items():
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                clean[str(k)] = None
            elif hasattr(v, "item"):
                clean[str(k)] = v.item()
            else:
                clean[str(k)] = v
        out.append(clean)
    return out


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "tally",
        parents=[common, fmt],
        help="tellingen: scores per principe, gekozen principes, suggesties voor nieuwe principes",
    )
    p.add_argument(
        "--coder",
        help="ook tellen hoe vaak deze codeur elk principe codeerde per voorbeeld (anders: consensus/codeurs/suggesties)",
    )
    p.add_argument("--cluster", action="store_true", help="suggesties groeperen in thema's")
    p.add_argument("--k", default="auto", help="aantal thema's bij --cluster (getal of auto)")
    p.add_argument("--seed", type=int, default=0, help="seed voor het clusteren")
    p.add_argument(
        "--table",
        choices=["scores", "keuzes", "suggesties", "coderingen"],
        help="alleen deze tabel (voor --format csv: anders komen de tabellen na elkaar)",
    )
    add_filter_option(p)
    p.set_defaults(func=cmd_tally)


def cmd_tally(args: argparse.Namespace) -> int:
    from ..api import ProjectData

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        data = ProjectData(project, parse_filters(args.filter))
        tables = {
            "scores": data.tallies(),
            "keuzes": data.choices(),
            "suggesties": data.suggestion_list(cluster=args.cluster, k=args.k, seed=args.seed),
            "coderingen": data.principle_codings(coder=args.coder),
        }
        basis = tables["coderingen"].attrs.get("basis", "")
        found = tables["coderingen"].attrs.get("basis_info")
    titles = {
        "scores": "Scores per leidend principe (per voorbeeld en omgeving)",
        "keuzes": "Met welk principe ga je aan de slag?",
        "suggesties": "Suggesties voor een nieuw leidend principe",
        "coderingen": f"Gecodeerde fragmenten per principe en voorbeeld (basis: {basis})\n{found.text()}",
    }
    if args.table:
        tables = {args.table: tables[args.table]}
    if "coderingen" in tables and args.format == "csv":
        note_basis(found, args.format)
    if args.format == "json":
        doc = {name: records(df) for name, df in tables.items()}
        if "coderingen" in doc:
            doc["coderingen_basis"] = basis
            doc["coderingen_gebaseerd_op"] = found.as_dict()
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    first = True
    for name, df in tables.items():
        if not first:
            print()
        first = False
        if args.format == "csv" and len(tables) > 1:
            print(f"# {name}")
        shown = df
        if name == "scores" and args.format == "table":
            shown = df.drop(columns=["principe_id"])
        emit(records(shown), args.format, columns=list(shown.columns), title=titles[name])
    return 0
