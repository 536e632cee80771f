"""Shared widgets: the screen navigation bar (clickable, mirrors the 1–5 keys)."""

from __future__ import annotations

from textual.widgets import Static

SCREENS = (
    ("overzicht", "Overzicht"),
    ("codeboek", "Codeboek"),
    ("themas", "Thema's"),
    ("tellingen", "Tellingen"),
    ("sessies", "Sessies"),
)


class NavBar(Static):
    """One line naming the five screens with their keys; the current one is highlighted, all are clickable."""

    def __init__(self, current: str):
        parts = []
        for i, (mode, label) in enumerate(SCREENS, start=1):
            text = f" {i} {label} "
            if mode == current:
                parts.append(f"[reverse b]{text}[/]")
            else:
                parts.append(f"[@click=app.goto('{mode}')]{text}[/]")
        parts.append("[@click=app.help] ? Help [/]")
        super().__init__(" ".join(parts), classes="navbar")
