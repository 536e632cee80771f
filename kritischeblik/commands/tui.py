"""kb tui."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser) -> None:
    p = sub.add_parser("tui", parents=[common], help="de terminal-interface openen")
    p.add_argument("--coder", help="naam van de codeur (standaard $KB_CODER of je gebruikersnaam)")
    p.set_defaults(func=cmd_tui)


def cmd_tui(args: argparse.Namespace) -> int:
    from ..store.db import Project
    from ..tui.app import run_app

    Project.open(args.project).close()  # a clear error before the screen takes over the terminal
    return run_app(args.project, coder=args.coder)
