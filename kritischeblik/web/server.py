"""The TUI in a browser: textual-serve's server with access control, a page without outside requests and a
command line that starts our TUI for every browser that connects.

textual-serve starts ``command`` through a shell for each websocket and relays the terminal; its JavaScript
(xterm.js) ships in its wheel. Its own page loads a font from fonts.googleapis.com: a committee member's
browser would tell Google who looks at the study. Our page loads only from this server (the Content
Security Policy makes the browser refuse anything else).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import logging
import shlex
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from .access import Access, middleware
from .page import PAGE

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
SHUTDOWN_S = 2.0
"""seconds Ctrl+C waits for open browsers before their TUI processes are told to stop"""
DEFAULT_FONT = 16
PROJECTOR_FONT = 30
"""pixels per letter on the projector: about 60 columns on a 1920-pixel-wide screen"""


@dataclass(frozen=True)
class TuiOptions:
    project: str
    coder: str | None = None
    read_only: bool = False
    projector: bool = False


def tui_command(options: TuiOptions, python: str = sys.executable) -> str:
    """The shell command textual-serve runs per browser: this Python's ``kritischeblik tui`` with the
    project and the options of ``kb serve``. Every value is quoted: a path or name is never shell syntax."""
    parts = [python, "-m", "kritischeblik", "tui", "-p", options.project, "--in-browser"]
    if options.coder:
        parts += ["--coder", options.coder]
    if options.read_only:
        parts.append("--alleen-lezen")
    if options.projector:
        parts.append("--projector")
    return " ".join(shlex.quote(p) for p in parts)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def page_url(host: str, port: int) -> str:
    """The address to open: an address that listens everywhere is no address to type, so name the machine."""
    if host in {"0.0.0.0", "::", ""}:
        import socket

        host = socket.getfqdn()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


@web.middleware
async def security_headers(request: web.Request, handler: Callable) -> web.StreamResponse:
    response = await handler(request)
    if not getattr(response, "prepared", False):  # a websocket has already sent its headers
        response.headers.update(SECURITY_HEADERS)
    return response


class KBServer(Server):
    """textual-serve's Server with our access check, our page and no file downloads."""

    def __init__(self, command: str, access: Access, host: str, port: int, font_size: int = DEFAULT_FONT):
        super().__init__(command, host=host, port=port, title="Kritische Blik")
        self.access = access
        self.font_size = font_size
        self.started: asyncio.Event | None = None

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[security_headers, middleware(self.access)])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        # The websocket goes back to the host the browser used (behind a proxy: its scheme too).
        secure = request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"
        ws = f"{'wss' if secure else 'ws'}://{request.host}/ws"
        body = PAGE.format(websocket=html.escape(ws, quote=True), font_size=int(self.font_size))
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and the command here; the shell prints the address itself."""

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM. No access log: the first request carries the token in its address."""
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows has no signal handlers in asyncio
                loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log=None,
            # An open browser keeps its websocket (and the TUI behind it) until this runs out; then the
            # handler is cancelled and textual-serve tells the TUI to quit. aiohttp's default is a minute.
            shutdown_timeout=SHUTDOWN_S,
            print=lambda *args: None,
        )


def serve(options: TuiOptions, access: Access, host: str, port: int, font_size: int) -> None:
    KBServer(tui_command(options), access, host, port, font_size).serve()


def project_argument(project: str | Path) -> str:
    """The project as the TUI processes get it: a file as an absolute path (they may start elsewhere), a
    database URL as given."""
    text = str(project)
    return text if "://" in text else str(Path(text).absolute())
