"""Shared widgets: the screen navigation bar (clickable, mirrors the 1–6 keys) and a footer that fits 80 columns."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

SCREENS = (
    ("overzicht", "Overzicht"),
    ("codeboek", "Codeboek"),
    ("themas", "Thema's"),
    ("tellingen", "Tellingen"),
    ("sessies", "Sessies"),
    ("verschillen", "Verschillen"),
)
WIDE = 100
"""from this many columns on, bars get their roomy layout (the app's ``-wide`` breakpoint)"""


def nav_markup(current: str, width: int) -> str:
    wide = width >= WIDE
    pad, sep = (" ", "  ") if wide else ("", " ")
    items = []
    for i, (mode, label) in enumerate(SCREENS, start=1):
        if mode == current:
            items.append(f"[reverse b] {i} {label} [/]")
        else:
            items.append(f"[@click=app.goto('{mode}')]{pad}{i} {label}{pad}[/]")
    items.append(f"[@click=app.help]{pad}? Help{pad}[/]")
    return sep.join(items)


class NavBar(Static):
    """One line naming the screens with their keys; the current one is highlighted, all are clickable."""

    def __init__(self, current: str):
        self.current = current
        super().__init__(nav_markup(current, WIDE), classes="navbar")

    def on_resize(self, event: events.Resize) -> None:
        self.update(nav_markup(self.current, event.size.width))


APP_SECONDARY = ("undo", "quit")
"""app-wide keys left out of a narrow footer (they still work and are listed under ?)"""


class KBFooter(Footer):
    """The key footer; below ``WIDE`` columns it is compact and leaves out the screen's secondary keys.

    A screen names those in ``FOOTER_SECONDARY`` (action names); they keep working and stay listed in the
    help (?), so nothing is lost at 80×24, only moved out of the always-visible line.
    """

    def compose(self) -> ComposeResult:
        secondary = set(getattr(self.screen, "FOOTER_SECONDARY", ())) | set(APP_SECONDARY)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and (widget.action in secondary or widget.action.split("(")[0] in secondary):
                widget.add_class("-secondary")
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < WIDE
