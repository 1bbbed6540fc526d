"""``moscow1921 serve``: the game in web browsers, one process (and one set of saves) per tab."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path


def command_line(scenes: Path) -> str:
    """The command textual-serve runs for every browser tab: an isolated game of its own."""
    parts = [sys.executable, "-m", "game", "play", "--isolated", "--scenes", str(scenes.resolve())]
    return " ".join(shlex.quote(part) for part in parts)


def serve(scenes: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    from textual_serve.server import Server

    server = Server(command_line(scenes), host=host, port=port, title="Moscow 1921")
    server.serve()
    return 0
