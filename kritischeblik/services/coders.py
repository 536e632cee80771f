"""Who is coding: one person is one coder, however the name is typed, and a new coder is never made
silently. The CLI and the TUI both resolve a typed name here.

A name matches an existing coder case-insensitively and trimmed (``--coder anna`` after ``Anna`` codes as
Anna), so agreement never compares a person with themselves. A name that matches nobody is a new coder: the
shells announce it (a typo would otherwise start a third layer and lower κ). The coder row itself is made by
the first decision or score, so choosing a name writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CONSENSUS
from ..store import codings
from ..store.blind import is_blind
from ..store.db import Project
from .coding import coder_name


@dataclass(frozen=True)
class CoderIdentity:
    name: str
    """the coder's name as first written in the project (or as typed, for a new coder)"""
    new: bool
    """no coder of this name yet: the first decision or score creates one"""
    known: tuple[str, ...]
    """the coders the project already has (persons only)"""


def identify_coder(project: Project, name: str | None) -> CoderIdentity:
    """The coder ``name`` means in this project; refused when empty or a reserved layer's name."""
    clean = coder_name(name)
    with project.read() as s:
        found = codings.find_coder(s, clean)
        name = found.name if found is not None else None
        known = tuple(codings.person_coders(s))
    return CoderIdentity(clean, True, known) if name is None else CoderIdentity(name, False, known)


def known_coders(project: Project) -> list[str]:
    """The project's coders (persons), by name: the choices when the TUI asks who is coding."""
    with project.read() as s:
        return codings.person_coders(s)


def blind_advice(project: Project, interview_id: str, coder: str) -> list[str]:
    """The other coders who already decided on fragments of this interview while it is not blind and the duo
    has not started comparing (no consensus yet): then blind coding should be suggested. Empty otherwise."""
    with project.read() as s:
        if is_blind(s, interview_id):
            return []
        layers = codings.interview_layers(s, interview_id)
    if CONSENSUS in layers:
        return []
    me = codings.coder_key(coder)
    return [c for c in layers if c not in codings.LAYERS and codings.coder_key(c) != me]
