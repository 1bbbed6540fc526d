"""A live class's database: who joined, where each student is, and every decision taken.

One SQLite file per class under :func:`game.locations.classes_dir`, named from a slug
and a hash of the class name (the name itself is stored inside, never used as a path).
Every browser tab of ``moscow1921 serve --class NAME`` is a process of its own writing
here; the teacher's dashboard reads it.  So the file is in WAL mode (readers never block
the writers), every connection waits up to :data:`BUSY_TIMEOUT_MS` for the write lock,
and every write is one short ``BEGIN IMMEDIATE`` transaction.

Model (schema version :data:`SCHEMA_VERSION`):

* ``meta``: the schema version table (``format``, ``schema_version``,
  ``min_reader_version``), the class name, when it was created, and ``changes``, a count
  of records taken (the dashboard re-reads the tallies only when it moves).
* ``students``: one row per name typed (matched ignoring case and spacing), with the
  saves folder of their games, when they joined, the heartbeat (``last_seen``), when
  their tab closed (``left``) and which tab plays as them now (``tab``: a newer tab
  with the same name takes over, and the older one stops recording).
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
import hashlib
import sqlite3
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from game import locations
from game.safe_text import printable

FORMAT = "moscow1921-class"
SCHEMA_VERSION = 1
"""The schema this module writes."""
READER_VERSION = 1
"""The newest ``min_reader_version`` this module can read."""

SUFFIX = ".sqlite3"
BUSY_TIMEOUT_MS = 30_000
"""How long a connection waits for another's write to finish before giving up."""

HEARTBEAT_S = 5.0
"""How often a student's tab says it is still there."""
CONNECTED_S = 15.0
"""A student whose tab has not been heard from for this long is shown as away."""

NAME_MAX = 40

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    name_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    folder TEXT NOT NULL UNIQUE,
    joined REAL NOT NULL,
    last_seen REAL NOT NULL,
    left REAL,
    tab TEXT NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    started REAL NOT NULL,
    updated REAL NOT NULL,
    role TEXT NOT NULL,
    scene TEXT,
    chapter TEXT,
    ending TEXT,
    turn INTEGER NOT NULL DEFAULT 0,
    story_title TEXT NOT NULL DEFAULT '',
    story_version INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_student ON runs(student_id, id);
CREATE TABLE decisions (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    step INTEGER NOT NULL,
    decision TEXT NOT NULL,
    scene TEXT NOT NULL,
    choice TEXT NOT NULL,
    historical INTEGER NOT NULL,
    at REAL NOT NULL,
    UNIQUE (run_id, step)
);
CREATE INDEX decisions_by_point ON decisions(run_id, decision, step);
CREATE TABLE revisions (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    step INTEGER NOT NULL,
    decision TEXT NOT NULL,
    scene TEXT NOT NULL,
    choice TEXT NOT NULL,
    historical INTEGER NOT NULL,
    chosen REAL NOT NULL,
    undone REAL NOT NULL
);
"""


class ClassDBError(Exception):
    """A class database that cannot be opened, read or written; the message says why and what to do."""


class Superseded(ClassDBError):
    """Another tab has joined with this student's name; this one must stop recording."""


# ------------------------------------------------------------------ names


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
    """What two names must share to be the same student: ``Anna  K`` and ``anna k`` are one."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


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


# ------------------------------------------------------------------ rows


@dataclass(frozen=True, slots=True)
class Student:
    """A student who joined, as their tab knows them."""

    id: int
    name: str
    folder: str
    tab: str
    returning: bool
    """True if this name had joined before (the tab resumes their game)."""


@dataclass(frozen=True, slots=True)
class DecisionStep:
    """One decision point on a playthrough's path."""

    step: int  # the index of the step in the playthrough (every choice counts)
    decision: str
    scene: str
    choice: str
    historical: bool


@dataclass(frozen=True, slots=True)
class StoryId:
    """Which story a playthrough plays (the report keeps other versions apart)."""

    title: str
    version: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a playthrough is now, with its whole path of decisions (what a tab records)."""

    role: str
    scene: str | None
    chapter: str | None
    ending: str | None
    turn: int
    decisions: tuple[DecisionStep, ...] = ()
    story: StoryId | None = None


@dataclass(frozen=True, slots=True)
class StudentStatus:
    """A row of the dashboard's roster: a student and their latest playthrough."""

    id: int
    name: str
    joined: float
    last_seen: float
    left: float | None
    role: str | None
    scene: str | None
    chapter: str | None
    ending: str | None
    decisions: int
    runs: int

    def connected(self, now: float) -> bool:
        return self.left is None and now - self.last_seen <= CONNECTED_S


@dataclass(frozen=True, slots=True)
class Playthrough:
    """One playthrough with its decisions, for the class report."""

    run_id: int
    student: str
    role: str
    ending: str | None
    started: float
    updated: float
    story: StoryId
    decisions: tuple[DecisionStep, ...]
    turn: int = 0
    """Choices taken on the current path (every choice, not only decision points)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the dashboard shows, read in one transaction."""

    class_name: str
    students: tuple[StudentStatus, ...]
    tallies: Mapping[str, Mapping[str, int]]
    """decision id -> choice id -> playthroughs whose path answers it with that choice now."""
    revised: Mapping[str, int] = field(default_factory=dict)
    """decision id -> choices taken back there (undo)."""
    runs: int = 0
    decisions: int = 0
    """Rows in ``decisions``: every decision step on every playthrough's current path."""
    playthroughs: tuple[Playthrough, ...] = ()
    changes: int | None = None
    """How many records the class has taken: while it stays the same, so do the tallies and the
    playthroughs (heartbeats change only the roster)."""


# ------------------------------------------------------------------ the database


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    if not readonly:
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a crashed process loses no commit
    return conn


def known_classes() -> list[str]:
    """The names of the classes in the classes folder, for an error message."""
    names = []
    for path in sorted(locations.classes_dir().glob(f"*{SUFFIX}")):
        with contextlib.suppress(ClassDBError):
            db = ClassDB.open(path, readonly=True)
            names.append(db.class_name)
            db.close()
    return names


class ClassDB:
    """One connection to a class's database.  Open it with :meth:`create`, :meth:`open` or
    :meth:`for_class`; every method is one transaction; :class:`ClassDBError` says what failed."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, class_name: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._conn = conn
        self.path = path
        self.class_name = class_name
        self._clock = clock
        self._data_version: int | None = None

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
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = _connect(path, readonly=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                exists = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
                ).fetchone()
                if exists is None:
                    for statement in _SCHEMA.split(";"):  # not executescript: it would commit first
                        if statement.strip():
                            conn.execute(statement)
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [
                            ("format", FORMAT),
                            ("schema_version", str(SCHEMA_VERSION)),
                            ("min_reader_version", str(READER_VERSION)),
                            ("class_name", class_name),
                            ("changes", "0"),
                            ("created", repr(time.time())),
                        ],
                    )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.close()
        except sqlite3.Error as err:
            raise _error(path, err) from None
        return cls.open(path)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> ClassDB:
        """Open an existing class database, checking it is one this version can read."""
        if not path.is_file():
            raise ClassDBError(f"{path}: no such class database")
        try:
            conn = _connect(path, readonly=readonly)
        except sqlite3.Error as err:
            raise _error(path, err) from None
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as err:
            conn.close()
            if "no such table" in str(err):
                raise ClassDBError(
                    f"{path} is an SQLite file but not a Moscow 1921 class database (it has no 'meta' "
                    "table); move it out of the classes folder and start the class again"
                ) from None
            raise _error(path, err) from None
        try:
            return cls(conn, path, _check_meta(path, meta))
        except ClassDBError:
            conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ClassDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as err:
            raise _error(self.path, err) from None

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.Error as err:
            raise _error(self.path, err) from None

    # ---------------------------------------------------------- students' tabs
    def join(self, name: str) -> Student:
        """Register the student called ``name`` (or find them again) and make this tab theirs."""
        shown = clean_student_name(name)
        key = name_key(shown)
        tab = uuid.uuid4().hex
        now = self._clock()
        with self._write() as conn:
            row = conn.execute("SELECT id, name, folder FROM students WHERE name_key = ?", (key,)).fetchone()
            if row is not None:
                conn.execute(
                    "UPDATE students SET tab = ?, last_seen = ?, left = NULL WHERE id = ?", (tab, now, row[0])
                )
                return Student(row[0], row[1], row[2], tab, returning=True)
            folder = student_folder_name(shown)
            cursor = conn.execute(
                "INSERT INTO students (name_key, name, folder, joined, last_seen, tab) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, shown, folder, now, now, tab),
            )
            assert cursor.lastrowid is not None
            return Student(cursor.lastrowid, shown, folder, tab, returning=False)

    def is_playing(self, name: str) -> bool:
        """Whether a tab with this name is open now (joining with it would take that game over)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT last_seen, left FROM students WHERE name_key = ?", (name_key(name),)
            ).fetchone()
        return row is not None and row[1] is None and self._clock() - row[0] <= CONNECTED_S

    def _check_tab(self, conn: sqlite3.Connection, student: Student) -> None:
        row = conn.execute("SELECT tab FROM students WHERE id = ?", (student.id,)).fetchone()
        if row is None or row[0] != student.tab:
            raise Superseded(
                f"'{student.name}' has joined the class in another tab or browser; carry on there"
            )

    def heartbeat(self, student: Student) -> None:
        """This tab is still open (raises :class:`Superseded` if another tab took the name)."""
        with self._write() as conn:
            self._check_tab(conn, student)
            conn.execute(
                "UPDATE students SET last_seen = ?, left = NULL WHERE id = ?", (self._clock(), student.id)
            )

    def leave(self, student: Student) -> None:
        """This tab is closing (a tab that took the name over is left alone)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE students SET left = ? WHERE id = ? AND tab = ?",
                (self._clock(), student.id, student.tab),
            )

    def record(self, student: Student, progress: Progress, *, new_run: bool = False) -> int:
        """Write where the student's playthrough is now and its path of decisions; returns the run id.

        Idempotent: the same progress recorded twice changes nothing but the times.  A
        decision no longer on the path (undone) or changed moves to ``revisions``.  With
        ``new_run`` (a new game), a new playthrough starts; a student's first record starts one too.
        """
        now = self._clock()
        with self._write() as conn:
            self._check_tab(conn, student)
            row = (
                None
                if new_run
                else conn.execute("SELECT MAX(id) FROM runs WHERE student_id = ?", (student.id,)).fetchone()
            )
            run_id = row[0] if row is not None else None
            if run_id is None:
                cursor = conn.execute(
                    "INSERT INTO runs (student_id, started, updated, role) VALUES (?, ?, ?, ?)",
                    (student.id, now, now, progress.role),
                )
                run_id = cursor.lastrowid
            conn.execute(
                "UPDATE runs SET updated = ?, role = ?, scene = ?, chapter = ?, ending = ?, turn = ? "
                "WHERE id = ?",
                (
                    now,
                    progress.role,
                    progress.scene,
                    progress.chapter,
                    progress.ending,
                    progress.turn,
                    run_id,
                ),
            )
            if progress.story is not None:
                story = progress.story
                conn.execute(
                    "UPDATE runs SET story_title = ?, story_version = ?, fingerprint = ? WHERE id = ?",
                    (story.title, story.version, story.fingerprint, run_id),
                )
            old = {
                r[0]: r
                for r in conn.execute(
                    "SELECT step, decision, scene, choice, historical, at FROM decisions WHERE run_id = ?",
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
                conn.executemany(
                    "INSERT INTO revisions "
                    "(run_id, step, decision, scene, choice, historical, chosen, undone) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, *r, now) for r in gone],
                )
                conn.executemany(
                    "DELETE FROM decisions WHERE run_id = ? AND step = ?", [(run_id, r[0]) for r in gone]
                )
            kept = {r[0] for r in old.values()} - {r[0] for r in gone}
            added = [d for step, d in new.items() if step not in kept]
            if added:
                conn.executemany(
                    "INSERT INTO decisions (run_id, step, decision, scene, choice, historical, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, d.step, d.decision, d.scene, d.choice, int(d.historical), now) for d in added],
                )
            conn.execute("UPDATE students SET last_seen = ?, left = NULL WHERE id = ?", (now, student.id))
            conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'changes'")
        assert run_id is not None
        return int(run_id)

    # ---------------------------------------------------------- the teacher's view
    def changed(self) -> bool:
        """Whether anything was written since the last call (a cheap check before a full read)."""
        try:
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as err:
            raise _error(self.path, err) from None
        changed = version != self._data_version
        self._data_version = version
        return changed

    def snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The roster, the tallies, the counts and every playthrough, read in one transaction.

        Given the ``previous`` snapshot, only the roster is read again if no record was taken
        since (the rest is reused): a dashboard's poll after heartbeats alone stays cheap.
        """
        with self._read() as conn:
            students = tuple(
                StudentStatus(*_shown(row))
                for row in conn.execute(
                    """
                    SELECT s.id, s.name, s.joined, s.last_seen, s.left,
                           r.role, r.scene, r.chapter, r.ending,
                           (SELECT COUNT(*) FROM decisions d WHERE d.run_id = r.id),
                           (SELECT COUNT(*) FROM runs x WHERE x.student_id = s.id)
                    FROM students s
                    LEFT JOIN runs r ON r.id = (SELECT MAX(id) FROM runs WHERE student_id = s.id)
                    ORDER BY s.name_key
                    """
                )
            )
            row = conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
            changes = int(row[0]) if row is not None and str(row[0]).isdigit() else None
            if previous is not None and changes is not None and previous.changes == changes:
                return replace(previous, students=students)
            tallies: dict[str, dict[str, int]] = {}
            for decision, choice, count in conn.execute(
                """
                SELECT decision, choice, COUNT(*) FROM decisions d
                WHERE step = (SELECT MAX(step) FROM decisions e
                              WHERE e.run_id = d.run_id AND e.decision = d.decision)
                GROUP BY decision, choice
                """
            ):
                tallies.setdefault(decision, {})[choice] = count
            revised = dict(
                conn.execute("SELECT decision, COUNT(*) FROM revisions GROUP BY decision").fetchall()
            )
            total = conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
            playthroughs = self._playthroughs(conn)
        return Snapshot(
            self.class_name, students, tallies, revised, len(playthroughs), total, playthroughs, changes
        )

    def playthroughs(self) -> tuple[Playthrough, ...]:
        """Every playthrough with its current path of decisions, oldest first (for the report)."""
        with self._read() as conn:
            return self._playthroughs(conn)

    @staticmethod
    def _playthroughs(conn: sqlite3.Connection) -> tuple[Playthrough, ...]:
        steps: dict[int, list[DecisionStep]] = {}
        for run_id, step, decision, scene, choice, historical in conn.execute(
            "SELECT run_id, step, decision, scene, choice, historical FROM decisions ORDER BY run_id, step"
        ):
            steps.setdefault(run_id, []).append(DecisionStep(step, decision, scene, choice, bool(historical)))
        runs = conn.execute(
            "SELECT r.id, s.name, r.role, r.ending, r.started, r.updated, "
            "r.story_title, r.story_version, r.fingerprint, r.turn "
            "FROM runs r JOIN students s ON s.id = r.student_id ORDER BY r.id"
        )
        out = []
        for run_id, name, role, ending, started, updated, title, version, fingerprint, turn in runs:
            story = StoryId(title, version, fingerprint)
            decisions = tuple(steps.get(run_id, ()))
            out.append(
                Playthrough(run_id, printable(name), role, ending, started, updated, story, decisions, turn)
            )
        return tuple(out)


def _shown(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as read, its text made safe to show (a database can be edited by hand)."""
    return tuple(printable(value, newlines=False) if isinstance(value, str) else value for value in row)


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


def _error(path: Path, err: sqlite3.Error) -> ClassDBError:
    text = str(err)
    if isinstance(err, sqlite3.DatabaseError) and ("file is not a database" in text or "malformed" in text):
        return ClassDBError(
            f"{path} is not a readable class database ({text}); "
            "move it out of the classes folder and start the class again"
        )
    if "locked" in text or "busy" in text:
        return ClassDBError(
            f"{path}: the class database stayed busy for {BUSY_TIMEOUT_MS // 1000} s ({text}); try again"
        )
    if "readonly" in text or "read-only" in text:
        return ClassDBError(
            f"{path}: cannot write the class database ({text}); check the folder's permissions"
        )
    return ClassDBError(f"{path}: {text}")
