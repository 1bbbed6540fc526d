"""Which saves folder a browser plays in under plain ``moscow1921 serve``, and clearing out the
folders nobody can return to.  No aiohttp here.

A browser is given a cookie holding a random token (:data:`COOKIE`, 128 bits, HttpOnly,
SameSite=Strict) the first time it loads the page; every game it opens plays in
``browser-sessions/<sha256 of the token>`` in the data folder, so a reloaded (or closed and
reopened) tab returns to the same game.  The folder's name is a hash of the token, never the
token or anything else the browser sent.  A browser that keeps no cookies plays in a folder of
its own that is removed when its game ends (nobody could return to it).  Folders of browsers
not seen for :data:`LIFETIME_S` (the cookie's own lifetime) are removed, and so are folders left
by older versions of the game (named otherwise: nobody can return to them either).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from game import locations

COOKIE = "moscow1921_tab"
LIFETIME_S = 30 * 24 * 3600
"""How long a browser's cookie (and so its game) is kept after its last visit."""
SESSIONS = "browser-sessions"

_TOKEN = re.compile(r"[0-9a-f]{32}")
_FOLDER = re.compile(r"[0-9a-f]{64}")


def new_token() -> str:
    return secrets.token_hex(16)


def valid_token(value: str | None) -> str | None:
    """The token if ``value`` is one this server could have issued, else None."""
    return value if value is not None and _TOKEN.fullmatch(value) else None


def folder_id(token: str) -> str:
    """The name of a browser's saves folder: a hash of its token."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def sessions_root() -> Path:
    return locations.data_dir() / SESSIONS


def session_home(identity: str) -> Path:
    """The data folder of the game played as ``identity`` (a :func:`folder_id`); anything else is refused."""
    if _FOLDER.fullmatch(identity) is None:
        raise ValueError(f"{identity!r} is not a browser session")
    return sessions_root() / identity


def touch(identity: str) -> None:
    """This browser has just been seen: its folder is kept for another :data:`LIFETIME_S`."""
    home = session_home(identity)
    home.mkdir(parents=True, exist_ok=True)
    os.utime(home)


def forget(identity: str) -> None:
    """Remove a folder nobody can return to (a browser that keeps no cookies)."""
    _remove(session_home(identity))


def clean(in_use: set[str], now: float | None = None) -> list[str]:
    """Remove the folders under ``browser-sessions`` that no browser can return to: not named as
    this version names them, or not seen for :data:`LIFETIME_S`; never one in ``in_use``.
    Returns the names removed."""
    root = sessions_root()
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    removed = []
    for entry in root.iterdir():
        if entry.name in in_use or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            stale = now - entry.stat().st_mtime > LIFETIME_S
        except OSError:
            continue
        if _FOLDER.fullmatch(entry.name) is None or stale:
            _remove(entry)
            removed.append(entry.name)
    return removed


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)
