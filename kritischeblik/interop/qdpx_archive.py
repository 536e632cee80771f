"""Reading a REFI-QDA ``.qdpx`` archive safely: checked against its own directory before anything is unpacked.

Limits (documented in docs/privacy.md; a project of 1,000 interviews of 8,000 words with two coders' codings
exports to about 310 MB unpacked at a compression ratio of about 8, see bench/results-export.md):

- at most ``MAX_MEMBERS`` entries in the archive;
- ``project.qde`` plus the text sources it refers to unpack to at most ``MAX_TOTAL_BYTES`` together;
- no member we read may unpack to more than ``MAX_RATIO`` times its compressed size (members under
  ``RATIO_FLOOR`` bytes are exempt: a tiny file may compress extremely well and can do no harm);
- a member is unpacked in chunks and never beyond the size the directory declares for it (zipfile stops there
  and then finds the CRC wrong; the chunked read with its own cap keeps that true whatever zipfile does), so a
  directory that lies about sizes cannot make it grow unchecked.

Only ``project.qde`` and the ``sources/`` text files it refers to are read; pictures, audio and rich-text
sources stay packed. Entries with absolute paths or ``..``, and names that occur twice, are refused outright,
and a corrupt member (bad CRC, broken deflate stream, truncated, encrypted, unknown compression) gives a clear
error naming the archive and the member. Nothing is ever written to disk.

"""

from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from .xml_reader import RefiImportError, local, parse_xml

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = 100
RATIO_FLOOR = 2**20
MAX_QDC_BYTES = 50 * 2**20
_CHUNK = 2**20


def shown(name: str, limit: int = 80) -> str:
    """A member name as it may be printed: control characters escaped, long names cut."""
    clean = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 1024:.0f} kB"


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." not in parts


def member_key(name: str) -> str:
    """How a member is looked up: forward slashes, case-insensitive (``internal://`` paths vary in case)."""
    return name.replace("\\", "/").lower()


def _declared_entries(path: Path) -> int | None:
    """The entry count from the end-of-directory record, read before the directory itself is parsed."""
    try:
        with open(path, "rb") as fh:
            rec = zipfile._EndRecData(fh)  # noqa: SLF001 - the only way to see the count before parsing
    except (OSError, AttributeError, zipfile.BadZipFile):
        return None
    return rec[zipfile._ECD_ENTRIES_TOTAL] if rec else None  # noqa: SLF001


def _why(e: BaseException) -> str:
    text = str(e)
    if isinstance(e, zipfile.BadZipFile) and "CRC" in text:
        # zipfile also ends a cut-off deflate stream where its bytes end and then finds the CRC wrong
        return "het controlegetal (CRC) klopt niet: beschadigd of afgebroken"
    if isinstance(e, zlib.error | lzma.LZMAError):
        return "de gecomprimeerde gegevens zijn beschadigd"
    if isinstance(e, EOFError):
        return "het onderdeel is afgebroken (onvolledig)"
    if isinstance(e, RuntimeError) and "encrypted" in text:
        return "het onderdeel is versleuteld met een wachtwoord"
    if isinstance(e, NotImplementedError):
        return "de compressiemethode wordt niet ondersteund"
    if isinstance(e, zipfile.BadZipFile):
        return "de kop van het onderdeel is beschadigd"
    return f"{type(e).__name__}"


_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, RuntimeError,
                  NotImplementedError, ValueError)  # fmt: skip


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: Path) -> bytes:
    """One member, unpacked in chunks and never beyond its declared size."""
    where = f"{archive}: onderdeel '{shown(info.filename)}'"
    buf = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                buf += chunk
                if len(buf) > info.file_size:
                    raise RefiImportError(
                        f"{where} pakt uit tot meer dan de {info.file_size} bytes die het archief opgeeft "
                        "(beschadigd of misleidend archief); er is niets geïmporteerd"
                    )
    except RefiImportError:
        raise
    except _MEMBER_ERRORS as e:
        raise RefiImportError(f"{where} is beschadigd: {_why(e)}; er is niets geïmporteerd") from None
    if len(buf) != info.file_size:
        raise RefiImportError(f"{where} is beschadigd: korter dan opgegeven; er is niets geïmporteerd")
    return bytes(buf)


def _check_ratio(info: zipfile.ZipInfo, archive: Path) -> None:
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise RefiImportError(
            f"{archive}: onderdeel '{shown(info.filename)}' pakt uit tot {_mb(info.file_size)} uit "
            f"{_mb(info.compress_size)} (meer dan {MAX_RATIO} keer zo groot; mogelijk een zip-bom); geweigerd, "
            "er is niets geïmporteerd"
        )


def _internal_paths(root: Element) -> set[str]:
    keys: set[str] = set()
    for el in root.iter():
        value = el.get("plainTextPath") or ""
        if value.lower().startswith("internal://"):
            keys.add(member_key("sources/" + value[len("internal://") :]))
    return keys


def read_archive(path: str | Path) -> tuple[Element, dict[str, bytes]]:
    """``project.qde`` and the text sources it refers to, in memory; refuses anything unsafe or corrupt."""
    path = Path(path)
    if not path.is_file():
        raise RefiImportError(f"{path}: bestand bestaat niet")
    if not zipfile.is_zipfile(path):
        raise RefiImportError(f"{path}: geen .qdpx (geen ZIP-archief)")
    declared = _declared_entries(path)
    if declared is not None and declared > MAX_MEMBERS:
        raise RefiImportError(
            f"{path}: archief met {declared} onderdelen (meer dan {MAX_MEMBERS}); geweigerd"
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise RefiImportError(f"{path}: beschadigd ZIP-archief ({_why(e)})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise RefiImportError(
                f"{path}: archief met {len(infos)} onderdelen (meer dan {MAX_MEMBERS}); geweigerd"
            )
        bad = [shown(i.filename) for i in infos if not _safe_name(i.filename)]
        if bad:
            raise RefiImportError(
                f"{path}: onveilige paden in het archief ({', '.join(bad[:5])}); er is niets geïmporteerd"
            )
        seen: dict[str, str] = {}
        for i in infos:
            key = member_key(i.filename)
            if key in seen:
                raise RefiImportError(
                    f"{path}: het archief bevat '{shown(i.filename)}' twee keer (ook als '{shown(seen[key])}'); "
                    "onduidelijk welke bedoeld is, er is niets geïmporteerd"
                )
            seen[key] = i.filename
        root_qde = [
            i for i in infos if i.filename.lower().endswith(".qde") and "/" not in member_key(i.filename)
        ]
        qde = [i for i in root_qde if member_key(i.filename) == "project.qde"] or root_qde
        if not qde:
            qde = [i for i in infos if i.filename.lower().endswith(".qde")]
        if not qde:
            raise RefiImportError(f"{path}: geen project.qde in het archief")
        if len(qde) > 1:
            names = ", ".join(shown(i.filename) for i in qde[:5])
            raise RefiImportError(
                f"{path}: meer dan één projectbestand (.qde) in het archief ({names}); geweigerd"
            )
        if qde[0].file_size > MAX_TOTAL_BYTES:
            raise RefiImportError(
                f"{path}: {shown(qde[0].filename)} pakt uit tot {_mb(qde[0].file_size)} (meer dan "
                f"{_mb(MAX_TOTAL_BYTES)}); geweigerd"
            )
        _check_ratio(qde[0], path)
        root = parse_xml(read_member(zf, qde[0], path), f"{path}:{shown(qde[0].filename)}")
        wanted = _internal_paths(root)
        members = [i for i in infos if not i.is_dir() and member_key(i.filename) in wanted]
        total = qde[0].file_size + sum(i.file_size for i in members)
        if total > MAX_TOTAL_BYTES:
            raise RefiImportError(
                f"{path}: project.qde en de teksten samen pakken uit tot {_mb(total)} (meer dan "
                f"{_mb(MAX_TOTAL_BYTES)}); geweigerd, er is niets geïmporteerd"
            )
        for i in members:
            _check_ratio(i, path)
        files = {member_key(i.filename): read_member(zf, i, path) for i in members}
    if local(root.tag) != "Project":
        raise RefiImportError(f"{path}: project.qde heeft geen <Project> als wortel")
    return root, files
