"""Just enough of the Chrome DevTools protocol to drive headless Chromium from a test.

* :func:`find_chromium` and :class:`Chromium` start a headless browser in its own
  process group, with a throwaway profile, and find its DevTools endpoint;
  :func:`shared_chromium` is the one browser of a test process (each test's tabs in a
  browser context of their own: :meth:`Connection.use_own_context`).
* :class:`Connection` speaks the protocol over aiohttp's websocket client;
  :class:`Page` is one tab, attached as a flattened session.
* :class:`TerminalScreen` rebuilds what xterm.js shows from the bytes the server
  sends down the page's websocket.  xterm.js draws on a canvas (WebGL), so the
  page's DOM holds none of the game's text; the terminal's own object is a local
  inside textual-serve's bundled script, out of reach of page JavaScript.  The
  bytes are the ground truth, and a screen model keyed by cursor position turns
  Textual's cursor-addressed updates back into rows of text.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import codecs
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp

from bench.served import kill_group

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--disable-extensions",
    "--in-process-gpu",
    "--disable-3d-apis",
    "--disable-features=BackForwardCache,RenderDocument",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)
"""How the tests start Chromium.  The last four cut the browser's own work, not what a page is
given.  With the back-forward cache and RenderDocument on (Chromium's defaults), the page a click
or a form opens is drawn by a new renderer process (the page left is kept in the cache, or its
frame host swapped); with both off a tab keeps its renderer from page to page (no test goes back in
a tab's history).  Playing the web tour (web_tour.py: about 70 pages, each page's structure read)
took Chromium 9.7-10.7 s of CPU without the flags, 6.0-6.4 s with those two features off, 5.5-5.9 s
with --in-process-gpu too (software drawing either way: --disable-gpu; its GPU process's work is
done in the browser's); two runs each, load 7.5-8.7.  Without WebGL (--disable-3d-apis) the
terminal page's xterm.js draws with its canvas renderer instead of WebGL emulated on the CPU; the
game's bytes, the keys and the page's console are the same: test_class_browser.py's three
terminal tabs cost Chromium 5.6 s instead of 9.2 (load 10.4).  --disable-extensions alone changed
nothing measurable; it keeps Debian's launcher's component extensions out."""


class CDPError(RuntimeError):
    """The browser answered a command with an error, or went away."""


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM if set, else the first browser on PATH."""
    override = os.environ.get("CHROMIUM")
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Chromium:
    """A headless Chromium in its own process group; :meth:`close` ends the whole group."""

    def __init__(self, executable: str, profile: Path, log: Path, window: tuple[int, int] = (1280, 800)):
        self.profile = profile
        self.log = log
        profile.mkdir(parents=True, exist_ok=True)
        args = [
            executable,
            *HEADLESS_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={window[0]},{window[1]}",
            "about:blank",
        ]
        with open(log, "wb") as out:
            self.process: subprocess.Popen[bytes] = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
            )

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def wait_for_endpoint(self, timeout: float = 20.0) -> str:
        """The browser's DevTools websocket URL, from DevToolsActivePort or the log."""
        deadline = time.monotonic() + timeout
        active = self.profile / "DevToolsActivePort"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CDPError(f"chromium exited with {self.process.returncode}:\n{self.log_text()}")
            with contextlib.suppress(OSError, ValueError):
                lines = active.read_text().split()
                if len(lines) >= 2:
                    return f"ws://127.0.0.1:{int(lines[0])}{lines[1]}"
            match = re.search(r"DevTools listening on (ws://\S+)", self.log_text())
            if match:
                return match.group(1)
            time.sleep(0.05)
        raise CDPError(f"chromium gave no DevTools endpoint within {timeout:.0f} s:\n{self.log_text()}")

    def close(self) -> None:
        kill_group(self.process)


_shared: dict[str, Chromium] = {}


def shared_chromium(executable: str) -> Chromium:
    """The headless Chromium of this test process, started on first use and ended by
    :func:`close_shared` (tests/conftest.py calls it as the session ends; at exit otherwise).

    Starting a browser costs about a second of CPU and more of waiting, once per test file or
    test before; a test is no less alone in a shared one: its tabs open in a browser context of
    its own (:meth:`Connection.use_own_context`, as a fresh profile: no cookies, storage or cache
    of another test's), and a browser that died is started again."""
    found = _shared.get(executable)
    if found is None or found.process.poll() is not None:
        if found is not None:  # it died: end what is left of it, profile folder included
            _end(found)
        folder = Path(tempfile.mkdtemp(prefix="moscow1921-chromium-"))
        found = _shared[executable] = Chromium(executable, folder / "profile", folder / "chromium.log")
    return found


def _end(browser: Chromium) -> None:
    browser.close()
    shutil.rmtree(browser.profile.parent, ignore_errors=True)


def close_shared() -> None:
    """End the shared browsers and remove their profiles."""
    while _shared:
        _, browser = _shared.popitem()
        _end(browser)


atexit.register(close_shared)  # once, however often a browser is started again


class Connection:
    """One websocket to the browser; commands are awaited, events go to listeners."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._http = http
        self._ws = ws
        self.context: str | None = None
        """The browser context :meth:`new_page` opens tabs in (None: the browser's default one)."""
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: list[Callable[[str, dict[str, Any], str | None], None]] = []
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, url: str, timeout: float = 10.0) -> Connection:
        http = aiohttp.ClientSession()
        try:
            ws = await http.ws_connect(url, max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=timeout))
        except BaseException:
            await http.close()
            raise
        return cls(http, ws)

    async def _read(self) -> None:
        error: BaseException = CDPError("the DevTools connection closed")
        try:
            async for message in self._ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                data = json.loads(message.data)
                if "id" in data:
                    future = self._pending.pop(data["id"], None)
                    if future is not None and not future.done():
                        future.set_result(data)
                elif "method" in data:
                    for listener in list(self._listeners):
                        listener(data["method"], data.get("params", {}), data.get("sessionId"))
        except Exception as err:  # the reader must never die silently with commands waiting
            error = err
        finally:
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(error)
            self._pending.clear()

    def listen(self, listener: Callable[[str, dict[str, Any], str | None], None]) -> None:
        self._listeners.append(listener)

    async def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = 10,
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        await self._ws.send_str(json.dumps(message))
        try:
            reply = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise CDPError(f"{method}: no answer within {timeout} s") from None
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    async def use_own_context(self) -> str:
        """Open this connection's tabs in a new browser context (like a new profile: cookies,
        storage and cache of its own), ended when the connection closes."""
        created = await self.send("Target.createBrowserContext", {"disposeOnDetach": True})
        self.context = str(created["browserContextId"])
        return self.context

    async def new_page(self) -> Page:
        where = {"browserContextId": self.context} if self.context is not None else {}
        target = await self.send("Target.createTarget", {"url": "about:blank", **where})
        attached = await self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        page = Page(self, target["targetId"], attached["sessionId"])
        await page.setup()
        return page

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(BaseException):
            await self._reader
        await self._http.close()


class Page:
    """One tab.  Records the bytes its websockets receive into :attr:`screen`."""

    def __init__(self, connection: Connection, target: str, session: str) -> None:
        self.connection = connection
        self.target = target
        self.session = session
        self.screen = TerminalScreen()
        self.sockets: dict[str, str] = {}  # requestId -> URL of each websocket the page opened
        self.console: list[str] = []
        self.requests: list[str] = []  # every URL the page asked for
        self.loaded = asyncio.Event()
        self._changed = asyncio.Event()
        connection.listen(self._on_event)

    def _on_event(self, method: str, params: dict[str, Any], session: str | None) -> None:
        if session != self.session:
            return
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.sockets[params["requestId"]] = params["url"]
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            if frame.get("opcode") == 2:  # binary: terminal output, base64 in the event
                self.screen.feed(base64.b64decode(frame["payloadData"]))
                self._changed.set()
        elif method == "Page.loadEventFired":
            self.loaded.set()
        elif method == "Runtime.consoleAPICalled":
            args = params.get("args", [])
            self.console.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in args))
        elif method == "Runtime.exceptionThrown":
            self.console.append(f"exception: {params['exceptionDetails'].get('text', '')}")

    async def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10) -> Any:
        return await self.connection.send(method, params, session=self.session, timeout=timeout)

    async def setup(self) -> None:
        await self.send("Page.enable")
        await self.send("Runtime.enable")
        await self.send("Network.enable")
        # A tab in a headless browser is never "focused"; pretend it is, so key events reach xterm.
        await self.send("Emulation.setFocusEmulationEnabled", {"enabled": True})

    async def goto(self, url: str, timeout: float = 15.0) -> None:
        self.loaded.clear()
        result = await self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CDPError(f"could not open {url}: {result['errorText']}")
        try:
            await asyncio.wait_for(self.loaded.wait(), timeout)
        except TimeoutError:
            raise CDPError(f"{url} did not finish loading within {timeout} s") from None

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    async def wait_for_text(self, *texts: str, timeout: float = 15.0, absent: tuple[str, ...] = ()) -> str:
        """Wait until the screen shows every one of ``texts`` (and none of ``absent``); return it."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            shown = self.screen.text()
            if all(text in shown for text in texts) and not any(text in shown for text in absent):
                return shown
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                wanted = ", ".join(repr(t) for t in texts)
                raise AssertionError(
                    f"the browser's terminal did not show {wanted} within {timeout:.0f} s; it shows:\n"
                    f"{shown}\n(page console: {self.console[-10:]})"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))

    async def press(self, key: str) -> None:
        """Type one key as a user would: keydown (with its text), then keyup."""
        spec = _key_spec(key)
        await self.send("Input.dispatchKeyEvent", {"type": "keyDown", **spec})
        up = {name: value for name, value in spec.items() if name not in ("text", "unmodifiedText")}
        await self.send("Input.dispatchKeyEvent", {"type": "keyUp", **up})

    async def type_text(self, text: str) -> None:
        """Type ``text`` one key at a time (letters, digits and the keys :func:`_key_spec` knows)."""
        for key in text:
            await self.press(key)

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", {"format": "png"}, timeout=20)
        path.write_bytes(base64.b64decode(shot["data"]))

    async def close(self) -> None:
        with contextlib.suppress(CDPError):
            await self.connection.send("Target.closeTarget", {"targetId": self.target})


_NAMED_KEYS = {
    "enter": ("Enter", "Enter", 13, "\r"),
    "escape": ("Escape", "Escape", 27, ""),
    "tab": ("Tab", "Tab", 9, "\t"),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
    "up": ("ArrowUp", "ArrowUp", 38, ""),
}


def _key_spec(key: str) -> dict[str, Any]:
    if key in _NAMED_KEYS:
        name, code, vk, text = _NAMED_KEYS[key]
        spec: dict[str, Any] = {"key": name, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            spec.update(text=text, unmodifiedText=text)
        return spec
    if len(key) != 1:
        raise ValueError(f"no key spec for {key!r}")
    if key.isdigit():
        code, vk = f"Digit{key}", ord(key)
    elif key.isalpha():
        code, vk = f"Key{key.upper()}", ord(key.upper())
    else:
        code, vk = "", 0
    return {"key": key, "code": code, "windowsVirtualKeyCode": vk, "text": key, "unmodifiedText": key}


_TEXT = re.compile(r"[^\x00-\x1f\x7f]+")
"""A run of printable characters (everything from a space up, but DEL)."""
_NARROW = re.compile(r"[ -~]*")
_CSI_FINAL = re.compile(r"[@-~]")
"""The byte that ends a control sequence (after its parameters and intermediates)."""
"""Printable ASCII: one cell each, none combining."""


class TerminalScreen:
    """A sparse model of a terminal's screen, fed the raw bytes written to it.

    Understands what a Textual app draws with: printable text, cursor positioning
    (CUP/HVP and relative moves), erase in display and line, carriage return and
    line feed.  Everything else (colours, modes, OSC/DCS strings) is parsed and
    ignored, so no escape sequence leaks into the text.  The cells are kept row by
    row, and a run of plain text is written in one step: a test reads every frame
    a game sends, tens of thousands of them in a run.
    """

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, str]] = {}
        self.row = 0
        self.col = 0
        self.bytes_seen = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # an escape sequence split across two frames

    def feed(self, data: bytes) -> None:
        self.bytes_seen += len(data)
        text = self._pending + self._decoder.decode(data)
        self._pending = ""
        i, n = 0, len(text)
        while i < n:
            char = text[i]
            if char == "\x1b":
                end = self._escape_end(text, i)
                if end is None:
                    self._pending = text[i:]
                    return
                self._escape(text[i:end])
                i = end
                continue
            if char >= " " and char != "\x7f":
                run = _TEXT.match(text, i)
                assert run is not None
                self._write(run.group())
                i = run.end()
                continue
            if char == "\r":
                self.col = 0
            elif char == "\n":
                self.row += 1
            elif char == "\b":
                self.col = max(0, self.col - 1)
            i += 1

    def _write(self, run: str) -> None:
        if _NARROW.fullmatch(run):
            col = self.col
            self.rows.setdefault(self.row, {}).update(zip(range(col, col + len(run)), run, strict=True))
            self.col = col + len(run)
            return
        for char in run:
            self._put(char)

    def _put(self, char: str) -> None:
        if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f":
            return
        row = self.rows.setdefault(self.row, {})
        row[self.col] = char
        width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width == 2:
            row[self.col + 1] = ""
        self.col += width

    @staticmethod
    def _escape_end(text: str, start: int) -> int | None:
        """Index just past the escape sequence at ``start``, or None if it is incomplete."""
        if start + 1 >= len(text):
            return None
        kind = text[start + 1]
        if kind == "[":  # CSI: parameters, intermediates, one final byte in @..~
            final = _CSI_FINAL.search(text, start + 2)
            return final.end() if final else None
        if kind in "]PX^_":  # OSC, DCS, SOS, PM, APC: up to BEL or ST
            for j in range(start + 2, len(text)):
                if text[j] == "\x07":
                    return j + 1
                if text[j] == "\x1b":
                    return j + 2 if j + 1 < len(text) else None
            return None
        if kind in "()*+#%":  # charset designation and friends: one more byte
            return start + 3 if start + 2 < len(text) else None
        return start + 2

    def _escape(self, seq: str) -> None:
        final = seq[-1]
        if final == "m" or not seq.startswith("\x1b[") or len(seq) < 3:  # colours: no effect on text
            return
        body = seq[2:-1]
        if body[:1] in "?<=>":  # private modes (alt screen, mouse, cursor): no effect on text
            return
        params = [int(p) if p.isdigit() else 0 for p in body.split(";")] if body else []

        def arg(index: int, default: int = 1) -> int:
            value = params[index] if index < len(params) else 0
            return value or default

        if final in "Hf":
            self.row, self.col = arg(0) - 1, arg(1) - 1
        elif final == "A":
            self.row = max(0, self.row - arg(0))
        elif final == "B":
            self.row += arg(0)
        elif final == "C":
            self.col += arg(0)
        elif final == "D":
            self.col = max(0, self.col - arg(0))
        elif final == "G":
            self.col = arg(0) - 1
        elif final == "d":
            self.row = arg(0) - 1
        elif final == "J":
            mode = arg(0, 0)
            if mode in (2, 3):
                self.rows.clear()
            elif mode in (0, 1):
                self._erase_line(mode)
                for row in [r for r in self.rows if (r > self.row if mode == 0 else r < self.row)]:
                    del self.rows[row]
        elif final == "K":
            self._erase_line(arg(0, 0))
        elif final == "X":
            cells = self.rows.get(self.row, {})
            for c in range(self.col, self.col + arg(0)):
                cells.pop(c, None)

    def _erase_line(self, mode: int) -> None:
        """Erase the cursor's row from the cursor on (mode 0), up to it (1), or all of it."""
        cells = self.rows.get(self.row)
        if not cells:
            return
        if mode == 0:
            doomed = [c for c in cells if c >= self.col]
        elif mode == 1:
            doomed = [c for c in cells if c <= self.col]
        else:
            doomed = list(cells)
        for c in doomed:
            del cells[c]

    def lines(self) -> Iterator[str]:
        filled = [r for r, cells in self.rows.items() if cells]
        if not filled:
            return
        for r in range(max(filled) + 1):
            cells = self.rows.get(r)
            if not cells:
                yield ""
                continue
            width = max(cells) + 1
            yield "".join(cells.get(c, " ") for c in range(width)).rstrip()

    def text(self) -> str:
        return "\n".join(self.lines())
