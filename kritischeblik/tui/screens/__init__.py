"""Screens of the TUI; each top-level screen is an app mode with its own screen stack."""

from __future__ import annotations

from .codebook import CodebookScreen
from .overview import OverviewScreen
from .sessions import SessionsScreen
from .tallies import TalliesScreen
from .themes import ThemesScreen

MODES = {
    "overzicht": OverviewScreen,
    "codeboek": CodebookScreen,
    "themas": ThemesScreen,
    "tellingen": TalliesScreen,
    "sessies": SessionsScreen,
}
