"""Everything about the class database that is SQLite's own, and nothing else.

:mod:`game.classroom.classdb` says what is stored and asks for it in standard SQL (``SELECT``,
``INSERT``, ``UPDATE``, ``DELETE``, ``?`` parameters, no reserved words as names); this module
is the one place that knows the store is an SQLite file: the table definitions in SQLite's
dialect, upgrading an older schema, ``PRAGMA``\\ s, ``BEGIN IMMEDIATE``, ``sqlite_master``,
``data_version``, SQLite's error messages, and the file itself.  A shared server database
(several game servers behind one load balancer) would be a second module like this one; the
queries would not change.  See ``docs/classroom.md``.

The file, written by many processes at once (the class's server, and tabs that write for
themselves; a class's records usually come through the server's one writer):

* WAL mode, so the teacher's dashboard reads while students write;
* every write is one short transaction, taken in turn: the processes queue on an advisory
  lock file beside the database (``flock``) before ``BEGIN IMMEDIATE``.  The kernel wakes one
  waiter at a time, where SQLite's own busy handler sleeps and polls (1, 2, 5 ... 100 ms) and
  left some tabs waiting seconds under a flood while the lock stood free;
* the WAL is checkpointed after the lock is let go, so no writer waits on a checkpoint's fsync;
* the file's identity (device and inode) is remembered when it is opened, and checked before
  every transaction: a database deleted (or replaced) under a running class raises
  :class:`ClassDBGone` instead of writing, silently, into a file nobody will read again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from game.classroom.classdb_errors import ClassDBBusy, ClassDBError, ClassDBGone

try:  # POSIX; elsewhere SQLite's own lock alone orders the writers
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_MS = 10_000
"""How long a transaction waits for a lock another program holds before giving up (the recorder,
off the game's thread, then tries again)."""
CHECKPOINT_BYTES = 4 << 20
"""Write-ahead log size past which a writer copies it back into the database (after its write)."""

SCHEMA = (
    'CREATE TABLE meta ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)',
    """CREATE TABLE students (
        id INTEGER PRIMARY KEY,
        name_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        folder TEXT NOT NULL UNIQUE,
        joined REAL NOT NULL,
        last_seen REAL NOT NULL,
        left_at REAL,
        tab TEXT NOT NULL,
        secret TEXT,
        released REAL,
        failures INTEGER NOT NULL DEFAULT 0,
        failed_at REAL
    )""",
    """CREATE TABLE runs (
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
    )""",
    "CREATE INDEX runs_by_student ON runs(student_id, id)",
    """CREATE TABLE decisions (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        step INTEGER NOT NULL,
        decision TEXT NOT NULL,
        scene TEXT NOT NULL,
        choice TEXT NOT NULL,
        historical INTEGER NOT NULL,
        chosen_at REAL NOT NULL,
        UNIQUE (run_id, step)
    )""",
    "CREATE INDEX decisions_by_point ON decisions(run_id, decision, step)",
    """CREATE TABLE revisions (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        step INTEGER NOT NULL,
        decision TEXT NOT NULL,
        scene TEXT NOT NULL,
        choice TEXT NOT NULL,
        historical INTEGER NOT NULL,
        chosen REAL NOT NULL,
        undone REAL NOT NULL
    )""",
)
"""Schema version 2 in SQLite's dialect."""

UPGRADES: Mapping[int, Sequence[str]] = {
    # 1 -> 2: students' codes (game/classroom/joining.py); no reserved words as column names.
    1: (
        "ALTER TABLE students RENAME COLUMN left TO left_at",
        "ALTER TABLE decisions RENAME COLUMN at TO chosen_at",
        "ALTER TABLE students ADD COLUMN secret TEXT",
        "ALTER TABLE students ADD COLUMN released REAL",
        "ALTER TABLE students ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE students ADD COLUMN failed_at REAL",
    ),
}
"""The statements that take a database from the schema version of the key to the next one."""


class Tx:
    """One transaction's statements: standard DB-API underneath, four verbs on top."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        self._cursor.execute(sql, params)
        row: tuple[Any, ...] | None = self._cursor.fetchone()
        return row

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._cursor.execute(sql, params)
        return list(self._cursor.fetchall())

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; the number of rows it changed."""
        self._cursor.execute(sql, params)
        return int(self._cursor.rowcount)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._cursor.executemany(sql, rows)


class Store:
    """One connection to a class database file, safe to share between threads (one at a time)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._identity = _identity(path)
        self._thread_lock = threading.Lock()
        self._lock_file: int | None = None
        self._data_version: int | None = None
        self._closed = False

    # ---------------------------------------------------------- opening
    @classmethod
    def create(cls, path: Path, schema_version: int, meta: Mapping[str, str]) -> None:
        """Make the database at ``path`` with the current schema and these ``meta`` rows, unless it
        already has a ``meta`` table (then it is left as it is)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with _one_transaction(path, wal=True) as conn:
            if _tables(conn) == set():
                for statement in SCHEMA:  # not executescript: it would commit first
                    conn.execute(statement)
                conn.executemany(
                    'INSERT INTO meta ("key", "value") VALUES (?, ?)',
                    [*meta.items(), ("schema_version", str(schema_version))],
                )

    @classmethod
    def open(cls, path: Path, *, readonly: bool, upgrade_to: int) -> tuple[Store, dict[str, str]]:
        """Open an existing database and read its ``meta`` table; an older schema is upgraded to
        ``upgrade_to`` first (briefly writable, even for a reader)."""
        if not path.is_file():
            raise ClassDBError(f"{path}: no such class database")
        meta = cls._meta(path, readonly=readonly)
        version = meta.get("schema_version", "")
        if version.isdigit() and int(version) < upgrade_to and int(version) in UPGRADES:
            cls._upgrade(path, upgrade_to)
            meta = cls._meta(path, readonly=readonly)
        try:
            conn = _connect(path, readonly=readonly)
        except sqlite3.Error as err:
            raise error(path, err) from None
        return cls(conn, path, readonly=readonly), meta

    @staticmethod
    def _meta(path: Path, *, readonly: bool) -> dict[str, str]:
        try:
            conn = _connect(path, readonly=readonly)
        except sqlite3.Error as err:
            raise error(path, err) from None
        try:
            if "meta" not in _tables(conn):
                raise ClassDBError(
                    f"{path} is an SQLite file but not a Moscow 1921 class database (it has no 'meta' "
                    "table); move it out of the classes folder and start the class again"
                )
            return {str(k): str(v) for k, v in conn.execute('SELECT "key", "value" FROM meta')}
        except sqlite3.Error as err:
            raise error(path, err) from None
        finally:
            conn.close()

    @staticmethod
    def _upgrade(path: Path, target: int) -> None:
        with _one_transaction(path) as conn:
            row = conn.execute('SELECT "value" FROM meta WHERE "key" = \'schema_version\'').fetchone()
            version = int(row[0])
            while version < target:
                for statement in UPGRADES[version]:
                    conn.execute(statement)
                version += 1
            conn.execute('UPDATE meta SET "value" = ? WHERE "key" = \'schema_version\'', (str(version),))
            conn.execute('UPDATE meta SET "value" = ? WHERE "key" = \'min_reader_version\'', (str(version),))

    def close(self) -> None:
        with self._thread_lock:
            self._closed = True
            self._conn.close()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None

    # ---------------------------------------------------------- transactions
    @contextlib.contextmanager
    def write(self) -> Iterator[Tx]:
        """One write transaction, taken in turn with every other writer of the file."""
        with self._thread_lock:
            self.check_file()
            with self._queued():
                conn = self._conn
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        yield Tx(conn.cursor())
                        conn.execute("COMMIT")
                    except BaseException:
                        if conn.in_transaction:
                            conn.execute("ROLLBACK")
                        raise
                except sqlite3.Error as err:
                    raise error(self.path, err) from None
            self._checkpoint()

    @contextlib.contextmanager
    def read(self) -> Iterator[Tx]:
        """One read transaction: everything read in it is one moment's picture."""
        with self._thread_lock:
            self.check_file()
            conn = self._conn
            try:
                conn.execute("BEGIN")
                try:
                    yield Tx(conn.cursor())
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")
            except sqlite3.Error as err:
                raise error(self.path, err) from None

    def changed(self) -> bool:
        """Whether any connection wrote since the last call (cheap: no table is read)."""
        with self._thread_lock:
            self.check_file()
            try:
                version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as err:
                raise error(self.path, err) from None
        changed = version != self._data_version
        self._data_version = version
        return changed

    def check_file(self) -> None:
        """Raise :class:`ClassDBGone` if the file opened is no longer the one at :attr:`path`
        (and :class:`ClassDBError` if this connection was closed)."""
        if self._closed:
            raise ClassDBError(f"{self.path}: this connection to the class database is closed")
        now = _identity(self.path)
        if now is None:
            raise ClassDBGone(
                f"{self.path} has been deleted: nothing more can be recorded or read for this class. "
                "Students' games are still in their own saves; start the class again to record anew"
            )
        if now != self._identity:
            raise ClassDBGone(
                f"{self.path} has been replaced by another file since it was opened; "
                "open the class again (students: reload the page and join again)"
            )

    @contextlib.contextmanager
    def _queued(self) -> Iterator[None]:
        if fcntl is None or self.readonly:
            yield
            return
        if self._lock_file is None:
            self._lock_file = os.open(f"{self.path}-lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    def _checkpoint(self) -> None:
        try:
            size = os.stat(f"{self.path}-wal").st_size
        except OSError:
            return
        if size > CHECKPOINT_BYTES:
            with contextlib.suppress(sqlite3.Error):  # busy: another writer is at it
                self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@contextlib.contextmanager
def _one_transaction(path: Path, *, wal: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection of its own to ``path`` (``wal``: switched to WAL first) in one ``BEGIN
    IMMEDIATE`` transaction: committed when the block ends, rolled back if it raised, then closed;
    an SQLite error is said for ``path`` (:func:`error`)."""
    try:
        conn = _connect(path, readonly=False)
        try:
            if wal:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
    except sqlite3.Error as err:
        raise error(path, err) from None


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    timeout = BUSY_TIMEOUT_MS / 1000
    if readonly:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a crashed process loses no commit
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # see Store._checkpoint
    return conn


def error(path: Path, err: sqlite3.Error) -> ClassDBError:
    """SQLite's error as a :class:`ClassDBError` that says what to do."""
    text = str(err)
    if isinstance(err, sqlite3.DatabaseError) and ("file is not a database" in text or "malformed" in text):
        return ClassDBError(
            f"{path} is not a readable class database ({text}); "
            "move it out of the classes folder and start the class again"
        )
    if "locked" in text or "busy" in text:
        return ClassDBBusy(
            f"{path}: the class database stayed busy for {BUSY_TIMEOUT_MS // 1000} s ({text}); try again"
        )
    if "readonly" in text or "read-only" in text:
        return ClassDBError(
            f"{path}: cannot write the class database ({text}); check the folder's permissions"
        )
    return ClassDBError(f"{path}: {text}")
