"""kb codebook show | load | validate."""

from __future__ import annotations

import argparse

from ..codebook import load_codebook, shipped_codebooks
from ..services import project as project_service
from ..store.codebooks import load_codebooks
from ..store.db import Project
from ..wording import plural
from .options import actor, add_actor_option
from .output import emit


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    cb = sub.add_parser("codebook", help="codeboek tonen, laden of controleren").add_subparsers(
        dest="codebook_cmd", required=True, metavar="{show,load,validate,list}"
    )
    p = cb.add_parser("show", parents=[common, fmt], help="codes van het project tonen")
    p.add_argument("--kind", help="alleen codes van deze soort")
    p.add_argument("--full", action="store_true", help="ook wanneer wel/niet gebruiken en trefwoorden")
    p.set_defaults(func=cmd_show)
    p = cb.add_parser("load", parents=[common], help="(nieuwe versie van) een codeboek in het project laden")
    p.add_argument("codebook", help="meegeleverde naam of pad naar YAML")
    p.add_argument("--primary", action="store_true", help="als primair codeboek instellen")
    add_actor_option(p)
    p.set_defaults(func=cmd_load)
    p = cb.add_parser("validate", help="een YAML-codeboek controleren (zonder project)")
    p.add_argument("codebook")
    p.set_defaults(func=cmd_validate)
    p = cb.add_parser("list", parents=[fmt], help="meegeleverde codeboeken")
    p.set_defaults(func=cmd_list)


def cmd_show(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.read() as s:
        books = load_codebooks(s)
    rows = []
    for book in books:
        for c in book.codes:
            if args.kind and c.kind != args.kind:
                continue
            row = {
                "codeboek": book.id,
                "id": c.id,
                "naam": c.name,
                "soort": c.kind,
                "definitie": c.definition,
            }
            if args.full or args.format != "table":
                row.update(
                    aliassen=c.aliases,
                    wanneer=c.when_to_use,
                    wanneer_niet=c.when_not_to_use,
                    trefwoorden=c.keywords,
                    voorbeelden=list(c.examples),
                )
            rows.append(row)
    if args.format == "table":
        for book in books:
            print(f"{book.name} — versie {book.version} — schaal {book.scale_min}–{book.scale_max}")
    emit(rows, args.format)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    with Project.open(args.project) as project:
        project_service.load_codebook(project, codebook, primary=args.primary, actor=actor(args))
    print(
        f"Codeboek {codebook.name} {codebook.version} geladen ({plural(len(codebook.codes), 'code', 'codes')})."
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    kinds: dict[str, int] = {}
    for c in codebook.codes:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    print(
        f"{codebook.name} {codebook.version}: geldig, {len(codebook.codes)} codes ({', '.join(f'{k} {n}' for k, n in kinds.items())})"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for name, path in shipped_codebooks().items():
        cb = load_codebook(path)
        rows.append({"naam": name, "titel": cb.name, "versie": cb.version, "codes": len(cb.codes)})
    emit(rows, args.format)
    return 0
