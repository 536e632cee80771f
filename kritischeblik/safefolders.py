"""A folder of export files that never destroys anything (``kb export csv DIR``): split from safefiles.py,
whose rules it follows. The folder is created by the export or carries its marker file; only files named in
the marker may be replaced (with force); other files in the folder always stay."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .safefiles import (
    TEMP_SUFFIX,
    StrPath,
    TargetExists,
    TargetRefused,
    WriteFailed,
    _failed,
    _fsync,
    _fsync_dir,
    _make_parents,
    _protected,
    _reason,
    _remove_empty,
    check_target,
    current_umask,
)

EXPORT_MARKER = ".kritischeblik-export"


# -- a folder of files (kb export csv) --------------------------------------------------------------------
_MARKER_HEAD = (
    "# Deze map is gemaakt door 'kb export csv' (Kritische Blik). Laat dit bestand staan: alleen de bestanden\n"
    "# hieronder mag een nieuwe export (met --force) vervangen; andere bestanden in de map blijven altijd staan.\n"
)


def _marker_names(folder: Path) -> set[str]:
    """The files an earlier export wrote into ``folder`` (plain names only: a marker can point nowhere else)."""
    try:
        lines = (folder / EXPORT_MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    names = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return {n for n in names if "/" not in n and "\\" not in n and n not in (".", "..", EXPORT_MARKER)}


def _write_marker(folder: Path, names: Iterable[str]) -> None:
    (folder / EXPORT_MARKER).write_text(
        _MARKER_HEAD + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8"
    )


def _is_leftover_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _check_folder(path: Path, force: bool) -> tuple[Path | None, set[str]]:
    """(existing folder to fill or None for a new one, names an earlier export left in it)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise TargetRefused(
                path, "is een snelkoppeling (symlink) naar iets dat niet bestaat; kies een andere map"
            ) from None
        return None, set()
    except NotADirectoryError:
        raise TargetRefused(path, "een deel van dit pad is geen map") from None
    except OSError as e:
        raise WriteFailed(path, f"kan de map niet bekijken: {_reason(e)[0]}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise TargetRefused(path, "bestaat al en is geen map; geef een (nieuwe) map op")
    folder = Path(os.path.realpath(path))
    try:
        entries = {n for n in os.listdir(folder) if not _is_leftover_temp(n)}
    except OSError as e:
        raise _failed(path, e, existed=True) from None
    if not entries:
        return folder, set()
    if EXPORT_MARKER not in entries:
        raise TargetRefused(
            path,
            "de map bestaat al en is niet leeg (en is niet door een eerdere export gemaakt); "
            "er wordt niets in overschreven. Kies een nieuwe of lege map",
        )
    if not force:
        raise TargetExists(path, "bevat al een eerdere export")
    return folder, _marker_names(folder) & entries


@contextmanager
def export_folder(path: StrPath, *, force: bool = False, protect: Iterable[StrPath] = ()) -> Iterator[Path]:
    """Yield an empty temporary folder to write a set of files into; when the block ends without error the
    files move into ``path`` together, marked with :data:`EXPORT_MARKER`.

    A new ``path`` is made by renaming the whole temporary folder (made beside it) into place. An existing
    ``path`` must be empty, or be marked by an earlier export and ``force`` be given; then the temporary folder
    is made inside it (same file system even when ``path`` is a mount point), and only the earlier export's own
    files are replaced or removed: a name that belongs to a file of the user's refuses the whole export. On
    any error nothing of the new export remains and the folder is as it was.
    """
    path = Path(path)
    protect = list(protect)
    if _protected(path, protect):
        raise TargetRefused(path, "dat is het projectbestand; kies een map voor de export")
    folder, previous = _check_folder(path, force)
    umask = current_umask()
    created: list[Path] = []
    tmp: Path | None = None
    done = False
    try:
        if folder is None:
            created = _make_parents(path.parent if str(path.parent) else Path("."))
            tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
        else:
            tmp = Path(tempfile.mkdtemp(prefix=".export.", suffix=TEMP_SUFFIX, dir=folder))
        yield tmp
        names = sorted(n for n in os.listdir(tmp) if n != EXPORT_MARKER)
        _write_marker(tmp, names)
        for n in [*names, EXPORT_MARKER]:
            os.chmod(tmp / n, 0o666 & ~umask)
            _fsync(tmp / n)
        if folder is None:
            os.chmod(tmp, 0o777 & ~umask)
            try:
                os.rename(tmp, path)
            except OSError as e:
                if e.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                    raise TargetRefused(
                        path, "is intussen door iets anders aangemaakt; er is niets geschreven"
                    ) from None
                raise
            tmp = None
            _fsync_dir(path.parent if str(path.parent) else Path("."))
        else:
            _move_into(tmp, folder, names, previous, protect, path)
        done = True
    except OSError as e:
        raise _failed(path, e, existed=folder is not None) from None
    finally:
        if tmp is not None and tmp.exists():
            for child in tmp.iterdir():
                with suppress(OSError):
                    child.unlink()
            with suppress(OSError):
                tmp.rmdir()
        if not done:
            _remove_empty(created)


def _move_into(
    tmp: Path, folder: Path, names: list[str], previous: set[str], protect: list[StrPath], shown: Path
) -> None:
    """Replace the earlier export's files in ``folder`` by the new ones (all complete in ``tmp`` by now)."""
    for n in names:
        dest = folder / n
        if os.path.lexists(dest):
            if n not in previous:
                raise TargetRefused(
                    shown / n,
                    "bestaat al en is niet door een eerdere export gemaakt; er is niets "
                    "geschreven. Kies een nieuwe of lege map",
                )
            check_target(dest, force=True, protect=protect)
    # The marker first lists old and new names, so an interruption between the moves below leaves a folder
    # whose every export file is still known as one.
    _write_marker(tmp, set(names) | previous)
    os.replace(tmp / EXPORT_MARKER, folder / EXPORT_MARKER)
    for n in names:
        os.replace(tmp / n, folder / n)
    for n in previous - set(names):
        stale = folder / n
        with suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(stale).st_mode):
                stale.unlink()
    _write_marker(tmp, names)
    os.chmod(tmp / EXPORT_MARKER, 0o666 & ~current_umask())
    os.replace(tmp / EXPORT_MARKER, folder / EXPORT_MARKER)
    _fsync_dir(folder)
