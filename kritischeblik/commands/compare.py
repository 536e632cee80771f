"""kb compare: groups side by side (gemeente, golf, omgeving, ...), as two factsheets next to each other."""

from __future__ import annotations

import argparse
import math

from ..store.db import Project
from .coders import as_written
from .options import add_filter_option, add_layer_options, parse_filters
from .output import emit, note_basis
from .tally import records


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "compare",
        parents=[common, fmt],
        help="groepen naast elkaar: scores, werkende/belemmerende elementen, keuzes, voorstellen per gemeente, golf, ...",
    )
    p.add_argument(
        "by", help="omgeving, rol of een kenmerk uit de front matter (gemeente, golf, bijeenkomst, ...)"
    )
    p.add_argument("--groepen", nargs="+", metavar="WAARDE", help="alleen deze groepen, in deze volgorde")
    add_layer_options(p, "elementen tellen vanuit de coderingen van deze codeur")
    add_filter_option(p)
    p.set_defaults(func=cmd_compare)


def _shown(value: object, unit: str) -> object:
    if not isinstance(value, float):
        return value
    if math.isnan(value):
        return "–"
    if unit.startswith("aantal"):
        return int(value)
    return f"{value:.0%}" if unit == "aandeel interviews" else f"{value:.1f}"


def cmd_compare(args: argparse.Namespace) -> int:
    from ..api import ProjectData

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        df = ProjectData(project, parse_filters(args.filter)).compare(
            args.by, args.groepen, coder=args.coder, basis=args.basis
        )
    rows = records(df)
    title = (
        f"Vergelijking per {args.by} (elementen: aandeel interviews; basis: {df.attrs.get('basis', '')})\n"
        + note_basis(df.attrs.get("basis_info"), args.format)
    )
    if args.format == "table":
        groups = [c for c in df.columns if c not in ("onderdeel", "kenmerk", "eenheid")]
        rows = [{**r, **{g: _shown(r[g], r["eenheid"]) for g in groups}} for r in rows]
    emit(rows, args.format, columns=list(df.columns), title=title)
    return 0
