"""Thema's: clusters of fragments per kind (placeholder until analysis/themes lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ..widgets import NavBar


class ThemesScreen(Screen):
    HELP = "[b]Thema's[/b]"

    def compose(self) -> ComposeResult:
        yield Header()
        yield NavBar("themas")
        yield Static("Thema's volgen.", id="themes-empty")
        yield Footer()
