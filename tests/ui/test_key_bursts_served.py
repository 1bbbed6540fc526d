"""Many browser tabs at once, each typing in bursts: no tab's game crashes.

``moscow1921 serve --terminal`` runs as a subprocess, as a teacher starts it; every tab is a websocket
speaking textual-serve's protocol (``["stdin", keys]`` in, the terminal's bytes out), so the
server starts a game process for each, as for a browser.  The tabs type random bursts at random
pauses, all at once, on a machine made slow by their own number; each tab starts with the
sequence of the report (``n``, a 1.2 s wait, ``1 1``).  A game that crashes closes its tab and
leaves a crash report in its session's data folder (textual-serve drops the game's error
output): the test fails on any report, or on a traceback in the server's output.  A game the
keys quit cleanly (the title's Quit item is reachable by the arrows) is replaced by a new tab.

``make test`` (and so CI) runs 4 tabs of 10 bursts; ``MOSCOW1921_STRESS=N`` (N of 2 or more, run by
hand after a change to the screen flow) runs the 20 tabs of the report, with 10 N bursts each.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from game.ui.base_app import CRASH_REPORTS
from tests.browser.cdp import TerminalScreen
from tests.browser.serving import Served, serve

STRESS = max(1, int(os.environ.get("MOSCOW1921_STRESS", "1") or 1))
TABS = 20 if STRESS >= 2 else 4
BURSTS = 10 * STRESS
PACE = 5
QUIET = 3.0
"""Bursts a tab types before it waits for its game to catch up (a class types, then reads)."""
START = 90.0  # seconds every tab's game may take to show its title while all the others start
BUDGET = 240.0 * STRESS  # the whole test, however loaded the machine (20 tabs took 219 s at a load of 29)

KEYS = (
    *"1234567",
    *["\r"] * 6,
    *["\x1b"] * 3,
    " ",
    *["\x1b[A", "\x1b[B"] * 2,
    "\x1b[H",
    "\x1b[F",
    "\x1b[5~",
    "\x1b[6~",
    "\t",
    "\x7f",
    *"nnccllsujgtvahxyre?",
)
"""Keys as a terminal sends them: digits, Enter, Escape, arrows, Home/End, page keys, letters."""

CRASH = re.compile(r"Traceback|Error|NoMatches|Exception")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve(tmp_path, tmp_path / "home", "--terminal") as server:  # the Textual app, a process a tab
        yield server


@dataclass
class Tab:
    number: int
    ws: aiohttp.ClientWebSocketResponse
    screen: bytearray = field(default_factory=bytearray)
    """What the game drew since :meth:`forget` (the test looks for text in it)."""
    closed: bool = False
    drawn: float = 0.0  # when the game last drew more than a blinking cursor

    async def read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.extend(message.data)
                if len(message.data) > 256:  # more than a blinking cursor
                    self.drawn = time.monotonic()
        self.closed = True

    def text(self) -> str:
        """The last screen drawn (since :meth:`forget`), as text."""
        terminal = TerminalScreen()
        terminal.feed(bytes(self.screen))
        return terminal.text()

    def forget(self) -> None:
        self.screen.clear()

    async def shows(self, text: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            assert not self.closed, f"tab {self.number} closed before it showed {text!r}"
            assert time.monotonic() < deadline, f"tab {self.number} never showed {text!r}:\n{self.text()}"
            await asyncio.sleep(0.1)

    async def played(self, timeout: float) -> float:
        """Return once the game has played every key sent so far, with the seconds that took.

        Keys are played in order, so when ``ctrl+t`` (the next theme, on any screen) shows its
        note, the keys before it are done.  On a machine so loaded that the two-second note has
        expired before it could be drawn, the game having drawn and then stayed quiet for
        :data:`QUIET` s counts too.  A tab whose game the keys quit (the title's Quit item) returns
        at once: the caller checks that no crash report was left and opens a new tab.
        """
        started = time.monotonic()
        self.forget()
        self.drawn = 0.0
        await self.ws.send_json(["stdin", "\x14"])
        deadline = started + timeout
        while b"Theme: " not in self.screen and not self.closed:
            if self.drawn and time.monotonic() - self.drawn > QUIET:
                break
            assert time.monotonic() < deadline, f"tab {self.number} never caught up:\n{self.text()}"
            await asyncio.sleep(0.1)
        return time.monotonic() - started


def crash_reports(served: Served) -> dict[str, str]:
    """Every crash report the tabs' games wrote, by file name."""
    return {path.name: path.read_text("utf-8") for path in served.home.rglob(f"{CRASH_REPORTS}/*.txt")}


async def play_tab(
    session: aiohttp.ClientSession, served: Served, number: int, seed: int, log: list[str], waits: list[float]
) -> tuple[int, int]:
    """One tab typing bursts; a tab whose game quit is replaced.  (keys sent, tabs opened)."""
    rng = random.Random(seed)
    url = served.url.replace("http://", "ws://") + "ws?width=100&height=30"
    sent = opened = bursts = 0
    while bursts < BURSTS:
        opened += 1
        async with session.ws_connect(url, origin=served.url.rstrip("/")) as ws:
            tab = Tab(number, ws)
            reading = asyncio.create_task(tab.read())
            try:
                await tab.shows(b"New game", START)
                tab.forget()
                await ws.send_json(["stdin", "n"])  # the report's sequence: n, 1.2 s, then 1 1
                await tab.shows(b"Who are you", START)
                await asyncio.sleep(1.2)
                await ws.send_json(["stdin", "11"])
                while bursts < BURSTS and not tab.closed:
                    burst = "".join(rng.choice(KEYS) for _ in range(rng.randint(1, 5)))
                    await ws.send_json(["stdin", burst])
                    log.append(f"tab {number}: {burst!r}")
                    sent += len(burst)
                    bursts += 1
                    await asyncio.sleep(rng.choice([0, 0.001, 0.01, 0.05, 0.2, rng.uniform(0, 1.0)]))
                    if bursts % PACE == 0 and not tab.closed:
                        waits.append(await tab.played(START))
                if not tab.closed:
                    waits.append(await tab.played(START))  # every key played before the tab goes
                assert not crash_reports(served), crash_reports(served)
            finally:
                reading.cancel()
    return sent, opened


async def test_twenty_tabs_typing_bursts_at_once(served: Served) -> None:
    log: list[str] = []
    waits: list[float] = []  # how long each tab's game took to catch up with the keys sent
    async with asyncio.timeout(BUDGET), aiohttp.ClientSession() as session:
        results = await asyncio.gather(
            *(play_tab(session, served, n, 1000 + n, log, waits) for n in range(TABS))
        )
    output = served.log_text()
    assert not crash_reports(served), f"a game crashed: {crash_reports(served)}\nkeys: {log[-40:]}"
    assert CRASH.search(output) is None, f"a game crashed:\n{output}\nkeys: {log[-40:]}"
    assert served.process.poll() is None, "the server stopped"
    keys, tabs = sum(sent for sent, _ in results), sum(opened for _, opened in results)
    waits.sort()
    print(
        f"{TABS} tabs at once: {keys} keys in {len(log)} bursts, {tabs} games started (quits replaced); "
        f"caught up with the keys in {waits[len(waits) // 2]:.1f} s (median), {waits[-1]:.1f} s (longest)"
    )
