"""A live class's database: who joined, where each student is, and every decision taken.

One database per class under :func:`game.locations.classes_dir`, named from a slug and a hash
of the class name (the name itself is stored inside, never used as a path).  The server of a
class writes here for its students, many at once in one transaction (:meth:`ClassDB.write_many`,
from :mod:`game.classroom.class_writer`); a tab with no server to ask writes with a connection
of its own; the teacher's dashboard reads it.  The queries here are standard SQL;
everything that is SQLite's own (the file, its locks, its dialect) is in
:mod:`game.classroom.classdb_sqlite`.

Model (schema version :data:`SCHEMA_VERSION`):

* ``meta``: the schema version table (``format``, ``schema_version``,
  ``min_reader_version``), the class name, when it was created, and ``changes``, a count
  of records taken (the dashboard re-reads the tallies only when it moves).
* ``students``: one row per name typed (matched by :func:`~game.classroom.class_names.name_key`),
  with the saves folder of their games, when they joined, the heartbeat (``last_seen``), when their tab closed
  (``left_at``), which tab plays as them now (``tab``: a newer tab with the student's code
  takes over, and the older one stops recording), and their code: its hash (``secret``), when
  the teacher last released it, and the wrong codes typed lately (see
  :mod:`game.classroom.joining`, the one module that lets a student in).
* ``runs``: one row per playthrough (a student who starts a new game starts a new one):
  role, current scene and chapter, or the ending once it is over.
* ``decisions``: the decision points of each playthrough's *current* path, one row per
  step (``UNIQUE(run_id, step)``), so recording the same state twice changes nothing.
* ``revisions``: choices taken back with undo (or by loading an earlier save), kept
  for the teacher: the tallies count what students chose in the end; this table
  keeps what they chose first.

Tallies count playthroughs, as the class report counts results files (a decision point
met twice in one playthrough counts once, as last answered).  Undo replaces
a decision in ``decisions`` (the tally follows the student's current choice) and
moves the old one to ``revisions`` (history kept).

Nothing here imports Textual or the game's session: the recorder turns a game's state
into a :class:`Progress` (``game/classroom/live_record.py``).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from game import locations
from game.classroom.class_names import SUFFIX, class_db_path, clean_class_name, student_folder_name
from game.classroom.classdb_errors import ClassDBBusy, ClassDBError, ClassDBGone, Superseded
from game.classroom.classdb_rows import (
    CONNECTED_S,
    DecisionStep,
    Playthrough,
    Progress,
    Snapshot,
    StoryId,
    Student,
    StudentRecord,
    StudentStatus,
)
from game.classroom.classdb_sqlite import Store, Tx
from game.safe_text import printable

__all__ = [
    "CONNECTED_S",
    "ClassDB",
    "ClassDBBusy",
    "ClassDBError",
    "ClassDBGone",
    "DecisionStep",
    "Playthrough",
    "Progress",
    "Snapshot",
    "StoryId",
    "Student",
    "StudentRecord",
    "StudentStatus",
    "Superseded",
    "Write",
]

FORMAT = "moscow1921-class"
SCHEMA_VERSION = 2
"""The schema this module writes (older ones are upgraded when opened)."""
READER_VERSION = 2
"""The newest ``min_reader_version`` this module can read."""

HEARTBEAT_S = 5.0
"""How often a student's tab says it is still there."""


def known_classes() -> list[str]:
    """The names of the classes in the classes folder, for an error message."""
    names = []
    for path in sorted(locations.classes_dir().glob(f"*{SUFFIX}")):
        with contextlib.suppress(ClassDBError):
            db = ClassDB.open(path, readonly=True)
            names.append(db.class_name)
            db.close()
    return names


WriteKind = Literal["record", "heartbeat", "leave"]


@dataclass(frozen=True, slots=True)
class Write:
    """One thing a student's tab writes: a record of its game (``changes``: each progress and whether
    it begins a new playthrough), a heartbeat, or that it is closing (see :meth:`ClassDB.write_many`)."""

    kind: WriteKind
    student: Student
    changes: tuple[tuple[Progress, bool], ...] = ()


_STUDENT = "id, name, folder, last_seen, left_at, secret, released, failures, failed_at"


class ClassDB:
    """One connection to a class's database.  Open it with :meth:`create`, :meth:`open` or
    :meth:`for_class`; every method is one transaction; :class:`ClassDBError` says what failed
    (:class:`ClassDBGone`: the file was deleted; :class:`ClassDBBusy`: another program held it).
    One ClassDB may be used from several threads, one call at a time."""

    def __init__(self, store: Store, class_name: str, *, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self.path = store.path
        self.class_name = class_name
        self._clock = clock

    # ---------------------------------------------------------- opening
    @classmethod
    def for_class(cls, name: str, *, create: bool = False, readonly: bool = False) -> ClassDB:
        """The database of the class called ``name``; ``create`` makes it if missing."""
        name = clean_class_name(name)
        path = class_db_path(name)
        if not path.exists():
            if create:
                return cls.create(path, name)
            known = known_classes()
            listed = f" The classes here are: {', '.join(known)}." if known else ""
            raise ClassDBError(
                f"there is no class called '{name}' ({path} does not exist). "
                f"Start it with: moscow1921 serve --class '{name}'.{listed}"
            )
        return cls.open(path, readonly=readonly)

    @classmethod
    def create(cls, path: Path, class_name: str) -> ClassDB:
        """A new, empty class database at ``path`` (an existing one is opened instead)."""
        class_name = clean_class_name(class_name)
        meta = {
            "format": FORMAT,
            "min_reader_version": str(READER_VERSION),
            "class_name": class_name,
            "changes": "0",
            "created": repr(time.time()),
        }
        Store.create(path, SCHEMA_VERSION, meta)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> ClassDB:
        """Open an existing class database, checking it is one this version can read."""
        store, meta = Store.open(path, readonly=readonly, upgrade_to=SCHEMA_VERSION)
        try:
            return cls(store, _check_meta(path, meta))
        except ClassDBError:
            store.close()
            raise

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> ClassDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> float:
        """The time by this database's clock (the tests give it another)."""
        return self._clock()

    def check_file(self) -> None:
        """Raise :class:`ClassDBGone` if the class database's file was deleted or replaced."""
        self._store.check_file()

    # ---------------------------------------------------------- joining (game/classroom/joining.py)
    def find_student(self, key: str) -> StudentRecord | None:
        """The student whose :func:`~game.classroom.class_names.name_key` is ``key``, with their code's
        hash, or None."""
        with self._store.read() as tx:
            row = tx.one(f"SELECT {_STUDENT} FROM students WHERE name_key = ?", (key,))
        return None if row is None else StudentRecord(*row)

    def add_student(self, shown: str, key: str, secret: str) -> Student | None:
        """Register a new student with their code's hash and make this tab theirs; None if the name
        joined meanwhile.  Only :func:`game.classroom.joining.join` calls this."""
        tab = uuid.uuid4().hex
        now = self._clock()
        folder = student_folder_name(shown)
        with self._store.write() as tx:
            if tx.one("SELECT id FROM students WHERE name_key = ?", (key,)) is not None:
                return None
            tx.run(
                "INSERT INTO students (name_key, name, folder, joined, last_seen, tab, secret, failures) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (key, shown, folder, now, now, tab, secret),
            )
            row = tx.one("SELECT id FROM students WHERE name_key = ?", (key,))
        assert row is not None
        return Student(int(row[0]), shown, folder, tab, returning=False)

    def claim(self, record: StudentRecord, secret: str, *, renew: bool) -> Student | None:
        """Make this tab the student's, if their code is still what ``record`` read; with ``renew``,
        ``secret`` is their new code's hash (it replaces the old one), else the one checked.  None
        if the code changed meanwhile.  Only :func:`game.classroom.joining.join` calls this."""
        tab = uuid.uuid4().hex
        now = self._clock()
        with self._store.write() as tx:
            row = tx.one("SELECT secret, released FROM students WHERE id = ?", (record.id,))
            if row is None or (row[0], row[1]) != (record.secret, record.released):
                return None
            tx.run(
                "UPDATE students SET tab = ?, last_seen = ?, left_at = NULL, secret = ?, released = NULL, "
                "failures = 0, failed_at = NULL WHERE id = ?",
                (tab, now, secret, record.id),
            )
        return Student(record.id, record.name, record.folder, tab, returning=True)

    def note_failure(self, record: StudentRecord) -> None:
        """A wrong code was typed for this student."""
        with self._store.write() as tx:
            tx.run(
                "UPDATE students SET failures = failures + 1, failed_at = ? WHERE id = ?",
                (self._clock(), record.id),
            )

    def release_secret(self, record: StudentRecord) -> None:
        """The teacher releases the student's code (see :data:`game.classroom.joining.RELEASE_S`)."""
        with self._store.write() as tx:
            tx.run(
                "UPDATE students SET released = ?, failures = 0, failed_at = NULL WHERE id = ?",
                (self._clock(), record.id),
            )

    # ---------------------------------------------------------- students' tabs
    def _check_tab(self, tx: Tx, student: Student, now: float) -> None:
        """This tab is still the student's (the heartbeat is noted), or :class:`Superseded`."""
        changed = tx.run(
            "UPDATE students SET last_seen = ?, left_at = NULL WHERE id = ? AND tab = ?",
            (now, student.id, student.tab),
        )
        if changed != 1:
            raise Superseded(
                f"'{student.name}' has joined the class in another tab or browser; carry on there"
            )

    def heartbeat(self, student: Student) -> None:
        """This tab is still open (raises :class:`Superseded` if another tab took the name)."""
        self._one(Write("heartbeat", student))

    def leave(self, student: Student) -> None:
        """This tab is closing (a tab that took the name over is left alone)."""
        self._one(Write("leave", student))

    def record(self, student: Student, progress: Progress, *, new_run: bool = False) -> int:
        """Write where the student's playthrough is now and its path of decisions; returns the run id.

        Idempotent: the same progress recorded twice changes nothing but the times.  A
        decision no longer on the path (undone) or changed moves to ``revisions``.  With
        ``new_run`` (a new game), a new playthrough starts; a student's first record starts one too.
        """
        return self.record_all(student, [(progress, new_run)])

    def record_all(self, student: Student, changes: Sequence[tuple[Progress, bool]]) -> int:
        """:meth:`record` each ``(progress, new_run)`` in turn, in one transaction (a tab that could
        not write for a while catches up at once, and every change it made, undone ones too, is
        kept); returns the last run id."""
        return self._one(Write("record", student, tuple(changes)))

    def write_many(self, writes: Sequence[Write]) -> list[int | ClassDBError]:
        """Every write in one transaction (a server writing for many students pays for one commit,
        not one each); one that is refused (a tab another one took over: :class:`Superseded`) is
        refused alone and the others are kept.  For each write in order: the run id a record wrote
        last (0 for the others), or the error that refused it.  An error of the whole transaction
        (the file gone, the lock held by another program) is raised, and nothing is written."""
        now = self._clock()
        out: list[int | ClassDBError] = []
        with self._store.write() as tx:
            recorded = False
            for write in writes:
                try:  # a refusal comes from the tab's check, before the write has changed anything
                    out.append(self._apply(tx, write, now))
                except Superseded as err:
                    out.append(err)
                    continue
                recorded = recorded or (write.kind == "record" and bool(write.changes))
            if recorded:
                tx.run('UPDATE meta SET "value" = CAST("value" AS INTEGER) + 1 WHERE "key" = \'changes\'')
        return out

    def _one(self, write: Write) -> int:
        result = self.write_many([write])[0]
        if isinstance(result, ClassDBError):
            raise result
        return result

    def _apply(self, tx: Tx, write: Write, now: float) -> int:
        student = write.student
        if write.kind == "leave":
            tx.run(
                "UPDATE students SET left_at = ? WHERE id = ? AND tab = ?",
                (now, student.id, student.tab),
            )
            return 0
        self._check_tab(tx, student, now)
        run_id = 0
        for progress, new_run in write.changes:
            run_id = self._record(tx, student, progress, new_run, now)
        return run_id

    @staticmethod
    def _record(tx: Tx, student: Student, progress: Progress, new_run: bool, now: float) -> int:
        row = None if new_run else tx.one("SELECT MAX(id) FROM runs WHERE student_id = ?", (student.id,))
        if row is None or row[0] is None:
            tx.run(
                "INSERT INTO runs (student_id, started, updated, role) VALUES (?, ?, ?, ?)",
                (student.id, now, now, progress.role),
            )
            row = tx.one("SELECT MAX(id) FROM runs WHERE student_id = ?", (student.id,))
        assert row is not None and row[0] is not None
        run_id = int(row[0])
        story = progress.story
        tx.run(
            "UPDATE runs SET updated = ?, role = ?, scene = ?, chapter = ?, ending = ?, turn = ?, "
            "story_title = COALESCE(?, story_title), story_version = COALESCE(?, story_version), "
            "fingerprint = COALESCE(?, fingerprint) WHERE id = ?",
            (
                now,
                progress.role,
                progress.scene,
                progress.chapter,
                progress.ending,
                progress.turn,
                story and story.title,
                story and story.version,
                story and story.fingerprint,
                run_id,
            ),
        )
        old = {
            r[0]: r
            for r in tx.all(
                "SELECT step, decision, scene, choice, historical, chosen_at FROM decisions WHERE run_id = ?",
                (run_id,),
            )
        }
        new = {d.step: d for d in progress.decisions}
        gone = [
            r
            for step, r in old.items()
            if step not in new or (new[step].decision, new[step].scene, new[step].choice) != r[1:4]
        ]
        if gone:
            tx.many(
                "INSERT INTO revisions (run_id, step, decision, scene, choice, historical, chosen, undone) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, *r, now) for r in gone],
            )
            tx.many("DELETE FROM decisions WHERE run_id = ? AND step = ?", [(run_id, r[0]) for r in gone])
        kept = set(old) - {r[0] for r in gone}
        added = [d for step, d in new.items() if step not in kept]
        if added:
            tx.many(
                "INSERT INTO decisions (run_id, step, decision, scene, choice, historical, chosen_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(run_id, d.step, d.decision, d.scene, d.choice, int(d.historical), now) for d in added],
            )
        return run_id

    # ---------------------------------------------------------- the teacher's view
    def changed(self) -> bool:
        """Whether anything was written since the last call (a cheap check before a full read)."""
        return self._store.changed()

    def snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The roster, the tallies, the counts and every playthrough, read in one transaction.

        Given the ``previous`` snapshot, only the roster is read again if no record was taken
        since (the rest is reused): a dashboard's poll after heartbeats alone stays cheap.
        """
        now = self._clock()
        with self._store.read() as tx:
            students = tuple(
                StudentStatus(*_shown(row))
                for row in tx.all(
                    """
                    SELECT s.id, s.name, s.joined, s.last_seen, s.left_at,
                           r.role, r.scene, r.chapter, r.ending,
                           (SELECT COUNT(*) FROM decisions d WHERE d.run_id = r.id),
                           (SELECT COUNT(*) FROM runs x WHERE x.student_id = s.id)
                    FROM students s
                    LEFT JOIN runs r ON r.id = (SELECT MAX(id) FROM runs WHERE student_id = s.id)
                    ORDER BY s.name_key
                    """
                )
            )
            row = tx.one('SELECT "value" FROM meta WHERE "key" = \'changes\'')
            changes = int(row[0]) if row is not None and str(row[0]).isdigit() else None
            if previous is not None and changes is not None and previous.changes == changes:
                return replace(previous, students=students, playthroughs=_playing(previous, students, now))
            tallies: dict[str, dict[str, int]] = {}
            for decision, choice, count in tx.all(
                """
                SELECT decision, choice, COUNT(*) FROM decisions d
                WHERE step = (SELECT MAX(step) FROM decisions e
                              WHERE e.run_id = d.run_id AND e.decision = d.decision)
                GROUP BY decision, choice
                """
            ):
                tallies.setdefault(decision, {})[choice] = count
            revised = dict(tx.all("SELECT decision, COUNT(*) FROM revisions GROUP BY decision"))
            total_row = tx.one("SELECT COUNT(*) FROM decisions")
            playthroughs = self._playthroughs(tx, now)
        total = int(total_row[0]) if total_row is not None else 0
        return Snapshot(
            self.class_name, students, tallies, revised, len(playthroughs), total, playthroughs, changes
        )

    def playthroughs(self) -> tuple[Playthrough, ...]:
        """Every playthrough with its current path of decisions, oldest first (for the report)."""
        now = self._clock()
        with self._store.read() as tx:
            return self._playthroughs(tx, now)

    @staticmethod
    def _playthroughs(tx: Tx, now: float) -> tuple[Playthrough, ...]:
        steps: dict[int, list[DecisionStep]] = {}
        for run_id, step, decision, scene, choice, historical in tx.all(
            "SELECT run_id, step, decision, scene, choice, historical FROM decisions ORDER BY run_id, step"
        ):
            steps.setdefault(run_id, []).append(DecisionStep(step, decision, scene, choice, bool(historical)))
        runs = tx.all(
            "SELECT r.id, s.name, r.role, r.ending, r.started, r.updated, "
            "r.story_title, r.story_version, r.fingerprint, r.turn, s.last_seen, s.left_at, "
            "(SELECT MAX(id) FROM runs x WHERE x.student_id = s.id), s.id "
            "FROM runs r JOIN students s ON s.id = r.student_id ORDER BY r.id"
        )
        out = []
        for row in runs:
            run_id, name, role, ending, started, updated, title, version, fingerprint, turn = row[:10]
            last_seen, left_at, latest, student_id = row[10:]
            story = StoryId(title, version, fingerprint)
            decisions = tuple(steps.get(run_id, ()))
            playing = ending is None and run_id == latest and _connected(last_seen, left_at, now)
            out.append(
                Playthrough(
                    run_id,
                    printable(name),
                    role,
                    ending,
                    started,
                    updated,
                    story,
                    decisions,
                    turn,
                    playing,
                    student_id,
                )
            )
        return tuple(out)


def _shown(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as read, its text made safe to show (a database can be edited by hand)."""
    return tuple(printable(value, newlines=False) if isinstance(value, str) else value for value in row)


def _connected(last_seen: float, left: float | None, now: float) -> bool:
    return left is None and now - last_seen <= CONNECTED_S


def _playing(previous: Snapshot, students: Sequence[StudentStatus], now: float) -> tuple[Playthrough, ...]:
    """The previous snapshot's playthroughs, each still being played or not as the roster says now
    (the very same tuple if none changed)."""
    connected = {s.id: s.connected(now) for s in students}
    latest: dict[int, int] = {}
    for p in previous.playthroughs:
        latest[p.student_id] = max(latest.get(p.student_id, 0), p.run_id)
    playing = [
        p.ending is None and latest.get(p.student_id) == p.run_id and connected.get(p.student_id, False)
        for p in previous.playthroughs
    ]
    if all(now_playing == p.playing for now_playing, p in zip(playing, previous.playthroughs, strict=True)):
        return previous.playthroughs
    return tuple(
        replace(p, playing=now_playing) for now_playing, p in zip(playing, previous.playthroughs, strict=True)
    )


def _check_meta(path: Path, meta: Mapping[str, str]) -> str:
    if meta.get("format") != FORMAT:
        raise ClassDBError(
            f"{path} is not a Moscow 1921 class database (its format is {meta.get('format')!r}); "
            "move it out of the classes folder and start the class again"
        )
    try:
        version = int(meta.get("schema_version", ""))
        min_reader = int(meta.get("min_reader_version", meta.get("schema_version", "")))
    except ValueError:
        raise ClassDBError(
            f"{path}: the class database's schema version is damaged; "
            "move it out of the classes folder and start the class again"
        ) from None
    if min_reader > READER_VERSION:
        raise ClassDBError(
            f"{path} was written by a newer version of Moscow 1921 (class database schema {version}); "
            "update the game to open it"
        )
    name = meta.get("class_name")
    if not name:
        raise ClassDBError(f"{path}: the class database has no class name; it is damaged")
    return name
