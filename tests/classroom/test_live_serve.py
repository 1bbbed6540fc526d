"""``moscow1921 serve --class NAME`` for real: the server as a subprocess, a browser tab as a websocket
speaking textual-serve's protocol (keys in, terminal bytes out).  The tab's game is the per-tab
process ``play --class NAME`` that the server starts; the test watches the class database.

A closed tab is shown as away, and a new tab with the same name carries on the same game.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from game import locations
from game.classroom.classdb import ClassDB, Snapshot
from tests.classroom.live_support import SCENES, load_shipped

CLASS = "Web 9A"
WAIT = 30.0  # seconds any one step may take on a busy machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(home: Path) -> Iterator[int]:
    load_shipped()  # the story the tabs play is sound
    port = _free_port()
    log = (home.parent / "serve.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "serve",
            "--class",
            CLASS,
            "--port",
            str(port),
            "--scenes",
            str(SCENES),
        ],
        env={**os.environ, locations.HOME_ENV: str(home)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (home.parent / "serve.log").read_text()
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


class Tab:
    """A browser tab: keys go in as textual-serve's ``stdin`` messages; the screen's bytes come out."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = bytearray()

    async def read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.extend(message.data)

    async def shows(self, text: str) -> None:
        deadline = time.monotonic() + WAIT
        while text.encode() not in self.screen:
            assert time.monotonic() < deadline, f"the tab never showed {text!r}"
            await asyncio.sleep(0.05)

    async def type(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])


@contextlib.asynccontextmanager
async def tab(port: int) -> AsyncIterator[Tab]:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=100&height=32", origin=f"http://127.0.0.1:{port}"
        ) as ws,
    ):
        opened = Tab(ws)
        reading = asyncio.create_task(opened.read())
        try:
            yield opened
        finally:
            reading.cancel()


async def until(db: ClassDB, holds: Callable[[Snapshot], bool]) -> Snapshot:
    deadline = time.monotonic() + WAIT
    while True:
        snapshot = db.snapshot()
        if holds(snapshot):
            return snapshot
        assert time.monotonic() < deadline, f"the class never got there: {snapshot}"
        await asyncio.sleep(0.1)


async def test_a_tab_joins_records_and_a_reopened_tab_carries_on(server: int) -> None:
    db = ClassDB.for_class(CLASS, readonly=True)
    async with tab(server) as first:
        await first.shows("Join the class")
        await first.type("Anna\r")
        await until(db, lambda s: [st.name for st in s.students] == ["Anna"])
        await first.type("1")  # the first role
        await until(db, lambda s: s.runs == 1)
        await first.type("1")  # the first choice of the first scene
        before = await until(db, lambda s: s.playthroughs[0].turn == 1)
    # The tab is closed: its game quits, and the dashboard shows Anna away at once.
    await until(db, lambda s: s.students[0].left is not None)
    async with tab(server) as second:
        await second.shows("Join the class")
        await second.type("anna\r")  # the same name, typed differently
        await until(db, lambda s: s.students[0].left is None)
        await second.type("1")  # the game goes on from where it was: one more choice
        await until(db, lambda s: s.playthroughs[0].turn == 2)
    after = db.snapshot()
    assert len(after.students) == 1 and after.runs == 1  # the same student, the same playthrough
    assert before.students[0].role == after.students[0].role
    db.close()
