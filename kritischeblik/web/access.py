"""Who may use a served TUI: a token made at each start, or a password; the browser then holds a cookie.

textual-serve has no access control of its own, so every request passes :func:`middleware` first: the page,
its static files and the websocket that starts a TUI process. Without a valid cookie, token or password the
answer is 403 (with a login form when a password is set). The token travels once, in the address the user
opens; the answer sets the cookie and sends the browser on to ``/`` so the token leaves the address bar and
the history. The password is read from a file or an environment variable, never from the command line
(where ``ps`` shows it to everyone on the machine), and is never printed or logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from ..errors import KBError

COOKIE = "kb_sessie"
PASSWORD_ENV = "KB_SERVE_WACHTWOORD"
MIN_PASSWORD = 8
FAILED_LOGIN_DELAY_S = 1.0
"""a wrong password costs this long: guessing by the thousand becomes impractical"""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


@dataclass
class Access:
    """The secrets of one server start. With ``password`` set, the password is the way in; otherwise
    ``token``, which :func:`kritischeblik.web.server` prints once as part of the address."""

    password: str | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """the value every admitted browser holds; it dies with the server"""

    def __repr__(self) -> str:  # never show the secrets in a traceback or a log line
        return f"Access(password={'ja' if self.password else 'nee'})"

    def token_ok(self, given: str | None) -> bool:
        return (
            self.password is None
            and given is not None
            and hmac.compare_digest(_digest(given), _digest(self.token))
        )

    def password_ok(self, given: str | None) -> bool:
        return (
            self.password is not None
            and given is not None
            and hmac.compare_digest(_digest(given), _digest(self.password))
        )

    def cookie_ok(self, request: web.Request) -> bool:
        given = request.cookies.get(COOKIE)
        return given is not None and hmac.compare_digest(_digest(given), _digest(self.cookie))


def read_password(file: Path | None, environ: dict[str, str]) -> str | None:
    """The password from ``file`` (its first line) or from ``$KB_SERVE_WACHTWOORD``; None when neither is
    given. The variable is taken out of ``environ``: the TUI processes the server starts inherit its
    environment and have no use for it."""
    from_env = environ.pop(PASSWORD_ENV, None)
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise KBError(f"{file}: kan het wachtwoordbestand niet lezen ({e.strerror}).") from None
        except UnicodeDecodeError:
            raise KBError(f"{file}: het wachtwoordbestand is geen UTF-8-tekst.") from None
        password = lines[0].strip() if lines else ""
        source = str(file)
    elif from_env is not None:
        password, source = from_env.strip(), f"${PASSWORD_ENV}"
    else:
        return None
    if len(password) < MIN_PASSWORD:
        raise KBError(
            f"{source}: het wachtwoord is korter dan {MIN_PASSWORD} tekens. Kies een langer wachtwoord; "
            "het wachtwoord zelf wordt nergens getoond."
        )
    return password


def _secure(request: web.Request) -> bool:
    """Behind an HTTPS proxy the request arrives as plain HTTP; the proxy says so in X-Forwarded-Proto."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _admit(access: Access, request: web.Request) -> web.Response:
    """Set the cookie and send the browser to the page without any secret in the address."""
    response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(
        COOKIE, access.cookie, httponly=True, samesite="Strict", path="/", secure=_secure(request)
    )
    return response


def _same_origin(request: web.Request) -> bool:
    """A websocket is not bound by the browser's same-origin rule: a page elsewhere could open one with the
    cookie (SameSite stops most, not every browser). The Origin header names who asks."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def _refused(access: Access, message: str = "") -> web.Response:
    body = LOGIN_PAGE if access.password is not None else NO_TOKEN_PAGE
    return web.Response(
        status=403,
        text=body.replace("{message}", html.escape(message)),
        content_type="text/html",
        charset="utf-8",
    )


def middleware(access: Access) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    @web.middleware
    async def check_access(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == "/login" and request.method == "POST" and access.password is not None:
            form = await request.post()
            given = form.get("wachtwoord")
            if access.password_ok(given if isinstance(given, str) else None):
                return _admit(access, request)
            await asyncio.sleep(FAILED_LOGIN_DELAY_S)
            return _refused(access, "Onjuist wachtwoord.")
        if request.path == "/" and "token" in request.query:
            if access.token_ok(request.query.get("token")):
                return _admit(access, request)
            return _refused(access)
        if not access.cookie_ok(request):
            return _refused(access)
        if not _same_origin(request):
            return web.Response(status=403, text="Geen toegang vanaf een andere website.")
        return await handler(request)

    return check_access


_STYLE = """<style>
body { background: #0c181f; color: #eee; font-family: sans-serif; display: flex; justify-content: center;
       align-items: center; height: 100vh; margin: 0; }
main { background: #12232d; padding: 2em 3em; max-width: 36em; }
input, button { font-size: 1.1em; padding: .3em .6em; margin-top: .5em; }
.fout { color: #ff8a80; }
</style>"""

LOGIN_PAGE = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Kritische Blik — aanmelden</title>{_STYLE}</head>
<body><main><h1>Kritische Blik</h1>
<form method="post" action="/login">
<label for="wachtwoord">Wachtwoord</label><br>
<input type="password" id="wachtwoord" name="wachtwoord" autocomplete="current-password" autofocus required>
<button type="submit">Aanmelden</button>
</form><p class="fout">{{message}}</p></main></body></html>
"""

NO_TOKEN_PAGE = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Kritische Blik — geen toegang</title>{_STYLE}</head>
<body><main><h1>Geen toegang</h1>
<p>Open het adres met het toegangstoken dat <code>kb serve</code> bij het starten toonde. Het token geldt
tot de server stopt; na een herstart is er een nieuw adres.</p></main></body></html>
"""
