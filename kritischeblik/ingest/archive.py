"""Checks on a ZIP archive (.docx, .odt, .xlsx, .qdpx) before anything in it is unpacked.

An archive of a few hundred KB can unpack to gigabytes (a "zip bomb"), and a damaged entry makes zipfile,
zlib and the libraries on top of them raise errors that say nothing to a user. ``check_archive`` reads only
the central directory to refuse archives that would unpack too large or at a suspicious ratio, and with
``verify`` unpacks each entry once, in chunks, to find damaged ones (bad CRC, broken deflate stream,
truncated data) with a clear message naming the entry. Python's zipfile never returns more bytes for an entry
than the directory declares, so the size checks hold for whatever reads the archive afterwards.

Limits (documented in docs/privacy.md): at most ``MAX_TOTAL`` bytes unpacked, ``MAX_ENTRIES`` entries, and an
unpacked/packed ratio of at most ``MAX_RATIO`` for the whole archive and for each entry, checked only where
the unpacked size is above ``RATIO_FLOOR`` (small, very regular XML parts compress that well legitimately).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..errors import InputError

MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 10_000
_CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def open_archive(path: Path, source: str, kind: str) -> zipfile.ZipFile:
    """The archive opened for reading; a file that is no ZIP (or a damaged one) gives an InputError."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as e:
        raise InputError(
            source, f"beschadigd of onvolledig {kind}-bestand (geen geldig zip-archief: {type(e).__name__})"
        ) from None
    except OSError as e:
        raise InputError(source, f"kan het bestand niet lezen ({e.strerror or type(e).__name__})") from None


def check_archive(
    zf: zipfile.ZipFile,
    source: str,
    *,
    kind: str = "zip",
    max_total: int = MAX_TOTAL,
    max_ratio: float = MAX_RATIO,
    max_entries: int = MAX_ENTRIES,
    verify: bool = True,
) -> None:
    """Raise InputError (naming ``source`` and the entry) when the archive is too large, too compressed,
    encrypted, has duplicate entry names, or (with ``verify``) holds a damaged entry. Nothing is written."""

    def refuse(message: str) -> InputError:
        return InputError(source, f"{kind}-bestand geweigerd: {message}")

    infos = zf.infolist()
    if len(infos) > max_entries:
        raise refuse(f"{len(infos)} onderdelen (maximaal {max_entries})")
    total = packed = 0
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise refuse(
                f"onderdeel '{info.filename}' staat er twee keer in; het archief is beschadigd of gemanipuleerd"
            )
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise refuse(f"onderdeel '{info.filename}' is versleuteld; sla het bestand onbeveiligd op")
        total += info.file_size
        packed += info.compress_size
        if total > max_total:
            raise refuse(f"uitgepakt meer dan {_mb(max_total)} (limiet); splits het bestand of verklein het")
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise refuse(
                f"onderdeel '{info.filename}' pakt uit van {_mb(info.compress_size)} tot {_mb(info.file_size)} "
                f"(meer dan {max_ratio:g} keer; een zip-bom?)"
            )
    if total > RATIO_FLOOR and total > max_ratio * max(packed, 1):
        raise refuse(
            f"pakt uit van {_mb(packed)} tot {_mb(total)} (meer dan {max_ratio:g} keer; een zip-bom?)"
        )
    if verify:
        for info in infos:
            if not info.is_dir():
                _verify_entry(zf, info, refuse)


def _verify_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, refuse) -> None:  # noqa: ANN001
    """Unpack one entry in chunks, discarding the data: zipfile checks the CRC at the end."""
    try:
        with zf.open(info) as f:
            while f.read(_CHUNK):
                pass
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as e:
        if "CRC" in str(e):
            reason = "CRC-fout"
        elif isinstance(e, zlib.error):
            reason = "gecomprimeerde gegevens onleesbaar"
        elif isinstance(e, EOFError):
            reason = "afgebroken"
        else:
            reason = type(e).__name__
        raise refuse(
            f"onderdeel '{info.filename}' is beschadigd ({reason}); open het bestand opnieuw in het programma "
            "waarmee het gemaakt is en sla het opnieuw op"
        ) from None


def checked_archive(path: Path, source: str, kind: str) -> None:
    """Open, check with the default limits and close: for readers that hand the path to a library next."""
    with open_archive(path, source, kind) as zf:
        check_archive(zf, source, kind=kind)
