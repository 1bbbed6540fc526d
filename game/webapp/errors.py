"""The web edition's own pages for what went wrong: a wrong address (404), a wrong method (405),
a refused form (403), a failure on the server (500).

aiohttp answers these with a line of plain text ("404: Not Found"); here every one becomes a
page of the game (its layout, language, one ``h1``, the menu and a link home) with the same
status, in plain words.  A refusal that already says why (``raise web.HTTPForbidden(text=...)``)
keeps its words.  A failure is logged with its traceback for whoever runs the server; the
player is told only that the page could not be shown, never the error itself.

The middleware runs inside the player's identification (the page's form token needs the player)
and inside the security headers (every error page carries them too).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from game.webapp.context import problem

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

log = logging.getLogger("moscow1921.web")

HOME_WORDS = "Go to the start page"

WORDS: dict[int, tuple[str, str]] = {
    400: ("This request could not be read", "The server could not make sense of what your browser sent."),
    403: ("Not allowed", "This server does not accept that request."),
    404: (
        "There is no such page",
        "Nothing in this game is at that address. It may have been mistyped, or the link was old.",
    ),
    405: (
        "This page is not opened that way",
        "That address takes a form sent from one of the game's pages (a choice, a save), not a visit.",
    ),
    413: ("Too much was sent", "What your browser sent is larger than any form of this game needs."),
    500: (
        "This page could not be shown",
        "Something went wrong on the server. Your game is saved after every choice, so nothing you have "
        "is lost: go back and try again.",
    ),
}
"""Each status's heading and sentence (a status not listed gets its nearest hundred's)."""


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as raised:
        if raised.status < 400:  # a redirect
            raise
        return _page(request, raised.status, _own_words(raised), raised)
    except Exception:
        log.exception("moscow1921 serve: %s %s failed", request.method, request.path)
        return _page(request, 500, None, None)


def _own_words(raised: web.HTTPException) -> str | None:
    """The text a refusal was raised with, unless it is aiohttp's default ("404: Not Found")."""
    text = (raised.text or "").removeprefix("Moscow 1921: ")
    if not text or text == f"{raised.status}: {raised.reason}":
        return None
    return text[0].upper() + text[1:]


def _page(
    request: web.Request, status: int, text: str | None, raised: web.HTTPException | None
) -> web.StreamResponse:
    heading, sentence = WORDS.get(status) or WORDS[500 if status >= 500 else 400]
    try:
        shown = problem(
            request, heading, text or sentence, status, back="/", back_words="Go to the start page"
        )
    except Exception:  # the page itself could not be made: say it in one line, never a traceback
        log.exception("moscow1921 serve: the error page for %s failed", request.path)
        shown = web.Response(status=status, text=f"Moscow 1921: {heading}. {sentence}")
    if raised is not None and "Allow" in raised.headers:  # a 405 says which methods the address takes
        shown.headers["Allow"] = raised.headers["Allow"]
    return shown
