"""Fixtures of the browser tests: the shipped story and the small test one, a data folder of the
test's own, the process's headless Chromium and a DevTools connection to it (the test's tabs in a
browser context of their own); the web edition served for the files that read its pages, and the
tour of those pages played once for all of them (``tour_riders``).

Without a Chromium the browser tests skip and say why; with ``CI`` set they fail instead,
because ``.ci/run`` installs Debian's chromium and CI must run them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from game import locations
from game.engine.model import Story
from game.loading import load_story
from tests.browser import cdp
from tests.browser.web_browser import Web, web
from tests.browser.web_tour import Rider, ride

UI_STORY = Path(__file__).resolve().parents[1] / "data" / "ui_story"
"""The small test story of the UI and web tests."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of the test's own (saves, the class database, the signing key); a file uses
    it with ``pytestmark = pytest.mark.usefixtures("home")``."""
    folder = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")  # a Story is immutable: one for the process
def ui_story() -> Story:
    result = load_story(UI_STORY)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture(scope="session")
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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The web edition served from a folder of its own, and the process's Chromium: for the files
    that read its pages (they share an xdist group, so one process serves them all)."""
    with web(tmp_path_factory.mktemp("web-site")) as shared:
        yield shared


RIDER = "TOUR_RIDER"
"""A test file that reads the shared tour's pages names its :class:`web_tour.Rider` maker so:
``TOUR_RIDER = (order, make)``, ``make(site, story, tmp_path_factory)``; riders visit each page
in the order of their numbers (one that changes a page for good, say opening its details, last)."""


@pytest.fixture(scope="session")
def tour_riders(
    request: pytest.FixtureRequest, site: Web, story: Story, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Rider]:
    """The web tour played once (web_tour.ride) for every collected test file that names a rider:
    each file's rider, by module name, with what it saw."""
    makers: dict[str, tuple[int, Callable[..., Any]]] = {}
    for item in request.session.items:
        module = getattr(item, "module", None)
        if module is not None and hasattr(module, RIDER):
            makers[module.__name__] = getattr(module, RIDER)
    riders = {name: make(site, story, tmp_path_factory) for name, (_, make) in makers.items()}
    order = sorted(riders, key=lambda name: makers[name][0])
    asyncio.run(ride(site.endpoint(), site.base, [riders[name] for name in order]))
    return riders
