"""Checks on a ZIP archive (.docx, .odt, .xlsx forms, .qdpx) before anything in it is unpacked: the one place
that decides whether an archive may be read. The transcript and form readers call :func:`checked_archive`;
the REFI-QDA reader (``interop.qdpx_archive``) opens a :class:`CheckedArchive` and reads only what it needs.

An archive of a few hundred KB can unpack to gigabytes (a "zip bomb"), and a damaged entry makes zipfile,
zlib and the libraries on top of them raise errors that say nothing to a user. So, before anything is
unpacked:

- the entry count, from the end-of-directory record before the directory itself is parsed, and again from
  the directory (``Limits.max_entries``);
- entry names: no absolute paths, drive letters or ``..``; no name twice (compared as :func:`entry_key`:
  forward slashes, case-insensitive, as ``internal://`` paths and OOXML part names compare);
- the entries that will be read (:meth:`CheckedArchive.check`): not encrypted, together at most
  ``Limits.max_total`` bytes unpacked, and none of them, nor all together, unpacking to more than
  ``MAX_RATIO`` times the packed size (checked above ``RATIO_FLOOR``: small, very regular XML parts compress
  that well legitimately).

An entry is unpacked in chunks and never beyond the size the directory declares for it (zipfile stops there
and then finds the CRC wrong; the chunked read with its own cap keeps that true whatever zipfile does), so a
directory that lies about sizes cannot make it grow unchecked. A damaged entry (bad CRC, broken deflate
stream, truncated, encrypted, unknown compression) gives a clear error naming the archive and the entry.
Nothing is ever written to disk. Every refusal is an :class:`~kritischeblik.errors.InputError` naming the file.

Limits (documented in docs/privacy.md): .docx/.odt/.xlsx :data:`OFFICE`; .qdpx in ``interop.qdpx_archive``.
"""

from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError

MAX_RATIO = 100
RATIO_FLOOR = 2**20
_CHUNK = 2**20
_REDO = "open het bestand opnieuw in het programma waarmee het gemaakt is en sla het opnieuw op"


@dataclass(frozen=True)
class Limits:
    max_total: int
    """Bytes unpacked, of the entries that will be read."""
    max_entries: int
    max_ratio: float = MAX_RATIO


OFFICE = Limits(max_total=200 * 2**20, max_entries=10_000)
"""A .docx, .odt or .xlsx: every entry is read (by the library that opens it), so every entry counts."""


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} KB"


def shown(name: str, limit: int = 80) -> str:
    """An entry name as it may be printed: control characters escaped, long names cut."""
    clean = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def entry_key(name: str) -> str:
    """How an entry is looked up and compared: forward slashes, case-insensitive."""
    return name.replace("\\", "/").lower()


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return False
    return ".." not in PurePosixPath(name.replace("\\", "/")).parts


def _declared_entries(path: Path) -> int | None:
    """The entry count from the end-of-directory record, read before the directory itself is parsed."""
    try:
        with open(path, "rb") as fh:
            rec = zipfile._EndRecData(fh)  # noqa: SLF001 - the only way to see the count before parsing
    except (OSError, AttributeError, zipfile.BadZipFile):
        return None
    return rec[zipfile._ECD_ENTRIES_TOTAL] if rec else None  # noqa: SLF001


def _damage(e: BaseException) -> tuple[str, str]:
    """A short label and a sentence for what went wrong unpacking an entry."""
    if "CRC" in str(e):
        # zipfile also ends a cut-off deflate stream where its bytes end and then finds the CRC wrong
        return "CRC-fout", "het controlegetal (CRC) klopt niet: beschadigd of afgebroken"
    if isinstance(e, zlib.error | lzma.LZMAError):
        return (
            "gecomprimeerde gegevens onleesbaar",
            "de gecomprimeerde gegevens zijn beschadigd (vaak een onvolledige kopie)",
        )
    if isinstance(e, EOFError):
        return "afgebroken", "het onderdeel is onvolledig"
    if isinstance(e, RuntimeError) and "encrypted" in str(e):
        return "versleuteld", "het onderdeel is versleuteld met een wachtwoord"
    if isinstance(e, NotImplementedError):
        return "onbekende compressie", "de compressiemethode wordt niet ondersteund"
    if isinstance(e, zipfile.BadZipFile):
        return "kop beschadigd", "de kop van het onderdeel is beschadigd"
    return type(e).__name__, "het onderdeel kan niet uitgepakt worden"


_ENTRY_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


class CheckedArchive:
    """An open ZIP archive whose directory passed the checks; read entries through it (:meth:`read`)."""

    def __init__(self, zf: zipfile.ZipFile, source: str, kind: str, limits: Limits):
        self.zf = zf
        self.source = source
        self.kind = kind
        self.limits = limits
        self.entries = zf.infolist()

    def __enter__(self) -> CheckedArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zf.close()

    def refuse(self, message: str) -> InputError:
        return InputError(self.source, f"{self.kind}-bestand geweigerd: {message}")

    def _damaged(self, info: zipfile.ZipInfo, label: str, why: str) -> InputError:
        return self.refuse(f"onderdeel '{shown(info.filename)}' is beschadigd ({label}): {why}; {_REDO}")

    def check_directory(self) -> None:
        """Entry count, unsafe names and names that occur twice, over the whole directory."""
        if len(self.entries) > self.limits.max_entries:
            raise self.refuse(f"{len(self.entries)} onderdelen (maximaal {self.limits.max_entries})")
        bad = [shown(i.filename) for i in self.entries if not _safe_name(i.filename)]
        if bad:
            raise self.refuse(f"onveilige paden in het archief ({', '.join(bad[:5])})")
        seen: dict[str, str] = {}
        for info in self.entries:
            key = entry_key(info.filename)
            if key in seen:
                raise self.refuse(
                    f"onderdeel '{shown(info.filename)}' staat er twee keer in (ook als '{shown(seen[key])}'); "
                    "het archief is beschadigd of gemanipuleerd"
                )
            seen[key] = info.filename

    def check(self, infos: list[zipfile.ZipInfo]) -> None:
        """The entries that will be read: not encrypted, not too large together, no suspicious ratio."""
        limits = self.limits
        for info in infos:
            if info.flag_bits & 0x1:
                raise self.refuse(
                    f"onderdeel '{shown(info.filename)}' is versleuteld; sla het bestand onbeveiligd op"
                )
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if total > limits.max_total:
            raise self.refuse(
                f"uitgepakt meer dan {_mb(limits.max_total)} (limiet): de onderdelen pakken uit tot {_mb(total)}; "
                "splits het bestand of verklein het"
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise self.refuse(
                    f"onderdeel '{shown(info.filename)}' pakt uit van {_mb(info.compress_size)} tot "
                    f"{_mb(info.file_size)} (meer dan {limits.max_ratio:g} keer zo groot; mogelijk een zip-bom)"
                )
        if total > RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
            raise self.refuse(
                f"pakt uit van {_mb(packed)} tot {_mb(total)} (meer dan {limits.max_ratio:g} keer zo groot; "
                "mogelijk een zip-bom)"
            )

    def read(self, info: zipfile.ZipInfo, keep: bool = True) -> bytes:
        """One entry, unpacked in chunks and never beyond its declared size; ``keep=False`` only verifies it."""
        buf = bytearray()
        n = 0
        try:
            with self.zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    n += len(chunk)
                    if n > info.file_size:
                        why = f"pakt uit tot meer dan de {info.file_size} bytes die het archief opgeeft"
                        raise self._damaged(info, "grootte klopt niet", why)
                    if keep:
                        buf += chunk
        except InputError:
            raise
        except _ENTRY_ERRORS as e:
            raise self._damaged(info, *_damage(e)) from None
        if n != info.file_size:
            raise self._damaged(info, "te kort", "korter dan het archief opgeeft")
        return bytes(buf)


def open_checked(path: Path, source: str, kind: str, limits: Limits = OFFICE) -> CheckedArchive:
    """The archive opened, its directory checked (:meth:`CheckedArchive.check_directory`); use it as a context
    manager. A file that is no ZIP, or a damaged one, gives an InputError."""
    declared = _declared_entries(path)
    if declared is not None and declared > limits.max_entries:
        raise InputError(
            source, f"{kind}-bestand geweigerd: {declared} onderdelen (maximaal {limits.max_entries})"
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as e:
        raise InputError(
            source,
            f"beschadigd of onvolledig {kind}-bestand (geen ZIP-archief, of een beschadigd: {type(e).__name__})",
        ) from None
    except OSError as e:
        raise InputError(source, f"kan het bestand niet lezen ({e.strerror or type(e).__name__})") from None
    archive = CheckedArchive(zf, source, kind, limits)
    try:
        archive.check_directory()
    except InputError:
        zf.close()
        raise
    return archive


def checked_archive(path: Path, source: str, kind: str) -> None:
    """Check the whole archive with the :data:`OFFICE` limits and unpack every entry once (discarding the
    data) to find damaged ones: for readers that hand the path to a library next."""
    with open_checked(path, source, kind, OFFICE) as archive:
        files = [i for i in archive.entries if not i.is_dir()]
        archive.check(archive.entries)
        for info in files:
            archive.read(info, keep=False)
