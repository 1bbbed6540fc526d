"""A class database that is locked or deleted under a running class (issue 13.6).

Locked: the recorder works on a thread of its own, so the game never waits for the database;
the change waits in the recorder's queue ("saving"), is tried again, and is written once the
lock is let go: nothing is lost.  Deleted (the file and its ``-wal``/``-shm``): every write and
read says so (:class:`ClassDBGone`) instead of going, silently, into a file nobody will read.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from game import locations
from game.classroom import joining
from game.classroom.classdb import ClassDB, ClassDBGone, DecisionStep, Progress, Student
from game.classroom.live_record import Recorder


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ClassDB]:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    with ClassDB.for_class("History 9A", create=True) as opened:
        yield opened


def joined(db: ClassDB, name: str = "Anna K") -> Student:
    student = joining.join(db, name).student
    assert student is not None
    return student


def progress(steps: int) -> Progress:
    decisions = tuple(DecisionStep(i, f"dp_{i}", f"scene_{i}", "yes", i % 2 == 0) for i in range(steps))
    return Progress("metalworker", f"scene_{steps}", "ch1", None, steps, decisions)


def recorded(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0])
    finally:
        conn.close()


class WriteLock:
    """Another program holding the class database's write lock (as ``sqlite3 file 'BEGIN IMMEDIATE'``)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def test_a_locked_database_holds_up_nothing_and_loses_nothing(db: ClassDB) -> None:
    statuses: list[str] = []
    changed = threading.Event()

    def on_status(status: str, problem: str) -> None:
        statuses.append(status)
        changed.set()

    recorder = Recorder(db, joined(db), on_status)
    lock = WriteLock(db.path)
    try:
        for steps in (1, 2, 3):
            recorder.submit(progress(steps))  # returns at once: the lock is still held
        assert recorder.pending
        assert not recorder.flush(timeout=0.5)  # still waiting for the lock...
        assert recorded(db.path) == 0
    finally:
        lock.release()
    assert recorder.flush(timeout=30)  # ...and written once it is let go
    assert recorded(db.path) == 3
    assert recorder.status == "saved"
    recorder.close()


def test_a_busy_database_is_shown_as_saving_and_retried(db: ClassDB, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.classroom import classdb_sqlite

    monkeypatch.setattr(classdb_sqlite, "BUSY_TIMEOUT_MS", 100)
    with ClassDB.open(db.path) as quick:  # waits 0.1 s for a lock, not 10 s
        statuses: list[str] = []
        saving = threading.Event()

        def on_status(status: str, problem: str) -> None:
            statuses.append(status)
            if status == "saving":
                assert "busy" in problem
                saving.set()

        recorder = Recorder(quick, joined(quick), on_status)
        lock = WriteLock(db.path)
        try:
            recorder.submit(progress(2))
            assert saving.wait(timeout=30)
        finally:
            lock.release()
        assert recorder.flush(timeout=30)
        assert statuses[-2:] == ["saving", "saved"]
        assert recorded(db.path) == 2
        recorder.close()


def delete_class_files(path: Path) -> None:
    for tail in ("", "-wal", "-shm"):
        Path(f"{path}{tail}").unlink(missing_ok=True)


def test_a_deleted_database_is_said_so_not_silently_ok(db: ClassDB) -> None:
    student = joined(db)
    problems: list[tuple[str, str]] = []
    gone = threading.Event()

    def on_status(status: str, problem: str) -> None:
        problems.append((status, problem))
        if status == "gone":
            gone.set()

    recorder = Recorder(db, student, on_status)
    recorder.submit(progress(1))
    assert recorder.flush(timeout=30) and recorder.status == "saved"
    delete_class_files(db.path)
    recorder.submit(progress(2))
    assert gone.wait(timeout=30)
    assert "has been deleted" in problems[-1][1]
    with pytest.raises(ClassDBGone):
        db.heartbeat(student)
    with pytest.raises(ClassDBGone):
        db.record(student, progress(3))
    recorder.close()


def test_the_dashboard_sees_a_deleted_database(db: ClassDB) -> None:
    joined(db)
    with ClassDB.open(db.path, readonly=True) as reader:
        reader.snapshot()
        delete_class_files(db.path)
        with pytest.raises(ClassDBGone):
            reader.snapshot()
        with pytest.raises(ClassDBGone):
            reader.changed()


def test_a_database_replaced_under_the_class_is_not_written_to(db: ClassDB) -> None:
    student = joined(db)
    delete_class_files(db.path)
    ClassDB.create(db.path, "History 9A").close()  # the teacher started the class afresh
    with pytest.raises(ClassDBGone, match="replaced"):
        db.record(student, progress(1))
