"""``moscow1921 serve`` (without ``--terminal``): the web edition, for plain play or a live class."""

from __future__ import annotations

import argparse
import sys

from game.engine.model import Story

PLAY_NOTES = (
    "Each browser has a game of its own, kept in this machine's data folder:",
    "a reloaded, closed or reopened tab carries on the same game.",
)


def serve_web(story: Story, args: argparse.Namespace) -> int:
    from game.webapp.server import serve

    if args.class_name:
        from game.webapp.class_records import open_room

        room, notes, problem = open_room(args.class_name)
        if room is None:
            print(f"moscow1921 serve: {problem}", file=sys.stderr)
            return 1
        try:
            return serve(
                story, args.host, args.port, allow_origins=args.allow_origins, room=room, notes=notes
            )
        finally:
            room.close()
    return serve(story, args.host, args.port, allow_origins=args.allow_origins, notes=PLAY_NOTES)
