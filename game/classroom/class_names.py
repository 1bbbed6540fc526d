"""A live class's names: a class's or a student's name cleaned as it is stored and shown, the key two
names must share to be one student, and the files and folders a class's name maps to (a slug and a
hash of the name: the name itself is never a path).

No database here: :mod:`game.classroom.classdb` stores what these functions make.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from game import locations
from game.classroom.classdb_errors import ClassDBError

SUFFIX = ".sqlite3"
"""The suffix of a class's database file."""

NAME_MAX = 40
"""The longest class or student name, in characters (after spaces are collapsed)."""


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if not cleaned:
        raise ClassDBError(f"the {what} is empty; type one")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in cleaned):
        raise ClassDBError(f"the {what} contains control or unprintable characters; type letters and digits")
    if len(cleaned) > NAME_MAX:
        raise ClassDBError(f"the {what} is longer than {NAME_MAX} characters; make it shorter")
    return cleaned


def clean_class_name(name: str) -> str:
    """The class name as it is stored and shown (spaces collapsed), or :class:`ClassDBError`."""
    return _clean(name, "class name")


def clean_student_name(name: str) -> str:
    """A student's name as it is stored and shown (spaces collapsed), or :class:`ClassDBError`."""
    return _clean(name, "name")


def name_key(name: str) -> str:
    """What two names must share to be the same student.

    Unicode compatibility forms folded (full-width ``Ａｎｎａ`` is ``Anna``), case folded, every
    run of white space (no-break and ideographic spaces too) one space, none at the ends, and
    folded again until nothing changes (case folding can undo a compatibility form):
    ``ANNA K``, ``  anna   K `` and ``Ａｎｎａ\u3000Ｋ`` are one student.
    """
    key = name
    for _ in range(4):
        folded = " ".join(unicodedata.normalize("NFKC", key).casefold().split())
        if folded == key:
            break
        key = folded
    return key


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def class_stem(name: str) -> str:
    """The file name (without suffix) of a class: an ASCII slug for people, a hash for uniqueness."""
    return locations.file_stem(name_key(clean_class_name(name)), "class")


def class_db_path(name: str) -> Path:
    """The database file of the class called ``name`` (it may not exist yet)."""
    return locations.classes_dir() / f"{class_stem(name)}{SUFFIX}"


def class_folder(name: str) -> Path:
    """The folder holding the class's students' games (created on first use by their saves)."""
    return locations.classes_dir() / class_stem(name)


def student_folder_name(name: str) -> str:
    """The folder of a student's saves inside the class folder: a hash, never the name."""
    return _digest(name_key(name))[:16]
