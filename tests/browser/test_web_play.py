"""The web edition played through its pages, in-process: every role of the shipped story to an
ending by its forms, reloads, stale forms, undo, saves, and a game carried across modes.

The pages are read as a browser would get them (HTML over HTTP from the real application on a
loopback port); the game is checked against the same Session the terminal players drive.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from game import web_tabs
from game.classroom.results import results_from_bytes
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session
from game.webapp.identity import COOKIE, Signer, browser_home
from tests.browser.web_client import KEY, Client, Page, browser, served

SHORT_CITE = "— Pirani, 2006 talk"


pytestmark = pytest.mark.usefixtures("home")


def player_token(client: Client) -> str:
    cookie = next(c for c in client.jar if c.key == COOKIE)
    found = Signer(KEY).player(cookie.value)
    assert found is not None
    return found.token


def first_open(page: Page) -> tuple[int, str]:
    form = page.form("/choose")
    for number, button in enumerate(form.buttons, 1):
        if not button.disabled:
            return number, button.value
    raise AssertionError(f"no open choice on {page.title}")


async def choose(client: Client, page: Page, value: str) -> Page:
    form = page.form("/choose")
    button = next(b for b in form.buttons if b.value == value)
    return await client.submit(form, button)


def assert_page(page: Page, title_start: str) -> None:
    assert page.status == 200, page.text[:500]
    assert len(page.h1) == 1, page.headings
    assert page.title.startswith(title_start), page.title
    assert page.title.endswith("— Moscow 1921") or page.title == "Moscow 1921"


@pytest.mark.parametrize("role", ["metalworker", "delegate"])
async def test_each_role_plays_to_an_ending_through_its_pages(story: Story, role: str) -> None:
    async with served(story) as server, browser(server) as client:
        title = await client.get("/")
        assert_page(title, "Moscow 1921")
        page = await client.submit(*title.button("/new", role))
        panels = 0
        for _ in range(300):
            if page.url == "/happened":
                panels += 1
                assert "You chose" in page.text and "History" in page.text
                assert any(words in page.text for words in ("History went", "no single answer"))
                assert SHORT_CITE in page.text  # one quotation, cited short
                assert page.text.count(SHORT_CITE) >= 1 and "The full account" in page.text
                assert "24 September 2006" in page.text  # the full reference, once, in the sources
                page = await client.get("/play")
                continue
            if not any(form.action == "/choose" for form in page.forms):
                break
            session_before = page.form("/choose").fields["turn"]
            scene_title = page.h1[0]
            assert_page(page, scene_title)
            assert page.text.count("What do you do?") == 1
            _, value = first_open(page)
            page = await choose(client, page, value)
            assert page.url in ("/play", "/happened"), (page.url, page.status)
            if page.url == "/play" and any(f.action == "/choose" for f in page.forms):
                assert page.form("/choose").fields["turn"] == str(int(session_before) + 1)
        else:
            raise AssertionError("no ending within 300 pages")
        assert page.title.startswith("The end: "), page.title
        ending = next(e for e in story.endings.values() if page.h1 == [e.title])
        assert ("What became of them" in page.text) == bool(ending.fates)  # the delegate's have none yet
        assert "What became of people like you" in page.text
        assert "This is not a score" in page.text and "You took" in page.text
        assert panels >= 5
        for path, title_start in [
            ("/journal", "Journal"),
            ("/journal/1", "What happened: "),
            ("/glossary", "Glossary"),
            ("/timeline", "Timeline"),
            ("/situation", "Your situation"),
            ("/saves", "Saved games"),
            ("/about", "About"),
            ("/debrief", "Your debrief"),
            ("/results", "Results for your teacher"),
        ]:
            assert_page(await client.get(path), title_start)
        status, disposition, text = await client.download("/debrief.md")
        assert status == 200 and disposition.startswith(f'attachment; filename="debrief-{role}-')
        assert text.startswith("# Moscow 1921: debrief") and "## Ending: " in text
        status, disposition, text = await client.download("/results.json?name=Anna+K")
        assert status == 200 and 'filename="results-' in disposition
        results = results_from_bytes(text.encode("utf-8"), "download")
        assert results.role == role and results.status == "finished" and results.name == "Anna K"
        assert len(results.decisions) == panels


async def test_a_reload_or_a_reopened_browser_returns_to_the_same_scene(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        page = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        page = await choose(client, page, "stay_home")
        again = await client.get("/play")
        assert again.h1 == page.h1 == ["Two days in February"]
        # The same cookie in another client (a browser closed and opened again): the same game.
        reopened = Client(server, client.jar)
        try:
            back = await reopened.get("/")
            assert "Continue" in back.text and "Metalworker" in back.text
            assert (await reopened.get("/play")).h1 == ["Two days in February"]
        finally:
            await reopened.close()
        # Another browser has a game of its own: none yet.
        async with browser(server) as other:
            assert "Continue" not in (await other.get("/")).text
            assert (await other.get("/play")).url == "/"


async def test_a_form_sent_again_from_an_older_page_changes_nothing(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        await choose(client, scene, "stay_home")
        twice = await choose(client, scene, "stay_home")  # a double click, or the back button
        assert twice.url == "/play" and twice.h1 == ["Two days in February"]
        token = player_token(client)
        saved = Session.resume(ui_story, SaveStore(browser_home(token) / "saves"))
        assert saved is not None and saved.state.turn == 1


async def test_one_form_sent_twice_at_once_takes_one_choice(ui_story: Story) -> None:
    """Two tabs of one browser (or a double click without the script) send the same form at the
    same moment: the choices are made one after the other, and the second finds its page stale."""
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        form = scene.form("/choose")
        data = {**form.fields, "choice": "stay_home"}
        pages = await asyncio.gather(*(client.post("/choose", data) for _ in range(4)))
        assert {page.h1[0] for page in pages} == {"Two days in February"}
        saved = Session.resume(ui_story, SaveStore(browser_home(player_token(client)) / "saves"))
        assert saved is not None and saved.state.turn == 1 and len(saved.state.steps) == 1


async def test_a_choice_not_open_is_disabled_with_its_reason_as_text(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        closed = next(b for b in scene.form("/choose").buttons if b.value == "join_party")
        assert closed.disabled and closed.described_by
        assert (
            scene.ids[closed.described_by] == "Not open to you: Nobody in the cell knows you well enough yet."
        )
        refused = await client.post("/choose", {**scene.form("/choose").fields, "choice": "join_party"})
        assert refused.status == 409 and (await client.get("/play")).h1 == ["Half a ration"]


async def test_glossary_terms_link_to_their_definitions_on_the_same_page(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        terms = [(href, text) for href, text in scene.links if href.startswith("#term-")]
        assert [text for _, text in terms] == ["Cheka", "new policy"]
        for href, _ in terms:
            assert href[1:] in scene.ids, href
        assert scene.ids["term-nep"] == "NEP"
        assert "The New Economic Policy, adopted in March 1921." in scene.text


async def test_undo_and_the_saves_page(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        second = await choose(client, scene, "stay_home")
        saves = await client.get("/saves")
        saved = await client.submit(saves.form("/save"), name="<b>before</b> the vote")
        assert "Saved as “<b>before</b> the vote”." in saved.text and "<b>before" not in saved.html
        back = await client.submit(second.form("/undo"))
        assert back.h1 == ["Half a ration"]
        loaded = await client.submit(saved.form("/load"), saved.form("/load").buttons[0])
        assert loaded.url == "/play" and loaded.h1 == ["Two days in February"]


async def test_a_game_begun_in_one_mode_goes_on_in_the_other(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        await client.get("/")
        saves = SaveStore(browser_home(player_token(client)) / "saves")
        Session.new(ui_story, saves, "metalworker").choose("stay_home")  # as `play --isolated` would
        page = await client.get("/play")
        assert page.h1 == ["Two days in February"]
        await choose(client, page, "vote_for")
        terminal = Session.resume(ui_story, SaveStore(saves.directory))
        assert terminal is not None and terminal.state.turn == 2
        terminal.undo()  # the terminal takes the choice back; the page follows the file
        assert (await client.get("/play")).h1 == ["Two days in February"]


async def test_the_results_download_reads_back_as_a_results_file(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        scene = await client.submit(title.form("/new"), title.form("/new").buttons[0])
        await choose(client, scene, "stay_home")
        status, _, text = await client.download("/results.json")
        assert status == 200
        assert json.loads(text)["status"] == "abandoned"


async def test_the_glossary_shows_general_knowledge_first_and_says_so(story: Story) -> None:
    async with served(story) as server, browser(server) as client:
        page = await client.get("/glossary")
        assert_page(page, "Glossary")
        soviet = story.glossary_lookup("soviet")
        assert soviet is not None and soviet.general and soviet.definition
        shown = " ".join(soviet.text.split())
        assert shown in page.text  # the general part, its note, then the talk's part
        assert page.html.count('class="general-note"') == sum(1 for t in story.glossary.values() if t.general)


async def test_a_browsers_folder_is_the_one_the_terminal_serves_clean_up_keeps(ui_story: Story) -> None:
    async with served(ui_story) as server, browser(server) as client:
        title = await client.get("/")
        await client.submit(title.form("/new"), title.form("/new").buttons[0])
        home = browser_home(player_token(client))
        assert home.parent == web_tabs.sessions_root() and (home / "saves").is_dir()
        assert web_tabs.clean(set()) == []  # seen just now: kept
        later = time.time() + web_tabs.LIFETIME_S + 60
        assert web_tabs.clean(set(), now=later) == [home.name]  # a month unseen: removed
