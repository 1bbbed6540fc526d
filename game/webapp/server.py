"""The web edition's aiohttp application, its checks on every request, and ``serve``.

Every request passes these, in order, before a handler runs:

1. its ``Host:`` is a name this server answers to (:meth:`game.web_guard.Guard.host_problem`:
   a page served under someone else's DNS name for this machine is refused);
2. the player is read from the opaque cookie (:mod:`game.webapp.identity`), or a new one is
   made; the cookie is made afresh once a day while the game is played, so it is kept while
   it is played;
3. a POST must come from one of this server's own pages: its ``Origin:`` (or, if a browser
   sent none, its ``Referer:``) is this server's origin or one named with ``--allow-origin``,
   and its form's token matches its cookie (cross-site request forgery is refused twice over);
4. every response carries a strict Content-Security-Policy (no inline script or style, no
   framing), ``nosniff``, a same-origin referrer policy, and pages are never cached (the
   back button asks again, so a form always shows the game as it is);
5. anything else that goes wrong (a wrong address or method, a refused form, a failure) is
   answered with a page of the game's own and the right status (:mod:`game.webapp.errors`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from game.engine.model import Story
from game.web_guard import Guard
from game.webapp import class_pages, end_pages, pages, reference_pages
from game.webapp.class_records import ClassRoom
from game.webapp.context import PLAYER, THEME_COOKIE, THEMES, WEB, WebState
from game.webapp.errors import error_pages
from game.webapp.games import Games
from game.webapp.identity import COOKIE, LIFETIME_S, REFRESH_S, Player, Signer, new_player, secret_key, seen
from game.webapp.story_html import glossary_html, term_id

HERE = Path(__file__).parent
STATIC = HERE / "static"

KNOWN_HOSTS = 64
"""Host headers whose verdict is kept (the names a server is reached by are few)."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def make_app(story: Story, guard: Guard, signer: Signer, *, room: ClassRoom | None = None) -> web.Application:
    """The web edition of ``story`` as an aiohttp application (not yet running)."""
    app = web.Application(
        middlewares=[_check_host, _identify, _headers, error_pages, _check_origin], client_max_size=64 * 1024
    )
    app[WEB] = WebState(story, Games(story), signer, guard, room)
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.PackageLoader("game.webapp", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the templates ship with the game: never stat them again per page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["term_id"] = term_id
    environment.globals["glossary_html"] = glossary_html
    app.add_routes(pages.routes)
    app.add_routes(reference_pages.routes)
    app.add_routes(end_pages.routes)
    app.add_routes(class_pages.routes)
    app.router.add_post("/settings", settings)
    app.router.add_get("/static/{name}", static_file)
    return app


STATIC_FILES = frozenset(path.name for path in STATIC.iterdir() if path.is_file())
"""The files under ``/static/`` (the CSS and the script: they ship with the game)."""


async def static_file(request: web.Request) -> web.StreamResponse:
    """A file the pages use, with aiohttp's caching and range answers; a name that is not one of
    :data:`STATIC_FILES` is the game's own 404 page (aiohttp's static route answered an empty 404
    past the error pages)."""
    name = request.match_info["name"]
    if name not in STATIC_FILES:
        raise web.HTTPNotFound()
    return web.FileResponse(STATIC / name)


@web.middleware
async def _check_host(request: web.Request, handler: Handler) -> web.StreamResponse:
    host = request.headers.get("Host")
    known = request.app[WEB].hosts
    if host in known:
        problem = known[host]
    else:
        problem = request.app[WEB].guard.host_problem(host)
        if len(known) < KNOWN_HOSTS:  # a few names for this server: judged once each
            known[host] = problem
    if problem is not None:
        raise web.HTTPBadRequest(text=f"Moscow 1921: {problem}.")
    return await handler(request)


@web.middleware
async def _identify(request: web.Request, handler: Handler) -> web.StreamResponse:
    signer = request.app[WEB].signer
    found, age = signer.read(request.cookies.get(COOKIE))
    request[PLAYER] = found or new_player()
    try:
        response = await handler(request)
    except web.HTTPException as raised:  # a redirect after a form, or a refusal
        if _cookie_due(request, found, age):
            _set_cookie(raised, signer, request)
        raise
    if not request.path.startswith("/static/") and _cookie_due(request, found, age):
        _set_cookie(response, signer, request)
        if request.app[WEB].room is None:  # plain play: the browser's folder is kept while it comes back
            seen(request[PLAYER].token)
    return response


def _cookie_due(request: web.Request, found: Player | None, age: float) -> bool:
    """Whether the answer sets the cookie: for a new player, one who joined or left a class, or a
    cookie a day old (so it lives :data:`LIFETIME_S` past the last visit, not the first)."""
    return found is None or request[PLAYER] != found or age > REFRESH_S


def _set_cookie(response: web.StreamResponse, signer: Signer, request: web.Request) -> None:
    response.set_cookie(
        COOKIE,
        signer.cookie(request[PLAYER]),
        max_age=LIFETIME_S,
        httponly=True,
        samesite="Lax",
        secure=request.secure or None,
        path="/",
    )


@web.middleware
async def _check_origin(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return await handler(request)
    web_state = request.app[WEB]
    origin = request.headers.get("Origin") or _referer_origin(request.headers.get("Referer"))
    problem = web_state.guard.origin_problem(origin, request.scheme, request.host)
    if problem is not None:
        raise web.HTTPForbidden(text=f"Moscow 1921: {problem.replace('websocket', 'form')}.")
    form = await request.post()
    token = form.get("csrf")
    if not web_state.signer.csrf_ok(request[PLAYER], token if isinstance(token, str) else None):
        raise web.HTTPForbidden(
            text="Moscow 1921: this form is out of date or was not made by this game. "
            "Go back, reload the page and try again."
        )
    return await handler(request)


def _referer_origin(referer: str | None) -> str | None:
    if not referer:
        return None
    scheme, _, rest = referer.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else None


@web.middleware
async def _headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as raised:
        _secure(raised, request)
        raise
    _secure(response, request)
    return response


def _secure(response: web.StreamResponse, request: web.Request) -> None:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if request.path.startswith("/static/") and response.status < 400:
        response.headers["Cache-Control"] = "public, max-age=3600"
    else:
        response.headers["Cache-Control"] = "no-store"


async def settings(request: web.Request) -> web.StreamResponse:
    """The colour theme: standard (light or dark, as the device prefers) or high contrast."""
    form = await request.post()
    theme = str(form.get("theme", "default"))
    back = str(form.get("back", "/"))
    response = web.HTTPSeeOther(back if back.startswith("/") and not back.startswith("//") else "/")
    if theme in THEMES:
        response.set_cookie(
            THEME_COOKIE, theme, max_age=365 * 24 * 3600, samesite="Lax", path="/", httponly=True
        )
    raise response


YOUNG_OBJECTS = 10_000
"""Objects allocated (less those freed) between two collections of the youngest generation: a
page makes and drops thousands, and Python's 700 meant a collection every few pages."""


def _settle_collector() -> None:
    """Keep what the server holds for good (the story, the modules, the templates) out of the
    cycle collector's way, and let it run less often: under a class's load its full collections
    walked some 90,000 objects with every page waiting, 100-380 ms each (300 students on 2 shared
    cores), and it ran a young collection every 4 pages."""
    gc.collect()
    gc.freeze()  # everything alive now is never scanned again
    gc.set_threshold(YOUNG_OBJECTS, 20, 10)


def serve(
    story: Story,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_origins: Sequence[str] = (),
    room: ClassRoom | None = None,
    notes: Sequence[str] = (),
) -> int:
    """Serve the web edition until Ctrl+C; 1 (after saying why) if it cannot listen."""
    from game.web import WILDCARD_HOSTS, address_problem

    problem = address_problem(host, port)
    guard = None
    if problem is None:
        try:
            guard = Guard.for_server(host, allow_origins)
        except ValueError as err:
            problem = f"--allow-origin: {err}"
    if problem is not None or guard is None:
        print(f"moscow1921 serve: {problem}", file=sys.stderr)
        return 1
    app = make_app(story, guard, Signer(secret_key()), room=room)
    _settle_collector()
    shown = f"[{host}]" if ":" in host else host
    print(f"Moscow 1921 (the web edition) is served at http://{shown}:{port}/", flush=True)
    if host in WILDCARD_HOSTS:
        print("  (on every network address: use this machine's name or address)", flush=True)
    for line in notes:
        print(line, flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    web.run_app(app, host=host or None, port=port, print=None, access_log=None, shutdown_timeout=5)
    return 0
