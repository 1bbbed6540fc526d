"""The process's Chromium and one ``moscow1921 serve`` for the test files of the web edition's
pages (the accessibility and the screen-size tests, which share it: tests/browser/conftest.py's
``site``): the server started once, ended with the test process.

The server is the real command, in its own process, its data in a folder of the test's and its
signing key given (:data:`KEY`), so a test can read a browser's game from its cookie.  Nothing of
it is left in the test process's environment: a test after these finds its own.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from game import locations
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session
from game.webapp.identity import COOKIE, SECRET_ENV, Signer, browser_home
from tests.browser import cdp
from tests.browser.serving import Served, serve

KEY = "a11y-" + "k" * 59


@dataclass
class Web:
    """The browser and the server a file's tests share."""

    browser: cdp.Chromium
    served: Served
    home: Path

    @property
    def base(self) -> str:
        return self.served.url.rstrip("/")

    def endpoint(self) -> str:
        return self.browser.wait_for_endpoint(20.0)


def chromium_or_skip() -> str:
    found = cdp.find_chromium()
    if found is None:
        message = "no Chromium to test the web edition's pages in (apt-get install chromium, or set CHROMIUM)"
        if os.environ.get("CI"):  # .ci/run installs it: in CI these tests must run
            pytest.fail(f"CI is set but {message}", pytrace=False)
        pytest.skip(message)
    return found


@contextlib.contextmanager
def web(folder: Path) -> Iterator[Web]:
    """The shared headless Chromium and the web edition served from ``folder/home`` (ended afterwards)."""
    executable = chromium_or_skip()
    home = folder / "home"
    with serve(folder, home, env={SECRET_ENV: KEY}) as served:
        yield Web(cdp.shared_chromium(executable), served, home)  # each tab in a context of its own


async def game_of(page: cdp.Page, story: Story, home: Path) -> Session:
    """The game the browser of ``page`` plays, as the server whose data folder is ``home`` keeps
    it (read from its saves folder)."""
    cookies = (await page.send("Network.getCookies"))["cookies"]
    value = next(c["value"] for c in cookies if c["name"] == COOKIE)
    player = Signer(KEY.encode("utf-8")).player(value)
    assert player is not None, "the browser's cookie is not one this server signed"
    with pytest.MonkeyPatch.context() as patch:  # the server's folders, for this read only
        patch.setenv(locations.HOME_ENV, str(home))
        found = Session.resume(story, SaveStore(browser_home(player.token) / "saves"))
    assert found is not None, "the browser has no game on the server"
    return found
