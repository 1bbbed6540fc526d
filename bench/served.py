"""``moscow1921 serve`` in a child process on a free loopback port: the one way the benchmarks
(bench/web.py) and the browser tests (tests/browser/serving.py) start a server.

The server runs as ``python -m game serve ARGS --host 127.0.0.1 --port PORT`` from the
repository, in a process group of its own (the terminal look's game processes die with it),
its output in a log file.  :func:`serve` waits until its port answers; a port another process
took between the probe and the server's bind is tried again with another; a server that
exits or does not answer raises :class:`ServerFailed` with the end of its log.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START_S = 20.0
"""Seconds a server may take before its port answers."""
TRIES = 3
"""Free ports tried before giving up (another process may take one before the server binds it)."""


class ServerFailed(RuntimeError):
    """The server exited, did not answer in time, or found no free port (the message says which,
    with the end of its log)."""


@dataclass
class Served:
    url: str
    """``http://127.0.0.1:PORT/``"""
    home: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` (the url without its slash: a request's base)."""
        return self.url.rstrip("/")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(
    home: Path,
    *args: str,
    logs: Path,
    env: Mapping[str, str],
    start_s: float = START_S,
) -> Iterator[Served]:
    """``python -m game serve ARGS`` on a free port with ``env`` (which names its data folder,
    ``home``), its log ``logs/server-N.log``; its process group ended afterwards."""
    logs.mkdir(parents=True, exist_ok=True)
    last = ""
    for attempt in range(TRIES):
        port = free_port()
        log = logs / f"server-{attempt}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "game", "serve", *args, "--host", "127.0.0.1", "--port", str(port)],
                cwd=REPO,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the tabs' games die with it
            )
        server = Served(f"http://127.0.0.1:{port}/", home, process, log)
        try:
            if _answers(server, port, start_s):
                break
        except BaseException:
            kill_group(process)
            raise
        kill_group(process)
        last = server.log_text()
    else:
        raise ServerFailed(f"no free port for `moscow1921 serve` after {TRIES} tries:\n{last[-800:]}")
    try:
        yield server
    finally:
        kill_group(server.process)


def _answers(served: Served, port: int, timeout: float) -> bool:
    """True once the server's port answers; False if the server gave up because the port was taken."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            if "already in use" in served.log_text():
                return False
            raise ServerFailed(
                f"`moscow1921 serve` exited with {served.process.returncode}:\n{served.log_text()[-800:]}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    said = served.log_text()[-800:]
    raise ServerFailed(f"`moscow1921 serve` did not answer on port {port} within {timeout:.0f} s:\n{said}")


def kill_group(process: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """SIGTERM ``process``'s process group, then SIGKILL whatever is left after ``grace`` s."""
    try:
        group = os.getpgid(process.pid)
    except ProcessLookupError:
        group = process.pid
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; its children may still hold the group: finish them off.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
        return
