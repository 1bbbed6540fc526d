"""A live class's door: a student joins by name and the code they were given, by the one rule every
front end uses (:func:`game.classroom.joining.join`); until then every game page leads here; an
open page tells the dashboard it is open.

What is decided here is only which page to show: whether a name and a code may join, and what
joining does, is :mod:`game.classroom.joining`'s.  A new code is shown once, on the page that
answers the join, for the student to write down.
"""

from __future__ import annotations

from aiohttp import web

from game.classroom import joining
from game.classroom.classdb import ClassDBError, Superseded
from game.classroom.joining import Outcome
from game.webapp import context
from game.webapp.context import PLAYER, page
from game.webapp.identity import Player

routes = web.RouteTableDef()

_STATUS = {
    Outcome.BAD_NAME: 400,
    Outcome.NEEDS_CODE: 200,
    Outcome.WRONG_CODE: 403,
    Outcome.TOO_MANY: 429,
}


@routes.get("/join")
async def join_page(request: web.Request) -> web.StreamResponse:
    room = context.state(request).room
    if room is None or room.student(context.player(request)) is not None:
        raise web.HTTPSeeOther("/")
    return _door(request)


def _door(
    request: web.Request, problem: str = "", name: str = "", *, ask_code: bool = False, status: int = 200
) -> web.Response:
    return page(
        request,
        "join.html",
        "Join the class",
        status=status,
        problem=problem,
        name=name,
        ask_code=ask_code,
        digits=joining.CODE_DIGITS,
    )


@routes.post("/join")
async def join(request: web.Request) -> web.StreamResponse:
    room = context.state(request).room
    if room is None:
        raise web.HTTPSeeOther("/")
    form = await request.post()
    typed = str(form.get("name", ""))[:200]
    code = str(form.get("code", ""))[:40] or None
    try:
        result = await room.run(lambda db: joining.join(db, typed, code))
    except ClassDBError as err:
        return _door(request, f"Could not join the class: {err}. Try again in a moment.", typed, status=503)
    if result.student is None:
        ask = result.outcome is not Outcome.BAD_NAME
        return _door(
            request,
            result.message,
            result.name if ask else typed,
            ask_code=ask,
            status=_STATUS.get(result.outcome, 400),
        )
    who = context.player(request)
    request[PLAYER] = Player(
        who.token, result.student, room.key
    )  # the cookie set with this answer names them
    current = context.session(request)
    if current is not None:
        await room.record(result.student, current)  # resuming writes nothing: say where the student is
    if result.code is None:
        raise web.HTTPSeeOther("/play" if current is not None else "/")
    return page(
        request,
        "joined.html",
        "Your code",
        message=result.message,
        code=joining.shown_code(result.code),
        took_over=result.took_over,
        next="/play" if current is not None else "/",
    )


@routes.post("/alive")
async def alive(request: web.Request) -> web.StreamResponse:
    """The page is still open (the dashboard shows the student as connected)."""
    room = context.state(request).room
    student = room.student(context.player(request)) if room is not None else None
    if room is None or student is None:
        raise web.HTTPNotFound()
    try:
        await room.heartbeat(student)
    except Superseded:
        return web.Response(status=409, text="Joined in another tab or browser.")
    except ClassDBError:
        return web.Response(status=503, text="The class could not be told; it will be told again.")
    return web.Response(status=204)


@routes.get("/stopped")
async def stopped(request: web.Request) -> web.StreamResponse:
    return context.problem(
        request,
        "This page has stopped",
        "Your name joined the class in another tab or browser, so your game goes on there. "
        "Your game is safe. To play here instead, join again with your name.",
        409,
        back="/join",
        back_words="Join again",
    )
