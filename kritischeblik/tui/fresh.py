"""Screens that show stored data reload when they come back after a change made elsewhere (another mode, a
dialog of another screen), so a score adopted in Verschillen shows in Coderen at once."""

from __future__ import annotations

from textual import events


class FreshOnResume:
    """Mixin for a Screen with ``reload()``: compares the app's ``data_version`` with the one it last showed."""

    seen_version = 0

    def on_mount(self) -> None:  # runs after the screen's own on_mount, which loaded the data
        self.seen_version = getattr(self.app, "data_version", 0)  # type: ignore[attr-defined]

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        version = getattr(self.app, "data_version", 0)  # type: ignore[attr-defined]
        if version != self.seen_version:
            self.seen_version = version
            self.reload()  # type: ignore[attr-defined]
