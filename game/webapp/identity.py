"""Who is playing: an opaque cookie names the player, and a token guards every form.

The cookie (:data:`COOKIE`) holds the player's id, encrypted and signed with the server's
secret key (a Fernet token, from the ``cryptography`` package: AES in CBC mode with an HMAC
over it, dated): a browser can neither read what it says, nor forge one, nor change it, and
one not signed for :data:`LIFETIME_S` is refused.  It is HttpOnly and SameSite=Lax: a link
from elsewhere still opens the player's own game, but no other site's form or script can send it.

* In plain play the id is a random token; the player's saves live in the folder that
  :func:`browser_home` names from it (a hash of the token, never anything the browser sent).
* In a live class, once the student is in (:mod:`game.classroom.joining`), the cookie also
  names the student and the tab the class database gave them (inside the encryption: the
  student's name is not written on the browser in the clear).

Every form carries :func:`Signer.csrf_token`, an HMAC of the cookie's id with a key of its own
(the page shows neither the id nor anything it can be read from); a POST whose token does not
match its cookie is refused (the server also checks the request's ``Origin``: see
:mod:`game.webapp.server`).

A cookie of the version before (signed by itsdangerous, readable) is still read once, and the
answer carries the opaque one in its place, so no browser loses its game to the change.

The secret key is :data:`SECRET_ENV` if set (several servers behind one address must share it),
else a random key kept in the data folder (``web-secret``, readable by its owner only), so
cookies stay valid across restarts; the cookie's and the forms' keys are derived from it (HKDF).
No aiohttp here.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadSignature, URLSafeTimedSerializer

from game import locations, web_tabs
from game.classroom.classdb import Student

COOKIE = "moscow1921"
LIFETIME_S = 30 * 24 * 3600
"""How long a browser's game is found again after its last visit (the cookie's own lifetime)."""
REFRESH_S = 24 * 3600
"""A cookie older than this is signed afresh with the next page (younger ones are sent as they are)."""
SECRET_ENV = "MOSCOW1921_WEB_SECRET"
SECRET_FILE = "web-secret"
SESSIONS = web_tabs.SESSIONS

_TOKEN = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Player:
    """The player a request comes from: a browser's token, and in a live class the student."""

    token: str
    student: Student | None = None
    klass: str = ""  # the class's name key, when ``student`` is set

    def in_class(self, klass: str) -> Student | None:
        """The student this browser joined ``klass`` as (None for another class, or none)."""
        return self.student if self.student is not None and self.klass == klass else None


def new_player() -> Player:
    return Player(secrets.token_hex(16))


def browser_home(token: str) -> Path:
    """The data folder of the browser holding ``token`` in plain play: the folder the terminal
    look's ``serve`` names the same way (:mod:`game.web_tabs`: ``browser-sessions/<hash>``), so
    its clean-up keeps a folder while its browser comes back and removes it a month after."""
    if _TOKEN.fullmatch(token) is None:
        raise ValueError("not a browser token")
    return web_tabs.session_home(web_tabs.folder_id(token))


def seen(token: str) -> None:
    """The browser holding ``token`` has come back: its folder is kept another month."""
    web_tabs.touch(web_tabs.folder_id(token))


def secret_key() -> bytes:
    """The key cookies and tokens are signed with (see the module's doc)."""
    given = os.environ.get(SECRET_ENV, "")
    if given:
        return given.encode("utf-8")
    path = locations.data_dir() / SECRET_FILE
    with contextlib.suppress(FileNotFoundError):
        key = path.read_bytes().strip()
        if len(key) >= 32:
            return key
        path.unlink()  # too short to be ours: replace it (every old cookie is refused)
    key = secrets.token_hex(32).encode("ascii")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server process made it a moment ago: use theirs
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return key


class Signer:
    """Makes and reads the player cookie, and the forms' tokens, with one secret key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(key, b"moscow1921.player cookie")))
        self._form_key = _derive(key, b"moscow1921.form token")
        self._legacy = URLSafeTimedSerializer(key, salt="moscow1921.player")
        self._read: dict[str, tuple[Player, float]] = {}  # cookie -> (its player, when it was made)

    def cookie(self, player: Player) -> str:
        data: dict[str, Any] = {"t": player.token}
        if player.student is not None:
            student = player.student
            data["s"] = [student.id, student.name, student.folder, student.tab]
            data["c"] = player.klass
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def player(self, cookie: str | None) -> Player | None:
        """The player a cookie names, or None if it is missing, forged, damaged or too old."""
        return self.read(cookie)[0]

    def read(self, cookie: str | None) -> tuple[Player | None, float]:
        """The player a cookie names (None as :meth:`player` says) and the cookie's age in seconds
        (a cookie of the version before is given an age past :data:`REFRESH_S`, so the answer
        replaces it)."""
        if not cookie or len(cookie) > MAX_COOKIE:
            return None, 0.0
        known = self._read.get(cookie)
        if known is not None:  # read before (a browser sends the same cookie for a day)
            age = time.time() - known[1]
            if age <= LIFETIME_S:
                return known[0], max(0.0, age)
            del self._read[cookie]
            return None, 0.0
        token = cookie.encode("ascii", "replace")
        try:
            text = self._fernet.decrypt(token, ttl=LIFETIME_S)
        except InvalidToken:  # forged, damaged, too old, or of the version before
            return self._read_legacy(cookie), REFRESH_S + 1.0
        made = self._fernet.extract_timestamp(token)
        try:
            found = _player(json.loads(text))
        except ValueError:
            return None, 0.0
        if found is not None:
            if len(self._read) >= READ_CACHE:
                self._read.clear()
            self._read[cookie] = (found, made)
        return found, max(0.0, time.time() - made)

    def _read_legacy(self, cookie: str) -> Player | None:
        try:
            data = self._legacy.loads(cookie, max_age=LIFETIME_S)
        except BadSignature:  # SignatureExpired is one
            return None
        return _player(data)

    def csrf_token(self, player: Player) -> str:
        return hmac.new(self._form_key, player.token.encode("ascii"), hashlib.sha256).hexdigest()

    def csrf_ok(self, player: Player, token: str | None) -> bool:
        if not token:
            return False
        return hmac.compare_digest(self.csrf_token(player).encode("ascii"), token.encode("utf-8", "replace"))


READ_CACHE = 10_000
"""Cookies whose player is kept once read (the check of a cookie seen before is a dict look-up,
not a decryption; a cookie is only ever cached after it was verified)."""
MAX_COOKIE = 4096
"""A longer cookie is none of ours (a browser keeps at most about this much per cookie)."""


def _derive(key: bytes, purpose: bytes) -> bytes:
    """32 bytes of key for one purpose, derived from the server's secret (HKDF with SHA-256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def _player(data: object) -> Player | None:
    """The player in a cookie's (signed, so ours) data; None for a shape this version does not write."""
    if not isinstance(data, dict) or not isinstance(data.get("t"), str) or not _TOKEN.fullmatch(data["t"]):
        return None
    shown = data.get("s")
    if shown is None:
        return Player(data["t"])
    klass = data.get("c")
    if not (isinstance(shown, list) and len(shown) == 4 and isinstance(klass, str)):
        return None
    student_id, name, folder, tab = shown
    if not (isinstance(student_id, int) and all(isinstance(part, str) for part in (name, folder, tab))):
        return None
    return Player(data["t"], Student(student_id, name, folder, tab, returning=True), klass)
