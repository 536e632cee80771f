"""Puts a freshly built demo project in place without ever deleting practice work (called by `make demo`).

``python -m kritischeblik.commands.demo_place --opruimen DIR`` (`make clean`) removes only the demo
projects in DIR that hold no practice work.

``python -m kritischeblik.commands.demo_place NEW TARGET``: NEW is the project the Makefile just built.
TARGET holding nothing but what a build writes (ingest, auto-coding, themes) is replaced by NEW, as
before. TARGET holding codings, decisions, scores, theme edits, sessions or member checks of a person
stays where it is, untouched, and NEW goes beside it under a dated name; the same when TARGET cannot be
read (a newer schema, a damaged file): what cannot be inspected is not thrown away.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..store.db import Project
from ..store.stats import practice_work

_SIDE_FILES = ("-wal", "-shm")


def practice_in(path: Path) -> dict[str, int] | None:
    """The practice work in the project at ``path`` ({} for none), or None when it cannot be read."""
    try:
        with Project.open(path, migrate=False, read_only=True) as project, project.read() as s:
            return practice_work(s)
    except Exception:  # any failure to read (KBError or worse) means: cannot tell, so keep it
        return None


def _move(src: Path, dest: Path) -> None:
    """Moves a project with its WAL files (the WAL first: a main file never lands without its pages)."""
    for suffix in (*_SIDE_FILES, ""):
        if os.path.lexists(f"{src}{suffix}"):
            os.replace(f"{src}{suffix}", f"{dest}{suffix}")


def _remove(project: Path) -> None:
    """A built demo project with its WAL files (only ever one that holds no practice work)."""
    for suffix in ("", *_SIDE_FILES):
        Path(f"{project}{suffix}").unlink(missing_ok=True)


def _beside(target: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    dest = target.with_name(f"{target.stem}-{stamp}{target.suffix}")
    n = 1
    while os.path.lexists(dest):
        n += 1
        dest = target.with_name(f"{target.stem}-{stamp}-{n}{target.suffix}")
    return dest


def describe(work: dict[str, int]) -> str:
    return ", ".join(f"{kind}: {n}" for kind, n in work.items())


def place(new: Path, target: Path) -> tuple[Path, str]:
    """Moves ``new`` to ``target``, or beside it when ``target`` holds practice work: where it went and
    what to tell the user ('' when nothing needs saying)."""
    if not os.path.lexists(target):
        _move(new, target)
        return target, ""
    work = practice_in(target)
    if work == {}:
        _remove(target)
        _move(new, target)
        return target, ""
    dest = _beside(target)
    _move(new, dest)
    why = f"bevat oefenwerk ({describe(work)})" if work else "kan niet worden gelezen"
    message = (
        f"Het demoproject {target} {why} en blijft staan zoals het is; `make run` opent het nog steeds.\n"
        f"Het nieuwe demoproject staat ernaast: {dest}\n"
        f"Openen: kb tui -p {dest}   (of verplaats je oefenproject en hernoem dit naar {target.name})"
    )
    return dest, message


def clean(folder: Path) -> tuple[list[Path], list[str]]:
    """Removes the demo projects in ``folder`` that hold nothing a person made (with their WAL files and
    the build stamp when the main demo project went); projects with practice work, or that cannot be read,
    stay. (removed, what to tell the user about each kept one)."""
    removed, kept = [], []
    for path in sorted(folder.glob("*.kb")):
        work = practice_in(path)
        if work == {}:
            _remove(path)
            removed.append(path)
        else:
            why = f"bevat oefenwerk ({describe(work)})" if work else "kan niet worden gelezen"
            kept.append(f"{path} {why} en blijft staan; verwijder het zelf als het weg mag.")
    if not (folder / "kritischeblik.kb").exists():
        (folder / ".gebouwd").unlink(missing_ok=True)
    return removed, kept


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--opruimen":
        _, kept = clean(Path(args[1]))
        for line in kept:
            print(line)
        return 0
    if len(args) != 2:
        print(
            "gebruik: python -m kritischeblik.commands.demo_place NIEUW DOEL\n"
            "     of: python -m kritischeblik.commands.demo_place --opruimen MAP",
            file=sys.stderr,
        )
        return 2
    _, message = place(Path(args[0]), Path(args[1]))
    if message:
        print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
