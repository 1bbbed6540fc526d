"""The one reader of the game's own JSON files: saves and results files.

A save or a results file may come from anywhere (a student's USB stick, a file edited by
hand, a newer version of the game, a disk that filled up mid-write), so reading one never
raises anything but :class:`Unreadable`, whose ``reason`` says in plain words what is
wrong.  :func:`parse` takes a file's bytes to a checked document:

* at most :data:`MAX_FILE_BYTES` are read (:func:`read_bytes`);
* the text must be UTF-8, and a file that ends mid-document is told apart from one that is
  damaged (a truncated write says "cut short");
* the JSON is strict: no ``NaN`` or ``Infinity``, numbers of at most :data:`MAX_DIGITS`
  digits, at most :data:`MAX_DEPTH` levels of nesting;
* every string (keys too) is made safe to show with :func:`game.safe_text.printable`
  (an escape sequence or a lone surrogate in a save's name reaches no terminal);
* the ``format`` marker and the version are checked, and a file written by a newer version
  of the game is reported as such (``newer_version``) so that nothing overwrites it.

The formats' own fields are then read with :func:`take` and :func:`moment`, which report
a missing or wrong field with the same kind of reason.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.safe_text import printable

MAX_FILE_BYTES = 2_000_000
"""A save or a results file is a few kilobytes; anything far larger is not one (and is not read whole)."""

MAX_DEPTH = 32
"""Levels of nesting a document may have (the formats use five at most)."""

MAX_DIGITS = 15
"""Digits a number may have: no count the game keeps comes near 10**15."""

EARLIEST_YEAR, LATEST_YEAR = 1000, 9998
"""Times outside these years are refused: shown in local time, they would overflow the calendar."""

FORMATS = {"moscow1921-save": "a saved game", "moscow1921-results": "a results file"}
"""Every ``format`` marker the game writes, and what a file carrying it is."""


class Unreadable(Exception):
    """Why a file is not a document of the kind asked for; it is left exactly as it was."""

    def __init__(self, reason: str, *, newer_version: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer_version = newer_version
        """Written by a newer version of the game: to be kept, never overwritten."""


@dataclass(frozen=True, slots=True)
class DocumentFormat:
    """A kind of file: how its files are marked and versioned, and how messages name it."""

    marker: str
    """The ``format`` every file of this kind carries."""
    noun: str
    """What one file is called: ``save``, ``results file``."""
    version_key: str
    """The field holding the oldest format version that can read the file."""
    newest: int
    """The newest version of ``version_key`` this game reads."""
    format_name: str
    """How the format is named beside its number: ``save format 3``."""
    use: str
    """What the player does with one: ``load``, ``read``."""
    cut_short: str
    """How a file can end early, in a few words (``the game may have stopped while saving``)."""
    shown_version_key: str = ""
    """A field that states the version better to a player (the format written), if any."""


class _TooLong(Exception):
    pass


class _NotJSON(Exception):
    pass


class _TooDeep(Exception):
    pass


def _int(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_DIGITS:
        raise _TooLong
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _TooLong
    return value


def _constant(name: str) -> object:
    raise _NotJSON(name)


_PARTIAL_SCALAR = re.compile(r"t|tr|tru|f|fa|fal|fals|n|nu|nul|-?[0-9.eE+-]*")


def _is_cut_short(text: str, err: json.JSONDecodeError) -> bool:
    """Whether the JSON error is the end of the file arriving mid-document (a truncated write)."""
    tail = text[err.pos :].rstrip()
    return err.msg.startswith("Unterminated string") or _PARTIAL_SCALAR.fullmatch(tail) is not None


def read_bytes(path: Path, fmt: DocumentFormat) -> bytes:
    """The bytes of ``path``, refusing a file far too large to be one; ``OSError`` if it
    cannot be read (each caller words that its own way)."""
    with Path(path).open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"not a Moscow 1921 {fmt.noun} (far too large to be one)")
    return data


def parse(data: bytes, fmt: DocumentFormat) -> dict[str, Any]:
    """Check a file's bytes and return its document (see the module's notes), or raise :class:`Unreadable`."""
    if not data.strip():
        raise Unreadable(f"the file is empty ({fmt.cut_short})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.end == len(data):
            raise Unreadable(f"the file is cut short ({fmt.cut_short})") from None
        raise Unreadable(f"not a Moscow 1921 {fmt.noun} (it is not UTF-8 text)") from None
    not_one = f"not a Moscow 1921 {fmt.noun}"
    try:
        doc = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as err:
        if _is_cut_short(text, err):
            raise Unreadable(f"the file is cut short ({fmt.cut_short})") from None
        raise Unreadable(
            f"{not_one} (not valid JSON: {err.msg} at line {err.lineno}, column {err.colno})"
        ) from None
    except _NotJSON as err:
        raise Unreadable(f"{not_one} (not valid JSON: {err} is not a number JSON allows)") from None
    except _TooLong:
        raise Unreadable(f"{not_one} (a number in it is far too large)") from None
    except RecursionError:
        raise Unreadable(f"{not_one} (nested too deeply)") from None
    return checked(doc, fmt)


def checked(doc: object, fmt: DocumentFormat) -> dict[str, Any]:
    """Check a parsed document's nesting, format and version; its strings made safe to show."""
    try:
        safe = _safe(doc, 0)
    except _TooDeep:
        raise Unreadable(f"not a Moscow 1921 {fmt.noun} (nested too deeply)") from None
    marker = safe.get("format") if isinstance(safe, dict) else None
    if not isinstance(safe, dict) or marker != fmt.marker:
        if isinstance(marker, str) and marker in FORMATS:
            raise Unreadable(f"this is {FORMATS[marker]}, not a {fmt.noun}")
        raise Unreadable(f"not a Moscow 1921 {fmt.noun}")
    version = safe.get(fmt.version_key)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Unreadable(f"the file is damaged: its '{fmt.version_key}' is missing or not a whole number")
    if version > fmt.newest:
        shown = safe.get(fmt.shown_version_key, version) if fmt.shown_version_key else version
        raise Unreadable(
            f"written by a newer version of Moscow 1921 ({fmt.format_name} "
            f"{shown if _is_int(shown) else version}); update the game to {fmt.use} it",
            newer_version=True,
        )
    return safe


def _safe(value: object, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _TooDeep
    if isinstance(value, str):
        return printable(value, newlines=False)
    if isinstance(value, list | tuple):
        return [_safe(item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        return {printable(str(key), newlines=False): _safe(item, depth + 1) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        raise Unreadable("the file is damaged: it holds a number that is not finite")
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_KIND_WORDS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    Mapping: "an object",
    type(None): "null",
}


def take(doc: Mapping[str, Any], key: str, types: Any, label: str | None = None) -> Any:
    """``doc[key]`` if it is of ``types`` (a type or a tuple of them; ``int`` excludes true/false),
    else :class:`Unreadable` naming the field as ``label`` (default: the key)."""
    label = label or key
    if key not in doc:
        raise Unreadable(f"the file is damaged: '{label}' is missing")
    value = doc[key]
    kinds = types if isinstance(types, tuple) else (types,)
    if not any(_is_int(value) if k is int else isinstance(value, k) for k in kinds):
        wanted = " or ".join(_KIND_WORDS.get(k, k.__name__) for k in kinds)
        raise Unreadable(f"the file is damaged: '{label}' should be {wanted}")
    return value


def moment(text: str, label: str) -> datetime:
    """An ISO 8601 time from a document, in UTC (a time without a zone is taken as UTC)."""
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        utc = parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise Unreadable(f"the file is damaged: '{label}' is not a date and time") from None
    if not EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
        raise Unreadable(
            f"the file is damaged: '{label}' is not a date and time between the years "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}"
        )
    return utc
