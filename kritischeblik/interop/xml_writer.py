"""What the ``.qdc`` and ``.qdpx`` writers share: a streaming XML writer, timestamps, the export's summary.

The XML is streamed (``XMLGenerator``) so a large project is never built as one tree in memory.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import XMLGenerator

from ..export.common import xml_safe


@dataclass
class ExportSummary:
    """What an export wrote; ``path`` is the file the caller published it as (the writer never knows)."""

    path: Path | None = None
    sources: int = 0
    codes: int = 0
    selections: int = 0
    codings: int = 0
    cases: int = 0
    notes: int = 0
    users: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bestand": str(self.path) if self.path is not None else "",
            "bronnen": self.sources,
            "codes": self.codes,
            "selecties": self.selections,
            "coderingen": self.codings,
            "cases": self.cases,
            "notities": self.notes,
            "gebruikers": self.users,
            "waarschuwingen": self.warnings,
        }


class XmlWriter:
    """Indented XML to a binary stream, one element at a time."""

    def __init__(self, out: IO[bytes], ns: str):
        # XMLGenerator would wrap a binary stream with write_through=True: one tiny write per tag. A buffered
        # text layer of our own batches them, which is what makes large exports fast.
        self.stream = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
        self.stream._CHUNK_SIZE = 1 << 16
        self.g = XMLGenerator(self.stream, encoding="utf-8", short_empty_elements=True)
        self.ns = ns
        self.depth = 0

    def start_doc(self) -> None:
        self.g.startDocument()

    def end_doc(self) -> None:
        self.g.endDocument()
        self.stream.write("\n")
        self.stream.flush()
        self.stream.detach()  # the caller owns (and closes) the binary stream

    def open(self, tag: str, attrs: dict[str, Any] | None = None, root: bool = False) -> None:
        clean = {k: xml_safe(str(v)) for k, v in (attrs or {}).items() if v is not None and v != ""}
        if root:
            clean = {"xmlns": self.ns, **clean}
        self.g.characters("\n" + "  " * self.depth)
        self.g.startElement(tag, clean)
        self.depth += 1

    def close(self, tag: str, inline: bool = False) -> None:
        self.depth -= 1
        if not inline:
            self.g.characters("\n" + "  " * self.depth)
        self.g.endElement(tag)

    def leaf(self, tag: str, attrs: dict[str, Any] | None = None) -> None:
        self.open(tag, attrs)
        self.close(tag, inline=True)

    def text(self, tag: str, value: str, attrs: dict[str, Any] | None = None) -> None:
        self.open(tag, attrs)
        self.g.characters(xml_safe(value))
        self.close(tag, inline=True)


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def stamp(value: str | None) -> str | None:
    """xsd:dateTime or nothing: stored stamps are ISO 8601 with offset already; anything else is dropped."""
    if value and _STAMP.fullmatch(value):
        return value
    return None
