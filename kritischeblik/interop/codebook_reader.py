"""REFI-QDA codes in: the ``<Codes>`` tree of a ``.qdpx`` or ``.qdc``, matched to the project's codes by name
or alias; unknown codes go into the codebook ``refi-import``. ``import_qdc`` reads a codebook file alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..codebook import BUILTIN_KINDS
from ..model import Code, Codebook
from ..store.codebooks import all_codes, load_codebooks, save_codebook
from ..store.db import Project
from .guids import GuidMap, norm_guid
from .qdpx_archive import MAX_QDC_BYTES
from .report import ImportReport
from .vocabulary import COLOR_RE
from .xml_reader import RefiImportError, child, children, local, parse_xml, text_of

IMPORT_CODEBOOK = "refi-import"


@dataclass
class RefiCode:
    guid: str
    name: str
    codable: bool
    color: str | None
    description: str
    parent: str | None
    group: str | None
    """Name of the nearest non-codable ancestor (the kind in our export)."""


def parse_codes(codes_el: Element | None) -> list[RefiCode]:
    out: list[RefiCode] = []

    def walk(el: Element, parent: str | None, group: str | None) -> None:
        for c in children(el, "Code"):
            codable = (c.get("isCodable") or "true").strip().lower() in {"true", "1"}
            guid = norm_guid(c.get("guid"))
            name = (c.get("name") or "").strip() or "(naamloos)"
            description = " ".join(text_of(child(c, "Description")).split())
            rc = RefiCode(guid, name, codable, c.get("color"), description, parent, group)
            out.append(rc)
            walk(c, guid if codable else parent, group if codable else rc.name)

    if codes_el is not None:
        walk(codes_el, None, None)
    return out


def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:40] or "code"


def norm(s: str) -> str:
    """Names compare case-insensitively and with white space collapsed."""
    return " ".join(s.strip().lower().split())


def _new_id(name: str, taken: set[str]) -> str:
    base = f"refi-{_slug(name)}"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}-{n}", n + 1
    taken.add(cid)
    return cid


def map_codes(
    refi_codes: list[RefiCode], existing: Codebook, report: ImportReport
) -> tuple[GuidMap[str], list[Code]]:
    """Match codes to the project's codes by name or alias; unknown ones become new codes.

    Returns guid → code id for every codable code, and the new codes (to add to the ``refi-import`` book).
    """
    by_name: dict[str, str] = {}
    for c in existing.codes:
        for n in (c.name, *c.aliases):
            by_name.setdefault(norm(n), c.id)
    kinds_by_name = {norm(v): k for k, v in existing.kinds.items()}
    kinds_by_name.update({norm(v): k for k, v in BUILTIN_KINDS.items()})
    taken = {c.id for c in existing.codes}
    mapping: GuidMap[str] = GuidMap("code", report.warnings, report.not_carried)
    new_codes: list[Code] = []
    for rc in refi_codes:
        if not rc.codable:
            continue
        hit = by_name.get(norm(rc.name))
        if hit is not None:
            if hit in {c.id for c in new_codes} and mapping.get(rc.guid) != hit:
                report.warnings.append(f"code '{rc.name}' komt meer dan eens voor; samengevoegd tot één code")
            mapping.add(rc.guid, hit, rc.name)
            report.codes_matched += 1
            continue
        fallback = _slug(rc.group).replace("-", "_") if rc.group else "overig"
        kind = kinds_by_name.get(norm(rc.group or ""), fallback)
        cid = _new_id(rc.name, taken)
        color = rc.color if rc.color and re.fullmatch(COLOR_RE, rc.color) else None
        parent = mapping.get(rc.parent) if rc.parent else None
        new_codes.append(
            Code(id=cid, name=rc.name, kind=kind, definition=rc.description, parent=parent, color=color)
        )
        mapping.add(rc.guid, cid, rc.name)
        by_name[norm(rc.name)] = cid
        report.codes_new += 1
    return mapping, new_codes


def save_import_codebook(s, new_codes: list[Code], existing: Codebook) -> None:  # noqa: ANN001
    """Add ``new_codes`` to the ``refi-import`` codebook (inside the caller's write transaction)."""
    prior = next((b for b in load_codebooks(s) if b.id == IMPORT_CODEBOOK), None)
    keep = [c for c in (prior.codes if prior else []) if c.id not in {n.id for n in new_codes}]
    book = Codebook(
        id=IMPORT_CODEBOOK,
        name="Geïmporteerd (REFI-QDA)",
        version="import",
        codes=[*keep, *new_codes],
        scale_min=existing.scale_min,
        scale_max=existing.scale_max,
        description="Codes uit een REFI-QDA-import die niet in het codeboek stonden.",
    )
    save_codebook(s, book)


def import_qdc(
    project: Project, path: str | Path, guard: Callable[[Any], None] | None = None
) -> ImportReport:
    """Add the codes of a REFI-QDA codebook (``.qdc``) to the project; ``guard(session)`` may refuse it
    (who may write: the services' role check)."""
    guard = guard or (lambda _s: None)
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    if path.stat().st_size > MAX_QDC_BYTES:
        raise RefiImportError(f"{path}: te groot voor een codeboek (meer dan {MAX_QDC_BYTES // 2**20} MB)")
    root = parse_xml(path.read_bytes(), str(path))
    if local(root.tag) != "CodeBook":
        raise RefiImportError(f"{path}: geen REFI-QDA-codeboek (wortel is <{local(root.tag)}>)")
    report = ImportReport(project=project.path)
    with project.read() as s:
        guard(s)
        existing = all_codes(s)
    _map, new_codes = map_codes(parse_codes(child(root, "Codes")), existing, report)
    sets = child(root, "Sets")
    if sets is not None and len(sets):
        report.not_carried.append(f"{len(sets)} sets niet overgenomen")
    if new_codes:
        with project.write() as s:
            guard(s)
            save_import_codebook(s, new_codes, existing)
    return report
