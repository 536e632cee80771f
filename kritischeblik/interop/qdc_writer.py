"""REFI-QDA codebook out: the codes as a tree, and the codebook alone as a ``.qdc`` file.

Codes are written hierarchically: (the codebook, when there are several) → a non-codable parent per kind →
the codes → their sub-codes. The ``.qdpx`` writer writes the same tree into its project.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from ..codebook import BUILTIN_KINDS
from ..errors import KBError
from ..model import Code, Codebook
from ..store.codebooks import load_codebooks
from ..store.db import Project
from .guids import Guids
from .vocabulary import CODEBOOK_NS, COLOR_RE, KIND_COLORS, ORIGIN
from .xml_writer import ExportSummary, XmlWriter


def _color(value: str | None, kind: str) -> str | None:
    if value and re.fullmatch(COLOR_RE, value.strip()):
        return value.strip().upper()
    return KIND_COLORS.get(kind)


def _kind_name(book: Codebook, kind: str) -> str:
    return book.kinds.get(kind) or BUILTIN_KINDS.get(kind) or kind


def _write_code(w: XmlWriter, code: Code, kind: str, children: dict, guids: Guids, descriptions: bool) -> int:
    attrs = {"guid": guids("code", code.id), "name": code.name, "isCodable": "true"}
    w.open("Code", {**attrs, "color": _color(code.color, kind)})
    if descriptions and code.definition.strip():
        w.text("Description", " ".join(code.definition.split()))
    n = 1
    for child in children.get(code.id, []):
        n += _write_code(w, child, kind, children, guids, descriptions)
    w.close("Code")
    return n


def _write_book(w: XmlWriter, book: Codebook, guids: Guids, descriptions: bool) -> int:
    children: dict[str | None, list[Code]] = defaultdict(list)
    ids = {c.id for c in book.codes}
    for c in book.codes:
        children[c.parent if c.parent in ids else None].append(c)
    n = 0
    for kind in dict.fromkeys(c.kind for c in children[None]):
        name = _kind_name(book, kind)
        w.open(
            "Code",
            {
                "guid": guids("kind", book.id, kind),
                "name": name,
                "isCodable": "false",
                "color": KIND_COLORS.get(kind),
            },
        )
        for code in (c for c in children[None] if c.kind == kind):
            n += _write_code(w, code, kind, children, guids, descriptions)
        w.close("Code")
    return n


def write_codes(w: XmlWriter, books: list[Codebook], guids: Guids, descriptions: bool = True) -> int:
    """The ``<Code>`` tree of ``books``; returns the number of codable codes written."""
    n = 0
    several = len(books) > 1
    for book in books:
        if several:
            name = f"{book.name} {book.version}".strip()
            w.open("Code", {"guid": guids("codebook", book.id), "name": name, "isCodable": "false"})
        n += _write_book(w, book, guids, descriptions)
        if several:
            w.close("Code")
    return n


def export_qdc(project: Project, out: str | Path | IO[bytes]) -> ExportSummary:
    """Write the project's codebooks as a REFI-QDA ``.qdc`` to the path or binary stream ``out``, as given:
    the caller chooses the file and makes writing it safe (:mod:`kritischeblik.safefiles`)."""
    guids = Guids(project.meta())
    with project.read() as s:
        books = load_codebooks(s)
    if not books:
        raise KBError("Dit project heeft geen codeboek om te exporteren.")
    summary = ExportSummary()
    target = nullcontext(out) if hasattr(out, "write") else open(out, "wb")  # noqa: SIM115
    with target as fh:
        w = XmlWriter(fh, CODEBOOK_NS)
        w.start_doc()
        w.open("CodeBook", {"origin": ORIGIN}, root=True)
        w.open("Codes")
        summary.codes = write_codes(w, books, guids)
        w.close("Codes")
        w.close("CodeBook")
        w.end_doc()
    return summary
