"""One writer for a whole server (game/classroom/class_writer.py, the web edition's): many
students' writes in one transaction, each kept or refused on its own; nothing answered before
it is committed; a database deleted under it said to every caller."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.classroom import joining
from game.classroom.class_writer import ClassWriter
from game.classroom.classdb import (
    ClassDB,
    ClassDBError,
    ClassDBGone,
    DecisionStep,
    Progress,
    StoryId,
    Student,
    Superseded,
    Write,
)

CLASS = "Writer class"


@pytest.fixture
def db() -> Iterator[ClassDB]:
    with ClassDB.for_class(CLASS, create=True) as opened:
        yield opened


def joined(db: ClassDB, name: str) -> Student:
    student = joining.join(db, name).student
    assert student is not None
    return student


def progress(decisions: int, *, scene: str = "s1") -> Progress:
    steps = tuple(
        DecisionStep(i, f"d{i}", f"s{i}", "yes" if i % 2 else "no", i % 2 == 1) for i in range(decisions)
    )
    return Progress("metalworker", scene, "c1", None, decisions, steps, StoryId("T", 1, "f" * 8))


def recorded(db: ClassDB) -> dict[str, list[str]]:
    """Each student's decisions as the class database holds them now."""
    out: dict[str, list[str]] = {}
    for run in db.playthroughs():
        out.setdefault(run.student, []).extend(f"{d.decision}={d.choice}" for d in run.decisions)
    return out


# ------------------------------------------------------------------ many writes, one transaction
def test_a_batch_keeps_every_write_but_the_one_of_a_tab_taken_over(db: ClassDB) -> None:
    anna, boris = joined(db, "Anna"), joined(db, "Boris")
    old_boris = Student(boris.id, boris.name, boris.folder, "a tab that was taken over", True)
    results = db.write_many(
        [
            Write("record", anna, ((progress(2), True),)),
            Write("record", old_boris, ((progress(3), True),)),
            Write("heartbeat", anna),
        ]
    )
    assert isinstance(results[0], int) and results[0] > 0 and results[2] == 0
    assert isinstance(results[1], Superseded)
    assert recorded(db) == {"Anna": ["d0=no", "d1=yes"]}  # Boris's old tab wrote nothing
    assert db.snapshot().changes == 1  # one transaction, one change for the dashboard


def test_concurrent_students_are_written_in_fewer_transactions_than_writes_and_none_lost(db: ClassDB) -> None:
    students = [joined(db, f"Student {n:02d}") for n in range(40)]
    writer = ClassWriter(db)
    start = threading.Barrier(len(students))
    errors: list[BaseException] = []

    def student(who: Student) -> None:
        start.wait()
        try:
            for count in range(1, 6):
                writer.record_all(who, [(progress(count), count == 1)])
        except BaseException as err:  # pragma: no cover - shown by the assert below
            errors.append(err)

    threads = [threading.Thread(target=student, args=(who,)) for who in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    writer.close()
    assert errors == []
    assert recorded(db) == {
        who.name: [f"d{i}={'yes' if i % 2 else 'no'}" for i in range(5)] for who in students
    }
    assert writer.batches < 40 * 5, "every write was its own transaction: nothing was batched"


def test_a_deleted_database_is_said_to_every_caller_and_nothing_is_answered_as_saved(db: ClassDB) -> None:
    anna = joined(db, "Anna")
    writer = ClassWriter(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db.path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(ClassDBGone):
        writer.record_all(anna, [(progress(1), True)])
    with pytest.raises(ClassDBGone):
        writer.heartbeat(anna)
    writer.close()


def test_a_closed_writer_refuses_at_once(db: ClassDB) -> None:
    writer = ClassWriter(db)
    writer.close()
    with pytest.raises(ClassDBError, match="stopped"):
        writer.heartbeat(joined(db, "Anna"))
