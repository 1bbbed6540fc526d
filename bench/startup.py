"""Time whole processes from start to exit, and measure their peak memory.

A Textual app only renders when it believes it has a terminal, so by default each
command runs on a fresh pseudo-terminal (80×24, ``TERM=xterm-256color``) whose
output is read and discarded as fast as it arrives, as a terminal would.  Pass
``use_pty=False`` for commands that run headless or print plain text.

Wall time runs from just before the process is spawned to just after it has been
reaped, so it includes the interpreter's start, every import, the first frame and
the shutdown.  An app that calls :func:`bench.bare_app.mark_first_frame` when its
first frame is on screen (as :func:`bench.bare_app.exit_on_first_frame` does) also
reports first-frame latency: spawn to that mark, on the system-wide monotonic clock,
without Textual's shutdown (about 0.17 s on a terminal, as its input thread winds down).

Peak resident memory is the kernel's ``ru_maxrss`` for that one child, read with
``os.wait4`` (the per-child form of ``resource.getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import errno
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository root: benchmark commands run here, with it on ``PYTHONPATH``."""

TERMINAL_SIZE = (80, 24)


class BenchmarkError(RuntimeError):
    """A measured command failed or hung; the message includes the end of its output."""


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a command."""

    seconds: float
    first_frame: float | None
    peak_rss_kib: int
    returncode: int
    output_tail: bytes


@dataclass(frozen=True, slots=True)
class Stats:
    """Wall times of several runs of one command, in seconds, and its largest peak RSS.

    ``first_frames`` holds each run's first-frame latency when the command marked it.
    """

    samples: tuple[float, ...]
    peak_rss_kib: int
    first_frames: tuple[float, ...] = ()

    @property
    def first_frame_median(self) -> float | None:
        return statistics.median(self.first_frames) if self.first_frames else None

    @property
    def first_frame_min(self) -> float | None:
        return min(self.first_frames) if self.first_frames else None

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    @property
    def median_ms(self) -> float:
        return self.median * 1000

    @property
    def min_ms(self) -> float:
        return self.min * 1000


def bench_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a measured command: this one, plus the repo on the path and a terminal."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["TERM"] = "xterm-256color"
    env["COLUMNS"], env["LINES"] = (str(n) for n in TERMINAL_SIZE)
    # Warm starts, as a player has them: the warm-up run writes the game's bytecode (the
    # floor's modules, Textual's, were compiled when pip installed them), so a shell that
    # sets PYTHONDONTWRITEBYTECODE must not make every counted run compile the game anew.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for noisy in (
        "TEXTUAL_DEBUG",
        "TEXTUAL_DEVTOOLS_PORT",
        "TEXTUAL_LOG",
        "TEXTUAL_SCREENSHOT",
        "TEXTUAL_PRESS",
    ):
        env.pop(noisy, None)
    env.update(extra or {})
    return env


def _maxrss_kib(usage: object) -> int:
    value = int(getattr(usage, "ru_maxrss", 0))
    return value // 1024 if sys.platform == "darwin" else value  # macOS reports bytes


def _reap(process: subprocess.Popen[bytes], flags: int) -> tuple[int, int] | None:
    """``(returncode, peak_rss_kib)`` once the child has exited, else None (with WNOHANG)."""
    pid, status, usage = os.wait4(process.pid, flags)
    if pid == 0:
        return None
    returncode = os.waitstatus_to_exitcode(status)
    process.returncode = returncode  # so Popen does not try to reap it again
    return returncode, _maxrss_kib(usage)


def run_once(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    use_pty: bool = True,
    timeout: float = 60.0,
    cwd: Path = REPO,
) -> Run:
    """Run ``argv`` once to completion and measure it."""
    from bench.bare_app import FRAME_FILE_ENV

    with tempfile.TemporaryDirectory(prefix="moscow1921-bench-") as scratch:
        frame_file = Path(scratch) / "first-frame"
        run, started_mono = _run_once(
            argv, {**(env or {}), FRAME_FILE_ENV: str(frame_file)}, use_pty, timeout, cwd
        )
        marks = frame_file.read_text(encoding="ascii").split() if frame_file.exists() else []
    first_frame = float(marks[0]) - started_mono if marks else None
    return Run(run.seconds, first_frame, run.peak_rss_kib, run.returncode, run.output_tail)


def _run_once(
    argv: Sequence[str], env: Mapping[str, str], use_pty: bool, timeout: float, cwd: Path
) -> tuple[Run, float]:
    full_env = bench_env(env)
    tail = bytearray()
    slave = -1
    if use_pty:
        master, slave = os.openpty()
        cols, rows = TERMINAL_SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    started_mono = time.monotonic()
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        env=full_env,
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
        stdin=slave if use_pty else subprocess.DEVNULL,
        stdout=slave if use_pty else subprocess.PIPE,
        stderr=slave if use_pty else subprocess.STDOUT,
    )
    if use_pty:
        os.close(slave)  # the child holds the terminal now; its exit closes it
    else:
        assert process.stdout is not None
        master = process.stdout.fileno()
    try:
        result = _drain(process, master, started + timeout, tail)
        finished = time.perf_counter()
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            _reap(process, 0)
        if use_pty:
            os.close(master)
        elif process.stdout is not None:
            process.stdout.close()
    if result is None:
        raise BenchmarkError(f"{' '.join(argv)} did not exit within {timeout:.0f} s:\n{_show(tail)}")
    returncode, rss = result
    if returncode != 0:
        raise BenchmarkError(f"{' '.join(argv)} exited with {returncode}:\n{_show(tail)}")
    return Run(finished - started, None, rss, returncode, bytes(tail)), started_mono


def _drain(
    process: subprocess.Popen[bytes], master: int, deadline: float, tail: bytearray
) -> tuple[int, int] | None:
    """Read the child's terminal (or pipe) until it exits; None if the deadline passes first."""
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            return None
        readable, _, _ = select.select([master], [], [], min(remaining, 0.05))
        if readable:
            try:
                chunk = os.read(master, 65536)
            except OSError as err:
                if err.errno != errno.EIO:  # EIO: every holder of the terminal has closed it
                    raise
                chunk = b""
            if chunk:
                tail += chunk
                del tail[:-4000]
                continue
            return _reap(process, 0)
        reaped = _reap(process, os.WNOHANG)
        if reaped is not None:
            return reaped


def _show(tail: bytes | bytearray) -> str:
    return tail.decode("utf-8", "replace")[-2000:]


def time_interleaved(
    commands: Sequence[tuple[Sequence[str], Mapping[str, str] | None]],
    runs: int = 5,
    *,
    warmup: int = 1,
    timeout: float = 60.0,
) -> list[Stats]:
    """:func:`time_process` for several commands at once, each round running every one of them.

    Commands compared with each other are measured in turns rather than one after the
    other, so that a machine slowing down or speeding up during the measurement (other
    work, CPU frequency) weighs on each of them alike instead of on whichever ran last.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    for _ in range(warmup):
        for argv, env in commands:
            run_once(argv, env=env, timeout=timeout)
    measured: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for (argv, env), results in zip(commands, measured, strict=True):
            results.append(run_once(argv, env=env, timeout=timeout))
    return [_stats(results) for results in measured]


def _stats(measured: Sequence[Run]) -> Stats:
    frames = tuple(r.first_frame for r in measured if r.first_frame is not None)
    return Stats(
        tuple(r.seconds for r in measured),
        max(r.peak_rss_kib for r in measured),
        frames if len(frames) == len(measured) else (),
    )


def time_process(
    argv: Sequence[str],
    runs: int = 5,
    *,
    warmup: int = 1,
    env: Mapping[str, str] | None = None,
    use_pty: bool = True,
    timeout: float = 60.0,
) -> Stats:
    """Wall time from process start to exit of ``argv``, over ``runs`` runs after ``warmup``.

    The warm-up runs are not counted: they fill the OS file cache and write bytecode,
    so the counted runs measure a warm start, the one a player sees every time but the first.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    for _ in range(warmup):
        run_once(argv, env=env, use_pty=use_pty, timeout=timeout)
    return _stats([run_once(argv, env=env, use_pty=use_pty, timeout=timeout) for _ in range(runs)])


def peak_rss_kib(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, use_pty: bool = True, timeout: float = 60.0
) -> int:
    """The peak resident memory, in KiB, of one run of ``argv``."""
    return run_once(argv, env=env, use_pty=use_pty, timeout=timeout).peak_rss_kib
