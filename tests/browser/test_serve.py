"""``moscow1921 serve`` in a real headless Chromium, driven over the DevTools protocol.

The server runs as a subprocess (as a player would start it); Chromium opens the
page, textual-serve starts a game process for the tab, and the test reads the
terminal's text from the bytes the page's websocket receives (see ``cdp.py``),
types keys as a user would, and checks that a reloaded tab carries on the same game.

Without a Chromium on PATH the test skips and says why; with ``CI`` set it fails
instead, because ``.ci/run`` installs Debian's chromium and CI must run this test.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.children import process_tree
from game import locations
from game.engine.model import Story
from game.ui.screens.title import spaced
from tests.browser import cdp
from tests.browser.serving import ROOT, Served, serve

TEST_BUDGET = 45.0  # the whole browser conversation; every wait inside is shorter
OFFLINE = [
    "*://fonts.googleapis.com/*",
    "*://fonts.gstatic.com/*",
]  # textual-serve's page asks for a web font


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """``python -m game serve`` on a free port, its data in ``tmp_path/home``; killed afterwards."""
    with serve(tmp_path, tmp_path / "home", "--terminal") as server:
        yield server


async def open_game(devtools: cdp.Connection, url: str) -> cdp.Page:
    page = await devtools.new_page()
    await page.goto(url)
    return page


def game_processes(server: subprocess.Popen[bytes]) -> list[int]:
    """The ``play --isolated`` processes below the server (Linux /proc)."""
    found = []
    for child in process_tree(server.pid)[1:]:
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--isolated" in argv:  # the python process itself, not a `sh -c` wrapping it
            found.append(child)
    return found


async def test_title_screen_and_a_choice_in_a_real_browser(
    served: Served, devtools: cdp.Connection, story: Story, tmp_path: Path
) -> None:
    """Title screen, then New game (the title screen's ``n``), then the first role (``1``)."""
    roles = list(story.roles.values())
    first = story.scenes[roles[0].start]
    pages: list[cdp.Page] = []
    try:
        async with asyncio.timeout(TEST_BUDGET):
            started = time.monotonic()
            page = await open_game(devtools, served.url)
            pages.append(page)
            assert await page.evaluate("document.title") == story.title

            # The title screen, drawn by a game process textual-serve started for this tab.
            title = await page.wait_for_text(spaced(story.title), "New game", "Quit", timeout=20)
            assert "Continue" not in title  # a fresh folder: nothing to continue
            assert page.sockets and all("/ws?" in url for url in page.sockets.values())
            shown_at = time.monotonic() - started

            # Nothing is fetched from elsewhere (the game must start offline), and the terminal
            # has the focus without a click, so a player's keys go to the game at once.
            assert [url for url in page.requests if not url.startswith(served.url)] == []
            focused = "document.activeElement && document.activeElement.className"
            assert "xterm-helper-textarea" in (await page.evaluate(focused) or "")
            await page.press("n")
            numbered = [f"{number}. {role.name}" for number, role in enumerate(roles, 1)]
            await page.wait_for_text("Who are you in Moscow, 1921?", *numbered)
            await page.press("1")
            chapter = story.chapters[first.chapter].title
            await page.wait_for_text(first.title, chapter, first.choices[0].label)
            await page.screenshot(tmp_path / "serve.png")
            if os.environ.get("MOSCOW1921_SCREENSHOT"):
                await page.screenshot(Path(os.environ["MOSCOW1921_SCREENSHOT"]))

            # The tab is reloaded: the same browser's game, in the same folder, to continue
            # (issue 11.13: it started afresh, and the old folder was left behind).
            await page.goto(served.url)
            again = await page.wait_for_text(spaced(story.title), "Continue", timeout=20)
            assert "Continue" in again
            sessions = sorted((served.home / "browser-sessions").iterdir())
            assert len(sessions) == 1, sessions
            assert (sessions[0] / "saves" / "autosave.json").exists()
            assert not (served.home / "saves").exists(), "a browser game wrote to the server's own folder"
            if Path("/proc/self/stat").exists():  # the reloaded tab's first game has ended
                deadline = time.monotonic() + 15
                while len(game_processes(served.process)) != 1 and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                assert len(game_processes(served.process)) == 1
            print(
                f"title screen shown {shown_at:.1f} s after opening the page; all done in "
                f"{time.monotonic() - started:.1f} s"
            )
    except BaseException:
        print(f"--- server log ---\n{served.log_text()}", file=sys.stderr)
        if pages:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pages[-1].screenshot(tmp_path / "failure.png"), 5)
                print(f"--- the page at the failure: {tmp_path / 'failure.png'}", file=sys.stderr)
        raise
    finally:
        for page in pages:
            await page.close()


def test_serve_says_so_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "game", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, locations.HOME_ENV: str(tmp_path / "home")},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_page_needs_nothing_from_elsewhere() -> None:
    """textual-serve's own page template, as the game serves it (the browser test checks it live)."""
    import textual_serve

    from game.web import adapt_page

    template = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = adapt_page(template.read_text(), "Moscow <1921>", "http://here/static/")
    assert "googleapis" not in page
    assert "http://here/static/fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert "<title>Moscow &lt;1921&gt;</title>" in page
    assert page.count("xterm-helper-textarea") == 1
    assert page.rstrip().endswith("</html>")
