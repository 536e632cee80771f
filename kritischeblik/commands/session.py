"""kb session list | show ID | export ID OUT.md — duidingssessies (run them in 'kb tui')."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..store.db import Project
from .options import add_force_option
from .output import emit, emit_mapping


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("session", help="duidingssessies bekijken en het verslag exporteren")
    ss = p.add_subparsers(dest="session_cmd", required=True, metavar="ACTIE")

    q = ss.add_parser("list", parents=[common, fmt], help="alle duidingssessies")
    q.set_defaults(func=cmd_list)

    q = ss.add_parser("show", parents=[common, fmt], help="één sessie: thema's, duidingen, wat neem jij mee")
    q.add_argument("id", type=int, help="sessienummer (zie 'kb session list')")
    q.set_defaults(func=cmd_show)

    q = ss.add_parser("export", parents=[common], help="verslag van een sessie als Markdown")
    q.add_argument("id", type=int, help="sessienummer")
    q.add_argument("out", type=Path, help="uitvoerbestand (.md)")
    q.add_argument("--max-fragmenten", type=int, default=None, help="hoogstens zoveel fragmenten per thema")
    q.add_argument(
        "--alles",
        action="store_true",
        help="ook de thema's die terzijde zijn gelegd of niet besproken zijn volledig uitschrijven",
    )
    add_force_option(q)
    q.set_defaults(func=cmd_export)


def cmd_list(args: argparse.Namespace) -> int:
    from ..store.sessions import QUESTIONS, list_sessions

    with Project.open(args.project) as project, project.read() as s:
        rows = list_sessions(s)
    columns = ["id", "datum", "titel", "vraag", "fase", "deelnemers", "themas", "bijdragen", "basis"]
    if args.format == "table":
        # A reader sees the question as the session asked it; csv and json keep the stable key.
        rows = [
            {**r, "vraag": QUESTIONS.get(r["vraag"], (r["vraag"],))[0], "thema's": r["themas"]} for r in rows
        ]
        columns[columns.index("themas")] = "thema's"
    emit(rows, args.format, columns=columns)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..store.sessions import load_session

    with Project.open(args.project) as project, project.read() as s:
        view = load_session(s, args.id)
    labels = {t.id: t.label for t in view.themes}
    if args.format == "table":
        emit_mapping(
            {
                "sessie": view.id,
                "titel": view.title,
                "datum": view.datum,
                "vraag": view.question_text,
                "fase": view.phase,
                "deelnemers": view.participants,
                "basis van de thema's": view.basis_text,
            }
        )
        if view.basis is not None and view.basis.unreviewed:
            print(view.basis.warning)
        print()
    else:
        print(f"# basis van de thema's: {view.basis_text}", file=sys.stderr)
    rows = [
        {
            "thema": labels.get(d.theme_id, "") if d.theme_id else "(wat neem jij mee)",
            "auteur": d.author,
            "vraag": d.prompt,
            "tekst": d.text,
            "fragmenten": d.segment_ids,
        }
        for d in view.duidingen
    ]
    emit(rows, args.format, columns=["thema", "auteur", "vraag", "tekst", "fragmenten"])
    if view.history:
        from ..export.minutes import event_line

        # The history goes where it does not disturb csv/json on stdout.
        out = sys.stdout if args.format == "table" else sys.stderr
        print("\nVerloop van de sessie:" if args.format == "table" else "# verloop van de sessie:", file=out)
        for e in view.history:
            print(event_line(view, e), file=out)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..services import exports

    with Project.open(args.project) as project:
        view = exports.session_minutes(
            project,
            args.id,
            args.out,
            max_fragments=args.max_fragmenten,
            everything=args.alles,
            force=args.force,
        )
    print(f"Verslag van sessie {view.id} geschreven naar {args.out}")
    return 0
