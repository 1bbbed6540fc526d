"""``moscow1921 serve``: the game in web browsers, one process (and one set of saves) per browser.

textual-serve runs :func:`command_line` for every websocket a page opens, so each
browser tab (and each reload of one) is a fresh ``play --isolated ID`` process; its saves
live in the browser's own folder under ``browser-sessions/`` in the data folder, named by
the browser's cookie (:mod:`game.web_tabs`), so a reloaded tab carries on the same game.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
import re
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game import web_tabs
from game.web_guard import Guard, capped_size

WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})

PLAY_NOTES = (
    "Every browser has a game of its own, with its own saves: a reloaded or reopened tab",
    "carries on the same game (a second tab of the same browser takes it over).",
)
"""What the server prints under its address for ordinary play."""


def command_line(scenes: Path) -> str:
    """The command textual-serve runs for every browser tab (the server adds ``--isolated ID``)."""
    parts = [sys.executable, "-m", "game", "play", "--scenes", str(scenes.resolve())]
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
    static = html.escape(static_url, quote=True)  # a URL put into the page is text, never markup
    page = _WEB_FONT.sub(lambda _: _LOCAL_FONT.format(static=static), page, count=1)
    end = page.rfind("</body>")
    if end >= 0 and "xterm-helper-textarea" not in page:
        page = page[:end] + _FOCUS_TERMINAL + page[end + len("</body>") :]
    return page


def _server_class() -> Any:
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class TabService(AppService):
        """One tab's game process: every terminal size the browser asks for is capped (the only
        two ways a size reaches the game: the websocket's address and a resize message)."""

        async def start(self, width: object, height: object) -> None:
            await super().start(*capped_size(width, height))

        async def set_terminal_size(self, width: object, height: object) -> None:
            await super().set_terminal_size(*capped_size(width, height))

        async def stop(self) -> None:
            await super().stop()
            if self._process is not None:  # reap it: textual-serve leaves the exited process unawaited
                await self._process.wait()

    class GameServer(Server):
        """textual-serve, made safe and fit for the game.

        * Every request's ``Host:`` and every websocket's ``Origin:`` are checked
          (:class:`~game.web_guard.Guard`): a page on another site cannot start games here,
          and no header text reaches the page unless it is a host name this server answers to.
        * The terminal size a browser asks for is capped (:class:`TabService`).
        * The page's URLs come from the address the browser used: textual-serve
          writes one fixed ``http://HOST:PORT`` into every page as the websocket's
          address, and with ``--host 0.0.0.0`` that is useless to other machines
          (Chromium refuses to connect to 0.0.0.0 at all).
        * The page is adapted by :func:`adapt_page` (tab title, local fonts, focus).
        * Stopping the server ends every tab's game at once, instead of aiohttp
          waiting for the open websockets for up to a minute.
        * A startup message for players rather than the command line it runs.
        """

        def __init__(self, *args: Any, guard: Guard, remember_tabs: bool = False, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.guard = guard
            self.remember_tabs = remember_tabs
            """Plain play: each browser's games in its own folder, found again by its cookie."""
            self.tabs: dict[str, tuple[web.WebSocketResponse, asyncio.Event]] = {}
            self.games: set[asyncio.Task[Any]] = set()
            self.notes: Sequence[str] = PLAY_NOTES  # a live class has its own (game/classroom/live_cmd.py)

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(self._check_host)
            return app

        @web.middleware
        async def _check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
            problem = self.guard.host_problem(request.headers.get("Host"))
            if problem is not None:
                self.console.print(f"Refused a request: {problem}", markup=False, highlight=False)
                raise web.HTTPBadRequest(text=f"Moscow 1921: {problem}.")
            response: web.StreamResponse = await handler(request)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            problem = self.guard.origin_problem(request.headers.get("Origin"), request.scheme, request.host)
            if problem is not None:
                self.console.print(f"Refused a game: {problem}", markup=False, highlight=False)
                raise web.HTTPForbidden(text=f"Moscow 1921: {problem}.")
            task = asyncio.current_task()
            assert task is not None  # aiohttp runs every request's handler in a task
            self.games.add(task)
            try:
                return await self._run_tab(request)
            finally:
                self.games.discard(task)

        async def _run_tab(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's own websocket handler, with :class:`TabService` for the game, and
            (plain play) the browser's own saves folder; a second tab of it takes the game over."""
            websocket = web.WebSocketResponse(heartbeat=15)
            service: TabService | None = None
            command, identity, ephemeral = self.command, "", False
            if self.remember_tabs:
                token = web_tabs.valid_token(request.cookies.get(web_tabs.COOKIE))
                ephemeral = token is None  # keeps no cookies: nobody can return to its game
                identity = web_tabs.folder_id(token or web_tabs.new_token())
                command = f"{self.command} --isolated {identity}"
                if identity in self.tabs:  # the same browser's other tab: it stops, saved
                    other, ended = self.tabs[identity]
                    await other.close(message=b"This game was opened in another tab.")
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(ended.wait(), 15)
                web_tabs.touch(identity)
            done = asyncio.Event()

            async def close() -> None:
                await websocket.close()

            try:
                await websocket.prepare(request)
                if identity:
                    self.tabs[identity] = (websocket, done)
                service = TabService(
                    command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                await service.start(request.query.get("width", 80), request.query.get("height", 24))
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # as textual-serve: one tab's failure is logged, the server goes on
                logging.getLogger("textual-serve").exception(error)
            finally:
                if service is not None:
                    await service.stop()
                done.set()
                if identity and self.tabs.get(identity, (None,))[0] is websocket:
                    del self.tabs[identity]
                if ephemeral:
                    web_tabs.forget(identity)
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp lets open websockets run on for up to a minute after Ctrl+C or SIGTERM;
            # cancelled, textual-serve closes each tab's websocket and quits its game at once.
            for task in list(self.games):
                task.cancel()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The Host header has passed the guard: a host name or address of this server.
            # No await happens between setting the URL and rendering the page with it.
            self.public_url = f"{request.scheme}://{request.host}"
            response: web.StreamResponse = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text:
                response.text = adapt_page(response.text, self.title, f"{self.public_url}/static/")
            if self.remember_tabs:  # the browser's game, found again when the page is reloaded
                token = web_tabs.valid_token(request.cookies.get(web_tabs.COOKIE)) or web_tabs.new_token()
                response.set_cookie(
                    web_tabs.COOKIE,
                    token,
                    max_age=web_tabs.LIFETIME_S,
                    httponly=True,
                    samesite="Strict",
                    path="/",
                )
            return response

        async def on_startup(self, app: web.Application) -> None:
            if self.remember_tabs:
                removed = web_tabs.clean(set(self.tabs))
                if removed:
                    self.console.print(
                        f"Removed {len(removed)} old browser game folder(s) nobody can return to.",
                        highlight=False,
                    )
            self.console.print(f"[bold]Moscow 1921[/] is served at [cyan]{self.public_url}/[/]")
            if self.host in WILDCARD_HOSTS:
                self.console.print("  (on every network address: use this machine's name or address)")
            for line in self.notes:
                self.console.print(line, markup=False, highlight=False)
            self.console.print("Press Ctrl+C to stop.", highlight=False)

    return GameServer


def make_server(command: str, host: str, port: int, guard: Guard, *, remember_tabs: bool = False) -> Any:
    """The server (not yet started) that runs ``command`` for every browser tab; with
    ``remember_tabs``, each browser plays in its own folder (``--isolated ID`` is added)."""
    return _server_class()(
        command, host=host, port=port, title="Moscow 1921", guard=guard, remember_tabs=remember_tabs
    )


def serve(
    scenes: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    command: str | None = None,
    notes: Sequence[str] = PLAY_NOTES,
    allow_origins: Sequence[str] = (),
) -> int:
    """Serve the game; ``command`` replaces every tab's command line (a live class's), ``notes`` the
    lines printed under the address; ``allow_origins`` are other sites' pages allowed to start games."""
    problem = address_problem(host, port)
    if problem is None:
        try:
            guard = Guard.for_server(host, allow_origins)
        except ValueError as err:
            problem = f"--allow-origin: {err}"
    if problem is not None:
        print(f"moscow1921 serve: {problem}", file=sys.stderr)
        return 1
    server = make_server(command or command_line(scenes), host, port, guard, remember_tabs=command is None)
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
