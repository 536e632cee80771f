"""Reading a REFI-QDA ``.qdpx`` archive safely, with the checks of :mod:`kritischeblik.ingest.archive`.

Only ``project.qde`` and the ``sources/`` text files it refers to are read, in memory; pictures, audio and
rich-text sources stay packed and do not count towards the limits. Limits (documented in docs/privacy.md; a
project of 1,000 interviews of 8,000 words with two coders' codings exports to about 310 MB unpacked at a
compression ratio of about 8, see bench/results-export.md):

- at most ``MAX_MEMBERS`` entries in the archive;
- ``project.qde`` plus the text sources it refers to unpack to at most ``MAX_TOTAL_BYTES`` together;
- no member we read may unpack to more than ``MAX_RATIO`` times its compressed size (above ``ingest.archive.RATIO_FLOOR``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import InputError
from ..ingest import archive as zipcheck
from ..ingest.archive import CheckedArchive, Limits, entry_key, open_checked, shown
from .xml_reader import RefiImportError, local, parse_xml

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = zipcheck.MAX_RATIO
MAX_QDC_BYTES = 50 * 2**20


def _internal_paths(root: Element) -> set[str]:
    keys: set[str] = set()
    for el in root.iter():
        value = el.get("plainTextPath") or ""
        if value.lower().startswith("internal://"):
            keys.add(entry_key("sources/" + value[len("internal://") :]))
    return keys


def _project_entry(archive: CheckedArchive, path: Path) -> zipfile.ZipInfo:
    """``project.qde`` (or the one ``.qde`` at the top, or anywhere); refuses none or several."""
    infos = archive.entries
    top = [i for i in infos if i.filename.lower().endswith(".qde") and "/" not in entry_key(i.filename)]
    qde = [i for i in top if entry_key(i.filename) == "project.qde"] or top
    if not qde:
        qde = [i for i in infos if i.filename.lower().endswith(".qde")]
    if not qde:
        raise RefiImportError(f"{path}: geen project.qde in het archief")
    if len(qde) > 1:
        names = ", ".join(shown(i.filename) for i in qde[:5])
        raise RefiImportError(
            f"{path}: meer dan één projectbestand (.qde) in het archief ({names}); geweigerd"
        )
    return qde[0]


def _read(archive: CheckedArchive, path: Path) -> tuple[Element, dict[str, bytes]]:
    qde = _project_entry(archive, path)
    archive.check([qde])  # before it is parsed
    root = parse_xml(archive.read(qde), f"{path}:{shown(qde.filename)}")
    wanted = _internal_paths(root)
    members = [i for i in archive.entries if not i.is_dir() and entry_key(i.filename) in wanted]
    archive.check([qde, *members])
    return root, {entry_key(i.filename): archive.read(i) for i in members}


def read_archive(path: str | Path) -> tuple[Element, dict[str, bytes]]:
    """``project.qde`` and the text sources it refers to, in memory; refuses anything unsafe or corrupt."""
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    limits = Limits(max_total=MAX_TOTAL_BYTES, max_entries=MAX_MEMBERS, max_ratio=MAX_RATIO)
    try:
        with open_checked(path, str(path), ".qdpx", limits) as archive:
            root, files = _read(archive, path)
    except InputError as e:
        raise RefiImportError(f"{e}; er is niets geïmporteerd") from None
    if local(root.tag) != "Project":
        raise RefiImportError(f"{path}: project.qde heeft geen <Project> als wortel")
    return root, files
