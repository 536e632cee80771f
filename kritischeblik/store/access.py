"""Whether a project file can be written, how to open it when it cannot, and what a failed write means.

A project someone may only read (file mode 0444, a read-only folder, ``chattr +i``, a read-only mount, or
``kb tui --alleen-lezen``) is opened through SQLite's read-only URI so that ``kb status`` and the TUI work; every
write is then refused by ``Project.write`` with one clear message. Write errors that come from the disk (full,
immutable, no permission) become a ``ProjectError`` in Dutch; SQLite has rolled the transaction back by then.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import Hint, KBError

_FS_IOC_GETFLAGS = 0x80086601  # linux/fs.h, 64-bit
_FS_IMMUTABLE_FL = 0x10


class ProjectError(KBError):
    pass


@dataclass(frozen=True)
class ReadOnly:
    reason: str
    hint: str
    nobody_writes: bool = False
    """True when no process can write the file (no write bits at all, or immutable): then it is read without
    SQLite's shared-memory index, so no -shm is left behind with the file's read-only mode."""

    def error(self, path: Path) -> ProjectError:
        if self is REQUESTED:  # the user asked for it: what to do depends on the shell
            return ProjectError(
                f"het project is alleen-lezen: {path} ({self.reason}); er is niets opgeslagen.",
                hint=Hint.OPEN_WRITABLE,
            )
        return ProjectError(
            f"het project is alleen-lezen: {path} ({self.reason}); er is niets opgeslagen. {self.hint}"
        )


REQUESTED = ReadOnly("alleen-lezen geopend", "")


def _immutable(path: Path) -> bool:
    """``chattr +i`` (Linux): even root cannot write, so the hint is different."""
    try:
        import array
        import fcntl

        fd = os.open(path, os.O_RDONLY)
        try:
            buf = array.array("l", [0])
            fcntl.ioctl(fd, _FS_IOC_GETFLAGS, buf, True)
            return bool(buf[0] & _FS_IMMUTABLE_FL)
        finally:
            os.close(fd)
    except (ImportError, OSError):
        return False


def read_only_reason(path: Path) -> ReadOnly | None:
    """Why ``path`` cannot be written, or None. The permission bits count even for root (a file made 0444
    was made read-only on purpose); ``os.access`` adds immutable files and read-only mounts."""
    try:
        st = path.stat()
    except OSError:
        return None
    folder = path.absolute().parent
    if _immutable(path):
        return ReadOnly(
            "het bestand is onveranderbaar gemaakt (chattr +i)",
            f"Maak het weer wijzigbaar met 'chattr -i {path}' (als beheerder).",
            nobody_writes=True,
        )
    no_write_bits = not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if no_write_bits or not os.access(path, os.W_OK):
        return ReadOnly(
            "het bestand heeft geen schrijfrechten",
            f"Geef schrijfrechten met 'chmod u+w {path}' als je het wilt wijzigen.",
            no_write_bits,
        )
    try:
        folder_mode = folder.stat().st_mode
    except OSError:
        return None
    if (
        _immutable(folder)
        or not folder_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        or not os.access(folder, os.W_OK | os.X_OK)
    ):
        return ReadOnly(
            "de map is niet schrijfbaar, dus SQLite kan zijn -wal/-shm-bestanden niet maken",
            "Kopieer het project naar een map waarin je mag schrijven om het te wijzigen.",
        )
    return None


def sqlite_uri(path: Path, params: str) -> str:
    return f"file:{quote(str(path.absolute()))}?{params}"


def read_only_uri(path: Path, timeout: float, nobody_writes: bool = False) -> str:
    """The URI a read-only project opens with. ``immutable=1`` reads the main file alone: right when no one
    can write it and no -wal holds pages not yet merged into it. Otherwise ``mode=ro``, which needs the WAL
    index (-shm): it can be created when the folder is writable, or already be there. When neither works
    there is no safe way to read and we say so."""
    wal = Path(f"{path}-wal")
    wal_empty = not wal.exists() or wal.stat().st_size == 0
    order = ["immutable=1", "mode=ro"] if nobody_writes and wal_empty else ["mode=ro", "immutable=1"]
    last: sqlite3.Error | None = None
    for params in order:
        if params == "immutable=1" and not wal_empty:
            raise ProjectError(
                f"{path}: het project is alleen-lezen en {wal.name} bevat nog wijzigingen die niet in het "
                "projectbestand zijn verwerkt; zonder schrijfrechten in de map kan SQLite ze niet lezen. "
                f"Kopieer {path.name} samen met {wal.name} naar een map waarin je mag schrijven en open het daar."
            )
        uri = sqlite_uri(path, params)
        try:
            con = sqlite3.connect(uri, uri=True, timeout=timeout)
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                con.close()
        except sqlite3.Error as e:
            last = e
            continue
        return uri
    raise ProjectError(f"{path}: kan het alleen-lezen project niet openen ({last})")


# SQLite primary result codes (sqlite3.h)
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = (
    3,
    8,
    10,
    11,
    13,
    14,
    26,
)


def storage_error(path: Path, exc: BaseException) -> ProjectError | None:
    """The Dutch error for a write that failed at the disk, or None when ``exc`` is something else."""
    err = getattr(exc, "orig", None) or exc
    unchanged = "er is niets opgeslagen; het project is ongewijzigd."
    if isinstance(err, sqlite3.Error):
        code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
        if code == SQLITE_FULL:
            return ProjectError(
                f"{path}: de schijf is vol; {unchanged} Maak ruimte vrij en probeer het opnieuw."
            )
        if code == SQLITE_READONLY:
            found = read_only_reason(path) or ReadOnly(
                "SQLite kan het bestand of zijn -wal/-shm niet schrijven",
                "Controleer de rechten van het project en die bestanden.",
            )
            return found.error(path)
        if code in {SQLITE_PERM, SQLITE_CANTOPEN}:
            return ProjectError(f"{path}: geen toestemming om te schrijven ({err}); {unchanged}")
        if code == SQLITE_IOERR:
            return ProjectError(
                f"{path}: schrijffout op de schijf ({getattr(err, 'sqlite_errorname', err)}; bijvoorbeeld een volle "
                f"schijf of een bestand dat onveranderbaar is gemaakt); {unchanged}"
            )
        if code in {SQLITE_CORRUPT, SQLITE_NOTADB}:
            return ProjectError(
                f"{path}: het projectbestand is beschadigd ({err}).", hint=Hint.CHECK_OR_RESTORE, path=path
            )
        return None
    if isinstance(err, OSError):
        if err.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
            return ProjectError(
                f"{path}: de schijf is vol; {unchanged} Maak ruimte vrij en probeer het opnieuw."
            )
        if err.errno in {errno.EPERM, errno.EACCES, errno.EROFS}:
            return ProjectError(f"{path}: geen toestemming om te schrijven ({err.strerror}); {unchanged}")
    return None
