"""The end of a game and what a player takes away: the debrief and the results file, as downloads.

Both files are made from the session and sent to the player's own browser (nothing is written
on the server); in a live class they are named with the student's name.
"""

from __future__ import annotations

from aiohttp import web

from game import locations
from game.classroom.results import ResultsError, results_file_name, results_from_session
from game.engine import panel
from game.webapp import context
from game.webapp.context import page, problem, require_session
from game.webapp.pages import _where

routes = web.RouteTableDef()


def _download(text: str, file_name: str, content_type: str) -> web.Response:
    response = web.Response(text=text, content_type=content_type, charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _student_name(request: web.Request) -> str | None:
    room = context.state(request).room
    student = room.student(context.player(request)) if room is not None else None
    return student.name if student is not None else None


@routes.get("/debrief")
async def debrief(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    entries = current.journal()
    return page(
        request,
        "debrief.html",
        "Your debrief",
        where=_where(current),
        entries=[(entry, panel.verdict(entry)) for entry in entries],
        comparison=panel.comparison(entries),
        reflection=panel.REFLECTION,
    )


@routes.get("/debrief.md")
async def debrief_file(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    return _download(
        current.debrief_markdown(), current.debrief_file_name(_student_name(request)), "text/markdown"
    )


@routes.get("/results")
async def results(request: web.Request) -> web.StreamResponse:
    require_session(request)
    return page(request, "results.html", "Results for your teacher")


@routes.get("/results.json")
async def results_file(request: web.Request) -> web.StreamResponse:
    _, current = require_session(request)
    name = _student_name(request) or request.query.get("name") or None
    try:
        made = results_from_session(current, name, started=current.started_at)
    except ResultsError as err:
        return problem(request, "No results file", str(err), 500, back="/results", back_words="Back")
    file_name = results_file_name(made)
    if _student_name(request):
        file_name = file_name.replace("results-", f"results-{locations.file_stem(name or '', 'student')}-", 1)
    current.results_written()  # handed in: nothing is written on the server, the file is the student's
    return _download(made.to_json(), file_name, "application/json")
