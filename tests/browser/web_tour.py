"""A tour of the web edition in a real Chromium: a role of the shipped story played to its ending
by clicking, stopping once at every kind of page a player meets on the way; and a live class's
own pages, met by two students in browsers of their own.

:func:`tour` calls ``visit(kind)`` with the tab showing each kind of page in turn (a test runs
axe there, or takes screenshots); :data:`KINDS` lists them all, so a test can check that none
was missed.  :func:`class_tour` does the same for :data:`CLASS_KINDS` on ``serve --class``.
The game is played as a reader would: the first choice open on each scene, every
what-happened panel read, a save made and a new game asked for (and declined) on the way.

:func:`ride` plays the tour once for several test files (each file's :class:`Rider` looks at
every page in turn): the accessibility and the screen-size tests read the same pages, and
playing them once spares a second server and a second play-through (Chromium's work for every
page opened, about 8 s of its CPU).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tests.browser import cdp

KINDS = (
    "title",  # a first visit: who will you be?
    "scene",  # the first scene
    "scene-closed",  # a scene with a choice not open to the player (disabled, its reason as text)
    "scene-aftermath",  # a scene opened by the line the last choice left
    "happened",  # a what-happened panel, its full account opened
    "title-continue",  # the title with a game in progress
    "confirm-new",  # a new game asked for during one
    "saves",  # the saves page before any save
    "saves-saved",  # after a save: the notice and the slot
    "problem",  # a choice that is not open sent anyway (409)
    "ending",
    "journal",
    "journal-entry",
    "glossary",
    "timeline",
    "situation",
    "about",
    "debrief",
    "results",
)

Visit = Callable[[str], Awaitable[None]]


@dataclass
class Tab:
    """One Chromium tab on the web edition at ``base`` (``http://127.0.0.1:PORT``)."""

    page: cdp.Page
    base: str
    seen: list[str] = field(default_factory=list)  # the paths shown, in order

    async def js(self, expression: str) -> object:
        return await self.page.evaluate(expression)

    async def goto(self, path: str) -> None:
        await self.page.goto(self.base + path)
        await self._arrived()

    async def click(self, selector: str) -> None:
        """Click the element ``selector`` finds (as a mouse would) and wait for the page it opens."""
        self.page.loaded.clear()
        found = await self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
            "if (!e) return false; e.click(); return true; })()"
        )
        assert found, f"nothing to click at {selector!r} on {await self.path()}"
        await self.wait_for_load()

    async def wait_for_load(self, timeout: float = 15.0) -> None:
        try:
            await asyncio.wait_for(self.page.loaded.wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"no page loaded within {timeout} s after a click on {self.seen[-1:]}"
            ) from None
        await self._arrived()

    async def _arrived(self) -> None:
        self.seen.append(str(await self.path()))

    async def path(self) -> str:
        return str(await self.js("location.pathname"))

    async def has(self, selector: str) -> bool:
        return bool(await self.js(f"document.querySelector({json.dumps(selector)}) !== null"))


async def open_tab(connection: cdp.Connection, base: str) -> Tab:
    """A new tab in a browser context of its own: its own cookies, so a game of its own."""
    context = await connection.send("Target.createBrowserContext", {"disposeOnDetach": True})
    target = await connection.send(
        "Target.createTarget", {"url": "about:blank", "browserContextId": context["browserContextId"]}
    )
    attached = await connection.send(
        "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
    )
    page = cdp.Page(connection, target["targetId"], attached["sessionId"])
    await page.setup()
    return Tab(page, base.rstrip("/"))


OPEN_CHOICE = ".choices button[name=choice]:not([disabled])"
CLOSED_CHOICE = ".choices button[name=choice][disabled]"


async def tour(tab: Tab, visit: Visit, role: str = "metalworker", limit: int = 300) -> list[str]:
    """Play ``role`` to an ending in ``tab``, calling ``visit`` once on each of :data:`KINDS`;
    the kinds visited, in order."""
    done: list[str] = []

    async def once(kind: str) -> None:
        if kind not in done:
            done.append(kind)
            await visit(kind)

    await tab.goto("/")
    await once("title")
    await tab.click(f'form[action="/new"] button[value="{role}"]')
    for _ in range(limit):
        path = await tab.path()
        if path == "/happened":
            await once("happened")
            await tab.click("main .actions a.button")  # Go on
            continue
        assert path == "/play", f"a choice led to {path}: {tab.seen[-5:]}"
        if not await tab.has(".choices"):
            break
        await once("scene")
        if await tab.has(".aftermath"):
            await once("scene-aftermath")
        if await tab.has(CLOSED_CHOICE) and "scene-closed" not in done:
            await once("scene-closed")
            await _send_closed_choice(tab)
            await once("problem")
            await tab.goto("/play")
        if "saves-saved" not in done and len(done) >= 3:
            await _detours(tab, once, role)
        await tab.click(OPEN_CHOICE)
    else:
        raise AssertionError(f"no ending within {limit} pages")
    assert await tab.has("article.ending"), f"the game stopped on a page that is no ending: {tab.seen[-3:]}"
    await once("ending")
    for path, kind in [
        ("/journal", "journal"),
        ("/journal/1", "journal-entry"),
        ("/glossary", "glossary"),
        ("/timeline", "timeline"),
        ("/situation", "situation"),
        ("/about", "about"),
        ("/debrief", "debrief"),
        ("/results", "results"),
    ]:
        await tab.goto(path)
        await once(kind)
    return done


async def _send_closed_choice(tab: Tab) -> None:
    """Send a choice the page shows disabled, as a tampered page would: the server refuses it."""
    await tab.js(
        "(e => { e.disabled = false; e.dataset.tampered = '1'; })"
        f"(document.querySelector({json.dumps(CLOSED_CHOICE)}))"
    )
    await tab.click("button[data-tampered]")
    assert await tab.path() == "/choose", tab.seen[-3:]


async def _detours(tab: Tab, once: Callable[[str], Awaitable[None]], role: str) -> None:
    """From the middle of the game: the title, a new game declined, the saves page and a save."""
    await tab.goto("/")
    await once("title-continue")
    await tab.click(f'form[action="/new"] button[value="{role}"]')
    await once("confirm-new")
    await tab.goto("/saves")
    await once("saves")
    await tab.js("document.getElementById('save-name').value = 'Before the meeting'")
    await tab.click('form[action="/save"] button[type=submit]')
    await once("saves-saved")
    await tab.goto("/play")


CLASS_KINDS = (
    "join",  # a live class's door: the student's name
    "join-code-shown",  # a new student's code, shown once to write down
    "join-code-asked",  # a name that joined before: its code asked for
    "join-refused",  # a wrong code typed: refused, and the code asked again
    "stopped",  # a page whose student joined again in another browser
)
"""The pages of a live class (``serve --class NAME``) that a plain game never shows:
:func:`class_tour` meets each of them."""

ClassVisit = Callable[[str, Tab], Awaitable[None]]


async def class_tour(first: Tab, second: Tab, visit: ClassVisit, name: str = "Anna K") -> list[str]:
    """In the live class the tabs are served (each in a browser of its own), call
    ``visit(kind, tab)`` once on each of :data:`CLASS_KINDS`: ``first`` joins as ``name``, is
    shown its code and takes a choice; ``second`` types the same name (its code is asked), a
    wrong code (refused), then the right one (the game goes on there); ``first``'s next choice
    finds it has stopped.  The kinds visited, in order."""
    done: list[str] = []

    async def once(kind: str, tab: Tab) -> None:
        done.append(kind)
        await visit(kind, tab)

    await first.goto("/play")
    assert await first.path() == "/join", f"a game page before joining showed {first.seen[-1:]}"
    await once("join", first)
    code = await _join(first, name)
    assert await first.path() == "/join" and len(code) == 6, (first.seen[-3:], code)
    await once("join-code-shown", first)
    await first.click("main a.button.primary")  # I have written it down: go on
    await first.click('form[action="/new"] button[name=role]')
    await first.click(OPEN_CHOICE)
    assert await first.path() in ("/play", "/happened"), first.seen[-3:]

    await second.goto("/join")
    await _join(second, name.upper())
    assert await second.has("#student-code"), "a name that joined before was not asked its code"
    await once("join-code-asked", second)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    await _join(second, name, wrong)
    assert await second.has("#join-problem") and await second.has("#student-code"), second.seen[-2:]
    await once("join-refused", second)
    await _join(second, name, code)
    assert await second.path() == "/play", f"the right code led to {second.seen[-2:]}"

    await first.goto("/play")
    await first.click(f"{OPEN_CHOICE}, main .actions a.button")  # a choice, or Go on from a panel
    if await first.path() != "/stopped":
        await first.click(OPEN_CHOICE)
    assert await first.path() == "/stopped", f"the replaced browser went on: {first.seen[-3:]}"
    await once("stopped", first)
    return done


async def _join(tab: Tab, name: str, code: str | None = None) -> str:
    """Type ``name`` (and ``code``, if the page asks one) on the class door and send it; the code
    the next page shows (digits only), or ''."""
    await tab.js(f"document.getElementById('student-name').value = {json.dumps(name)}")
    if code is not None:
        await tab.js(f"document.getElementById('student-code').value = {json.dumps(code)}")
    await tab.click('form[action="/join"] button[type=submit]')
    shown = await tab.js(
        "(() => { const c = document.querySelector('p.code#student-code'); "
        "return c ? c.textContent : ''; })()"
    )
    return "".join(ch for ch in str(shown) if ch.isdigit())


class Rider(Protocol):
    """A test file's part in the shared tour (:func:`ride`)."""

    async def visit(self, kind: str, tab: Tab) -> None:
        """Look at the page of ``kind`` that ``tab`` shows, and leave it as it came (the next rider
        looks at the same page): what it emulated (screen, colours) undone."""

    async def after(self, connection: cdp.Connection, tab: Tab) -> None:
        """Once the tour is over: more pages in the same tab, or in tabs of its own."""


async def ride(endpoint: str, base: str, riders: Sequence[Rider]) -> None:
    """Play :func:`tour` once in a new tab of the browser at ``endpoint``, every rider visiting
    each kind of page in turn, in the order given; then each rider's :meth:`Rider.after`."""
    connection = await cdp.Connection.open(endpoint)
    try:
        tab = await open_tab(connection, base)

        async def visit(kind: str) -> None:
            for rider in riders:
                await rider.visit(kind, tab)

        await tour(tab, visit)
        for rider in riders:
            await rider.after(connection, tab)
    finally:
        await connection.close()
