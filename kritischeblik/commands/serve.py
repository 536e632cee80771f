"""kb serve: the TUI in a browser, for a duo at one screen, a committee or the projector of a session."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import KBError

DEFAULT_PORT = 8765


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen poortnummer: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"poort {port} bestaat niet (1 tot en met 65535)")
    return port


def _font_size(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen lettergrootte: {value!r}") from None
    if not 8 <= size <= 96:
        raise argparse.ArgumentTypeError(f"lettergrootte {size} valt buiten 8 tot en met 96 pixels")
    return size


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "serve",
        parents=[common],
        help="de terminal-interface in een browser (commissie, projector, codeurs op afstand)",
        description=(
            "Start de terminal-interface in een browser. Bij het starten verschijnt één adres met een "
            "toegangstoken: open dat in de browser. Standaard alleen bereikbaar op deze computer "
            "(127.0.0.1, poort 8765); elke browser krijgt een eigen sessie. Stoppen met Ctrl+C."
        ),
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="adres om op te luisteren (standaard 127.0.0.1: alleen deze computer); 0.0.0.0 opent het "
        "voor het netwerk",
    )
    p.add_argument(
        "--port", type=_port, metavar="POORT", default=DEFAULT_PORT, help=f"poort (standaard {DEFAULT_PORT})"
    )
    p.add_argument(
        "--coder",
        help="naam van de codeur voor elke browser (anders vraagt de TUI het; niet nodig bij alleen-lezen)",
    )
    p.add_argument(
        "--alleen-lezen",
        dest="read_only",
        action="store_true",
        help="voor de commissie: elke wijziging wordt geweigerd, ook exporteren",
    )
    p.add_argument(
        "--projector",
        action="store_true",
        help="alleen de projectorweergave: één thema met zijn fragmenten, in grote letters (alleen-lezen)",
    )
    p.add_argument(
        "--lettergrootte",
        dest="font_size",
        metavar="PIXELS",
        type=_font_size,
        default=None,
        help="lettergrootte in de browser in pixels (standaard 16, met --projector 30)",
    )
    p.add_argument(
        "--wachtwoord-bestand",
        dest="password_file",
        metavar="BESTAND",
        type=Path,
        default=None,
        help="toegang met een wachtwoord (de eerste regel van dit bestand) in plaats van een token; of "
        "zet het in $KB_SERVE_WACHTWOORD. Nooit op de opdrachtregel",
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..store.db import Project
    from ..web.access import Access, read_password
    from ..web.server import (
        DEFAULT_FONT,
        PROJECTOR_FONT,
        TuiOptions,
        is_loopback,
        page_url,
        project_argument,
        serve,
    )

    read_only = args.read_only or args.projector
    Project.open(args.project, read_only=read_only).close()  # a clear error now, not in every browser
    password = read_password(args.password_file, os.environ)
    access = Access(password=password)
    options = TuiOptions(project_argument(args.project), args.coder, read_only, args.projector)
    font = args.font_size or (PROJECTOR_FONT if args.projector else DEFAULT_FONT)
    url = page_url(args.host, args.port)
    if not is_loopback(args.host):
        print(
            f"let op: de server luistert op {args.host} en is bereikbaar voor andere computers. Het verkeer "
            "is niet versleuteld: zet er een HTTPS-proxy voor of gebruik dit alleen in een vertrouwd netwerk.",
            file=sys.stderr,
        )
    what = "alleen-lezen" if read_only else "lezen en schrijven"
    if args.projector:
        what = "projectorweergave, alleen-lezen"
    print(f"Kritische Blik in de browser ({what}); stoppen met Ctrl+C.")
    if password is None:
        print(f"Open dit adres (het token geldt tot de server stopt):\n  {url}?token={access.token}")
    else:
        print(f"Open {url} en meld je aan met het wachtwoord.")
    sys.stdout.flush()
    try:
        serve(options, access, args.host, args.port, font)
    except OSError as e:
        raise KBError(f"kan niet luisteren op {args.host}:{args.port} ({e.strerror or e}).") from None
    return 0
