"""kb serve in a real browser: Debian's Chromium driven by Playwright (never a downloaded browser).

One server start on a free port, read-only, on a small demo project with themes. The browser opens the
address with the token and sees the overview; 3 opens the themes and ↓ the second theme, whose fragments
appear; a write key is refused with the read-only message and the project stays byte-for-byte the same; a
browser without the token gets 403; and no request leaves this machine (no Google font).

The terminal draws on a canvas, so the test reads what the browser received: the websocket frames are the
TUI's terminal output, and after the escape sequences are taken out its text is there to search.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, dump_project
from tui_support import themed_project, themed_project_path

__all__ = ["themed_project", "themed_project_path"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>78]"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(project: Path, port: int) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kritischeblik",
            "serve",
            "-p",
            str(project),
            "--port",
            str(port),
            "--alleen-lezen",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its TUI processes go with it when the test stops the group
    )
    url = ""
    while not url:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"kb serve stopte: {proc.stderr.read()}")
        url = line.strip() if "?token=" in line else ""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc, url
        time.sleep(0.1)
    raise AssertionError("kb serve luistert niet")


def _wait_for_group_gone(group: int, timeout: float = 60.0) -> None:
    """The server's process group (the server, the shell and TUI of every browser) is empty."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("een TUI-proces van kb serve draait nog na het stoppen")


class Terminal:
    """What the browser received over the websocket, as text."""

    def __init__(self, page) -> None:  # noqa: ANN001 - a Playwright page
        self.page = page
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.frames.append(payload)

    def text(self, since: int = 0) -> str:
        raw = b"".join(self.frames[since:]).decode("utf-8", "replace")
        return ESCAPES.sub("", raw)

    def wait_for(self, wanted: str, since: int = 0, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if wanted in self.text(since):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"niet in de browser verschenen: {wanted!r}\n{self.text(since)[-2000:]}")

    def press(self, key: str) -> int:
        """Type ``key`` into the terminal; returns the frame count before it, to read only what follows."""
        mark = len(self.frames)
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press(key)
        return mark


def test_committee_in_a_real_browser(themed_project):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        # CI (.ci/run) installs Chromium and sets KB_REQUIRE_BROWSER: there a missing browser is a failure.
        if os.environ.get("KB_REQUIRE_BROWSER"):
            pytest.fail("Chromium ontbreekt (apt-get install chromium)")
        pytest.skip("Chromium ontbreekt (apt-get install chromium; .ci/run doet dat)")

    project, shown = themed_project
    assert len(shown) == 2 and all(texts for _, texts in shown)
    before = dump_project(project)
    port = _free_port()
    proc, url = _start_server(project, port)
    base = f"http://127.0.0.1:{port}/"
    requests: list[str] = []
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="kb-chromium-") as profile:
            browser = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 900},
            )
            try:
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                refused = page.goto(base)  # no token, no cookie
                assert refused.status == 403 and "Geen toegang" in page.content()
                term = Terminal(page)
                page.goto(url)
                assert page.url == base  # the token left the address bar
                term.wait_for("Overzicht")
                term.wait_for("4 van 4 interviews")

                mark = term.press("3")
                term.wait_for(shown[0][0], mark)  # the themes, the first one highlighted
                mark = term.press("ArrowDown")  # open the second theme: its fragments appear
                second = min(shown[1][1], key=len)
                term.wait_for(second[:30], mark)

                mark = term.press("t")  # set the theme aside: a write
                term.wait_for("alleen-lezen", mark)

                # Ctrl+C (SIGTERM here) stops the server with a browser still open, and its TUI with it.
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=60)
                _wait_for_group_gone(proc.pid)
            finally:
                browser.close()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert dump_project(project) == before
    outside = [r for r in requests if not r.startswith(base)]
    assert requests and outside == []
