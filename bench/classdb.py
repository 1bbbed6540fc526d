"""The live class's database under load: 30 and 300 simulated students writing at once, and the
teacher's dashboard refreshing over what they wrote.

* ``load``: every student plays a random real path of the shipped story (computed before
  the clock starts), then the whole class records it together, one record per choice, exactly
  as a tab's :class:`~game.classroom.live_record.Recorder` writes after every autosave (the
  whole path of decisions, in one transaction).  Two ways, as a class is served: the web
  edition's (``process``: one server process for the whole class, every student's record
  through its one :class:`~game.classroom.class_writer.ClassWriter`, which writes what came in
  meanwhile in one transaction; the students are tasks on its event loop, as its requests
  are), and the terminal look's (``direct``: every student a process of their own with a
  connection of its own, as every tab of ``serve --terminal --class`` is, each taking the
  file's lock in turn).  This is a flood, not a class: at each
  choice all the students choose at the same moment (they wait for one another at a barrier,
  then all write at once), where a real class spreads its choices over half a minute or so.
  Reported: decisions recorded per second (decision rows written / wall time from the common
  start to the last record, the barriers included) and the time one record takes (median, 99th
  percentile and the longest: the class dashboard shows a choice that much later), and for
  the one server process, its writer's processor time per record (what the machine's other
  work cannot stretch: on 2 shared cores the wall times follow the neighbours' load).  The
  database must end with every decision: a count that differs fails the run.
* ``dashboard``: the dashboard app, headless, over the class the load left behind; the
  refresh is timed as the query (snapshot and tallies, read-only) and as query and redraw
  together (until the next frame has been drawn), median of :data:`REFRESHES`.

Run it alone with ``python -m bench --only classdb``; ``python -m bench.classdb load N process|direct`` and
``python -m bench.classdb dashboard`` are the measured children (they print JSON).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Options, Row
from bench.children import run_child
from bench.startup import REPO

SIZES = (30, 300)
WAYS = {
    "process": "one server process",
    "direct": "a process each",
}
"""How the students write (see ``load``); both are measured for each size."""
REFRESHES = 20
CLASS = "Benchmark class"
SCENES = Path(os.environ.get("MOSCOW1921_BENCH_SCENES") or REPO / "scenes")
"""The story the students play (``MOSCOW1921_BENCH_SCENES`` names another copy)."""
CHILD_TIMEOUT_S = 600.0


# ------------------------------------------------------------------ the runner's side
def classdb(options: Options) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="moscow1921-bench-classdb-") as scratch:
        for students in SIZES:
            home = Path(scratch) / str(students)
            for way, words in WAYS.items():
                load = _child(["load", str(students), way], home / way)
                rows += [
                    Row(
                        f"class db, {students} students, {words}: decisions recorded",
                        load["decisions"] / load["seconds"],
                        "/s",
                        detail=(
                            f"{load['decisions']:,} decisions in {load['records']:,} records, "
                            f"{load['processes']} process{'es' * (load['processes'] != 1)}, "
                            f"{load['seconds']:.2f} s; none lost"
                            + (
                                f"; {load['batches']:,} transactions, the writer's processor time "
                                f"{load['writer_cpu_ms_per_record']:.2f} ms a record"
                                if way == "process"
                                else ""
                            )
                        ),
                    ),
                    Row(
                        f"class db, {students} students, {words}: one record",
                        load["record_ms_median"],
                        "ms",
                        detail=(
                            f"median; p99 {load['record_ms_p99']:.1f} ms, max {load['record_ms_max']:.0f} ms"
                        ),
                    ),
                ]
            home = home / "direct"
            dash = _child(["dashboard"], home)
            rows += [
                Row(
                    f"dashboard, {students} students: query",
                    dash["query_ms"],
                    "ms",
                    detail=f"median of {REFRESHES}: snapshot and tallies of {dash['playthroughs']} games",
                ),
                Row(
                    f"dashboard, {students} students: a decision shown",
                    dash["decision_ms"],
                    "ms",
                    dash["idle_ms"],
                    f"median of {REFRESHES}: poll, query and redraw; floor: an idle Pilot pause",
                ),
                Row(
                    f"dashboard, {students} students: heartbeats shown",
                    dash["heartbeat_ms"],
                    "ms",
                    dash["idle_ms"],
                    f"median of {REFRESHES}: poll, roster only, redraw",
                ),
            ]
    return rows


def _child(args: list[str], home: Path) -> dict[str, Any]:
    return run_child("bench.classdb", args, home, CHILD_TIMEOUT_S)


# ------------------------------------------------------------------ load
def _paths(students: int) -> list[tuple[str, list[Any]]]:
    """Every student's name and the progress to record after each of their choices."""
    from game.classroom.classdb import DecisionStep, Progress
    from game.classroom.live_record import story_id
    from game.engine import play
    from game.loading import load_story

    story = load_story(SCENES).story
    if story is None:
        raise SystemExit(f"the story in {SCENES} has problems: run moscow1921 check")
    ident = story_id(story)
    out = []
    for number in range(students):
        rng = random.Random(number)
        state = play.new_game(story, rng.choice(sorted(story.roles)))
        records = []
        while True:
            over = play.is_over(story, state)
            scene = play.current_scene(story, state)
            steps = tuple(
                DecisionStep(i, s.decision, s.scene, s.choice, s.historical)
                for i, s in enumerate(state.steps)
                if s.decision is not None
            )
            records.append(
                Progress(
                    state.role,
                    None if over else state.at,
                    scene.chapter if scene else None,
                    state.at if over else None,
                    state.turn,
                    steps,
                    ident,
                )
            )
            if over:
                break
            state = play.choose(story, state, rng.choice(play.available_choices(story, state)).id)
        out.append((f"Student {number:03d}", records))
    return out


def _student(class_name: str, name: str, records: list[Any], rounds: int, start: Any, out: Any) -> None:
    """One student's process: join, then at every round record the next choice with the class."""
    from game.classroom import joining
    from game.classroom.classdb import ClassDB

    with ClassDB.for_class(class_name) as db:
        student = joining.join(db, name).student
        assert student is not None
        out.put(_rounds(db, student, records, rounds, start))


def _rounds(
    writes: Any, student: Any, records: list[Any], rounds: int, start: Any
) -> tuple[float, float, list[float]]:
    """At every round, record the student's next choice with ``writes`` (when the class does)."""
    latencies: list[float] = []
    start.wait(timeout=CHILD_TIMEOUT_S)
    began = time.time()
    for index in range(rounds):
        if index < len(records):
            before = time.perf_counter()
            writes.record_all(student, [(records[index], index == 0)])
            latencies.append(time.perf_counter() - before)
        start.wait(timeout=CHILD_TIMEOUT_S)  # the class chooses together, every time
    return began, time.time(), latencies


def _processes(paths: list[tuple[str, list[Any]]], rounds: int) -> list[tuple[float, float, list[float]]]:
    """The terminal look's class: a process and a connection for every student."""
    context: Any = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    start, out = context.Barrier(len(paths)), context.Queue()
    workers = [
        context.Process(target=_student, args=(CLASS, name, records, rounds, start, out))
        for name, records in paths
    ]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=CHILD_TIMEOUT_S) for _ in workers]
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise SystemExit(f"a student process failed (exit code {worker.exitcode})")
    return results


def _one_process(paths: list[tuple[str, list[Any]]], rounds: int) -> tuple[list[Any], int, float]:
    """The web edition's class: one process, its students tasks on its event loop as its requests
    are, every record sent to its one writer as :class:`~game.webapp.class_records.ClassRoom` sends it."""
    from game.classroom import joining
    from game.classroom.class_writer import ClassWriter
    from game.classroom.classdb import ClassDB, Write

    async def student(writer: ClassWriter, who: Any, records: list[Any], start: Any) -> Any:
        latencies: list[float] = []
        await start.wait()
        began = time.time()
        for index in range(rounds):
            if index < len(records):
                before = time.perf_counter()
                await asyncio.wrap_future(
                    writer.submit(Write("record", who, ((records[index], index == 0),)))
                )
                latencies.append(time.perf_counter() - before)
            await start.wait()  # the class chooses together, every time
        return began, time.time(), latencies

    async def flood(writer: ClassWriter, students: list[Any]) -> list[Any]:
        start = asyncio.Barrier(len(paths))
        return await asyncio.gather(
            *(student(writer, who, records, start) for who, (_, records) in zip(students, paths, strict=True))
        )

    with ClassDB.for_class(CLASS) as db:
        students = [joining.join(db, name).student for name, _ in paths]
        writer = ClassWriter(db)
        try:
            results = asyncio.run(flood(writer, students))
        finally:
            writer.close()
    return results, writer.batches, writer.cpu_s


def load(students: int, way: str) -> dict[str, Any]:
    from game.classroom.classdb import ClassDB

    paths = _paths(students)
    ClassDB.for_class(CLASS, create=True).close()
    rounds = max(len(records) for _, records in paths)
    batches, cpu_s = 0, 0.0
    if way == "process":
        results, batches, cpu_s = _one_process(paths, rounds)
        processes = 1
    else:
        results = _processes(paths, rounds)
        processes = len(results)
    began, ended = min(r[0] for r in results), max(r[1] for r in results)
    latencies = sorted(t * 1000 for r in results for t in r[2])
    expected = sum(len(records[-1].decisions) for _, records in paths)
    with ClassDB.for_class(CLASS, readonly=True) as db:
        recorded = db.snapshot().decisions
    if recorded != expected:
        raise SystemExit(f"decisions lost: {expected} taken, {recorded} recorded")
    return {
        "decisions": recorded,
        "records": len(latencies),
        "processes": processes,
        "seconds": ended - began,
        "record_ms_median": statistics.median(latencies),
        "record_ms_p99": latencies[int(0.99 * (len(latencies) - 1))],
        "record_ms_max": latencies[-1],
        "batches": batches,
        "writer_cpu_ms_per_record": cpu_s * 1000 / len(latencies),
    }


# ------------------------------------------------------------------ dashboard
def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


async def _dashboard() -> dict[str, Any]:
    from dataclasses import replace

    from game.classroom.classdb import ClassDB, Progress
    from game.classroom.live_view import class_report
    from game.loading import load_story
    from game.ui.dashboard_app import DashboardApp
    from game.ui.screens.dashboard import DashboardScreen

    story = load_story(SCENES).story
    assert story is not None
    with ClassDB.for_class(CLASS, readonly=True) as db, ClassDB.for_class(CLASS) as writer:
        queries, heartbeats, decisions, idle = [], [], [], []
        for _ in range(REFRESHES):
            before = time.perf_counter()
            class_report(story, db.snapshot())
            queries.append(time.perf_counter() - before)
        student = _take_over(writer, "Student 000")
        runs = writer.playthroughs()
        run = next(r for r in runs if r.student == student.name)
        last = run.decisions
        progress = Progress(run.role, None, None, run.ending, 0, last, run.story)
        app = DashboardApp(db, story)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            for number in range(REFRESHES):
                before = time.perf_counter()
                await pilot.pause()
                idle.append(time.perf_counter() - before)

                writer.heartbeat(student)
                before = time.perf_counter()
                screen.poll()
                await pilot.pause()
                heartbeats.append(time.perf_counter() - before)

                # The student takes back their last decision, or takes it again: the tallies move.
                steps = last[:-1] if number % 2 == 0 else last
                writer.record(student, replace(progress, decisions=steps))
                before = time.perf_counter()
                screen.poll()
                await pilot.pause()
                decisions.append(time.perf_counter() - before)
    return {
        "query_ms": _median_ms(queries),
        "heartbeat_ms": _median_ms(heartbeats),
        "decision_ms": _median_ms(decisions),
        "idle_ms": _median_ms(idle),
        "playthroughs": len(runs),
    }


def _take_over(db: Any, name: str) -> Any:
    """This connection takes the student over, as a teacher releasing their code would allow."""
    from game.classroom import joining

    joining.release(db, name)
    student = joining.join(db, name).student
    assert student is not None
    return student


def main(argv: list[str]) -> int:
    if argv[:1] == ["load"] and len(argv) == 3 and argv[2] in WAYS:
        print(json.dumps(load(int(argv[1]), argv[2])))
    elif argv == ["dashboard"]:
        print(json.dumps(asyncio.run(_dashboard())))
    else:
        print("usage: python -m bench.classdb load STUDENTS process|direct | dashboard", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
