"""Output files that never destroy anything: every file a command writes to a path the user names goes here.

The rules (docs/privacy.md repeats them for users):

- The project file, its ``-wal``/``-shm``/``-journal`` companions, any other SQLite file (another project, a
  backup) and anything that is not a regular file (a directory, a device such as ``/dev/full``, a fifo, a
  socket, a symlink to one of those or to nothing) are never written over, not even with ``--force``.
- An existing regular file is replaced only when the caller passes ``force=True``; a symlink to a regular
  file is followed, so the file it points to is replaced and the link stays.
- Content goes to a temporary file in the target's own folder (same file system, so the final rename is
  atomic), is fsync'ed, and only then renamed into place. On any error (disk full, quota, read-only disk, no
  permission, an immutable file) or an interrupt the temporary file is removed and the target is exactly as
  it was: absent, or the old file.
- A new file gets mode ``0666 & ~umask`` like any file a program creates (``mkstemp`` alone would give 0600);
  a replaced file keeps its own mode, so a file the user had restricted stays restricted.

This module sits beside ``errors.py`` at the bottom of the layers because both ``export/`` and
``store/backup.py`` use it and ``store`` may not import ``export``. It raises typed errors without command-line
hints: the CLI adds the flag name (``--force``), the TUI asks instead.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from .errors import KBError

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
TEMP_SUFFIX = ".kbtmp"
"""Marks a folder made by ``kb export csv``: only such a folder's own earlier files may be replaced."""

StrPath = str | os.PathLike[str]


class OutputError(KBError):
    """A target that cannot or may not be written; ``path`` is the target the user named."""

    def __init__(self, path: StrPath, message: str):
        self.path = Path(path)
        super().__init__(f"{path}: {message}")


class TargetExists(OutputError):
    """The target exists and may be replaced, but only when the user says so (``--force``, or yes in the TUI)."""


class TargetRefused(OutputError):
    """The target is never written over (project, database, device, directory, ...), not even with force."""


class WriteFailed(OutputError):
    """Writing failed (disk full, no permission, ...); nothing was left behind and the old file is unchanged."""


# -- looking at a target ----------------------------------------------------------------------------------
def _head(path: Path, n: int = 100) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _is_sqlite(path: Path) -> bool:
    try:
        return _head(path, 16) == SQLITE_HEADER
    except OSError:
        return False


def same_file(a: StrPath, b: StrPath) -> bool:
    """The same file: equal resolved paths (existing or not), or the same inode (a hard link)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _protected(target: Path, protect: Iterable[StrPath]) -> bool:
    """``target`` is one of the protected files or one of their SQLite companions (existing or not)."""
    for p in protect:
        for suffix in ("", *SIDE_SUFFIXES):
            if same_file(target, f"{p}{suffix}"):
                return True
    return False


def _companion_of_database(target: Path) -> bool:
    """``x.kb-wal`` beside an SQLite ``x.kb``: SQLite's own file, whatever the database is called."""
    for suffix in SIDE_SUFFIXES:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if base.is_file() and _is_sqlite(base):
                return True
    return False


def _replaceable_backup(path: Path, head: bytes) -> bool:
    """A backup made by ``kb backup`` (rollback journal, bytes 18-19 = 1), never a project (always WAL = 2)."""
    return len(head) >= 20 and head[18] == 1 and head[19] == 1 and not os.path.lexists(f"{path}-wal")


def check_target(
    path: StrPath,
    *,
    force: bool = False,
    protect: Iterable[StrPath] = (),
    replace_backup: bool = False,
    parents: bool = False,
) -> Path:
    """Refuse a target that may not be written and return the path to write to.

    ``protect``: files that must never be written (the project, the source file); their -wal/-shm/-journal
    too. ``replace_backup``: with ``force``, an earlier backup (an SQLite file in rollback-journal mode) may
    be replaced; projects never. ``parents``: the folder may be missing (the caller creates it).
    The returned path is the target itself, or for a symlink to a regular file the file it points to.
    """
    target = Path(path)
    if not str(path).strip():
        raise TargetRefused(path, "geen bestandsnaam opgegeven")
    if _protected(target, protect):
        raise TargetRefused(
            path,
            "dat is het projectbestand (of een bestand dat erbij hoort); daar wordt nooit "
            "overheen geschreven. Kies een andere bestandsnaam",
        )
    if _companion_of_database(target):
        raise TargetRefused(
            path,
            "dat is een hulpbestand van een SQLite-database (-wal/-shm/-journal); daar "
            "wordt nooit overheen geschreven. Kies een andere bestandsnaam",
        )
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if os.path.lexists(target):
            raise TargetRefused(
                path,
                "is een snelkoppeling (symlink) naar iets dat niet bestaat; kies een andere bestandsnaam",
            ) from None
        parent = target.parent
        if not parent.is_dir() and not parents:
            if os.path.lexists(parent) or parent.exists():
                raise TargetRefused(path, f"{parent} is geen map") from None
            raise WriteFailed(
                path, f"de map {parent} bestaat niet; maak die eerst aan of kies een andere map"
            ) from None
        return target
    except NotADirectoryError:
        raise TargetRefused(path, "een deel van dit pad is geen map") from None
    except OSError as e:
        raise WriteFailed(path, f"kan het doel niet bekijken: {_reason(e)[0]}") from None
    if stat.S_ISDIR(st.st_mode):
        raise TargetRefused(path, "is een map; geef een bestandsnaam op (bijvoorbeeld in die map)")
    if not stat.S_ISREG(st.st_mode):
        raise TargetRefused(
            path,
            "is geen gewoon bestand (maar een apparaat, pipe of socket); er wordt alleen "
            "naar gewone bestanden geschreven. Kies een bestandsnaam",
        )
    try:
        head = _head(target)
    except OSError as e:
        raise WriteFailed(
            path, f"bestaat al en kan niet gelezen worden ({_reason(e)[0]}); kies een andere bestandsnaam"
        ) from None
    if head[:16] == SQLITE_HEADER and not (replace_backup and force and _replaceable_backup(target, head)):
        raise TargetRefused(
            path,
            "is een SQLite-database (een Kritische Blik-project of een andere database); "
            "die wordt nooit overschreven. Kies een andere bestandsnaam",
        )
    if head[:4] in WAL_MAGIC:
        raise TargetRefused(
            path, "is een SQLite-logbestand (-wal) en wordt nooit overschreven; kies een andere bestandsnaam"
        )
    if not force:
        raise TargetExists(path, "bestaat al")
    return Path(os.path.realpath(target)) if target.is_symlink() else target


# -- errors -----------------------------------------------------------------------------------------------
_REASONS = {
    errno.ENOSPC: ("de schijf is vol", "Maak ruimte vrij of kies een andere schijf."),
    errno.EDQUOT: ("je schijfquotum is op", "Maak ruimte vrij of kies een andere schijf."),
    errno.EROFS: ("de schijf is alleen-lezen", "Kies een map op een schrijfbare schijf."),
    errno.EACCES: ("geen toestemming", "Kies een map waarin je mag schrijven, of laat de rechten aanpassen."),
    errno.EPERM: (
        "niet toegestaan (het bestand of de map is beveiligd of onveranderlijk)",
        "Kies een andere bestandsnaam of map.",
    ),
    errno.ENOENT: ("de map bestaat niet (meer)", "Maak de map aan of kies een andere."),
    errno.ENAMETOOLONG: ("de naam is te lang", "Kies een kortere bestandsnaam."),
    errno.EFBIG: ("het bestand wordt te groot voor deze schijf", "Kies een andere schijf."),
    errno.EIO: ("invoer-/uitvoerfout van de schijf", "Controleer de schijf en probeer het opnieuw."),
    errno.EISDIR: ("het doel is (inmiddels) een map", "Kies een bestandsnaam."),
}


def _reason(e: OSError) -> tuple[str, str]:
    if e.errno in _REASONS:
        return _REASONS[e.errno]
    return (e.strerror or type(e).__name__, "Kies een andere plek of probeer het opnieuw.")


def _failed(path: StrPath, e: OSError, existed: bool) -> WriteFailed:
    reason, advice = _reason(e)
    kept = "wat er al stond is niet gewijzigd" if existed else "er is niets achtergelaten"
    return WriteFailed(path, f"schrijven mislukt: {reason}; {kept}. {advice}")


# -- writing ----------------------------------------------------------------------------------------------
def current_umask() -> int:
    """The process umask, read without changing it where the system allows (os.umask sets it to read it)."""
    with suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    # Makes the rename durable; some file systems cannot fsync a directory, which costs nothing but durability.
    with suppress(OSError):
        _fsync(path)


def _publish(tmp: Path, target: Path, force: bool) -> None:
    """Move the finished temporary file into place. Without force a hard link publishes it only if the name
    is still free at that moment (no check-then-write race); where links are unsupported, check and rename."""
    if not force:
        try:
            os.link(tmp, target)
            return
        except FileExistsError:
            raise TargetExists(target, "bestaat al") from None
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
                raise
        if os.path.lexists(target):
            raise TargetExists(target, "bestaat al")
    else:
        # The target could have changed since it was checked; a device or folder is still never replaced.
        with suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(target).st_mode):
                raise TargetRefused(target, "is geen gewoon bestand (meer); er is niets geschreven")
    os.replace(tmp, target)


def _make_parents(folder: Path) -> list[Path]:
    """Create missing folders; returns the ones created (outermost first) so a failure can remove them."""
    missing: list[Path] = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir()
    return list(reversed(missing))


def _remove_empty(dirs: list[Path]) -> None:
    for d in reversed(dirs):
        with suppress(OSError):
            d.rmdir()


@contextmanager
def atomic_file(
    path: StrPath,
    *,
    force: bool = False,
    protect: Iterable[StrPath] = (),
    parents: bool = False,
    replace_backup: bool = False,
    mode: int | None = None,
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without error, the file is fsync'ed, given
    its mode and renamed over ``path``. Checks as :func:`check_target`. Any ``OSError`` in the block or while
    publishing becomes a :class:`WriteFailed` naming ``path``; the temporary file never survives.
    ``mode``: the permissions of a new file when they must be narrower than ``0666 & ~umask`` (a copy of a
    project the user restricted); a replaced file keeps its own."""
    protect = list(protect)
    target = check_target(path, force=force, protect=protect, replace_backup=replace_backup, parents=parents)
    existed = os.path.exists(target)
    old_mode = stat.S_IMODE(os.stat(target).st_mode) if existed else None
    parent = target.parent if str(target.parent) else Path(".")
    created: list[Path] = []
    tmp: Path | None = None
    done = False
    try:
        if parents:
            created = _make_parents(parent)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=parent)
        os.close(fd)
        tmp = Path(name)
        yield tmp
        _fsync(tmp)
        new_mode = 0o666 & ~current_umask() if mode is None else mode & 0o666 & ~current_umask()
        os.chmod(tmp, old_mode if old_mode is not None else new_mode)
        _publish(tmp, target, force)
        _fsync_dir(parent)
        done = True
    except OSError as e:
        raise _failed(path, e, existed) from None
    finally:
        if tmp is not None:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
        if not done:
            _remove_empty(created)


@contextmanager
def open_target(
    path: StrPath,
    mode: str = "w",
    *,
    force: bool = False,
    protect: Iterable[StrPath] = (),
    parents: bool = False,
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """:func:`atomic_file` as an open file: ``with open_target(out, force=args.force) as fh: fh.write(...)``."""
    binary = "b" in mode
    with (
        atomic_file(path, force=force, protect=protect, parents=parents) as tmp,
        open(tmp, mode, encoding=None if binary else encoding, newline=None if binary else newline) as fh,
    ):
        yield fh


def write_text(
    path: StrPath, text: str, *, force: bool = False, protect: Iterable[StrPath] = (), parents: bool = False
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` by the rules above; returns the path written."""
    with open_target(path, force=force, protect=protect, parents=parents) as fh:
        fh.write(text)
    return Path(path)
