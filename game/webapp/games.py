"""The games a server is playing: sessions read from the save files, kept in a bounded cache.

A player's game lives where the other modes keep it (the autosave in the player's saves
folder), so a game begun in the terminal can be continued in a browser and the other way
round, and a server can be restarted at any moment.  The process keeps only a cache: the
last :data:`CAPACITY` sessions used, each with the stamp (inode, size, modification time)
of the autosave it was read from or last wrote.  A change (a choice, undo, a new game) is made
under the folder's lock and its files are written on a worker thread, so a slow disk never holds
up other players' pages.  A session is used from the cache only while
its autosave still carries that stamp (one ``stat`` a page); a file changed by anyone else
(another mode, another server) is read again.  No aiohttp here.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session

CAPACITY = 2000
"""Sessions kept in memory (a few kilobytes each); more players than this are read from disk."""

Stamp = tuple[int, int, int]


def _stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass
class _Entry:
    store: SaveStore
    session: Session | None
    stamp: Stamp | None
    autosave: Path | None = None  # the file ``stamp`` is of


class Games:
    """Every player's game, by the folder of their saves."""

    def __init__(self, story: Story, *, capacity: int = CAPACITY) -> None:
        self.story = story
        self.capacity = capacity
        self._entries: OrderedDict[Path, _Entry] = OrderedDict()
        self._locks: weakref.WeakValueDictionary[Path, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, folder: Path) -> asyncio.Lock:
        """The lock a change to ``folder``'s game holds (two tabs of one player take turns)."""
        found = self._locks.get(folder)
        if found is None:
            found = asyncio.Lock()
            self._locks[folder] = found
        return found

    def _entry(self, folder: Path) -> _Entry:
        entry = self._entries.get(folder)
        if entry is None:
            entry = _Entry(SaveStore(folder), None, None)
            self._entries[folder] = entry
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(folder)
        return entry

    def store(self, folder: Path) -> SaveStore:
        """The saves (slots and autosave) in ``folder``."""
        return self._entry(folder).store

    def session(self, folder: Path) -> Session | None:
        """The game in ``folder``'s autosave (None if there is none, or it cannot be read)."""
        entry = self._entry(folder)
        if (  # one stat a page: the file as this cache last saw it
            entry.session is not None
            and entry.autosave is not None
            and entry.stamp is not None
            and _stamp(entry.autosave) == entry.stamp
        ):
            return entry.session
        if not os.path.isdir(folder):
            entry.session, entry.stamp, entry.autosave = None, None, None
            return None
        entry.autosave = entry.store.autosave_path
        stamp = _stamp(entry.autosave)
        entry.session = Session.resume(self.story, entry.store) if stamp is not None else None
        entry.stamp = stamp
        return entry.session

    def new(self, folder: Path, role: str) -> Session:
        """A new game in ``folder`` (raises :class:`game.session.SessionError`)."""
        entry = self._entry(folder)
        entry.session = Session.new(self.story, entry.store, role)
        self.saved(folder, entry.session)
        return entry.session

    def load(self, folder: Path, slot: str) -> Session:
        """The game saved in ``slot``, now the one Continue resumes (raises SessionError)."""
        entry = self._entry(folder)
        entry.session = Session.load(self.story, entry.store, slot)
        self.saved(folder, entry.session)
        return entry.session

    def saved(self, folder: Path, session: Session) -> None:
        """``session`` has just written its autosave: remember the file as it is now."""
        entry = self._entry(folder)
        entry.session = session
        entry.autosave = entry.store.autosave_path
        entry.stamp = _stamp(entry.autosave)

    def __len__(self) -> int:
        return len(self._entries)
