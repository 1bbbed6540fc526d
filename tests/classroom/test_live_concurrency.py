"""Thirty students, each in a process of their own, playing the shipped story at once against one
class database: every decision is recorded, none lost, none counted twice."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from game.classroom.classdb import ClassDB
from tests.classroom.live_support import SCENES, load_shipped, student_process

STUDENTS = 30


def test_thirty_concurrent_students_lose_no_decision(tmp_path: Path) -> None:
    load_shipped()  # the story is sound before thirty processes read it
    with ClassDB.for_class("Concurrency", create=True) as db:
        path = db.path
    # Each student is a process of its own, forked from a server process that has imported the
    # game and read the story once (a fork of this process could copy a lock held by one of
    # its threads; thirty fresh interpreters would each import and read it all again).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.classroom.live_preload"])
    start = context.Barrier(STUDENTS)
    out = context.Queue()
    students = [
        context.Process(
            target=student_process, args=("Concurrency", str(SCENES), seed, str(tmp_path), start, out)
        )
        for seed in range(STUDENTS)
    ]
    for process in students:
        process.start()
    reports = [out.get(timeout=240) for _ in students]
    for process in students:
        process.join(timeout=60)
        assert process.exitcode == 0

    assert [problems for *_, problems in reports] == [[]] * STUDENTS
    expected = {name: decisions for name, decisions, *_ in reports}
    chosen = sum(report[2] for report in reports)
    undone = sum(report[3] for report in reports)
    assert chosen > STUDENTS * 3 and undone > 0  # real playthroughs, with undo

    with ClassDB.open(path, readonly=True) as reader:
        snapshot = reader.snapshot()
        recorded = {p.student: [(d.decision, d.choice) for d in p.decisions] for p in snapshot.playthroughs}
        assert recorded == expected  # every student's path, in order, exactly
        assert all(p.ending is not None for p in snapshot.playthroughs)
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    revisions = conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    conn.close()
    assert rows == sum(len(decisions) for decisions in expected.values())
    assert rows + revisions == chosen  # every decision ever taken: on the path, or kept as undone
    assert revisions == undone
