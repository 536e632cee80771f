"""What pseudonymisation returns, and the one error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PseudoResult:
    """Pseudonymised pieces, in input order, and the number of distinct entities per placeholder category."""

    pieces: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    replacements: list[list[tuple[int, int, int, int]]] | None = None
    """Only with ``pseudonymise(..., with_replacements=True)``: per piece, every replaced span as
    ``(start, end)`` in the input and ``(start, end)`` of its placeholder in the output, in text order; lets a
    caller carry character offsets (e.g. REFI-QDA selections) through pseudonymisation (see
    :mod:`kritischeblik.ingest.offsets`)."""


class PseudonymisationError(RuntimeError):
    """Pseudonymisation failed. The message never contains interview text."""
