"""The coder a command works as: a typed name resolved to the project's coder (case and spaces do not
count), and a new coder announced on stderr, so a typo never silently starts a third coding layer."""

from __future__ import annotations

import sys

from ..errors import KBError
from ..services.coders import identify_coder
from ..store.db import Project


def resolve_coder(project: Project, name: str, writes: bool = True) -> str:
    """The project's spelling of ``name``; with ``writes``, a name that matches no coder is announced as a
    new coder once the command's write succeeded (see :func:`announce_new_coder`)."""
    try:
        who = identify_coder(project, name)
    except KBError:  # empty or reserved: the use case refuses it with its own words
        return name
    _PENDING.clear()
    if who.new and writes:
        known = f" Bestaande codeurs: {', '.join(who.known)}." if who.known else ""
        _PENDING.append(f"Nieuwe codeur: {who.name}.{known}")
    return who.name


def announce_new_coder() -> None:
    """Say that the write made a new coder: only after it succeeded (a refused score made no one)."""
    for line in _PENDING:
        print(line, file=sys.stderr)
    _PENDING.clear()


_PENDING: list[str] = []
