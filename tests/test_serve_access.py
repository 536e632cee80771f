"""kb serve's access check through aiohttp's test client, on the real server application: without the token,
the cookie or the password every route answers 403 (page, static files, websocket); the token admits once and
leaves the address; the password comes from a file or the environment and never shows; the page asks nothing
from outside this server."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

from kritischeblik.errors import KBError
from kritischeblik.web.access import COOKIE, PASSWORD_ENV, Access, read_password
from kritischeblik.web.server import KBServer

# A command that must never run: every websocket in these tests is refused before a process starts.
NEVER = "false"


def _with_client(access: Access, scenario: Callable[[TestClient], Awaitable[None]]) -> None:
    async def main() -> None:
        server = KBServer(NEVER, access, "127.0.0.1", 0)
        client = TestClient(TestServer(await server._make_app()))
        await client.start_server()
        try:
            await scenario(client)
        finally:
            await client.close()

    asyncio.run(main())


async def _status(client: TestClient, path: str, **kw: object) -> int:
    async with client.get(path, allow_redirects=False, **kw) as r:
        return r.status


async def _ws_refused(client: TestClient, **kw: object) -> int:
    with pytest.raises(WSServerHandshakeError) as e:
        await client.ws_connect("/ws", **kw)
    return e.value.status


def test_without_token_every_route_is_refused():
    access = Access()

    async def scenario(client: TestClient) -> None:
        for path in ("/", "/static/js/textual.js", "/static/css/xterm.css", "/download/x", "/ws"):
            assert await _status(client, path) == 403, path
        assert await _ws_refused(client) == 403
        # One character off (a token that happens to end in "x" gets a "y": otherwise it would be the token itself).
        wrong = access.token[:-1] + ("y" if access.token.endswith("x") else "x")
        assert await _status(client, "/?token=" + wrong) == 403
        assert await _status(client, "/?token=") == 403
        async with client.get("/") as r:
            body = await r.text()
            assert "toegangstoken" in body and access.token not in body
            assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert not client.session.cookie_jar.filter_cookies(client.make_url("/"))

    _with_client(access, scenario)


def test_the_token_sets_a_cookie_and_leaves_the_address():
    access = Access()

    async def scenario(client: TestClient) -> None:
        async with client.get(f"/?token={access.token}", allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == "/"
            cookie = r.cookies[COOKIE]
            assert cookie.value == access.cookie and cookie.value != access.token
            assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
        async with client.get("/") as r:
            assert r.status == 200
            page = await r.text()
        assert await _status(client, "/static/js/textual.js") == 200
        # Nothing from outside: every address in the page is on this server (no Google font).
        assert "googleapis" not in page and not re.search(r"(src|href)=\"(https?:)?//", page)
        host = client.make_url("/").host
        assert f'data-session-websocket-url="ws://{host}:{client.port}/ws"' in page
        # A valid cookie does not open the websocket for another website's page.
        assert await _ws_refused(client, headers={"Origin": "http://elders.example"}) == 403

    _with_client(access, scenario)


def test_a_cookie_from_another_start_is_refused():
    old, new = Access(), Access()

    async def scenario(client: TestClient) -> None:
        headers = {"Cookie": f"{COOKIE}={old.cookie}"}
        assert await _status(client, "/", headers=headers) == 403
        assert await _ws_refused(client, headers=headers) == 403

    _with_client(new, scenario)


def test_password_login():
    access = Access(password="geheim-voor-de-commissie")

    async def scenario(client: TestClient) -> None:
        async with client.get("/") as r:
            assert r.status == 403
            assert 'type="password"' in await r.text()
        # With a password the printed-token route is closed: only the password admits.
        assert await _status(client, f"/?token={access.token}") == 403
        async with client.post("/login", data={"wachtwoord": "fout"}, allow_redirects=False) as r:
            assert r.status == 403 and "Onjuist wachtwoord" in await r.text()
            assert COOKIE not in r.cookies
        async with client.post("/login", data={"wachtwoord": access.password}, allow_redirects=False) as r:
            assert r.status == 303 and r.cookies[COOKIE].value == access.cookie
        assert await _status(client, "/") == 200

    _with_client(access, scenario)


def test_secrets_never_show_in_a_repr():
    access = Access(password="geheim-voor-de-commissie")
    shown = repr(access)
    assert access.password not in shown and access.token not in shown and access.cookie not in shown


def test_password_from_a_file_or_the_environment(tmp_path):
    file = tmp_path / "wachtwoord.txt"
    file.write_text("lang genoeg wachtwoord\nrest\n", encoding="utf-8")
    environ = {PASSWORD_ENV: "uit-de-omgeving", "ANDERS": "x"}
    assert read_password(file, environ) == "lang genoeg wachtwoord"
    # the variable is taken out either way: the TUI processes inherit the server's environment
    assert PASSWORD_ENV not in environ and environ == {"ANDERS": "x"}
    environ = {PASSWORD_ENV: "uit-de-omgeving"}
    assert read_password(None, environ) == "uit-de-omgeving" and environ == {}
    assert read_password(None, {}) is None


def test_a_short_or_unreadable_password_is_refused_without_showing_it(tmp_path):
    file = tmp_path / "kort.txt"
    file.write_text("kort7xx\n", encoding="utf-8")
    with pytest.raises(KBError) as e:
        read_password(file, {})
    assert "korter dan 8" in str(e.value) and "kort7xx" not in str(e.value)
    with pytest.raises(KBError, match="kan het wachtwoordbestand niet lezen"):
        read_password(tmp_path / "bestaat-niet.txt", {})
    with pytest.raises(KBError) as e:
        read_password(None, {PASSWORD_ENV: "abc"})
    assert PASSWORD_ENV in str(e.value) and "abc" not in str(e.value)
