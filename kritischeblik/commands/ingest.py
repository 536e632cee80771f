"""kb ingest, kb import form."""

from __future__ import annotations

import argparse
import sys

from ..store.db import Project
from ..wording import noun, plural
from .hints import cli_line
from .options import actor, add_actor_option, add_force_option
from .output import emit_mapping


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "ingest",
        parents=[common, fmt],
        help="transcripten (.md .txt .docx .odt .vtt .srt .pdf) en formulieren (.csv .xlsx) inlezen",
    )
    p.add_argument("files", nargs="+", help="bestanden om in te lezen")
    p.add_argument("--replace", action="store_true", help="gewijzigde transcripten met bekende id vervangen")
    p.add_argument(
        "--skip-bad", action="store_true", help="foute bestanden overslaan in plaats van alles weigeren"
    )
    p.add_argument(
        "--no-pseudonymise", action="store_true", help="NIET pseudonimiseren (originele namen blijven)"
    )
    p.add_argument("--encoding", help="tekstcodering als het bestand geen UTF-8 is, bv. cp1252")
    p.add_argument("--unit", choices=["sentence", "turn"], default="sentence", help="segment = zin of beurt")
    p.add_argument(
        "--lenient",
        action="store_true",
        help="een verkeerd gespelde of dubbele sectiekop alleen melden in plaats van het bestand weigeren",
    )
    add_actor_option(p)
    p.set_defaults(func=cmd_ingest)

    pv = sub.add_parser(
        "preview",
        parents=[fmt],
        help="laten zien wat ingest van een bestand leest (PDF-opschoning), zonder project en zonder pseudonimiseren",
    )
    pv.add_argument("file", help="transcript of document (.pdf, .txt uit pdftotext, .docx, ...)")
    pv.add_argument(
        "-o", "--output", help="de gelezen tekst naar dit bestand schrijven (anders alleen het verslag)"
    )
    pv.add_argument("--encoding", help="tekstcodering als het bestand geen UTF-8 is, bv. cp1252")
    add_force_option(pv)
    pv.set_defaults(func=cmd_preview)


def cmd_preview(args: argparse.Namespace) -> int:
    """The text a file turns into before parsing, and what reading changed. Nothing is stored; the text
    still holds the original names, so it goes only to a file the user names, never to the terminal."""
    from pathlib import Path

    from ..ingest.readers import read_source
    from ..safefiles import TargetRefused, check_target, same_file, write_text

    if args.output:
        if same_file(args.output, args.file):
            raise TargetRefused(
                args.output, "kies een ander uitvoerbestand; het bronbestand wordt nooit overschreven"
            )
        check_target(args.output, force=args.force, protect=[args.file])  # refuse before reading
    src = read_source(Path(args.file), args.encoding)
    if args.output:
        write_text(args.output, src.text, force=args.force, protect=[args.file])
    result = {
        "bestand": src.source,
        "tekens": len(src.text),
        "regels": src.text.count("\n"),
        "opmerkingen": src.notes,
        "uitvoer": args.output,
    }
    if args.format == "table":
        print(
            f"{src.source}: {result['tekens']} tekens, {result['regels']} regels"
            + (f" → {args.output}" if args.output else "")
        )
        for note in src.notes or ["niets opgeschoond"]:
            print(f"- {note}")
    else:
        emit_mapping(result, args.format)
    return 0


def register_import(
    imp: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = imp.add_parser("form", parents=[common, fmt], help="scoreformulier of keuzeformulier (CSV/XLSX)")
    p.add_argument("files", nargs="+")
    p.add_argument("--encoding")
    p.add_argument(
        "--skip-bad", action="store_true", help="foute formulieren overslaan in plaats van alles weigeren"
    )
    p.add_argument(
        "--no-pseudonymise",
        action="store_true",
        help="vrije tekst (nieuw_principe) NIET pseudonimiseren; zichtbaar in kb status",
    )
    add_actor_option(p)
    p.set_defaults(func=cmd_ingest, replace=False, unit="sentence", lenient=False)


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    # Imported here: the readers, parser and pseudonymisation finders cost every other command a tenth
    # of a second at start.
    from ..services.ingest import IngestOptions, ingest_paths

    options = IngestOptions(
        pseudonymise=not args.no_pseudonymise,
        replace=args.replace,
        skip_bad=args.skip_bad,
        encoding=args.encoding,
        unit=args.unit,
        lenient=args.lenient,
    )
    if args.no_pseudonymise:
        _progress("LET OP: pseudonimisering staat uit; originele namen worden opgeslagen.")
    with Project.open(args.project) as project:
        report = ingest_paths(project, args.files, options, progress=_progress, actor=actor(args))
    if args.format == "table":
        print(
            f"Ingelezen: {len(report.added)} nieuw, {len(report.replaced)} vervangen, "
            f"{len(report.unchanged)} ongewijzigd, {len(report.skipped)} overgeslagen; {plural(report.segments, 'segment', 'segmenten')}."
        )
        for f in report.forms:
            print(f"Formulier: {f}")
        if report.entities:
            print("Gepseudonimiseerd: " + ", ".join(f"{k} {v}" for k, v in sorted(report.entities.items())))
        for w in report.warnings:
            print(f"waarschuwing: {cli_line(w)}", file=sys.stderr)
        for s in report.skipped:
            print(f"overgeslagen: {cli_line(s)}", file=sys.stderr)
    else:
        emit_mapping(report.as_dict(cli_line), args.format)
    if report.without_vectors:
        print(
            f"{plural(report.without_vectors, 'fragment', 'fragmenten')} (van een zeer groot transcript) "
            f"{noun(report.without_vectors, 'heeft', 'hebben')} nog geen zinsvector; bouw ze met 'kb vectoren bouw'.",
            file=sys.stderr,
        )
    return 0
