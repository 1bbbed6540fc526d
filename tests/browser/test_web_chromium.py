"""`moscow1921 serve` (the web edition) in a real headless Chromium, used by mouse clicks.

A role is played to an ending, every what-happened panel read first short and then in full; the
tab is reloaded mid-game and comes back to the same scene; the debrief downloads to the
browser's own folder. The server is the real command, in its own process.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game import locations
from game.classroom.classdb import ClassDB
from game.classroom.live_view import roster
from game.classroom.results import results_from_bytes
from game.loading import load_story
from game.saves import SaveStore
from game.webapp.identity import SESSIONS
from tests.browser import cdp, serving
from tests.browser.web_chromium import Tab

CLASS = "History 9B"
PAGES = 400  # far more than the longest road: a loop that never ends fails instead


async def test_a_role_played_to_an_ending_by_clicking_with_a_reload_and_the_debrief(
    tmp_path: Path, devtools: cdp.Connection
) -> None:
    home = tmp_path / "home"
    with serving.serve(tmp_path, home) as served:
        tab = await Tab.open(devtools, served.url, tmp_path / "downloads")
        await tab.goto("/")
        assert await tab.title() == "Moscow 1921"
        await tab.click('button[name="role"][value="metalworker"]')
        scenes: list[str] = []
        panels = reloaded = 0
        for _ in range(PAGES):
            path = await tab.path
            if path == "/happened":
                panels += 1
                short = (await tab.text()).casefold()  # as drawn: some headings are in capitals
                assert "you chose" in short and "history" in short and "pirani, 2006 talk" in short
                assert "24 september 2006" not in short  # the full account waits to be asked for
                await tab.click("details.full-account > summary", navigates=False)
                full = (await tab.text("details.full-account")).casefold()
                assert "what happened" in full and "24 september 2006" in full
                await tab.click("a.button.primary")
                continue
            assert path == "/play", path
            if not await tab.count(".choices"):
                break
            heading = (await tab.h1())[0]
            assert (await tab.title()).startswith(heading)
            scenes.append(heading)
            if len(scenes) == 4 and not reloaded:  # mid-game: the same scene after a reload
                shown = await tab.text(".prose")
                await tab.reload()
                assert await tab.h1() == [heading] and await tab.text(".prose") == shown
                reloaded += 1
            await tab.click(".choices button:not([disabled])")
        else:
            raise AssertionError(f"no ending within {PAGES} pages")
        assert reloaded == 1 and panels >= 5 and len(scenes) >= 10
        assert (await tab.title()).startswith("The end: ")
        ending = (await tab.text()).casefold()
        assert "what became of people like you" in ending and "this is not a score" in ending

        # The debrief goes to this browser's folder, never to the server's exports.
        await tab.click('a[href="/debrief"]')
        assert (await tab.title()).startswith("Your debrief")
        saved = await tab.download('a[href="/debrief.md"]')
        assert saved.name.startswith("debrief-metalworker-") and saved.suffix == ".md"
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("# Moscow 1921: debrief") and "## Ending: " in text
        assert not list(home.rglob("debrief-*")), "the debrief was written on the server"
        # The game the browser played is in the same save files as the terminal's.
        (folder,) = (home / SESSIONS).iterdir()
        assert SaveStore(folder / "saves").autosave_path.is_file()
        await tab.page.close()


async def test_a_live_class_joined_by_two_students_in_their_own_browsers(
    tmp_path: Path, devtools: cdp.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(home))  # this process reads the class database too
    story = load_story(locations.default_scenes_dir()).story
    assert story is not None
    with serving.serve(tmp_path, home, "--class", CLASS) as served:
        anna = await Tab.open(devtools, served.url, tmp_path / "anna", own_browser=True)
        boris = await Tab.open(devtools, served.url, tmp_path / "boris", own_browser=True)
        where: dict[str, str] = {}
        decided: dict[str, int] = {}
        for tab, name, role, wanted in (
            (anna, "Anna Petrova", "metalworker", 3),
            (boris, "Boris", "delegate", 2),
        ):
            await tab.goto("/play")
            assert await tab.path == "/join" and (await tab.title()).startswith("Join the class")
            await tab.type_into("#student-name", name)
            await tab.click('form.join button[type="submit"]')
            assert (await tab.h1()) == ["Your code"] and len((await tab.text("#student-code")).split()) == 2
            await tab.click("a.button.primary")
            assert await tab.path == "/", await tab.text()
            assert name in await tab.text("header")
            await tab.click(f'button[name="role"][value="{role}"]')
            decided[name] = 0
            for _ in range(PAGES):
                if decided[name] == wanted:
                    break
                decided[name] += await tab.choose_first_open()
            where[name] = (await tab.h1())[0]
        # Anna's page reloaded, or opened again in her browser, is her game still.
        await anna.reload()
        assert (await anna.h1())[0] == where["Anna Petrova"]

        # What the teacher's dashboard shows: both students, where each is, their decisions.
        with ClassDB.for_class(CLASS, readonly=True) as db:
            rows = {row.name: row for row in roster(story, db.snapshot(), time.time())}
        assert set(rows) == {"Anna Petrova", "Boris"}
        assert (
            rows["Anna Petrova"].role == "Metalworker" and rows["Boris"].role == story.roles["delegate"].name
        )
        for name, row in rows.items():
            assert row.scene.startswith(where[name]) and row.connected and row.decisions == decided[name], row

        # Her results and her debrief download to her own browser, named with her name.
        await anna.goto("/results")
        results = await anna.download('a[href="/results.json"]')
        assert results.name.startswith("results-anna-petrova"), results.name
        assert results_from_bytes(results.read_bytes(), results.name).name == "Anna Petrova"
        await anna.goto("/debrief")
        debrief = await anna.download('a[href="/debrief.md"]')
        assert debrief.name.startswith("debrief-anna-petrova-") and "-metalworker-" in debrief.name
        # Boris's browser is Boris's: no page of it shows Anna's game.
        await boris.goto("/play")
        assert "Anna" not in await boris.text("header") and (await boris.h1())[0] == where["Boris"]
        for tab in (anna, boris):
            await tab.page.close()
