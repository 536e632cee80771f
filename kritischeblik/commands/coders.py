"""The coder a command works as: a typed name resolved to the project's coder (case and spaces do not
count), and a new coder announced on stderr, so a typo never silently starts a third coding layer."""

from __future__ import annotations

import sys

from ..errors import KBError
from ..services.coders import identify_coder
from ..store.db import Project


def resolve_coder(project: Project, name: str, writes: bool = True) -> str:
    """The project's spelling of ``name``; with ``writes``, a name that matches no coder is announced as a
    new coder (the command's first decision or score creates it)."""
    try:
        who = identify_coder(project, name)
    except KBError:  # empty or reserved: the use case refuses it with its own words
        return name
    if who.new and writes:
        known = f" Bestaande codeurs: {', '.join(who.known)}." if who.known else ""
        print(f"Nieuwe codeur: {who.name}.{known}", file=sys.stderr)
    return who.name
