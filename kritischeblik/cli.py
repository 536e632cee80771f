"""Command line: ``kb`` / ``kritischeblik``. A thin shell over the library; see README for every command.

Subcommands live in ``kritischeblik/commands/``; each module's ``register`` (and ``register_import`` /
``register_export`` for the shared ``kb import`` and ``kb export`` groups) is discovered automatically.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

from . import __version__
from .commands import argparse_nl
from .commands.hints import cli_message
from .commands.options import FORCE_HINT, PROJECT_HELP, project_argument
from .errors import KBError
from .safefiles import TargetExists
from .store.db import MigrationBackup, add_migration_listener, default_project_path


def build_parser() -> argparse.ArgumentParser:
    argparse_nl.install()  # before any parser exists: argparse looks up 'options' when one is built
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-p",
        "--project",
        type=project_argument,
        default=None,
        help=PROJECT_HELP,
    )
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=["table", "csv", "json"], default="table", help="uitvoerformaat")

    parser = argparse_nl.DutchArgumentParser(
        prog="kb",
        description="Kritische Blik: kwalitatieve interviewanalyse voor het sociaal domein.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kritischeblik {__version__}",
        help="toon het versienummer en stop",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    imp = sub.add_parser("import", help="formulieren en REFI-QDA-projecten importeren").add_subparsers(
        dest="import_cmd", required=True
    )
    exp = sub.add_parser("export", help="exporteren naar Excel, CSV, REFI-QDA").add_subparsers(
        dest="export_cmd", required=True
    )
    from . import commands

    modules = sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if m.name != "output")
    for name in modules:
        mod = importlib.import_module(f"{commands.__name__}.{name}")
        if hasattr(mod, "register"):
            mod.register(sub, common, fmt)
        if hasattr(mod, "register_import"):
            mod.register_import(imp, common, fmt)
        if hasattr(mod, "register_export"):
            mod.register_export(exp, common, fmt)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .commands.output import terminal_guard

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    add_migration_listener(_tell_migrated)
    with terminal_guard():  # argparse repeats bad arguments in its messages
        parser = build_parser()
        args = parser.parse_args(argv)
    if hasattr(args, "project") and args.project is None:
        try:
            args.project = default_project_path()
        except KBError as e:  # $KB_PROJECT holds a URL with a password: refused, never shown
            print(f"fout: {cli_message(e)}", file=sys.stderr)
            return e.exit_code
    if args.command == "tui":  # the TUI draws with escape sequences of its own
        return _run(args)
    with terminal_guard():
        return _run(args)


def _tell_migrated(made: MigrationBackup) -> None:
    # On stderr: stdout is the command's own output (json, csv) and may be piped on.
    print(made.message(), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except TargetExists as e:
        print(f"fout: {e}; {FORCE_HINT}", file=sys.stderr)
        return e.exit_code
    except KBError as e:
        print(f"fout: {cli_message(e)}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("afgebroken; het project is niet gewijzigd door de onderbroken opdracht", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
