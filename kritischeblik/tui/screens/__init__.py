"""Screens of the TUI; each top-level screen is an app mode with its own screen stack.

A mode's module is imported when the mode is first opened: the Codeboek, Thema's and Tellingen screens pull
in pandas and the clustering code, which the first paint of the Overzicht does not need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from textual.screen import Screen


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    def make() -> Screen:
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)()

    return make


MODES: dict[str, Callable[[], Screen]] = {
    "overzicht": _lazy("overview", "OverviewScreen"),
    "codeboek": _lazy("codebook", "CodebookScreen"),
    "themas": _lazy("themes", "ThemesScreen"),
    "tellingen": _lazy("tallies", "TalliesScreen"),
    "sessies": _lazy("sessions", "SessionsScreen"),
    "verschillen": _lazy("review", "ReviewModeScreen"),
}
