"""The web edition under a school's load, and the same class on textual-serve beside it.

* ``load``: ``moscow1921 serve --class`` (the web edition: one process) on loopback, and
  :data:`STUDENTS` simulated students, each an HTTP client with its own cookies that opens the
  class's door, types a name, picks a role and then plays the shipped story as a browser would
  with JavaScript off (the page, a choice from its form, the page the choice leads to, the
  what-happened panel and on), waiting 1 to 3 s before each choice, at most
  :data:`bench.web_students.CHOICES` choices each and :data:`DEADLINE_S` in all once the class
  is in (bounded in count and time).  They arrive over the first
  :data:`bench.web_students.ARRIVAL_S` seconds and join (the door, the title, a new game, its
  first scene); the class plays once every student is in, as a teacher says "now begin".
  The students run in :data:`CLIENT_PROCESSES` processes of their own
  (:mod:`bench.web_students`: a minimal HTTP/1.1 client, each process in a session and
  scheduling group of its own, niced), since a real class's browsers are on other machines and
  here they share the server's 2 cores: the rows say how many, at what priority, and the
  processor time they took per request.  Reported: the time of each page of play as the
  student sees it (from the request written to the page read whole: p50, p99, max) with the
  machine's load beside it; the door's apart (a join hashes the student's code with scrypt,
  tens of milliseconds of processor each by design, so 300 arriving in a few seconds queue
  there); the server's memory (peak resident set of its one process); and the decisions: every
  decision a student took (a choice that led to a what-happened panel) must be in the class
  database afterwards, or the run fails.  The server's processor time per page of play (and
  per student at the door) is printed too: on a busy machine the page times say more about
  the neighbours than the server.
* ``terminal``: ``moscow1921 serve --terminal`` (textual-serve) with :data:`TABS` tabs opened
  at once (a websocket each, as xterm.js opens it), each timed from opening to the title
  screen's menu drawn, and the memory of the server's whole process tree once all are shown.
  A class of 300 there is 300 game processes; the rows project the measured tabs to
  :data:`STUDENTS` (memory per tab times the class), since running them would measure the
  machine's swap, and set them beside the web edition's measured figures as the ratio.

Run it alone with ``python -m bench --only web``; ``python -m bench.web load URL PID N`` and
``python -m bench.web terminal URL PID N`` are the measured children (they print JSON).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import Options, Row
from bench.children import process_tree, run_child
from bench.served import ServerFailed, serve
from bench.startup import BenchmarkError, bench_env
from bench.web_students import ARRIVAL_S

STUDENTS = int(os.environ.get("MOSCOW1921_BENCH_STUDENTS", "300"))
TABS = int(os.environ.get("MOSCOW1921_BENCH_TABS", "10"))
CLIENT_PROCESSES = 2
"""Processes the simulated students are shared between (a process per core of this machine)."""
DEADLINE_S = 120.0
JOIN_DEADLINE_S = 300.0
"""How long the whole class may take to join (at most: the run is bounded in time)."""
CLASS = "Benchmark class"
CHILD_TIMEOUT_S = 600.0
SERVER_START_S = 30.0
FIRST_PAGE_MARK = "Start at a chapter"
"""Text of the Textual title screen's menu: the tab shows its first page."""


# ------------------------------------------------------------------ the runner's side
def web(options: Options) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="moscow1921-bench-web-") as scratch:
        home = Path(scratch) / "web"
        with _server(home, "--class", CLASS) as (url, pid):
            load = _child(["load", url, str(pid), str(STUDENTS)], home)
        home = Path(scratch) / "terminal"
        with _server(home, "--terminal") as (url, pid):
            tabs = _child(["terminal", url, str(pid), str(TABS)], home)
    per_tab = tabs["memory_mib"] / tabs["tabs"]
    projected = tabs["base_mib"] + per_tab * STUDENTS
    label = f"{STUDENTS} students"
    return [
        Row(
            f"web edition, {label}: a page",
            load["p99_ms"],
            "ms",
            detail=(
                f"p99 (goal < 100); p50 {load['p50_ms']:.1f} ms, max {load['max_ms']:.0f} ms over "
                f"{load['play_requests']:,} pages of play, a choice every 1-3 s; timed by the students "
                f"(request written to page read) in {load['clients']} processes of their own at "
                f"{load['client_priority']}, {load['client_cpu_ms']:.2f} ms of their CPU a request; "
                f"machine load {load['load'][0]:.1f} then {load['load'][1]:.1f}"
            ),
        ),
        Row(
            f"web edition, {label}: server CPU a page",
            load["cpu_ms"],
            "ms",
            detail=(
                "the server's processor time while the class plays / its pages (less bound to the "
                f"machine's load): one event loop serves at most {1000 / load['cpu_ms']:,.0f} pages/s"
            ),
        ),
        Row(
            f"web edition, {label}: joining",
            load["door_p99_ms"],
            "ms",
            detail=(
                f"p99 of the door's pages (join, title, new game, first scene), all arriving in "
                f"{ARRIVAL_S:.0f} s; p50 {load['door_p50_ms']:.0f} ms; {load['door_cpu_ms']:.0f} ms "
                "of server CPU a student (the code's scrypt hash, by design)"
            ),
        ),
        Row(
            f"web edition, {label}: decisions recorded",
            load["recorded"],
            "",
            detail=(
                f"of {load['decided']:,} taken, all in the class database; {load['endings']} endings reached"
            ),
        ),
        Row(
            f"web edition, {label}: server memory",
            load["peak_mib"],
            "MiB",
            detail=(
                f"peak RSS, {load['processes']} process (goal < 300); {load['rss_mib']:.0f} MiB at the end"
            ),
        ),
        Row(
            f"textual-serve, {label}: server memory",
            projected,
            "MiB",
            load["peak_mib"],
            f"projected: {tabs['memory_mib']:.0f} MiB for {tabs['tabs']} tabs measured; × web edition",
        ),
        Row(
            f"textual-serve, {label}: processes",
            1 + (tabs["processes"] - 1) / tabs["tabs"] * STUDENTS,
            "",
            load["processes"],
            f"projected: {tabs['processes']} for {tabs['tabs']} tabs (a shell, a game each); × web edition",
        ),
        Row(
            f"textual-serve, {tabs['tabs']} tabs at once: first page",
            tabs["first_page_median_ms"],
            "ms",
            load["first_page_median_ms"],
            f"median, max {tabs['first_page_max_ms']:.0f} ms; × the web edition's first page "
            f"under {label} (median, max {load['first_page_max_ms']:.0f} ms)",
        ),
    ]


@contextlib.contextmanager
def _server(home: Path, *args: str) -> Iterator[tuple[str, int]]:
    """``python -m game serve ARGS`` on a free loopback port with its data in ``home``
    (:mod:`bench.served`, as the browser tests start it): its base URL and process id."""
    try:
        with serve(
            home, *args, logs=home, env=bench_env({"MOSCOW1921_HOME": str(home)}), start_s=SERVER_START_S
        ) as up:
            yield up.origin, up.process.pid
    except ServerFailed as err:
        raise BenchmarkError(f"serve {' '.join(args)}: {err}") from None


def _child(args: list[str], home: Path) -> dict[str, Any]:
    return run_child("bench.web", args, home, CHILD_TIMEOUT_S)


# ------------------------------------------------------------------ memory, from /proc
def _status_kib(pid: int, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _cpu_s(pid: int) -> float:
    """The processor time ``pid`` has used (user and system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ------------------------------------------------------------------ load (the web edition)
async def _load(base: str, pid: int, students: int) -> dict[str, Any]:
    """The class in :data:`CLIENT_PROCESSES` processes of :mod:`bench.web_students`, each a share."""
    shares = [
        students // CLIENT_PROCESSES + (n < students % CLIENT_PROCESSES) for n in range(CLIENT_PROCESSES)
    ]
    firsts = [sum(shares[:n]) for n in range(len(shares))]
    started, cpu_before, load_before = time.perf_counter(), _cpu_s(pid), os.getloadavg()[0]
    crowds = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.web_students",
            base,
            str(first),
            str(count),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            start_new_session=True,  # a scheduling group of its own, niced (see web_students.NICE)
            limit=64 * 1024 * 1024,
        )
        for first, count in zip(firsts, shares, strict=True)
        if count
    ]
    try:
        for crowd in crowds:  # each says "in" once its students are in: the teacher's "now begin"
            said = await asyncio.wait_for(_line(crowd), JOIN_DEADLINE_S)
            if said != "in":
                raise BenchmarkError(f"a crowd of students said {said!r} instead of 'in'")
        cpu_at_all_in, all_in = _cpu_s(pid), time.perf_counter()
        end = time.monotonic() + DEADLINE_S
        for crowd in crowds:
            assert crowd.stdin is not None
            crowd.stdin.write(f"go {end!r}\n".encode())
            await crowd.stdin.drain()
        results = [json.loads(await asyncio.wait_for(_line(crowd), DEADLINE_S + 60)) for crowd in crowds]
        for crowd in crowds:
            await crowd.wait()
    finally:
        for crowd in crowds:
            if crowd.returncode is None:
                crowd.kill()
                await crowd.wait()
    seconds = time.perf_counter() - started
    cpu_after = _cpu_s(pid)
    play = [ms for result in results for ms in result["play_times"]]
    door = [ms for result in results for ms in result["door_times"]]
    firsts_ms = [ms for result in results for ms in result["first_pages"]]
    return {
        "seconds": seconds,
        "play_seconds": time.perf_counter() - all_in,
        "requests": len(play) + len(door),
        "play_requests": len(play),
        "p50_ms": statistics.median(play),
        "p99_ms": _percentile(play, 0.99),
        "max_ms": max(play),
        "cpu_ms": (cpu_after - cpu_at_all_in) * 1000 / len(play),
        "door_p50_ms": statistics.median(door),
        "door_p99_ms": _percentile(door, 0.99),
        "door_cpu_ms": (cpu_at_all_in - cpu_before) * 1000 / students,
        "load": [load_before, os.getloadavg()[0]],
        "first_page_median_ms": statistics.median(firsts_ms),
        "first_page_max_ms": max(firsts_ms),
        "decided": sum(result["decided"] for result in results),
        "endings": sum(result["endings"] for result in results),
        "clients": len(crowds),
        "client_priority": results[0]["priority"],
        "client_cpu_ms": sum(result["cpu_s"] for result in results) * 1000 / (len(play) + len(door)),
    }


async def _line(crowd: asyncio.subprocess.Process) -> str:
    assert crowd.stdout is not None
    line = await crowd.stdout.readline()
    if not line:
        await crowd.wait()
        raise BenchmarkError(f"a crowd of students (bench.web_students) exited with {crowd.returncode}")
    return line.decode().strip()


def load_child(base: str, pid: int, students: int) -> dict[str, Any]:
    from game.classroom.classdb import ClassDB

    result = asyncio.run(_load(base, pid, students))
    with ClassDB.for_class(CLASS, readonly=True) as db:
        snapshot = db.snapshot()
    result["recorded"] = snapshot.decisions
    if len(snapshot.students) != students or snapshot.decisions != result["decided"]:
        raise SystemExit(
            f"{snapshot.decisions} decisions of {len(snapshot.students)} students in the class database; "
            f"{result['decided']} taken by {students}"
        )
    tree = process_tree(pid)
    result["processes"] = len(tree)
    result["peak_mib"] = sum(_status_kib(p, "VmHWM") for p in tree) / 1024
    result["rss_mib"] = sum(_status_kib(p, "VmRSS") for p in tree) / 1024
    return result


# ------------------------------------------------------------------ terminal (textual-serve)
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Za-z0-9]|.)")


async def _tabs(base: str, pid: int, tabs: int) -> dict[str, Any]:
    import aiohttp

    base_mib = sum(_status_kib(p, "VmRSS") for p in process_tree(pid)) / 1024
    held: list[Any] = []

    async def open_and_hold() -> float:
        http = aiohttp.ClientSession()
        held.append(http)
        started = time.perf_counter()
        ws = await http.ws_connect(
            base.replace("http://", "ws://") + "/ws?width=80&height=24",
            headers={"Origin": base},
            max_msg_size=0,
        )
        held.append(ws)  # open until measured: a tab's game ends when its websocket closes
        shown = ""
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                shown += message.data.decode("utf-8", "replace")
                if FIRST_PAGE_MARK in _ESCAPE.sub("", shown):
                    return (time.perf_counter() - started) * 1000
        raise BenchmarkError(f"a tab closed before its first page: {_ESCAPE.sub('', shown)[-300:]}")

    try:
        firsts = await asyncio.wait_for(asyncio.gather(*(open_and_hold() for _ in range(tabs))), 180)
        await asyncio.sleep(1.0)  # every tab shown: the processes as a class would hold them
        tree = process_tree(pid)
        memory = sum(_status_kib(p, "VmRSS") for p in tree) / 1024
    finally:
        for opened in reversed(held):  # the websockets, then their sessions
            await opened.close()
    return {
        "tabs": tabs,
        "processes": len(tree),
        "base_mib": base_mib,
        "memory_mib": memory - base_mib,
        "first_page_median_ms": statistics.median(firsts),
        "first_page_max_ms": max(firsts),
    }


def main(argv: list[str]) -> int:
    kind, base, pid, count = argv[0], argv[1], int(argv[2]), int(argv[3])
    if kind == "load":
        print(json.dumps(load_child(base, pid, count)))
    elif kind == "terminal":
        print(json.dumps(asyncio.run(_tabs(base, pid, count))))
    else:
        raise SystemExit(f"unknown child {kind!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
