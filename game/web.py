"""``moscow1921 serve``: the game in web browsers, one process (and one set of saves) per tab.

textual-serve runs :func:`command_line` for every websocket a page opens, so each
browser tab (and each reload of one) is a fresh ``play --isolated`` process whose
saves live in a folder of its own under ``browser-sessions/`` in the data folder.
"""

from __future__ import annotations

import asyncio
import errno
import html
import re
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})

PLAY_NOTES = (
    "Every browser tab is a game of its own, with its own saves;",
    "a tab that is reloaded or closed starts afresh.",
)
"""What the server prints under its address for ordinary play."""


def command_line(scenes: Path) -> str:
    """The command textual-serve runs for every browser tab: an isolated game of its own."""
    parts = [sys.executable, "-m", "game", "play", "--isolated", "--scenes", str(scenes.resolve())]
    return " ".join(shlex.quote(part) for part in parts)


def address_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` (in words), or None if it can.

    Binds and closes a socket for every address ``host`` resolves to, with the
    same SO_REUSEADDR aiohttp uses, so a port in use is reported in one line
    before textual-serve prints its banner, instead of as a traceback after it.
    """
    if not 1 <= port <= 65535:
        return f"--port {port} is not a port number (1 to 65535)"
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        return f"cannot listen on host {host!r}: {err.strerror}"
    for family, kind, proto, _name, address in infos:
        try:
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
        except OSError as err:
            return _bind_error(host, port, err)
    return None


def _bind_error(host: str, port: int, err: OSError) -> str:
    where = f"{host}:{port}"
    if err.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on {host}; stop what uses it, or pick another with --port"
    if err.errno == errno.EACCES:
        return f"not allowed to listen on {where} (ports below 1024 need root); pick another with --port"
    if err.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine; try --host 127.0.0.1"
    return f"cannot listen on {where}: {err.strerror or err}"


_WEB_FONT = re.compile(r"<link\b[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)

_LOCAL_FONT = """<link rel="preload" href="{static}fonts/RobotoMono-VariableFont_wght.ttf" as="font"
      type="font/ttf" crossorigin />
    <style>
      @font-face {{ font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
        src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
      @font-face {{ font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
        src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
    </style>"""

_FOCUS_TERMINAL = """<script>
      // Type at once: without this, keys go nowhere until the player clicks the terminal.
      window.addEventListener("load", () => {
        const input = document.querySelector(".xterm-helper-textarea");
        if (input) input.focus();
      });
    </script>
  </body>"""


def adapt_page(page: str, title: str, static_url: str) -> str:
    """textual-serve's page, made fit for the game; each change is skipped if its anchor is gone.

    * a ``<title>``, so the browser tab is called "Moscow 1921", not "127.0.0.1:8000";
    * the Roboto Mono fonts that textual-serve ships, instead of a stylesheet from
      fonts.googleapis.com: on a network that swallows that request, the page's load
      event (which starts the terminal) waited for it and the game never appeared;
    * the terminal focused once the page has loaded, so keys work before any click.
    """
    if "<title>" not in page:
        page = page.replace("<head>", f"<head>\n    <title>{html.escape(title)}</title>", 1)
    page = _WEB_FONT.sub(lambda _: _LOCAL_FONT.format(static=static_url), page, count=1)
    end = page.rfind("</body>")
    if end >= 0 and "xterm-helper-textarea" not in page:
        page = page[:end] + _FOCUS_TERMINAL + page[end + len("</body>") :]
    return page


def _server_class() -> Any:
    from aiohttp import web
    from textual_serve.server import Server

    class GameServer(Server):
        """textual-serve, with four fixes for the game.

        * The page's URLs come from the address the browser used: textual-serve
          writes one fixed ``http://HOST:PORT`` into every page as the websocket's
          address, and with ``--host 0.0.0.0`` that is useless to other machines
          (Chromium refuses to connect to 0.0.0.0 at all).
        * The page is adapted by :func:`adapt_page` (tab title, local fonts, focus).
        * Stopping the server ends every tab's game at once, instead of aiohttp
          waiting for the open websockets for up to a minute.
        * A startup message for players rather than the command line it runs.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.games: set[asyncio.Task[Any]] = set()
            self.notes: Sequence[str] = PLAY_NOTES  # a live class has its own (game/classroom/live_cmd.py)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            assert task is not None  # aiohttp runs every request's handler in a task
            self.games.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.games.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp lets open websockets run on for up to a minute after Ctrl+C or SIGTERM;
            # cancelled, textual-serve closes each tab's websocket and quits its game at once.
            for task in list(self.games):
                task.cancel()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # No await happens between setting the URL and rendering the page with it.
            self.public_url = f"{request.scheme}://{request.host}"
            response: web.StreamResponse = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text:
                response.text = adapt_page(response.text, self.title, f"{self.public_url}/static/")
            return response

        async def on_startup(self, app: web.Application) -> None:
            self.console.print(f"[bold]Moscow 1921[/] is served at [cyan]{self.public_url}/[/]")
            if self.host in WILDCARD_HOSTS:
                self.console.print("  (on every network address: use this machine's name or address)")
            for line in self.notes:
                self.console.print(line, markup=False, highlight=False)
            self.console.print("Press Ctrl+C to stop.", highlight=False)

    return GameServer


def serve(
    scenes: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    command: str | None = None,
    notes: Sequence[str] = PLAY_NOTES,
) -> int:
    """Serve the game; ``command`` replaces every tab's command line (a live class's), ``notes`` the
    lines printed under the address."""
    problem = address_problem(host, port)
    if problem is not None:
        print(f"moscow1921 serve: {problem}", file=sys.stderr)
        return 1
    server = _server_class()(command or command_line(scenes), host=host, port=port, title="Moscow 1921")
    server.notes = notes
    if host in WILDCARD_HOSTS:
        server.public_url = f"http://{socket.gethostname()}:{port}"
    try:
        server.serve()
    except OSError as err:  # lost a race for the port between the check and the bind
        if err.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(f"moscow1921 serve: {_bind_error(host, port, err)}", file=sys.stderr)
        return 1
    return 0
