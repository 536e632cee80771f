"""Progress and cancelling of a long use case (clustering, an export): the service reports its steps and,
between steps, stops when the caller asks it to.

A service checks at every step, and once more just before its one write, so a cancelled run writes nothing.
The shells decide how to show the steps (the TUI: a bar under the screen and Escape to stop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import KBError


class Cancelled(KBError):
    """The user stopped the task before its write; nothing was saved."""

    def __init__(self, message: str = "Afgebroken; er is niets opgeslagen.") -> None:
        super().__init__(message)


@dataclass
class Progress:
    """``report(message, fraction)`` hears each step (fraction 0..1, or None when unknown); ``cancelled()``
    says whether the caller wants the task stopped."""

    report: Callable[[str, float | None], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def check(self) -> None:
        """Raise :class:`Cancelled` when the caller asked to stop."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()

    def step(self, message: str, fraction: float | None = None) -> None:
        """A new step begins (stops first when asked to)."""
        self.check()
        if self.report is not None:
            self.report(message, fraction)


QUIET = Progress()
"""No reporting and no cancelling: what the CLI and the pandas API pass."""
