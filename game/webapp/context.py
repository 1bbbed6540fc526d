"""What every handler needs from a request: the server's state, the player, their game, a page.

Handlers stay thin: they ask here for the player's session (:func:`session`), change it
through :class:`game.session.Session`'s own methods, and render a template with :func:`page`,
which adds what every page shows (the story's title, the form token, the theme, the menu).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
from aiohttp import web

from game.engine.model import Story
from game.session import Session
from game.web_guard import Guard
from game.webapp.games import Games
from game.webapp.identity import Player, Signer, browser_home

if TYPE_CHECKING:
    from game.webapp.class_records import ClassRoom

THEMES = ("default", "contrast")
THEME_COOKIE = "moscow1921_theme"


@dataclass
class WebState:
    """One server's story, caches and keys (see game.webapp.server.make_app)."""

    story: Story
    games: Games
    signer: Signer
    guard: Guard
    room: ClassRoom | None = None
    """The live class, in ``serve --class``."""
    notes: tuple[str, ...] = field(default=())
    hosts: dict[str | None, str | None] = field(default_factory=dict)
    """Host headers already judged, and the verdict (see game.webapp.server)."""


WEB: web.AppKey[WebState] = web.AppKey("moscow1921", WebState)
PLAYER: web.RequestKey[Player] = web.RequestKey("player", Player)


def state(request: web.Request) -> WebState:
    return request.app[WEB]


def player(request: web.Request) -> Player:
    return request[PLAYER]


def folder(request: web.Request) -> Path | None:
    """The player's saves folder: the browser's own, or in a live class the student's (None until
    they have joined)."""
    web_state, who = state(request), player(request)
    if web_state.room is None:
        return browser_home(who.token) / "saves"
    student = web_state.room.student(who)
    return None if student is None else web_state.room.saves_folder(student)


def session(request: web.Request) -> Session | None:
    where = folder(request)
    return None if where is None else state(request).games.session(where)


def require_folder(request: web.Request) -> Path:
    """The player's saves folder, or a redirect to the class's door."""
    where = folder(request)
    if where is None:
        raise web.HTTPSeeOther("/join")
    return where


def require_session(request: web.Request) -> tuple[Path, Session]:
    """The player's folder and game, or a redirect to where one starts (the title or the class's door)."""
    where = require_folder(request)
    found = state(request).games.session(where)
    if found is None:
        raise web.HTTPSeeOther("/")
    return where, found


def form_turn(form: Any, current: Session) -> bool:
    """Whether a form was made for the game as it is now (not a page from before a choice)."""
    return (
        str(form.get("turn", "")) == str(current.state.turn) and str(form.get("at", "")) == current.state.at
    )


def page(request: web.Request, template: str, title: str, status: int = 200, **context: Any) -> web.Response:
    """Render ``template`` as a whole page titled ``title — <story title>``."""
    web_state, who = state(request), player(request)
    theme = request.cookies.get(THEME_COOKIE, "default")
    context.update(
        story=web_state.story,
        page_title=f"{title} — {web_state.story.title}" if title else web_state.story.title,
        csrf=web_state.signer.csrf_token(who),
        theme=theme if theme in THEMES else "default",
        in_class=web_state.room is not None,
        class_name=web_state.room.name if web_state.room is not None else "",
        student=web_state.room.student(who) if web_state.room is not None else None,
        path=request.path,
    )
    return aiohttp_jinja2.render_template(template, request, context, status=status)


def problem(
    request: web.Request,
    heading: str,
    text: str,
    status: int,
    *,
    back: str = "/play",
    back_words: str = "Back to your game",
) -> web.Response:
    """A page that says, in plain words, what could not be done and where to go from here."""
    return page(
        request,
        "problem.html",
        heading,
        status=status,
        heading=heading,
        problem=text,
        back=back,
        back_words=back_words,
    )
