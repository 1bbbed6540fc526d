"""Fixtures of the browser tests: the shipped story and the small test one, a data folder of the
test's own, the process's headless Chromium and a DevTools connection to it (the test's tabs in a
browser context of their own).

Without a Chromium the browser tests skip and say why; with ``CI`` set they fail instead,
because ``.ci/run`` installs Debian's chromium and CI must run them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from game import locations
from game.engine.model import Story
from game.loading import load_story
from tests.browser import cdp

UI_STORY = Path(__file__).resolve().parents[1] / "data" / "ui_story"
"""The small test story of the UI and web tests."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of the test's own (saves, the class database, the signing key); a file uses
    it with ``pytestmark = pytest.mark.usefixtures("home")``."""
    folder = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(folder))
    return folder


@pytest.fixture(scope="module")
def ui_story() -> Story:
    result = load_story(UI_STORY)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture
def chromium_path() -> str:
    found = cdp.find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but no chromium was found: the browser test of `moscow1921 serve` must run in "
                "CI (.ci/run installs Debian's chromium with apt-get when it runs as root)",
                pytrace=False,
            )
        looked = f"CHROMIUM={os.environ['CHROMIUM']}" if os.environ.get("CHROMIUM") else "chromium on PATH"
        pytest.skip(
            f"no browser found ({looked}; apt-get install chromium, or set CHROMIUM=/path/to/chrome): "
            "`moscow1921 serve` was not tested in a browser"
        )
    return found


@pytest.fixture
def browser(chromium_path: str) -> cdp.Chromium:
    """The test process's one Chromium (:func:`cdp.shared_chromium`)."""
    return cdp.shared_chromium(chromium_path)


@pytest.fixture
async def devtools(browser: cdp.Chromium) -> AsyncIterator[cdp.Connection]:
    """A DevTools connection whose tabs open in a browser context of the test's own."""
    endpoint = await asyncio.to_thread(browser.wait_for_endpoint, 20.0)
    connection = await cdp.Connection.open(endpoint)
    try:
        await connection.use_own_context()
        yield connection
    finally:
        await connection.close()
