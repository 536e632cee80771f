"""The report of a REFI-QDA import: what came in, and everything that did not (REFI-QDA §7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ImportReport:
    project: Path
    interviews: list[str] = field(default_factory=list)
    codes_matched: int = 0
    codes_new: int = 0
    coders: list[str] = field(default_factory=list)
    codings: int = 0
    selections: int = 0
    cases: int = 0
    variables: int = 0
    notes: int = 0
    not_carried: list[str] = field(default_factory=list)
    """Everything that could not be carried over (REFI-QDA §7)."""
    warnings: list[str] = field(default_factory=list)
    """Carried over, but worth a look (duplicate GUIDs, merged codes, elements without a GUID)."""
    misaligned: list[str] = field(default_factory=list)
    """Selections whose bounds are not segment bounds: coded on every segment they overlap."""
    pseudonymised: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "interviews": self.interviews,
            "codes_herkend": self.codes_matched,
            "codes_nieuw": self.codes_new,
            "codeurs": self.coders,
            "selecties": self.selections,
            "coderingen": self.codings,
            "cases": self.cases,
            "variabelen": self.variables,
            "notities": self.notes,
            "niet_overgenomen": self.not_carried,
            "waarschuwingen": self.warnings,
            "niet_uitgelijnd": self.misaligned,
            "alles_overgenomen": not self.not_carried,
            "gepseudonimiseerd": self.pseudonymised,
        }

    def verdict(self) -> str:
        """The closing line of the report: it only says everything was carried over when that is true."""
        if self.not_carried:
            n = len(self.not_carried)
            return f"Let op: {n} {'onderdeel is' if n == 1 else 'onderdelen zijn'} niet overgenomen (zie hierboven)."
        if self.warnings:
            return f"Overgenomen, met {len(self.warnings)} waarschuwing(en); zie hierboven."
        return "Alles is overgenomen."
