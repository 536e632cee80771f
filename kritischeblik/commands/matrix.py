"""kb matrix: code × omgeving / respondentrol / interview, and code co-occurrence."""

from __future__ import annotations

import argparse
import sys

from ..store.db import Project
from .coders import as_written
from .options import add_filter_option, add_layer_options, parse_filters
from .output import emit, note_basis
from .tally import records


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "matrix",
        parents=[common, fmt],
        help="codematrix: code × omgeving, rol of interview, of co-occurrence van codes",
    )
    p.add_argument(
        "by",
        metavar="omgeving|rol|interview|cooccurrence|attr_NAAM",
        help="indeling van de kolommen (attr_NAAM: een extra kenmerk uit de front matter, bv. attr_gemeente)",
    )
    p.add_argument(
        "--window", type=int, default=0, help="co-occurrence binnen N segmenten (0 = zelfde segment)"
    )
    p.add_argument(
        "--share", action="store_true", help="aandeel interviews in plaats van aantallen segmenten"
    )
    add_layer_options(p, coder_help="alleen de geaccepteerde coderingen van deze codeur")
    add_filter_option(p)
    p.set_defaults(func=cmd_matrix)


def cmd_matrix(args: argparse.Namespace) -> int:
    from ..api import ProjectData

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        df = ProjectData(project, parse_filters(args.filter)).matrix(
            args.by, share=args.share, coder=args.coder, basis=args.basis, window=args.window
        )
    what = "aandeel interviews" if args.share else "aantal gecodeerde segmenten"
    based = note_basis(df.attrs.get("basis_info"), args.format)
    title = f"Codes × {args.by} ({what}; basis: {df.attrs.get('basis', '')})\n{based}"
    if args.by == "cooccurrence":
        title = (
            f"Co-occurrence van codes, venster {args.window} ({what}; basis: {df.attrs.get('basis', '')})\n"
            f"{based}"
        )
    if args.format == "table" and args.by == "cooccurrence":
        # Code ids as column heads make a very wide table; number them and print a legend instead.
        ids = [c for c in df.columns if c not in ("code_id", "code")]
        short = {cid: f"c{i + 1}" for i, cid in enumerate(ids)}
        shown = df.rename(columns=short).drop(columns=["code_id"])
        shown.insert(0, "nr", [short[c] for c in df["code_id"]])
        emit(records(shown), "table", columns=list(shown.columns), title=title)
        return 0
    if args.format == "table" and not len(df):
        print(title)
        print("(geen coderingen in deze laag)", file=sys.stderr)
        return 0
    emit(records(df), args.format, columns=list(df.columns), title=title)
    return 0
