"""kb tui."""

from __future__ import annotations

import argparse


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("tui", parents=[common], help="de terminal-interface openen")
    p.add_argument(
        "--coder",
        help="naam van de codeur (standaard $KB_CODER; anders vraagt de TUI wie er codeert). "
        "Hoofdletters en spaties tellen niet: 'anna' is de bestaande codeur Anna",
    )
    p.add_argument(
        "--alleen-lezen",
        dest="read_only",
        action="store_true",
        help="alleen lezen: elke wijziging wordt geweigerd (ook als het project schrijfbaar is)",
    )
    p.add_argument(
        "--projector",
        action="store_true",
        help="alleen de projectorweergave voor een duidingssessie: één thema met zijn fragmenten, groot "
        "(altijd alleen-lezen)",
    )
    # kb serve starts the TUI with this for each browser (see web/server.tui_command).
    p.add_argument("--in-browser", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_tui)


def cmd_tui(args: argparse.Namespace) -> int:
    from ..store.db import Project
    from ..tui.app import run_app

    read_only = args.read_only or args.projector
    Project.open(args.project, read_only=read_only).close()  # a clear error before the screen takes over
    return run_app(
        args.project,
        coder=args.coder,
        read_only=read_only,
        projector=args.projector,
        in_browser=args.in_browser,
    )
