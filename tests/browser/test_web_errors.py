"""What the web edition shows when something goes wrong: a wrong address, a wrong method, a
refused form, a failure on the server, a choice that cannot be taken.  Each is a page of the
game's own (its layout, language, one h1, a way home) with the right status, in words: never
aiohttp's one line of text, a traceback, or an id from inside the story."""

from __future__ import annotations

import logging

import pytest

from game.engine.model import Story
from game.webapp import pages
from tests.browser.web_client import Page, browser, served

pytestmark = pytest.mark.usefixtures("home")


def assert_game_page(page: Page, status: int, home: tuple[str, str] = ("/", "Go to the start page")) -> None:
    assert page.status == status, (page.status, page.text[:300])
    assert '<html lang="en"' in page.html and page.html.count("<h1") == 1 and len(page.h1) == 1
    assert page.title == f"{page.h1[0]} — Moscow 1921", page.title
    assert home in page.links
    assert ("/journal", "Journal") in page.links  # the site's menu: the layout every page has
    assert 'id="main"' in page.html and "Skip to the main text" in page.text
    assert f"{status}:" not in page.text and "Traceback" not in page.html


async def test_a_wrong_address_is_the_games_own_404_page(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        for path in ("/no-such-page", "/journal/x", "/play/", "/static/../scenes"):
            page = await client.get(path)
            assert_game_page(page, 404)
            assert page.h1 == ["There is no such page"], path
        async with client.http.get(client.url("/nothing")) as answer:  # the headers of every page
            assert answer.headers["Content-Type"].startswith("text/html")
            assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
            assert answer.headers["Cache-Control"] == "no-store"


async def test_a_wrong_static_file_is_the_games_own_404_page_and_the_real_ones_are_served(
    ui_story: Story,
) -> None:
    async with served(ui_story) as server, browser(server) as client:
        for path in ("/static/nothing.css", "/static/web.css.map", "/static/web.css/x", "/static/"):
            page = await client.get(path)
            assert_game_page(page, 404)
            assert page.h1 == ["There is no such page"], path
        for path, kind in (("/static/web.css", "text/css"), ("/static/web.js", "application/javascript")):
            async with client.http.get(client.url(path)) as answer:
                assert answer.status == 200 and answer.headers["Content-Type"].startswith(kind), path
                assert answer.headers["Cache-Control"] == "public, max-age=3600"
                assert len(await answer.read()) > 100


async def test_a_missing_journal_entry_keeps_its_own_words(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        await client.submit(title.form("/new"), title.form("/new").buttons[0])
        page = await client.get("/journal/7")
        assert_game_page(page, 404)
        assert "There is no such decision in your journal." in page.text


async def test_a_wrong_method_is_the_games_own_405_page_with_its_allow_header(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        page = await client.get("/choose")  # a form's address typed in, or a bookmark
        assert_game_page(page, 405)
        assert page.h1 == ["This page is not opened that way"]
        async with client.http.get(client.url("/choose")) as answer:
            assert answer.headers["Allow"] == "POST"
        sent = await client.post("/play", {"csrf": (await client.get("/")).form("/new").fields["csrf"]})
        assert_game_page(sent, 405)


async def test_a_refused_form_is_a_page_that_keeps_its_reason(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        await client.get("/")
        page = await client.post("/new", {"role": "metalworker"})  # no form token
        assert_game_page(page, 403)
        assert "This form is out of date or was not made by this game." in page.text


async def test_a_failure_on_the_server_is_a_500_page_and_logged_with_its_traceback(
    ui_story: Story, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object) -> object:
        raise RuntimeError("the secret internals of a bug")

    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        with caplog.at_level(logging.ERROR, logger="moscow1921.web"), pytest.MonkeyPatch.context() as patch:
            patch.setattr(pages, "_situation", broken)
            page = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        assert_game_page(page, 500)
        assert page.h1 == ["This page could not be shown"] and "nothing you have is lost" in page.text
        assert "secret internals" not in page.html and "RuntimeError" not in page.html
        assert any(
            record.exc_info and "secret internals" in str(record.exc_info[1]) for record in caplog.records
        ), "the failure was not logged"
        assert (await client.get("/play")).h1 == ["Half a ration"]  # the game was kept


async def test_a_redirect_is_not_an_error_page(ui_story: Story) -> None:
    async with (
        served(ui_story) as server,
        browser(server) as client,
        client.http.get(client.url("/play"), allow_redirects=False) as answer,
    ):
        assert answer.status == 303 and answer.headers["Location"] == "/"


async def test_a_choice_not_open_is_refused_in_words_never_by_its_id(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        fields = scene.form("/choose").fields
        closed = await client.post("/choose", {**fields, "choice": "join_party"})  # shown disabled
        assert_game_page(closed, 409, ("/play", "Back to your game"))
        assert closed.h1 == ["That choice is not open"]
        assert (
            "“Ask the cell secretary for a party card.” is not open to you now: "
            "Nobody in the cell knows you well enough yet. Your game is as it was." in closed.text
        )
        unknown = await client.post("/choose", {**fields, "choice": "no_such_<choice>"})
        assert_game_page(unknown, 409, ("/play", "Back to your game"))
        assert "That choice is not one the game offers you here." in unknown.text
        for page in (closed, unknown):
            assert "join_party" not in page.text and "no_such" not in page.html and "'" not in page.text
        assert (await client.get("/play")).h1 == ["Half a ration"]
