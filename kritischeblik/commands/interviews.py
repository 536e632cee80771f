"""kb interviews: list the interviews in a project, and show the history of their scores."""

from __future__ import annotations

import argparse
import os

from ..model import BasisLayer
from ..store.db import Project
from ..wording import plural
from .coders import as_written
from .output import emit, note_basis


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("interviews", help="interviews in het project; geschiedenis van scores")
    isub = p.add_subparsers(dest="interviews_cmd", required=True)
    sub_common = argparse.ArgumentParser(add_help=False, parents=[common, fmt])

    ls = isub.add_parser("list", parents=[sub_common], help="de interviews met metadata en codeervoortgang")
    ls.add_argument(
        "--coder",
        default=os.environ.get("KB_CODER"),
        help="voortgang van deze codeur (standaard $KB_CODER; anders alleen suggesties)",
    )
    ls.add_argument("--omgeving", help="alleen interviews uit deze omgeving (wijk, school, huishouden, ...)")
    ls.set_defaults(func=cmd_list)

    h = isub.add_parser(
        "history",
        parents=[sub_common],
        help="elke wijziging van een score na het inlezen: oud, nieuw, bron, wie, wanneer",
    )
    h.add_argument("interview_id", nargs="?", help="alleen dit interview (standaard: alle)")
    who = h.add_mutually_exclusive_group()
    who.add_argument("--coder", help="alleen de eigen scores van deze codeur")
    who.add_argument(
        "--interview-scores",
        action="store_true",
        help="alleen de scores van het interview zelf (niet die van codeurs)",
    )
    h.set_defaults(func=cmd_history)


def cmd_list(args: argparse.Namespace) -> int:
    from ..store import coverage
    from ..store.browse import interview_rows

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        with project.read() as s:
            rows = interview_rows(s, args.coder or "")
            found = (
                coverage.basis(s, BasisLayer.CODEUR, args.coder, BasisLayer.CODEUR)
                if args.coder
                else coverage.project_basis(s)
            )
    if args.omgeving:
        rows = [r for r in rows if r.omgeving == args.omgeving]
    out = [
        {
            "interview": r.id,
            "omgeving": r.omgeving,
            "rol": r.respondent_rol,
            "organisatie": r.organisatie,
            "datum": r.datum,
            "duo": r.duo,
            "segmenten": r.segments,
            "gecodeerd": r.coded,
            "suggesties": r.suggested,
            "open": r.open,
            "blind": "ja" if r.blind else "",
        }
        for r in rows
    ]
    title = plural(len(out), "interview", "interviews") + (
        f"; voortgang van {args.coder}" if args.coder else ""
    )
    title += f"\n{note_basis(found, args.format)}"
    emit(out, args.format, columns=list(out[0]) if out else None, title=title)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from ..errors import KBError
    from ..store.schema import Interview
    from ..store.score_history import score_history

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        with project.read() as s:
            changes = score_history(
                s, args.interview_id, coder=args.coder, interview_only=args.interview_scores
            )
            # An interview that is gone (re-ingested under another id) may still have a history to show.
            if args.interview_id and not changes and s.get(Interview, args.interview_id) is None:
                raise KBError(f"Onbekend interview '{args.interview_id}'; zie 'kb interviews list'.")
    rows = [
        {
            "wanneer": c.at,
            "interview": c.interview_id,
            "voorbeeld": c.example,
            "principe": c.code_id,
            "score van": c.coder or "interview",
            "oud": c.old_score,
            "nieuw": c.new_score,
            "bron": c.source,
            "door": c.changed_by,
        }
        for c in changes
    ]
    cols = ["wanneer", "interview", "voorbeeld", "principe", "score van", "oud", "nieuw", "bron", "door"]
    emit(
        rows,
        args.format,
        columns=cols,
        title=f"Geschiedenis van scores ({plural(len(rows), 'wijziging', 'wijzigingen')})",
    )
    return 0
