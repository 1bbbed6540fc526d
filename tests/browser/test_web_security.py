"""The web edition refuses what a hostile page, network or player might send, each case kept
here as the attack itself: forms from other sites or without their token, a forged or
tampered cookie, a foreign Host name, markup in story text and in what players type; and the
cookie itself is opaque (nothing in it can be read, not even the player's id)."""

from __future__ import annotations

import base64
import contextlib
import time
from unittest import mock

import aiohttp
import pytest
from itsdangerous import URLSafeTimedSerializer
from yarl import URL

from game.engine.model import Story
from game.webapp.class_records import open_room
from game.webapp.identity import COOKIE, LIFETIME_S, Player, Signer
from game.webapp.story_html import inline, prose
from tests.browser.web_client import KEY, Client, browser, served

pytestmark = pytest.mark.usefixtures("home")


async def started(client: Client) -> dict[str, str]:
    """A new game; the fields of its choice form."""
    title = await client.get("/")
    scene = await client.submit(*title.button("/new", "metalworker"))
    assert scene.h1 == ["Half a ration"]
    return scene.form("/choose").fields


async def scene_now(client: Client) -> str:
    return (await client.get("/play")).h1[0]


async def test_a_form_without_its_token_or_with_another_players_is_refused(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        fields = await started(client)
        missing = await client.post(
            "/choose", {k: v for k, v in fields.items() if k != "csrf"} | {"choice": "stay_home"}
        )
        assert missing.status == 403 and "not made by this game" in missing.text
        someone_else = Signer(KEY).csrf_token(Player("0" * 32))
        forged = await client.post("/choose", fields | {"csrf": someone_else, "choice": "stay_home"})
        assert forged.status == 403
        assert await scene_now(client) == "Half a ration"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},  # this machine, another port: another site's page
    ],
)
async def test_a_form_from_another_origin_is_refused(ui_story: Story, headers: dict[str, str]) -> None:
    async with served(ui_story) as server, browser(server) as client:
        fields = await started(client)
        refused = await client.post("/choose", fields | {"choice": "stay_home"}, headers=headers)
        assert refused.status == 403 and refused.h1 == ["Not allowed"]
        assert "may not" in refused.text or "not an origin" in refused.text
        assert await scene_now(client) == "Half a ration"


async def test_without_an_origin_the_referer_must_be_this_server(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        fields = await started(client)
        url = client.url("/choose")
        data = fields | {"choice": "stay_home"}
        async with client.http.post(url, data=data, headers={"Referer": "http://evil.example/x"}) as answer:
            assert answer.status == 403
        async with client.http.post(url, data=data) as answer:  # neither header: refused
            assert answer.status == 403
        async with client.http.post(url, data=data, headers={"Referer": client.url("/play")}) as answer:
            assert answer.status == 200 and str(answer.url.path) == "/play"
        assert await scene_now(client) == "Two days in February"


async def test_a_forged_or_tampered_cookie_is_a_stranger(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        await started(client)
        cookie = next(c for c in client.jar if c.key == COOKIE).value
        for bad in (cookie[:-2] + "xx", Signer(b"another key" * 4).cookie(Player("a" * 32)), "garbage"):
            jar = aiohttp.CookieJar(unsafe=True)
            async with (
                aiohttp.ClientSession(cookie_jar=jar) as http,
                http.get(client.url("/play"), cookies={COOKIE: bad}) as answer,
            ):
                assert str(answer.url.path) == "/"  # no game: the title page
                assert "Continue" not in await answer.text()


async def test_the_cookie_is_http_only_and_same_site(ui_story: Story) -> None:
    async with (
        served(ui_story) as server,
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{server.port}/") as answer,
    ):
        header = answer.headers["Set-Cookie"]
        policy = answer.headers["Content-Security-Policy"]
        body = await answer.text()
    assert "HttpOnly" in header and "SameSite=Lax" in header and f"{COOKIE}=" in header
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in body and "style=" not in body  # no inline script or style anywhere


async def test_a_host_name_this_server_does_not_answer_to_is_refused(ui_story: Story) -> None:
    async with served(ui_story) as server, aiohttp.ClientSession() as http:
        url = f"http://127.0.0.1:{server.port}/"
        async with http.get(url, headers={"Host": "attacker.example"}) as answer:
            assert answer.status == 400
        async with http.get(url, headers={"Host": 'x"><script>alert(1)</script>'}) as answer:
            assert answer.status == 400 and "<script>" not in await answer.text()


async def test_the_theme_switch_never_redirects_off_this_server(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        page = await client.get("/glossary")
        form = page.form("/settings")
        for back in ("//evil.example/", "http://evil.example/", "/glossary"):
            async with client.http.post(
                client.url("/settings"),
                data=form.fields | {"theme": "contrast", "back": back},
                headers={"Origin": client.origin},
                allow_redirects=False,
            ) as answer:
                assert answer.status == 303
                assert answer.headers["Location"] == ("/glossary" if back == "/glossary" else "/")
        assert 'class="theme-contrast"' in (await client.get("/glossary")).html


def test_story_text_is_never_markup(ui_story: Story) -> None:
    hostile = "A <script>alert(1)</script> & [[Cheka|<img src=x onerror=alert(1)>]] and [[nothing]] \x1b[2J"
    shown = str(inline(hostile, ui_story).html)
    assert "<script>" not in shown and "<img" not in shown and "\x1b" not in shown
    assert "&lt;script&gt;" in shown and '<a class="term" href="#term-cheka">&lt;img' in shown
    assert "nothing" in shown and "[[" not in shown
    paragraphs = str(prose("One\nline.\n\nTwo <b>.", ui_story).html)
    assert paragraphs == "<p>One line.</p>\n<p>Two &lt;b&gt;.</p>"


def _readable(cookie: str) -> str:
    """Whatever a curious student could read out of a cookie: its text, and each part of it that
    is base64 decoded (an itsdangerous cookie is base64 JSON, dot, date, dot, signature)."""
    shown = [cookie]
    for part in cookie.replace(".", " ").split():
        with contextlib.suppress(ValueError):
            shown.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8", "replace"))
    return " ".join(shown)


async def test_the_cookie_is_opaque_it_names_the_player_in_no_way_a_browser_can_read(
    ui_story: Story,
) -> None:
    opened, _, problem = open_room("Form 5")
    assert opened is not None, problem
    try:
        async with served(ui_story, opened) as server, browser(server) as client:
            door = await client.get("/join")
            await client.submit(door.form("/join"), name="Natalya Petrovna")
            cookie = next(c for c in client.jar if c.key == COOKIE).value
            player = Signer(KEY).player(cookie)
            assert player is not None and player.student is not None
            assert player.student.name == "Natalya Petrovna"
            readable = _readable(cookie)
            for secret in (player.token, "Natalya", player.student.folder, player.student.tab, '"t"'):
                assert secret not in readable, f"{secret!r} can be read in the cookie"
            title = await client.get("/")
            assert player.token not in title.html  # nor in the form token a page carries
            assert player.token not in _readable(title.form("/new").fields["csrf"])
    finally:
        opened.close()


async def test_a_cookie_of_the_version_before_finds_its_game_and_is_replaced_by_an_opaque_one(
    ui_story: Story,
) -> None:
    old_signer = URLSafeTimedSerializer(KEY, salt="moscow1921.player")  # the cookie before 12.3
    async with served(ui_story) as server, browser(server) as client:
        await started(client)
        token = Signer(KEY).player(next(c for c in client.jar if c.key == COOKIE).value)
        assert token is not None
        old = old_signer.dumps({"t": token.token})
        assert token.token in _readable(old)  # readable: what this change is for
        jar = aiohttp.CookieJar(unsafe=True)
        jar.update_cookies({COOKIE: old}, URL(client.url("/")))
        returning = Client(server, jar)
        try:
            assert (await returning.get("/play")).h1 == ["Half a ration"]  # the same game
            given = next(c for c in jar if c.key == COOKIE).value
            assert given != old and token.token not in _readable(given)
            assert Signer(KEY).player(given) == token
        finally:
            await returning.close()


def test_a_cookie_past_its_lifetime_or_from_another_key_is_refused() -> None:
    signer, player = Signer(KEY), Player("b" * 32)
    with mock.patch("time.time", return_value=time.time() - LIFETIME_S - 60):
        old = signer.cookie(player)
    assert signer.player(old) is None
    fresh = signer.cookie(player)
    assert signer.player(fresh) == player and signer.read(fresh)[1] < 60  # read twice: once from the cache
    with mock.patch("time.time", return_value=time.time() + LIFETIME_S + 60):
        assert signer.player(fresh) is None  # the cookie read before grows old too
    assert Signer(b"another key" * 4).player(fresh) is None
    assert signer.player(fresh[:-4] + ("AAAA" if not fresh.endswith("AAAA") else "BBBB")) is None
    assert signer.player("é" * 10) is None and signer.player("x" * 5000) is None
    assert not signer.csrf_ok(player, "é") and signer.csrf_ok(player, signer.csrf_token(player))
