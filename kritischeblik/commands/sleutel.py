"""kb sleutel toon | exporteer BESTAND | importeer BESTAND — the key behind researcher pseudonyms.

The key lives outside the project (see :mod:`kritischeblik.store.keys`); these commands show where it is
expected and hand it over to a duo partner. The key itself is never printed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import KBError
from ..store import keys
from ..store.db import Project
from .output import emit_mapping


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "sleutel",
        help="sleutel voor onderzoekerspseudoniemen (Onderzoeker N): waar hij staat, doorgeven aan je duopartner",
    )
    ss = p.add_subparsers(dest="sleutel_cmd", required=True, metavar="ACTIE")
    q = ss.add_parser(
        "toon", parents=[common, fmt], help="waar de sleutel van dit project staat en of hij past"
    )
    q.set_defaults(func=cmd_show)
    q = ss.add_parser(
        "exporteer",
        parents=[common, fmt],
        help="de sleutel naar een bestand schrijven om aan je duopartner te geven (geheim!)",
    )
    q.add_argument("file", type=Path, metavar="BESTAND", help="nieuw bestand (wordt nooit overschreven)")
    q.set_defaults(func=cmd_export)
    q = ss.add_parser(
        "importeer",
        parents=[common, fmt],
        help="een sleutelbestand van je duopartner op deze computer bewaren",
    )
    q.add_argument("file", type=Path, metavar="BESTAND", help="bestand van 'kb sleutel exporteer'")
    q.set_defaults(func=cmd_import)


def _identity(project_path: Path) -> tuple[str, str | None]:
    with Project.open(project_path) as project:
        meta = project.meta()
    project_uuid = meta.get(keys.UUID_META)
    if not project_uuid:
        raise KBError(f"{project_path}: dit project heeft geen project-id")
    return project_uuid, meta.get(keys.CHECK_META)


def cmd_show(args: argparse.Namespace) -> int:
    project_uuid, check = _identity(args.project)
    path = keys.key_path(project_uuid)
    state = keys.state(project_uuid, check)
    data = {"project_id": project_uuid, "sleutelbestand": str(path), "sleutel": state}
    emit_mapping(data, args.format)
    if state != "aanwezig" and args.format == "table":
        print(
            "\nZonder sleutel kun je lezen, coderen en exporteren, maar geen transcript met interviewers inlezen. "
            "Vraag je duopartner om 'kb sleutel exporteer BESTAND' en gebruik 'kb sleutel importeer BESTAND'."
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    project_uuid, check = _identity(args.project)
    key = keys.load(project_uuid)
    if key is None:
        raise keys.missing_error(project_uuid)
    if not keys.fits(key, check):
        raise KBError(
            f"{keys.key_path(project_uuid)}: deze sleutel past niet bij dit project; niets geschreven"
        )
    out: Path = args.file
    if out.exists() or out.is_symlink():
        raise KBError(
            f"{out}: bestaat al; kies een nieuwe bestandsnaam (een bestaand bestand wordt nooit overschreven)"
        )
    if not out.parent.is_dir():
        raise KBError(f"{out.parent}: map bestaat niet")
    try:
        keys.write_private(out, keys.render(project_uuid, key))
    except FileExistsError:
        raise KBError(f"{out}: bestaat al; kies een nieuwe bestandsnaam") from None
    except OSError as e:
        raise KBError(f"{out}: kan niet schrijven ({e.strerror})") from None
    if args.format == "table":
        print(
            f"Sleutel geschreven naar {out} (alleen leesbaar voor jou). Geef dit bestand alleen aan je duopartner, "
            "langs een veilige weg, en verwijder het daarna. Wie de sleutel heeft, kan een geraden naam achter "
            "'Onderzoeker N' bevestigen."
        )
    else:
        emit_mapping({"bestand": str(out), "project_id": project_uuid}, args.format)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    project_uuid, check = _identity(args.project)
    found_uuid, key = keys.read_file(args.file)
    if found_uuid != project_uuid:
        raise KBError(
            f"{args.file}: deze sleutel hoort bij een ander project ({found_uuid}, dit project is "
            f"{project_uuid}); niets veranderd"
        )
    if not keys.fits(key, check):
        raise KBError(
            f"{args.file}: deze sleutel past niet bij dit project (controlewaarde klopt niet); niets veranderd"
        )
    path = keys.save(project_uuid, key)
    if args.format == "table":
        print(
            f"Sleutel bewaard in {path}. Transcripten met interviewers krijgen nu dezelfde pseudoniemen "
            "(Onderzoeker N) als bij je duopartner. Het bestand dat je kreeg kun je nu verwijderen."
        )
    else:
        emit_mapping({"sleutelbestand": str(path), "project_id": project_uuid}, args.format)
    return 0
