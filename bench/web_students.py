"""The simulated students of bench/web.py: a process of its own that plays a share of the class.

``python -m bench.web_students BASE FIRST COUNT`` plays students FIRST to FIRST+COUNT-1 against
the web edition at BASE, as browsers with JavaScript off would, on a minimal HTTP/1.1 client
(one kept-alive connection and a cookie jar each, a request written in one go, a response
read by its ``Content-Length``): a class's browsers are on machines of their own, so the
load generator here costs the shared machine as little processor time as it can, and runs
niced (:data:`NICE`, the process and its scheduling group) so it does not take the server's.

Each student opens the class's door, types a name, picks a role and plays its first scene
(the door: timed apart); then writes ``in`` on stdout once all of this process's students are
in, and waits for ``go END`` on stdin (END: the ``time.monotonic()`` at which choosing stops,
the same clock in every process): the class plays once every student is in, as a teacher says
"now begin".  Each then makes a choice every 1-3 s (think time), reads the what-happened panel
a decision leads to and the next scene, at most :data:`CHOICES` choices.  A page's time runs
from the moment its request is written to the socket to the moment its last byte is read.
When all are done the process prints one JSON line: its page times, decisions and endings,
and its own processor time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

CHOICES = 12
THINK_S = (1.0, 3.0)
ARRIVAL_S = 5.0
NICE = 10
"""How much lower than the server the students' processes run (``nice``, and their autogroup's)."""

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_TURN = re.compile(r'name="turn" value="([^"]*)"')
_AT = re.compile(r'name="at" value="([^"]*)"')
_CHOICE = re.compile(r'name="choice" value="([^"]+)" data-key="\d+"(\s+disabled)?')
_ROLE = re.compile(r'name="role" value="([^"]+)"')
_GO_ON = re.compile(r'<a class="button primary" href="([^"]+)">I have written it down')


class PageError(Exception):
    """The server answered something a browser would show as an error, or nothing."""


def lower_priority(nice: int = NICE) -> str:
    """Run this process ``nice`` lower, and, if it leads a session of its own, its autogroup too
    (the session's share of the processors under Linux's autogroup scheduling, where a process's
    own nice counts only inside its group); what was done, in words."""
    os.nice(nice)
    done = f"nice +{nice}"
    if os.getsid(0) == os.getpid():  # the group is this session's alone (never the caller's shell)
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(f"{nice}\n")
            done += f", autogroup nice +{nice}"
    return done


# ------------------------------------------------------------------ a minimal HTTP/1.1 client
class _Connection(asyncio.Protocol):
    """One kept-alive connection: a request at a time, its response read by ``Content-Length``."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._body_at = -1  # where the body starts, once the head is in
        self._length = 0
        self._waiter: asyncio.Future[tuple[bytes, bytes, float]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._body_at < 0:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            self._body_at = end + 4
            found = re.search(rb"\r\ncontent-length:\s*(\d+)", self._buffer[:end], re.IGNORECASE)
            if found is None:
                self._fail(PageError(f"an answer without Content-Length: {bytes(self._buffer[:300])!r}"))
                return
            self._length = int(found.group(1))
        if len(self._buffer) >= self._body_at + self._length and self._waiter is not None:
            done = time.perf_counter()  # the page is read whole
            head = bytes(self._buffer[: self._body_at])
            body = bytes(self._buffer[self._body_at : self._body_at + self._length])
            del self._buffer[: self._body_at + self._length]
            self._body_at = -1
            if not self._waiter.done():
                self._waiter.set_result((head, body, done))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(PageError(f"the server closed the connection ({exc or 'no error'})"))

    def _fail(self, error: Exception) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(error)

    async def exchange(self, request: bytes) -> tuple[bytes, bytes, float, float]:
        """Send ``request``; the response's head and body, when it was sent and when read whole."""
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        sent = time.perf_counter()
        self.transport.write(request)
        head, body, done = await self._waiter
        return head, body, sent, done


class Browser:
    """A student's browser: cookies, and one connection to the server (opened again if closed)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.base, self.host, self.port = base, parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self._connection: _Connection | None = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str, float]:
        """One request (redirects not followed): its status, ``Location``, text, and time in ms."""
        if self._connection is None or self._connection.closed:
            loop = asyncio.get_running_loop()
            _, self._connection = await loop.create_connection(_Connection, self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: text/html"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        body = b""
        if method == "POST":
            body = urlencode(form or {}).encode("ascii")
            lines += [
                f"Origin: {self.base}",
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        head, answer, sent, done = await self._connection.exchange(request)
        status, location = self._read_head(head.decode("latin-1"))
        return status, location, answer.decode("utf-8"), (done - sent) * 1000

    def _read_head(self, head: str) -> tuple[int, str]:
        first, *fields = head.split("\r\n")
        status = int(first.split(" ", 2)[1])
        location = ""
        for field in fields:
            name, _, value = field.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "location":
                location = value
            elif name == "set-cookie":
                pair, *attributes = value.split(";")
                key, _, cookie = pair.strip().partition("=")
                if any(a.strip().lower() == "max-age=0" for a in attributes):
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie
            elif name == "connection" and value.lower() == "close" and self._connection is not None:
                self._connection.closed = True
                if self._connection.transport is not None:
                    self._connection.transport.close()
        return status, location

    def close(self) -> None:
        if self._connection is not None and self._connection.transport is not None:
            self._connection.transport.close()


# ------------------------------------------------------------------ the students
class _Share:
    """What this process's students share: their page times, and the teacher's "now begin"."""

    def __init__(self, students: int) -> None:
        self.students = students
        self.door_times: list[float] = []  # the door, the title, a new game, its first scene
        self.play_times: list[float] = []  # every page after: choices, panels, scenes
        self.first_pages: list[float] = []
        self.arrived = 0
        self.all_in = asyncio.Event()
        self.go = asyncio.Event()
        self.end = 0.0  # time.monotonic() at which choosing stops

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.students:
            self.all_in.set()


class _Student:
    def __init__(self, base: str, number: int, share: _Share) -> None:
        self.browser = Browser(base)
        self.name = f"Student {number:03d}"
        self.rng = random.Random(number)
        self.share = share
        self.times = share.door_times
        self.decided = 0
        self.ended = False

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        status, location, text, ms = await self.browser.request(method, path, form)
        self.times.append(ms)
        if status >= 400:
            raise PageError(f"{self.name}: {method} {path}: {status} {text[:200]}")
        return status, location, text

    async def page(self, path: str) -> str:
        status, location, text = await self.request("GET", path)
        return await self.page(location) if status in (302, 303) else text

    async def play(self) -> None:
        try:
            await self._play()
        finally:
            self.browser.close()

    async def _play(self) -> None:
        await asyncio.sleep(self.rng.uniform(0, ARRIVAL_S))
        started = time.perf_counter()
        door = await self.page("/join")
        self.share.first_pages.append((time.perf_counter() - started) * 1000)
        _, where, joined = await self.request("POST", "/join", {"csrf": _one(_CSRF, door), "name": self.name})
        title = await self.page(where or _one(_GO_ON, joined))  # a new student is shown a code, then goes on
        roles = _ROLE.findall(title)
        _, where, _ = await self.request(
            "POST", "/new", {"csrf": _one(_CSRF, title), "role": self.rng.choice(roles)}
        )
        scene = await self.page(where)
        self.share.arrive()
        await self.share.go.wait()
        self.times = self.share.play_times
        for _ in range(CHOICES):
            open_ = [value for value, disabled in _CHOICE.findall(scene) if not disabled]
            if not open_:
                self.ended = "The end" in scene
                return
            await asyncio.sleep(self.rng.uniform(*THINK_S))
            if time.monotonic() > self.share.end:
                return
            form = {
                "csrf": _one(_CSRF, scene),
                "turn": _one(_TURN, scene),
                "at": _one(_AT, scene),
                "choice": self.rng.choice(open_),
            }
            _, where, _ = await self.request("POST", "/choose", form)
            if where == "/happened":
                self.decided += 1
                await self.page(where)  # the panel, read; then "Go on"
                where = "/play"
            scene = await self.page(where)


def _one(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise PageError(f"the page has no {pattern.pattern}: {text[:300]}")
    return found.group(1)


async def _teacher(share: _Share) -> None:
    """Say ``in`` once every student here is in; wait for ``go END``."""
    await share.all_in.wait()
    print("in", flush=True)
    said = await asyncio.to_thread(sys.stdin.readline)
    word, _, end = said.partition(" ")
    if word != "go":
        raise PageError(f"expected 'go END' on stdin, read {said!r}")
    share.end = float(end)
    share.go.set()


async def _play(base: str, first: int, count: int) -> dict[str, Any]:
    share = _Share(count)
    crowd = [_Student(base, number, share) for number in range(first, first + count)]
    await asyncio.gather(_teacher(share), *(student.play() for student in crowd))
    return {
        "door_times": share.door_times,
        "play_times": share.play_times,
        "first_pages": share.first_pages,
        "decided": sum(student.decided for student in crowd),
        "endings": sum(student.ended for student in crowd),
    }


def main(argv: list[str]) -> int:
    base, first, count = argv[0], int(argv[1]), int(argv[2])
    priority = lower_priority()
    result = asyncio.run(_play(base, first, count))
    used = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_s"] = used.ru_utime + used.ru_stime
    result["priority"] = priority
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
