"""Run every benchmark and print one table: ``python -m bench [--runs N] [--only TEXT]``.

To add a benchmark, write a function ``(Options) -> list[Row]`` and append it to
``BENCHMARKS``.  Compare start-up times with :func:`floor`, the bare Textual app
measured once per run of this command.
"""

from __future__ import annotations

import argparse
import functools
import platform
import sys

from bench import Benchmark, Options, Row, format_table
from bench.classdb import classdb
from bench.engine import engine
from bench.startup import BenchmarkError, Stats, time_process
from bench.steps import steps
from bench.ui import ui
from bench.web import web

BARE_APP = [sys.executable, "-m", "bench.bare_app"]


@functools.cache
def floor(runs: int) -> Stats:
    """The bare Textual app on a terminal, from spawn to its first frame and to exit."""
    return time_process(BARE_APP, runs)


def bare_app(options: Options) -> list[Row]:
    stats = floor(options.runs)
    detail = f"median of {stats.runs}, min {{:.0f}} ms"
    rows = []
    if stats.first_frame_median is not None and stats.first_frame_min is not None:
        first = stats.first_frame_median * 1000
        rows.append(
            Row(
                "bare Textual app: first frame",
                first,
                "ms",
                first,
                detail.format(stats.first_frame_min * 1000),
            )
        )
    rows += [
        Row(
            "bare Textual app: start to exit",
            stats.median_ms,
            "ms",
            stats.median_ms,
            detail.format(stats.min_ms),
        ),
        Row("bare Textual app: peak RSS", stats.peak_rss_kib / 1024, "MiB", stats.peak_rss_kib / 1024),
    ]
    return rows


BENCHMARKS: list[Benchmark] = [
    bare_app,
    engine,
    steps,
    ui,
    classdb,
    web,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs per timed command (default 5)")
    parser.add_argument("--only", default="", help="run only benchmarks whose function name contains TEXT")
    args = parser.parse_args(argv)
    options = Options(runs=max(1, args.runs))

    rows: list[Row] = []
    failed = False
    for benchmark in BENCHMARKS:
        if args.only and args.only not in benchmark.__name__:
            continue
        print(f"running {benchmark.__name__} …", file=sys.stderr, flush=True)
        try:
            rows.extend(benchmark(options))
        except BenchmarkError as err:
            failed = True
            print(f"{benchmark.__name__} failed: {err}", file=sys.stderr)
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}; warm starts")
    print(format_table(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
