"""Save slots and the autosave, as JSON files in one folder.

The engine serialises its own state to a plain dict; this module only stores such
dicts safely.  It never imports the UI, never unpickles anything, and never
deletes or rewrites a file just because it could not read it.

Slot names are the player's own text and never become paths: a name maps to a
file name made of a short ASCII slug (for people browsing the folder) and a hash
of the exact name (for uniqueness), and the display name is stored inside the
file.  The autosave has a reserved file name that no slot name can map to.

Every write goes to a temporary file in the same folder, is flushed to disk, and
then atomically replaces the old file, so a crash leaves either the old save or
the new one, never half of one.  A temporary file (``.<name>.<random>.tmp``) left by a
game killed while saving is ignored, and removed the next time the folder is opened
(only a stale one: never a file another running game is writing).

The autosave of a newer version of the game is never overwritten: while ``autosave.json``
holds one, this version keeps its own autosave in ``autosave-v1.json`` beside it, so a new
game can always be started and the newer version still finds its game.

Reading is done by :mod:`game.documents`, the one reader of the game's JSON files: a
file that is not a save, or is damaged, or holds hostile values (nesting a million deep,
a number of thousands of digits, a date outside the calendar, an escape sequence or a
lone surrogate in its name) is listed with its reason and never raises past the reader.

File format (UTF-8 JSON, sorted keys, indented)::

    {"format": "moscow1921-save", "save_version": 1, "min_reader_version": 1,
     "name": "...", "saved_at": "<ISO-8601 UTC>", "meta": {...}, "state": {...}}

``min_reader_version`` is the oldest reader that can load the file; a reader
older than that reports the save as written by a newer version instead of
guessing at it, as ink does with its state's minimum compatible version.
"""

from __future__ import annotations

import builtins
import contextlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game import documents
from game.atomic import TEMP_SUFFIX, fsync_directory, remove_stale_temporaries, write_atomic
from game.documents import DocumentFormat, Unreadable, moment, take
from game.locations import file_stem
from game.safe_text import printable

SAVE_FORMAT = "moscow1921-save"
"""The ``format`` marker every save file carries."""

SAVE_VERSION = 1
"""The save format version this module writes."""

READER_VERSION = 1
"""The newest ``min_reader_version`` this module can read."""

AUTOSAVE_FILE = "autosave.json"
"""The autosave's file name; slot files always end in ``-<hash>.json``, so no slot can take it."""

OWN_AUTOSAVE_FILE = f"autosave-v{SAVE_VERSION}.json"
"""Where this version autosaves while ``autosave.json`` holds a newer version's game (kept untouched)."""

AUTOSAVE_FILES = (AUTOSAVE_FILE, OWN_AUTOSAVE_FILE)

AUTOSAVE_NAME = "Autosave"
"""The display name stored in the autosave file."""

SAVE_DOCUMENT = DocumentFormat(
    marker=SAVE_FORMAT,
    noun="save",
    version_key="min_reader_version",
    newest=READER_VERSION,
    format_name="save format",
    use="load",
    cut_short="the game may have stopped while saving",
    shown_version_key="save_version",
)
"""How :mod:`game.documents` reads a save."""


class SaveError(Exception):
    """A save could not be written, read or deleted; ``message`` says why, for the player (a
    name in it, typed or read from a file, is shown with its control characters neutralised)."""

    def __init__(self, message: str) -> None:
        message = printable(message, newlines=False)
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class SaveFile:
    """A save, read in full."""

    name: str
    saved_at: datetime
    meta: dict[str, Any]
    state: dict[str, Any]
    path: Path
    is_autosave: bool = False


@dataclass(frozen=True, slots=True)
class SlotInfo:
    """A readable save, as shown in a list of slots."""

    name: str
    saved_at: datetime
    meta: dict[str, Any]
    path: Path
    is_autosave: bool = False

    @property
    def sort_time(self) -> datetime:
        return self.saved_at


@dataclass(frozen=True, slots=True)
class BrokenSlot:
    """A file in the saves folder that cannot be loaded; it is left exactly as it was."""

    file_name: str
    message: str
    path: Path
    modified: datetime

    @property
    def sort_time(self) -> datetime:
        return self.modified


def where_words(role_name: object, chapter_title: object, date: object, sep: str = " · ") -> str:
    """Where a game is, in words, as every front end shows a save: "role · chapter · date".

    The date is left out when the chapter's title already says it ("1920: The hungry peace"
    and a scene dated "1920"), so no line reads the same year twice; empty parts are dropped.
    """
    role, chapter, when = (str(part or "").strip() for part in (role_name, chapter_title, date))
    if when and when.casefold() in chapter.casefold():
        when = ""
    return sep.join(part for part in (role, chapter, when) if part)


def slot_file_name(name: str) -> str:
    """The file name that holds the slot called ``name`` (any text at all)."""
    return f"{file_stem(name, 'slot')}.json"


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class _Document:
    name: str
    saved_at: datetime
    meta: dict[str, Any]
    state: dict[str, Any]


def _parse(data: bytes) -> _Document:
    """Check a save file's bytes and return what it holds, or raise :class:`Unreadable`."""
    doc = documents.parse(data, SAVE_DOCUMENT)
    name = take(doc, "name", str)
    saved_at = moment(take(doc, "saved_at", str), "saved_at")
    return _Document(name, saved_at, dict(take(doc, "meta", Mapping)), dict(take(doc, "state", Mapping)))


def _read(path: Path) -> _Document:
    """The save in ``path``; :class:`OSError` if it cannot be read, :class:`Unreadable` if it is not one."""
    return _parse(documents.read_bytes(path, SAVE_DOCUMENT))


def _is_newer(path: Path) -> bool:
    """Whether ``path`` holds a save written by a newer version of the game."""
    try:
        _read(path)
    except Unreadable as why:
        return why.newer_version
    except OSError:
        return False
    return False


def _modified(path: Path) -> datetime:
    """When ``path`` was last written (the start of 1970 if the clock it carries is impossible)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, OverflowError, ValueError):
        return datetime.fromtimestamp(0, UTC)


_STATE_HERE = "\x00state\x00"
"""Stands in for a state given as JSON while the save around it is encoded."""
_STATE_JSON = json.dumps(_STATE_HERE)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a file apart from one written over it since (None: there is none)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


class SaveStore:
    """The save slots and the autosave in one folder (by default the user's saves folder)."""

    def __init__(self, directory: Path | None = None, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._directory = Path(directory) if directory is not None else None
        self._clock = clock
        self._opened = False
        self._written: dict[Path, tuple[int, int, int] | None] = {}  # file -> its stamp when we wrote it
        self._own_autosave_gone = False  # OWN_AUTOSAVE_FILE known to be absent since the last write

    @property
    def directory(self) -> Path:
        """The saves folder, created on first use (when a killed game's leftovers are removed)."""
        if self._directory is None:
            from game.locations import saves_dir

            self._directory = saves_dir()
        else:
            self._directory.mkdir(parents=True, exist_ok=True)
        if not self._opened:
            self._opened = True
            remove_stale_temporaries(self._directory)
        return self._directory

    def path_for(self, name: str) -> Path:
        """The file that holds (or would hold) the slot called ``name``."""
        return self.directory / slot_file_name(name)

    @property
    def autosave_path(self) -> Path:
        """The autosave this version reads and writes: ``autosave.json``, unless a newer version's
        game is in it (then :data:`OWN_AUTOSAVE_FILE`)."""
        shared = self.directory / AUTOSAVE_FILE
        if shared in self._written and self._written[shared] == _stamp(shared):
            return shared  # this store wrote it last: not a newer version's
        return self.directory / OWN_AUTOSAVE_FILE if _is_newer(shared) else shared

    # Writing

    def write(self, name: str, payload: dict[str, Any] | str, meta: dict[str, Any] | None = None) -> Path:
        """Save ``payload`` (the engine's state) in the slot called ``name``; return the file."""
        return self._write(self.path_for(name), name, payload, meta)

    def write_autosave(self, payload: dict[str, Any] | str, meta: dict[str, Any] | None = None) -> Path:
        """Replace the autosave with ``payload`` (a state's dict, or its JSON from ``to_json``), never
        a newer version's (see :attr:`autosave_path`).

        It is written after every choice, so it is quick: the state's JSON is not encoded
        again, the file is not read back when this store wrote it last, and it is synced to
        the disk a moment later (see :func:`game.atomic.write_atomic`)."""
        target = self._write(self.autosave_path, AUTOSAVE_NAME, payload, meta, durable=False)
        if target.name != AUTOSAVE_FILE:
            self._own_autosave_gone = False
        elif not self._own_autosave_gone:  # no newer version's game in the way: one autosave again
            with contextlib.suppress(OSError):
                (self.directory / OWN_AUTOSAVE_FILE).unlink()
            self._own_autosave_gone = True
        return target

    def _write(
        self,
        target: Path,
        name: str,
        payload: dict[str, Any] | str,
        meta: dict[str, Any] | None,
        *,
        durable: bool = True,
    ) -> Path:
        if self._written.get(target) != _stamp(target):
            self._refuse_to_clobber_newer(target, name)
        doc = {
            "format": SAVE_FORMAT,
            "save_version": SAVE_VERSION,
            "min_reader_version": 1,
            "name": name,
            "saved_at": self._clock().astimezone(UTC).isoformat(),
            "meta": dict(meta or {}),
            "state": _STATE_HERE if isinstance(payload, str) else payload,
        }
        try:
            text = json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
            if isinstance(payload, str):  # the state's own canonical JSON, spliced in as it is
                text = text.replace(_STATE_JSON, payload, 1)
            data = (text + "\n").encode("utf-8")
        except UnicodeEncodeError:
            raise SaveError(f"Could not save “{name}”: it holds text that cannot be stored.") from None
        try:
            write_atomic(target, data, durable=durable)
        except OSError as err:
            raise SaveError(f"Could not save “{name}”: {err.strerror or err}.") from None
        self._written[target] = _stamp(target)
        return target

    def _refuse_to_clobber_newer(self, target: Path, name: str) -> None:
        try:
            _read(target)
        except FileNotFoundError:
            return
        except OSError:
            return  # the write itself will report it if the folder is unusable
        except Unreadable as why:
            if why.newer_version:
                raise SaveError(
                    f"Could not save “{name}”: a newer version of Moscow 1921 wrote that slot; "
                    "choose another name."
                ) from None

    # Reading

    def read(self, name: str) -> SaveFile:
        """Load the slot called ``name``; raise :class:`SaveError` saying why not."""
        return self.read_path(self._existing_slot(name))

    def read_autosave(self) -> SaveFile:
        """Load the autosave; raise :class:`SaveError` if there is none or it is unreadable."""
        if not self.autosave_path.exists():
            raise SaveError("There is no autosave yet.")
        return self.read_path(self.autosave_path)

    def has_autosave(self) -> bool:
        return self.autosave_path.is_file()

    def read_path(self, path: Path) -> SaveFile:
        """Load the save in ``path``, a file of this folder (as listed by :meth:`list`)."""
        path = self._own_file(path)
        shown = printable(path.name, newlines=False)
        try:
            doc = _read(path)
        except FileNotFoundError:
            raise SaveError(f"The save file {shown} no longer exists.") from None
        except OSError as err:
            raise SaveError(f"Could not read the save file {shown}: {err.strerror or err}.") from None
        except Unreadable as why:
            raise SaveError(f"Could not load {shown}: {why.reason}.") from None
        return SaveFile(
            name=doc.name,
            saved_at=doc.saved_at,
            meta=doc.meta,
            state=doc.state,
            path=path,
            is_autosave=path.name in AUTOSAVE_FILES,
        )

    def exists(self, name: str) -> bool:
        return self.path_for(name).exists() or self._find_by_stored_name(name) is not None

    def list(self) -> builtins.list[SlotInfo | BrokenSlot]:
        """Every file in the folder, newest first; unreadable ones as :class:`BrokenSlot`.

        Listing only reads: nothing is ever renamed, repaired, deleted or overwritten.
        """
        entries: builtins.list[SlotInfo | BrokenSlot] = []
        for path in self._files():
            shown = printable(path.name, newlines=False)  # a file name can hold anything but '/'
            try:
                doc = _read(path)
            except OSError as err:
                entries.append(
                    BrokenSlot(shown, f"could not be read: {err.strerror or err}", path, _modified(path))
                )
                continue
            except Unreadable as why:
                entries.append(BrokenSlot(shown, why.reason, path, _modified(path)))
                continue
            entries.append(
                SlotInfo(
                    name=doc.name,
                    saved_at=doc.saved_at,
                    meta=doc.meta,
                    path=path,
                    is_autosave=path.name in AUTOSAVE_FILES,
                )
            )
        entries.sort(key=lambda entry: (entry.sort_time, entry.path.name), reverse=True)
        return entries

    # Deleting

    def delete(self, name: str) -> None:
        """Delete the slot called ``name``; raise :class:`SaveError` if there is none."""
        self.delete_path(self._existing_slot(name))

    def _existing_slot(self, name: str) -> Path:
        """The file of the slot ``name`` (found by its stored name if the file was renamed)."""
        path = self.path_for(name)
        if path.exists():
            return path
        found = self._find_by_stored_name(name)
        if found is None:
            raise SaveError(f"There is no save called “{name}”.")
        return found

    def delete_path(self, path: Path) -> None:
        """Delete a file of this folder, as listed by :meth:`list` (broken ones included)."""
        path = self._own_file(path)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as err:
            raise SaveError(f"Could not delete {path.name}: {err.strerror or err}.") from None
        fsync_directory(path.parent)

    # Helpers

    def _files(self) -> builtins.list[Path]:
        try:
            children = builtins.list(self.directory.iterdir())
        except OSError as err:
            raise SaveError(
                f"Could not open the saves folder {self.directory}: {err.strerror or err}."
            ) from None
        return sorted(
            child
            for child in children
            if not child.name.startswith(".") and not child.name.endswith(TEMP_SUFFIX) and child.is_file()
        )

    def _find_by_stored_name(self, name: str) -> Path | None:
        """A slot file copied or renamed by hand is still found by the name stored inside it."""
        for entry in self.list():
            if isinstance(entry, SlotInfo) and not entry.is_autosave and entry.name == name:
                return entry.path
        return None

    def _own_file(self, path: Path) -> Path:
        path = Path(path)
        if path.parent.resolve() != self.directory.resolve() or path.name in ("", ".", ".."):
            raise SaveError(f"{path} is not a file of the saves folder.")
        return self.directory / path.name
