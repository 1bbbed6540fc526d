"""A live class's door: a student joins by name (the terminal class mode's rule, through the class
database), and until then every game page leads here; an open page tells the dashboard it is open.

What is decided here is only which page to show: whether a name may join, and what joining does,
is the class database's (:meth:`game.classroom.classdb.ClassDB.join`, ``is_playing``).
"""

from __future__ import annotations

from aiohttp import web

from game.classroom.classdb import ClassDB, ClassDBError, Student, Superseded, clean_student_name, name_key
from game.webapp import context
from game.webapp.context import PLAYER, page
from game.webapp.identity import Player

routes = web.RouteTableDef()

TAKEN = (
    "Someone called {name} is playing now. If that is you in another tab or browser, press Join "
    "again to bring your game here (the other one stops). If not, add your surname or its first letter."
)


@routes.get("/join")
async def join_page(request: web.Request) -> web.StreamResponse:
    room = context.state(request).room
    if room is None or room.student(context.player(request)) is not None:
        raise web.HTTPSeeOther("/")
    return _door(request)


def _door(
    request: web.Request, problem: str = "", name: str = "", confirm: str = "", status: int = 200
) -> web.Response:
    return page(
        request, "join.html", "Join the class", status=status, problem=problem, name=name, confirm=confirm
    )


@routes.post("/join")
async def join(request: web.Request) -> web.StreamResponse:
    room = context.state(request).room
    if room is None:
        raise web.HTTPSeeOther("/")
    form = await request.post()
    typed = str(form.get("name", ""))[:200]
    try:
        shown = clean_student_name(typed)
    except ClassDBError as err:
        return _door(request, f"{str(err)[:1].upper()}{str(err)[1:]}.", typed, status=400)
    key = name_key(shown)
    take_over = str(form.get("confirm", "")) == key

    def enter(db: ClassDB) -> Student | None:
        if not take_over and db.is_playing(shown):
            return None
        return db.join(shown)

    try:
        student = await room.run(enter)
    except ClassDBError as err:
        return _door(request, f"Could not join the class: {err}. Try again in a moment.", typed, status=503)
    if student is None:  # two students with one name, or one student in two browsers: ask first
        return _door(request, TAKEN.format(name=shown), shown, confirm=key, status=409)
    who = context.player(request)
    request[PLAYER] = Player(who.token, student, room.key)  # the cookie set with this answer names them
    current = context.session(request)
    if current is None:
        raise web.HTTPSeeOther("/")
    await room.record(student, current)  # resuming writes nothing: say where the student is
    raise web.HTTPSeeOther("/play")


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
