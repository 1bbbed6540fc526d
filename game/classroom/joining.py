"""Who may play as whom in a live class: the one rule every front end uses to let a student in.

A student's game can be continued only by that student.  On first joining, a student is
given a **code** of :data:`CODE_DIGITS` digits, shown once, to write down; whoever types that
name again (in another tab, after a reload, next lesson) must type the code too.  Why a code the
game makes, not a word the student chooses: a 14-year-old asked for a "secret word" picks their
own name, ``password`` or their school password (which we would then hold); a code the game
draws is never guessable from the name, the same length for everyone, made only of digits that
read the same on any keyboard or phone, and as easy to copy into an exercise book as a phone
number.  A forgotten code is released by the teacher on the dashboard (:func:`release`): for
:data:`RELEASE_S` seconds the next join with that name needs no code and is given a new one.

Names are compared by :func:`~game.classroom.class_names.name_key` (Unicode compatibility forms,
case and spacing folded), so ``ANNA K``, ``  anna   K `` and ``Ａｎｎａ Ｋ`` are one student
and one code guards them all.  After :data:`MAX_FAILURES` wrong codes for a name, that name
can be tried again only after :data:`FAILURE_PAUSE_S` seconds (a classmate guessing gets five
tries a minute against a million codes).  Only a salted scrypt hash of each code is stored.

A student joining with the right code while another tab plays as them takes the game over:
that tab is told at its next heartbeat or record (:class:`~game.classroom.classdb.Superseded`)
and stops; nobody without the code ever gets in.

The web edition and the terminal's class mode both call :func:`join`; nothing here imports
Textual.  Every call is a few short transactions; the slow part (hashing a code, about
50 ms) is done outside any of them.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import os
import secrets
import unicodedata
from dataclasses import dataclass

from game.classroom.class_names import clean_student_name, name_key
from game.classroom.classdb import ClassDB, ClassDBError, Student

CODE_DIGITS = 6
MAX_FAILURES = 5
"""Wrong codes for one name before that name must wait (see :data:`FAILURE_PAUSE_S`)."""
FAILURE_PAUSE_S = 60.0
RELEASE_S = 600.0
"""How long a code released by the teacher stays released (the student joins within it)."""

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
"""scrypt's interactive-login cost (16 MB, some tens of milliseconds)."""


class Outcome(enum.Enum):
    """What became of a request to join."""

    NEW = "new"
    """A name never seen in this class: the student is in, with a new code to write down."""
    RENEWED = "renewed"
    """The teacher had released this name's code: the student is back in their game, with a new code."""
    RESUMED = "resumed"
    """The right code: the student is back in their game."""
    NEEDS_CODE = "needs code"
    """This name has joined before: ask for its code."""
    WRONG_CODE = "wrong code"
    TOO_MANY = "too many"
    """Too many wrong codes for this name lately; nothing was checked."""
    BAD_NAME = "bad name"
    """The name cannot be used (empty, too long, control characters); the message says why."""


@dataclass(frozen=True, slots=True)
class JoinResult:
    """The answer to :func:`join`; ``student`` is set exactly when the student is in."""

    outcome: Outcome
    name: str
    """The name as stored and shown (the first spelling this class saw), or as typed if refused."""
    message: str
    """One or two sentences for the student (plain text, markup off)."""
    student: Student | None = None
    code: str | None = None
    """A new code to show the student once (NEW and RENEWED only); it is stored only as a hash."""
    took_over: bool = False
    """Another tab was playing as this student; it stops (it is told at its next heartbeat)."""

    @property
    def joined(self) -> bool:
        return self.student is not None


def join(db: ClassDB, name: str, code: str | None = None) -> JoinResult:
    """Let the student called ``name`` into the class, if they may: see the module's doc.

    ``code`` is what the student typed (None before they have been asked).  Raises
    :class:`ClassDBError` only if the class database cannot be read or written.
    """
    try:
        shown = clean_student_name(name)
    except ClassDBError as err:
        return JoinResult(Outcome.BAD_NAME, name, _sentence(str(err)))
    key = name_key(shown)
    found = db.find_student(key)
    if found is None:
        new_code = new_code_text()
        student = db.add_student(shown, key, hash_code(new_code))
        if student is not None:
            return JoinResult(Outcome.NEW, student.name, f"Welcome, {student.name}.", student, new_code)
        found = db.find_student(key)  # another tab took this name a moment ago
        if found is None:  # pragma: no cover - a student is never deleted
            raise ClassDBError(f"the student {shown!r} vanished while joining; try again")
    now = db.now()
    took_over = found.connected(now)
    if found.secret is None or (found.released is not None and now - found.released <= RELEASE_S):
        new_code = new_code_text()
        student = db.claim(found, hash_code(new_code), renew=True)
        if student is not None:
            return JoinResult(
                Outcome.RENEWED,
                student.name,
                f"Welcome back, {student.name}: your game goes on where you stopped.",
                student,
                new_code,
                took_over,
            )
        found = db.find_student(key) or found  # someone renewed it first: their code now guards it
    if found.failures >= MAX_FAILURES and found.failed_at is not None:
        wait = FAILURE_PAUSE_S - (now - found.failed_at)
        if wait > 0:
            return JoinResult(
                Outcome.TOO_MANY,
                found.name,
                f"Too many wrong codes for {found.name}. Wait {max(1, round(wait))} seconds and try "
                "again, or ask your teacher to release your code.",
            )
    if code is None or not normal_code(code):
        return JoinResult(
            Outcome.NEEDS_CODE,
            found.name,
            f"{found.name} has joined this class before. Type the {CODE_DIGITS}-digit code you were "
            "given. Not you? Go back and add your surname or its first letter.",
        )
    if found.secret is None or not code_matches(normal_code(code), found.secret):
        db.note_failure(found)
        return JoinResult(
            Outcome.WRONG_CODE,
            found.name,
            f"That is not the code for {found.name}. Check what you wrote down; if it is lost, "
            "ask your teacher to release your code.",
        )
    student = db.claim(found, found.secret, renew=False)
    if student is None:
        return JoinResult(
            Outcome.NEEDS_CODE,
            found.name,
            f"The code for {found.name} has just changed. Type the new one.",
        )
    return JoinResult(
        Outcome.RESUMED,
        student.name,
        f"Welcome back, {student.name}: your game goes on where you stopped.",
        student,
        took_over=took_over,
    )


def release(db: ClassDB, name: str) -> str | None:
    """The teacher releases the code of the student called ``name`` (for :data:`RELEASE_S` seconds):
    returns the student's name as stored, or None if no student of that name joined."""
    try:
        key = name_key(clean_student_name(name))
    except ClassDBError:
        return None
    found = db.find_student(key)
    if found is None:
        return None
    db.release_secret(found)
    return found.name


# ------------------------------------------------------------------ codes


def new_code_text() -> str:
    """A new code: :data:`CODE_DIGITS` random digits (from the system's secure source)."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def shown_code(code: str) -> str:
    """A code as the student reads it: ``482 913``."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def normal_code(text: str) -> str:
    """The digits of what the student typed (full-width digits too; spaces and dashes ignored);
    empty if it is not a code at all."""
    folded = unicodedata.normalize("NFKC", text)
    digits = "".join(ch for ch in folded if ch not in " -.\u00a0\t")
    return digits if len(digits) == CODE_DIGITS and digits.isascii() and digits.isdigit() else ""


def hash_code(code: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) of a code: what the class database stores."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(code.encode("ascii"), salt=salt, dklen=32, **_SCRYPT)
    parts = ("scrypt", str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]), _b64(salt), _b64(digest))
    return "$".join(parts)


def code_matches(code: str, stored: str) -> bool:
    """Whether ``code`` is the code whose hash is ``stored`` (False for a damaged hash)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(
            code.encode("ascii"),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(want),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
