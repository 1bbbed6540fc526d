"""A live class in the web edition: its database, written off the event loop.

One server process serves the whole class.  The class database (game.classroom.classdb, the
same file the terminal's class mode and the teacher's dashboard use) is written off the event
loop, so a busy database never stalls the pages of other students: every record and heartbeat
through the class's one :class:`~game.classroom.class_writer.ClassWriter` (what the students
sent while it was busy is written in one transaction), joins on a small pool of threads (a
join checks a code, which takes a while on purpose).  What is written is what the terminal's
class mode writes: every saved change of a student's game as
:func:`game.classroom.live_record.progress_of` sees it, and a heartbeat while a page is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from game.classroom.class_names import class_folder, clean_class_name, name_key
from game.classroom.class_writer import ClassWriter
from game.classroom.classdb import ClassDB, ClassDBError, Student, Write
from game.classroom.live_cmd import class_notes
from game.classroom.live_record import progress_of
from game.session import Session
from game.webapp.identity import Player

T = TypeVar("T")

WRITERS = 2
"""Threads that let students join (a code's check takes tens of milliseconds of scrypt)."""


class ClassRoom:
    """The live class this server serves."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = name_key(name)
        self.folder = class_folder(name)
        self._saves: dict[str, Path] = {}
        self._local = threading.local()
        self._connections: list[ClassDB] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="class-db")
        self._writer = ClassWriter(self._own_db())

    # ------------------------------------------------------------ who is who
    def student(self, player: Player) -> Student | None:
        """The student this browser joined the class as, if it did."""
        return player.in_class(self.key)

    def saves_folder(self, student: Student) -> Path:
        """Where the student's games are saved: the same folder as in the terminal's class mode."""
        found = self._saves.get(student.folder)
        if found is None:  # a path made once per student, not on every page
            found = self._saves[student.folder] = self.folder / "students" / student.folder
        return found

    # ------------------------------------------------------------ the database, off the loop
    def _db(self) -> ClassDB:
        db: ClassDB | None = getattr(self._local, "db", None)
        if db is None:
            db = self._own_db()
            self._local.db = db
        return db

    def _own_db(self) -> ClassDB:
        db = ClassDB.for_class(self.name)
        with self._lock:
            self._connections.append(db)
        return db

    async def run(self, work: Callable[[ClassDB], T]) -> T:
        """``work(db)`` on a writer thread (raises what it raises)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: work(self._db()))

    async def record(self, student: Student, session: Session, *, new_run: bool = False) -> None:
        """Write where the student's game is now (raises ClassDBError, Superseded among them)."""
        write = Write("record", student, ((progress_of(session), new_run),))
        await asyncio.wrap_future(self._writer.submit(write))

    async def heartbeat(self, student: Student) -> None:
        await asyncio.wrap_future(self._writer.submit(Write("heartbeat", student)))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self._writer.close()
        with self._lock:
            for db in self._connections:
                with contextlib.suppress(Exception):
                    db.close()
            self._connections.clear()


def open_room(name: str) -> tuple[ClassRoom | None, tuple[str, ...], str]:
    """The class called ``name`` (created if new), the lines to print for the teacher, or why not."""
    try:
        cleaned = clean_class_name(name)
        with ClassDB.for_class(cleaned, create=True) as db:
            cleaned = db.class_name  # as first typed, if the class met before
            students = len(db.snapshot().students)
    except ClassDBError as err:
        return None, (), str(err)
    notes = class_notes(cleaned, students)  # the same notes as the terminal look's class
    return ClassRoom(cleaned), notes, ""
