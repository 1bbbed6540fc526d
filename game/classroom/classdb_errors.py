"""What can go wrong with a class database, as exceptions whose message says why and what to do."""

from __future__ import annotations


class ClassDBError(Exception):
    """A class database that cannot be opened, read or written; the message says why and what to do."""


class Superseded(ClassDBError):
    """Another tab has joined with this student's name (and code); this one must stop recording."""


class ClassDBGone(ClassDBError):
    """The class database's file was deleted (or replaced by another) while it was open: whatever
    is written now would be lost, so nothing is."""


class ClassDBBusy(ClassDBError):
    """Another program held the class database's write lock for longer than the wait allowed;
    trying again later may succeed."""
