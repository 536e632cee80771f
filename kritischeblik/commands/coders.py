"""The coder a command works as: a typed name resolved to the project's coder (case and spaces do not
count), and a new coder announced on stderr, so a typo never silently starts a third coding layer."""

from __future__ import annotations

import sys

from ..errors import KBError
from ..store.db import Project


def resolve_coder(project: Project, name: str) -> str:
    """The project's spelling of ``name``, announcing nothing (for a command that only reads; a command that
    writes uses :func:`resolve_new_coder`)."""
    return resolve_new_coder(project, name, writes=False)[0]


def resolve_new_coder(project: Project, name: str, writes: bool = True) -> tuple[str, str | None]:
    """(the project's spelling of ``name``, the line announcing a new coder or None). With ``writes``, a
    name that matches no coder gets that line; the command prints it with :func:`announce_new_coder` once
    its write succeeded (a refused score made no one)."""
    # imported here: every command module imports this one at start-up, and the coding services pull in numpy
    from ..services.coders import identify_coder

    try:
        who = identify_coder(project, name)
    except KBError:  # empty or reserved: the use case refuses it with its own words
        return name, None
    if not (who.new and writes):
        return who.name, None
    known = f" Bestaande codeurs: {', '.join(who.known)}." if who.known else ""
    return who.name, f"Nieuwe codeur: {who.name}.{known}"


def announce_new_coder(notice: str | None) -> None:
    """Print the line of :func:`resolve_new_coder`, if there is one."""
    if notice:
        print(notice, file=sys.stderr)


def as_written(project: Project, name: str | None) -> str | None:
    """For a command that only reads a coder's layer: the project's spelling of ``name`` (``anna`` is the
    stored ``Anna``), or ``name`` unchanged when it matches nobody (the command then says so itself)."""
    return resolve_coder(project, name) if name else name
