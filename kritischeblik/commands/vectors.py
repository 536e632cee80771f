"""kb vectoren status|bouw: the sentence vectors per fragment (computed at ingest; built here when missing)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..store.db import Project
from ..wording import plural
from .options import actor, add_actor_option
from .output import emit_mapping

if TYPE_CHECKING:  # the service brings numpy along: imported by the commands that use it, not by every `kb`
    from ..services.vectors import VectorStatus

_NOTE = (
    "Zinsvectoren geven de betekenis van elk fragment weer; thema's en geleerde suggesties gebruiken ze. Ze "
    "worden bij het inlezen berekend (instelling zinsvectoren, standaard aan); 'kb vectoren bouw' berekent "
    "wat ontbreekt, bijvoorbeeld in een project van vóór de zinsvectoren."
)


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("vectoren", help="zinsvectoren per fragment: tonen hoeveel er zijn, of bouwen")
    vsub = p.add_subparsers(dest="vectors_cmd", required=True, metavar="status|bouw")
    status = vsub.add_parser(
        "status", parents=[common, fmt], help="hoeveel fragmenten een zinsvector hebben", description=_NOTE
    )
    status.set_defaults(func=cmd_status)
    build = vsub.add_parser(
        "bouw", parents=[common, fmt], help="ontbrekende zinsvectoren berekenen en opslaan", description=_NOTE
    )
    add_actor_option(build)
    build.set_defaults(func=cmd_build)


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _show(info: VectorStatus, fmt: str, message: str | None = None) -> int:
    if fmt != "table":
        emit_mapping(info.as_dict(), fmt)
        return 0
    if message:
        print(message)
    print(
        f"Zinsvectoren ({info.encoder}): {info.stored} van {plural(info.segments, 'fragment', 'fragmenten')}; "
        f"berekenen bij inlezen: {'aan' if info.on else 'uit'}."
    )
    if info.missing:
        print(
            f"{plural(info.missing, 'fragment heeft', 'fragmenten hebben')} er nog geen; bouw ze met 'kb vectoren bouw'."
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ..services import vectors as service

    with Project.open(args.project) as project:
        info = service.status(project)
    return _show(info, args.format)


def cmd_build(args: argparse.Namespace) -> int:
    from ..services import vectors as service

    with Project.open(args.project) as project:
        made = service.build_vectors(project, progress=_progress, actor=actor(args))
        info = service.status(project)
    message = f"{made} zinsvectoren berekend." if made else "Er ontbraken geen zinsvectoren."
    return _show(info, args.format, message)
