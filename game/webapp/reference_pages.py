"""Pages to look things up in: the journal, the glossary, the timeline, the situation, saves, about."""

from __future__ import annotations

from aiohttp import web

from game.engine import panel
from game.engine.model import Source, plain_line
from game.saves import SaveError
from game.session import SessionError, slot_summaries
from game.webapp import context
from game.webapp.context import page, require_session
from game.webapp.pages import _panel_page, _record, _situation, _where
from game.webapp.story_html import inline, prose

routes = web.RouteTableDef()


@routes.get("/journal")
async def journal(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    entries = current.journal()
    story = current.story
    return page(
        request,
        "journal.html",
        "Journal",
        entries=[(entry, panel.verdict(entry)) for entry in entries],
        comparison=panel.comparison(entries),
        reflection=panel.REFLECTION,
        html=lambda text: inline(text, story, links=False).html,
    )


@routes.get(r"/journal/{number:\d{1,4}}")
async def journal_entry(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    entries = current.journal()
    number = int(request.match_info["number"])
    if not 1 <= number <= len(entries):
        raise web.HTTPNotFound(text="There is no such decision in your journal.")
    return _panel_page(
        request, current, entries[number - 1], number, back="/journal", back_words="Back to the journal"
    )


@routes.get("/glossary")
async def glossary(request: web.Request) -> web.StreamResponse:
    story = context.state(request).story
    terms = sorted(story.glossary.values(), key=lambda term: term.term.casefold())
    return page(request, "glossary.html", "Glossary", terms=terms)


@routes.get("/timeline")
async def timeline(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    story = current.story
    entries = [
        (
            entry,
            plain_line(entry.text),
            panel.Citation(Source(entry.quote, entry.cite or ""), panel.short_cite(story, entry.cite or ""))
            if entry.quote
            else None,
        )
        for entry in current.reached_timeline()
    ]
    return page(request, "timeline.html", "Timeline", entries=entries)


@routes.get("/situation")
async def situation(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    return page(
        request, "situation.html", "Your situation", situation=_situation(current), where=_where(current)
    )


@routes.get("/about")
async def about(request: web.Request) -> web.StreamResponse:
    story = context.state(request).story
    return page(
        request,
        "about.html",
        "About",
        about=prose(story.about, story, links=False).html,
        references=[reference.full for reference in story.references],
    )


@routes.get("/saves")
async def saves(request: web.Request) -> web.StreamResponse:
    return _saves_page(request)


def _saves_page(request: web.Request, message: str = "", status: int = 200) -> web.Response:
    where = context.folder(request)
    if where is None:
        raise web.HTTPSeeOther("/join")
    web_state = context.state(request)
    current = web_state.games.session(where)
    slots = slot_summaries(web_state.story, web_state.games.store(where))
    return page(
        request,
        "saves.html",
        "Saved games",
        status=status,
        current=current,
        where=_where(current) if current is not None else "",
        slots=slots,
        message=message,
    )


@routes.post("/save")
async def save(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    form = await request.post()
    name = " ".join(str(form.get("name", "")).split())[:60]
    if not name:
        return _saves_page(request, "Type a name for the save.", status=400)
    try:
        current.save(name)
    except SessionError as err:
        return _saves_page(request, str(err), status=409)
    return _saves_page(request, f"Saved as “{name}”.")


@routes.post("/load")
async def load(request: web.Request) -> web.StreamResponse:
    where = context.folder(request)
    if where is None:
        raise web.HTTPSeeOther("/join")
    form = await request.post()
    try:
        loaded = context.state(request).games.load(where, str(form.get("slot", "")))
    except (SessionError, SaveError) as err:
        return _saves_page(request, str(err), status=409)
    await _record(request, loaded)
    raise web.HTTPSeeOther("/play")
