"""Engine benchmarks: load+check and explore synthetic stories of 100, 1,000 and 10,000 scenes.

Each story is written by :func:`bench.synthetic.write_story` into a temporary folder.
Every measurement runs in a fresh Python process, so its peak resident memory (the
child's own ``ru_maxrss``) belongs to that measurement alone:

* ``load``: import the loader (not timed), then time ``load_story`` (read, parse and
  check every file); the story must have no problems.
* ``explore``: load the story (not timed), then time ``explore``; it must report no
  defects.  Its peak memory covers the loaded story and the explorer's state graph.

Each is run :data:`RUNS` times (fewer with ``--runs``) and the median reported, with the
time per scene and the median CPU time (``time.process_time``): on a busy machine wall
time swells with the other processes' load, CPU time much less.  Growth is judged
against the next smaller size: a row's floor is the smaller size's median scaled up
linearly, so the ``× floor`` column reads 1.00 for exactly linear growth.  The targets
of the issue are checked on the largest story: load+check of 10,000 scenes in under
:data:`TARGET_CHECK_S` seconds and under :data:`TARGET_PEAK_MB` MB of peak memory.

This is a benchmark, not a test: it prints numbers and never fails on them
(``tests/test_bench_synthetic.py`` checks only that the stories stay valid).

Run it alone with ``python -m bench --only engine``; ``python -m bench.engine load DIR``
and ``python -m bench.engine explore DIR`` are the measured child processes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import Options, Row
from bench.startup import REPO, BenchmarkError, bench_env

SIZES = (100, 1_000, 10_000)
"""Story sizes, in scenes, smallest first."""

RUNS = 3
"""Timed runs per measurement (each in a fresh process); the median is reported."""

TARGET_CHECK_S = 3.0
TARGET_PEAK_MB = 250
"""Targets for load+check of the largest story: seconds, and peak memory in MB (10**6 bytes)."""

CHILD_TIMEOUT_S = 120.0


@dataclass(frozen=True, slots=True)
class Sample:
    """One measured child process."""

    seconds: float
    cpu_seconds: float
    peak_rss_kib: int
    states: int = 0


@dataclass(frozen=True, slots=True)
class Measure:
    """The runs of one measurement of one story size."""

    scenes: int
    samples: tuple[Sample, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def peak_mib(self) -> float:
        return max(s.peak_rss_kib for s in self.samples) / 1024

    @property
    def states(self) -> int:
        return self.samples[0].states

    @property
    def spread(self) -> str:
        times = [s.seconds * 1000 for s in self.samples]
        return f"{len(times)} runs {min(times):.0f}–{max(times):.0f} ms"


# ---------------------------------------------------------------------------- the child


def _peak_rss_kib() -> int:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


def _child(what: str, folder: Path) -> dict[str, float | int]:
    """Measure one thing in this (fresh) process; raise SystemExit with a message on bad stories."""
    import time

    from game.loading import load_story

    def fail(message: str, lines: list[str]) -> SystemExit:
        return SystemExit(f"the synthetic story has {message}:\n" + "\n".join(lines[:10]))

    if what == "load":
        started, cpu = time.perf_counter(), time.process_time()
        result = load_story(folder)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if result.problems:
            raise fail("problems", [str(p) for p in result.problems])
        return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": _peak_rss_kib()}

    from game.engine.explore import explore

    result = load_story(folder)
    if result.story is None:
        raise fail("problems", [str(p) for p in result.problems])
    started, cpu = time.perf_counter(), time.process_time()
    report = explore(result.story)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if report.defects:
        raise fail("defects", report.defects)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_kib": _peak_rss_kib(), "states": report.states}


# ---------------------------------------------------------------------------- the parent


def _measure(what: str, folder: Path) -> Sample:
    argv = [sys.executable, "-m", "bench.engine", what, str(folder)]
    try:
        done = subprocess.run(
            argv,
            cwd=REPO,
            env=bench_env(),
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise BenchmarkError(f"{' '.join(argv)} did not finish within {CHILD_TIMEOUT_S:.0f} s") from err
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Sample(
        float(data["seconds"]),
        float(data["cpu_seconds"]),
        int(data["peak_rss_kib"]),
        int(data.get("states", 0)),
    )


def _rows(label: str, measures: list[Measure], states: bool) -> list[Row]:
    """One row per size; from the second on, the floor is the previous size's time scaled up linearly."""
    rows = []
    previous: Measure | None = None
    for m in measures:
        detail = f"{m.seconds / m.scenes * 1e6:,.0f} µs/scene"
        if states:
            detail += f", {m.states:,} states ({m.states / m.scenes:.1f}/scene)"
        detail += f", peak {m.peak_mib:.0f} MiB, CPU {m.cpu_seconds * 1000:,.0f} ms, {m.spread}"
        floor = None if previous is None else previous.seconds * 1000 * m.scenes / previous.scenes
        rows.append(Row(f"engine: {label} {m.scenes:,} scenes", m.seconds * 1000, "ms", floor, detail))
        previous = m
    return rows


def _growth(label: str, measures: list[Measure]) -> Row:
    """Time per scene of the largest story over that of the next smaller one: 1.0 is linear."""
    small, large = measures[-2], measures[-1]
    times, sizes = large.seconds / small.seconds, large.scenes / small.scenes
    cpu = large.cpu_seconds / small.cpu_seconds
    return Row(
        f"engine: {label} growth {small.scenes:,}→{large.scenes:,}",
        times / sizes,
        "× linear",
        detail=f"time ×{times:.1f} (CPU ×{cpu:.1f}) for ×{sizes:.0f} scenes (1.00: linear)",
    )


def _load_average() -> str:
    """The one-minute load average and the CPU count: timings mean little on a busy machine."""
    try:
        return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def engine(options: Options) -> list[Row]:
    """Load+check and explore synthetic stories of every size in :data:`SIZES`."""
    from bench.synthetic import write_story

    runs = max(1, min(options.runs, RUNS))
    load_average = ""
    loads: list[Measure] = []
    explores: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="moscow1921-bench-engine-") as scratch:
        for scenes in SIZES:
            folder = Path(scratch) / f"story-{scenes}"
            write_story(folder, scenes)
            load_average = _load_average()  # as the largest story's measurement starts
            loads.append(Measure(scenes, tuple(_measure("load", folder) for _ in range(runs))))
            explores.append(Measure(scenes, tuple(_measure("explore", folder) for _ in range(runs))))

    rows = _rows("load+check", loads, states=False)
    rows.append(_growth("load+check", loads))
    rows += _rows("explore", explores, states=True)
    rows.append(_growth("explore", explores))

    largest = loads[-1]
    peak_mb = largest.peak_mib * 1024 * 1024 / 1e6
    rows.append(
        Row(
            f"engine: check {largest.scenes:,} scenes",
            largest.seconds,
            "s",
            detail=(
                f"target < {TARGET_CHECK_S:.0f} s: {_verdict(largest.seconds < TARGET_CHECK_S)} "
                f"(median CPU time {largest.cpu_seconds:.2f} s; load average {load_average})"
            ),
        )
    )
    rows.append(
        Row(
            f"engine: check {largest.scenes:,} scenes: peak RSS",
            peak_mb,
            "MB",
            detail=f"target < {TARGET_PEAK_MB} MB: {_verdict(peak_mb < TARGET_PEAK_MB)} (whole process)",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] in ("load", "explore"):
        print(json.dumps(_child(args[0], Path(args[1]))))
        return 0
    if args:
        print("usage: python -m bench.engine [load|explore DIR]", file=sys.stderr)
        return 2
    from bench import format_table

    print(format_table(engine(Options())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
