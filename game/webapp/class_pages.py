"""A live class's door: a student joins by name and the code they were given (see
game.classroom.joining); until then every game page leads here."""

from __future__ import annotations

from aiohttp import web

routes = web.RouteTableDef()
