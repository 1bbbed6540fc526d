"""The pages of play: the title, a new game, a scene and its choices, undo, the what-happened panel.

Each handler reads the player's game (:func:`game.webapp.context.require_session`), changes it
only through :class:`game.session.Session` and redirects (POST, then redirect, then GET), so a
reload never repeats a choice.  A form carries the turn and scene it was made for: one sent
again from an older page (a double click, the back button) changes nothing.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from markupsafe import Markup

from game.classroom.classdb import ClassDBError, Superseded
from game.engine import panel
from game.engine.view import EndingView, JournalEntry
from game.saves import where_words
from game.session import Session, SessionError
from game.webapp import context
from game.webapp.context import PLAYER, page, problem, require_session
from game.webapp.identity import Player
from game.webapp.story_html import inline, prose, terms_of

routes = web.RouteTableDef()


def _where(session: Session) -> str:
    """Where the game is, in words (for the title page's Continue)."""
    meta = session.meta()
    return where_words(meta["role_name"], meta["chapter_title"], meta["date"])


@routes.get("/")
async def title(request: web.Request) -> web.StreamResponse:
    web_state = context.state(request)
    if web_state.room is not None and web_state.room.student(context.player(request)) is None:
        raise web.HTTPSeeOther("/join")
    current = context.session(request)
    roles = [
        (role, prose(role.description, web_state.story, links=False).html)
        for role in web_state.story.roles.values()
    ]
    return page(
        request,
        "title.html",
        "",
        current=current,
        where=_where(current) if current is not None else "",
        roles=roles,
    )


@routes.post("/new")
async def new_game(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    role = str(form.get("role", ""))
    web_state = context.state(request)
    if role not in web_state.story.roles:
        raise web.HTTPSeeOther("/")
    where = context.folder(request)
    if where is None:
        raise web.HTTPSeeOther("/join")
    current = web_state.games.session(where)
    if current is not None and not current.is_over and form.get("confirm") != "yes":
        return page(
            request,
            "confirm_new.html",
            "Start a new game?",
            role=web_state.story.roles[role],
            where=_where(current),
        )
    try:
        async with web_state.games.lock(where):
            store = web_state.games.store(where)  # the cache is changed on the loop only
            started = await asyncio.to_thread(Session.new, web_state.story, store, role)
            web_state.games.saved(where, started)
    except SessionError as err:
        return problem(
            request, "The game could not start", str(err), 500, back="/", back_words="Back to the start"
        )
    await _record(request, started, new_run=True)
    raise web.HTTPSeeOther("/play")


@routes.get("/play")
async def play(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    story = context.state(request).story
    shown = current.view()
    if isinstance(shown, EndingView):
        return _ending(request, current, shown)
    body = prose(shown.prose, story)
    aftermath = inline(shown.aftermath, story) if shown.aftermath else None
    options = [(option, inline(option.text, story)) for option in shown.options]
    terms = terms_of(*(part for part in (aftermath, body) if part), *(text for _, text in options))
    scene = shown.scene
    chapter = story.chapters[scene.chapter].title
    return page(
        request,
        "scene.html",
        f"{scene.title} ({chapter})",
        session=current,
        scene=scene,
        chapter=chapter,
        aftermath=aftermath,
        body=body,
        options=options,
        terms=terms,
        situation=_situation(current),
    )


def _situation(session: Session) -> list[tuple[str, str]]:
    """The variables a player may see, as words (the terminal's "Your situation" panel)."""
    values = session.state.values
    return [
        (variable.name, variable.describe(values[name]))
        for name, variable in session.story.variables.items()
        if not variable.hidden and name in values
    ]


def _ending(request: web.Request, current: Session, shown: EndingView) -> web.Response:
    story = current.story
    entries = current.journal()
    return page(
        request,
        "ending.html",
        f"The end: {shown.ending.title}",
        session=current,
        ending=shown.ending,
        aftermath=inline(shown.aftermath, story) if shown.aftermath else None,
        epilogue=prose(shown.epilogue, story),
        history=prose(shown.history, story),
        fates=[(fate.character, inline(fate.text, story)) for fate in shown.fates],
        quotations=[
            panel.Citation(source, panel.short_cite(story, source.cite)) for source in shown.ending.sources
        ],
        comparison=panel.comparison(entries),
        reflection=panel.REFLECTION,
    )


@routes.post("/choose")
async def choose(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    games = context.state(request).games
    async with games.lock(context.require_folder(request)):
        where, current = require_session(request)
        if not context.form_turn(form, current):
            raise web.HTTPSeeOther("/play")  # a page from before the last change: show where the game is
        chosen = str(form.get("choice", ""))
        try:
            answered = await asyncio.to_thread(current.choose, chosen)
        except SessionError:
            return problem(request, "That choice is not open", _not_open(current, chosen), 409)
        games.saved(where, current)
        await _record(request, current)
    raise web.HTTPSeeOther("/happened" if answered is not None else "/play")


def _not_open(current: Session, chosen: str) -> Markup:
    """Why a choice sent was refused, in words: the choice as the player reads it, never its id."""
    shown = current.scene_view()
    option = next((o for o in shown.options if o.choice.id == chosen), None) if shown is not None else None
    if option is None:
        return Markup("That choice is not one the game offers you here. Your game is as it was.")
    text = inline(option.text, current.story, links=False).html
    if not option.reason:
        return Markup("“{}” is not open to you now. Your game is as it was.").format(text)
    why = inline(option.reason, current.story, links=False).html
    return Markup("“{}” is not open to you now: {} Your game is as it was.").format(text, why)


@routes.post("/undo")
async def undo(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    games = context.state(request).games
    async with games.lock(context.require_folder(request)):
        where, current = require_session(request)
        if context.form_turn(form, current) and await asyncio.to_thread(current.undo):
            games.saved(where, current)
            await _record(request, current)
    raise web.HTTPSeeOther("/play")


@routes.get("/happened")
async def happened(request: web.Request) -> web.StreamResponse:
    """The what-happened panel of the decision the last choice answered."""
    _, current = require_session(request)
    entry = current.last_answer()
    if entry is None:
        raise web.HTTPSeeOther("/play")
    number = len(current.journal())
    return _panel_page(request, current, entry, number, back="/play", back_words="Go on")


def _panel_page(
    request: web.Request,
    current: Session,
    entry: JournalEntry,
    number: int,
    *,
    back: str,
    back_words: str,
) -> web.Response:
    story = current.story
    shown = panel.panel(story, entry)
    return page(
        request,
        "happened.html",
        f"What happened: {entry.decision.title}",
        panel=shown,
        words=panel,  # the labels every front end uses: YOU_CHOSE, HISTORY, FULL_ACCOUNT
        entry=entry,
        number=number,
        back=back,
        back_words=back_words,
        html=lambda text: inline(text, story).html,
        paragraphs=lambda text: prose(text, story).html,
        terms=terms_of(
            inline(shown.first.chosen, story),
            inline(shown.first.summary, story),
            prose(shown.full.happened, story),
            prose(shown.full.background, story),
        ),
    )


async def _record(request: web.Request, current: Session, *, new_run: bool = False) -> None:
    """In a live class, tell the class database where the student's game is now."""
    room = context.state(request).room
    if room is None:
        return
    who = context.player(request)
    student = room.student(who)
    if student is None:
        return
    try:
        await room.record(student, current, new_run=new_run)
    except Superseded:  # the same name joined in another browser: this one plays no more
        request[PLAYER] = Player(who.token)
        raise web.HTTPSeeOther("/stopped") from None
    except ClassDBError:
        pass  # the game is saved; the next record carries the whole path (records are idempotent)
