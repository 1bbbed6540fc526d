"""Attacks on ``moscow1921 serve`` (issue 13, items 2 to 4), against the real server in process.

The server is :func:`game.web.make_server`'s, served by aiohttp's test server; every tab runs
a stand-in for the game (:data:`FAKE_GAME`, a few lines of Python speaking textual-serve's
protocol) that reports the terminal size it was given, so the tests need no Textual process.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from game import locations, web_tabs
from game.web import adapt_page, make_server
from game.web_guard import MAX_COLUMNS, MAX_ROWS, Guard, capped_size, normal_origin

FAKE_GAME = r"""
import json, os, sys
out = sys.stdout.buffer
def send(text):
    data = text.encode()
    out.write(b"D" + len(data).to_bytes(4, "big") + data); out.flush()
out.write(b"__GANGLION__\n"); out.flush()
send(f"size {os.environ['COLUMNS']}x{os.environ['ROWS']}")
send("tab " + (sys.argv[sys.argv.index("--isolated") + 1] if "--isolated" in sys.argv else "-"))
read = sys.stdin.buffer.read
while True:
    kind = read(1)
    if not kind:
        break
    payload = read(int.from_bytes(read(4), "big"))
    if kind == b"M":
        meta = json.loads(payload)
        if meta["type"] == "quit":
            break
        if meta["type"] == "resize":
            send(f"resize {meta['width']}x{meta['height']}")
"""

ATTACK_HOST = 'x"><script>alert(1)</script><x a="'
"""The Host header of issue 13.3."""


async def serving(
    remember_tabs: bool,
) -> AsyncIterator[TestClient[aiohttp.web.Request, aiohttp.web.Application]]:
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-c", FAKE_GAME))
    guard = Guard.for_server("127.0.0.1", ["http://teacher-pc.school.example:8000"])
    server = make_server(command, "127.0.0.1", 8000, guard, remember_tabs=remember_tabs)
    app = await server._make_app()
    app.on_startup.clear()  # the banner is for a terminal
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client
        for _ in range(200):  # let every tab's game end (and be reaped) before the server stops
            if not server.games:
                break
            await asyncio.sleep(0.05)


@pytest.fixture
async def client() -> AsyncIterator[TestClient[aiohttp.web.Request, aiohttp.web.Application]]:
    """A live class's server (its tabs' command is fixed)."""
    async for test_client in serving(remember_tabs=False):
        yield test_client


@pytest.fixture
async def plain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[TestClient[aiohttp.web.Request, aiohttp.web.Application]]:
    """Plain ``serve``: each browser's games in a folder of its own, found again by its cookie."""
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    async for test_client in serving(remember_tabs=True):
        yield test_client


def own_origin(client: TestClient[aiohttp.web.Request, aiohttp.web.Application]) -> str:
    return f"http://127.0.0.1:{client.port}"


async def receive_text(ws: aiohttp.ClientWebSocketResponse) -> str:
    message = await ws.receive(timeout=20)
    assert message.type == aiohttp.WSMsgType.BINARY, message
    return bytes(message.data).decode()


# ---------------------------------------------------------------- 13.3: the Host header


async def test_a_host_header_with_markup_never_reaches_the_page(client: TestClient) -> None:  # type: ignore[type-arg]
    response = await client.get("/", headers={"Host": ATTACK_HOST})
    body = await response.text()
    assert "<script>alert(1)" not in body
    assert response.status == 400
    assert "not a host name" in body


async def test_the_page_for_our_own_address_links_our_own_fonts(client: TestClient) -> None:  # type: ignore[type-arg]
    response = await client.get("/")
    body = await response.text()
    assert response.status == 200
    assert f"{own_origin(client)}/static/fonts/RobotoMono" in body
    assert "fonts.googleapis.com" not in body


def test_adapt_page_escapes_whatever_url_it_is_given() -> None:
    page = (
        '<html><head><link href="https://fonts.googleapis.com/css?family=Roboto"></head><body></body></html>'
    )
    adapted = adapt_page(page, "Moscow 1921", f"http://{ATTACK_HOST}/static/")
    assert "<script>alert(1)" not in adapted
    assert "&lt;script&gt;alert(1)" in adapted


async def test_a_name_this_machine_does_not_answer_to_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    # A DNS name of the attacker's pointing at this machine (DNS rebinding) gets no page.
    response = await client.get("/", headers={"Host": f"rebind.evil.example:{client.port}"})
    assert response.status == 400
    assert "--allow-origin" in await response.text()
    allowed = await client.get("/", headers={"Host": "teacher-pc.school.example:8000"})
    assert allowed.status == 200


# ---------------------------------------------------------------- 13.2: cross-origin websockets


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
        "http://127.0.0.1:1",  # our address, another port: another origin
        "https://127.0.0.1:{port}",  # another scheme
    ],
)
async def test_a_page_from_another_origin_cannot_open_a_game(client: TestClient, origin: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", origin=origin.format(port=client.port))
    assert refused.value.status == 403


async def test_a_websocket_without_an_origin_is_refused(client: TestClient) -> None:  # type: ignore[type-arg]
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 403


async def test_our_own_pages_and_allowed_origins_open_games(client: TestClient) -> None:  # type: ignore[type-arg]
    for origin, host in (
        (own_origin(client), None),
        ("http://teacher-pc.school.example:8000", "teacher-pc.school.example:8000"),
    ):
        headers = {"Host": host} if host else {}
        ws = await client.ws_connect("/ws", origin=origin, headers=headers)
        assert (await receive_text(ws)).startswith("size ")
        await ws.close()


def test_origins_compare_as_browsers_compare_them() -> None:
    assert normal_origin("HTTP://Teacher-PC:80") == "http://teacher-pc"
    assert normal_origin("https://a.example:443/") == "https://a.example"
    for bad in ("teacher-pc:8000", "ftp://a.example", "http://a.example/page", "http://a.example:99999"):
        with pytest.raises(ValueError):
            normal_origin(bad)


# ---------------------------------------------------------------- 13.4: the terminal size


async def test_a_huge_terminal_asked_for_in_the_address_is_capped(client: TestClient) -> None:  # type: ignore[type-arg]
    ws = await client.ws_connect("/ws?width=20000&height=20000", origin=own_origin(client))
    assert await receive_text(ws) == f"size {MAX_COLUMNS}x{MAX_ROWS}"
    await ws.close()


async def test_a_huge_resize_is_capped(client: TestClient) -> None:  # type: ignore[type-arg]
    ws = await client.ws_connect("/ws?width=100&height=30", origin=own_origin(client))
    assert await receive_text(ws) == "size 100x30"
    assert await receive_text(ws) == "tab -"  # a live class's tab: no folder of the browser's
    await ws.send_str(json.dumps(["resize", {"width": 20000, "height": 20000}]))
    assert await receive_text(ws) == f"resize {MAX_COLUMNS}x{MAX_ROWS}"
    await ws.send_str(json.dumps(["resize", {"width": -5, "height": "lots"}]))
    assert await receive_text(ws) == "resize 1x24"
    await ws.close()


def test_capped_size_keeps_ordinary_sizes() -> None:
    assert capped_size(80, 24) == (80, 24)
    assert capped_size("120", "40") == (120, 40)
    assert capped_size(10**9, 10**9) == (MAX_COLUMNS, MAX_ROWS)
    assert capped_size(0, -1) == (1, 1)


# ---------------------------------------------------------------- issue 11.13: a reloaded tab


async def open_tab(client: TestClient, cookies: bool = True) -> tuple[aiohttp.ClientWebSocketResponse, str]:  # type: ignore[type-arg]
    """Load the page (the browser keeps its cookie) and open its websocket; the tab's folder id."""
    if cookies:
        page = await client.get("/")
        assert page.status == 200
    ws = await client.ws_connect("/ws", origin=own_origin(client))
    assert (await receive_text(ws)).startswith("size ")
    tab = await receive_text(ws)
    assert tab.startswith("tab ")
    return ws, tab.removeprefix("tab ")


async def test_a_reloaded_tab_plays_in_the_same_folder(plain: TestClient) -> None:  # type: ignore[type-arg]
    first, identity = await open_tab(plain)
    cookie = plain.session.cookie_jar.filter_cookies(plain.make_url("/"))[web_tabs.COOKIE]
    assert web_tabs.valid_token(cookie.value) and identity == web_tabs.folder_id(cookie.value)
    assert cookie.value not in identity  # the folder is named by a hash, never the cookie
    await first.close()
    again, same = await open_tab(plain)  # reloaded
    assert same == identity
    assert web_tabs.session_home(identity).is_dir()
    await again.close()


async def test_a_second_tab_of_the_same_browser_takes_the_game_over(plain: TestClient) -> None:  # type: ignore[type-arg]
    first, identity = await open_tab(plain)
    second, same = await open_tab(plain)
    assert same == identity
    closed = await first.receive(timeout=20)  # the first tab is told, and its game stops
    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
    await second.close()


async def test_another_browser_and_a_forged_cookie_get_folders_of_their_own(plain: TestClient) -> None:  # type: ignore[type-arg]
    mine, identity = await open_tab(plain)
    plain.session.cookie_jar.clear()
    plain.session.cookie_jar.update_cookies({web_tabs.COOKIE: "../../etc"})
    forged, other = await open_tab(plain, cookies=False)
    assert other != identity and web_tabs.session_home(other).parent == web_tabs.sessions_root()
    await forged.close()
    for _ in range(200):  # a browser that keeps no cookie can never come back: its folder goes
        if not web_tabs.session_home(other).exists():
            break
        await asyncio.sleep(0.05)
    assert not web_tabs.session_home(other).exists()
    await mine.close()


def test_folders_nobody_can_return_to_are_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    root = web_tabs.sessions_root()
    old_style = root / "0123456789abcdef0123456789abcdef"  # a uuid folder of an older version
    fresh, stale, busy = (web_tabs.folder_id(web_tabs.new_token()) for _ in range(3))
    for name in (old_style.name, fresh, stale, busy):
        (root / name / "saves").mkdir(parents=True)
    long_ago = time.time() - web_tabs.LIFETIME_S - 60
    for name in (stale, busy):
        os.utime(root / name, (long_ago, long_ago))
    removed = web_tabs.clean({busy})
    assert sorted(removed) == sorted([old_style.name, stale])
    assert sorted(p.name for p in root.iterdir()) == sorted([fresh, busy])
    with pytest.raises(ValueError):
        web_tabs.session_home("../saves")
