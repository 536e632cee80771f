"""Text a user typed (a memo, a reason, a label): pseudonymised before it is stored."""

from __future__ import annotations

from ..ingest.typed import pseudonymise_typed
from ..store.codebooks import all_codes
from ..store.db import Project


def pseudonymised(project: Project, *texts: str | None) -> list[str | None]:
    """The texts, pseudonymised with the project's codebook names protected. Called before a write
    transaction, so loading deduce never holds the project's write lock."""
    if not any(t and t.strip() for t in texts):
        return list(texts)
    with project.read() as s:
        book = all_codes(s)
    return [pseudonymise_typed(t, book) if t else t for t in texts]
