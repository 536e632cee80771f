"""Shared checks for the identifier finder tests: what was found, and whether a part of a text was replaced."""

from __future__ import annotations

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def found(text: str) -> list[tuple[str, str]]:
    """The spans :func:`find_identifiers` finds in ``text``, as (surface, category); for assertion messages."""
    return [(text[a:b], c) for a, b, c in find_identifiers(text)]


def covered(text: str, part: str) -> bool:
    """Whether the first occurrence of ``part`` in ``text`` lies wholly inside one found span."""
    at = text.index(part)
    return any(a <= at and at + len(part) <= b for a, b, _ in find_identifiers(text))
