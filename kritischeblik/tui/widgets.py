"""Shared widgets: the screen navigation bar (clickable, mirrors the 1–6 keys) and a footer that fits any width."""

from __future__ import annotations

from rich.cells import cell_len
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


APP_KEPT = ("help", "quit")
"""app-wide keys every footer shows at any width: how to find the other keys, and how to leave"""
APP_SECONDARY = ("undo",)
"""app-wide keys that leave a footer that is too narrow first (they still work and are listed under ?)"""


def _width(key: FooterKey, compact: bool) -> int:
    # FooterKey renders " key desc " (roomy) or "key desc" plus a one-cell margin (compact).
    return cell_len(key.key_display) + cell_len(key.description) + (2 if compact else 3)


class KBFooter(Footer):
    """The key footer, fitted to the terminal width so that no key is ever cut off.

    Roomy when everything fits; else compact, leaving out keys until the rest fits: first undo, then the
    screen's ``FOOTER_SECONDARY`` (action names, the last named goes first), then others from the end;
    help (?) and quit (q) always stay. Keys left out keep working and are listed in the help (?).
    """

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        width = self.app.size.width
        screen_secondary = list(getattr(self.screen, "FOOTER_SECONDARY", ()))

        def rank(k: FooterKey) -> int:
            """Lower goes first when space runs out; -1 never goes."""
            name = k.action.split("(")[0]
            if name in APP_KEPT:
                return -1
            if name in APP_SECONDARY:
                return 0
            for i, action in enumerate(reversed(screen_secondary)):
                if k.action == action or name == action:
                    return 1 + i
            return 1 + len(screen_secondary) + (len(keys) - keys.index(k))

        compact = sum(_width(k, False) for k in keys) > width
        shown = list(keys)
        for k in sorted((k for k in keys if rank(k) >= 0), key=rank):
            if sum(_width(x, compact) for x in shown) <= width:
                break
            shown.remove(k)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        for w in widgets:
            if isinstance(w, FooterKey) and w not in shown:
                w.display = False
            yield w

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self.refresh(recompose=True)

    _fitted_width = 0
