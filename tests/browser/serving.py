"""What the browser tests share: the server they start and how they wait for it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from game import locations
from tests.browser import cdp

ROOT = Path(__file__).resolve().parents[2]
SERVER_START = 20.0  # seconds the server may take before its port answers


@dataclass
class Served:
    url: str
    home: Path
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(served: Served, port: int, timeout: float) -> bool:
    """True once the server's port answers; False if the server gave up because the port was taken."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            if "already in use" in served.log_text():
                return False
            pytest.fail(f"`moscow1921 serve` exited with {served.process.returncode}:\n{served.log_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    pytest.fail(
        f"`moscow1921 serve` did not answer on port {port} within {timeout:.0f} s:\n{served.log_text()}"
    )


@contextlib.contextmanager
def serve(tmp_path: Path, home: Path, *args: str) -> Iterator[Served]:
    """``python -m game serve ARGS`` on a free port, its data in ``home``; killed afterwards."""
    env = {**os.environ, locations.HOME_ENV: str(home)}
    server: Served | None = None
    for attempt in range(3):  # another process may take the free port before the server binds it
        port = free_port()
        log = tmp_path / f"server-{attempt}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "game", "serve", *args, "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the tabs' games die with it
            )
        server = Served(f"http://127.0.0.1:{port}/", home, process, log)
        try:
            if wait_for_port(server, port, SERVER_START):
                break
        except BaseException:
            cdp.kill_group(process)
            raise
        cdp.kill_group(process)
    else:
        pytest.fail(f"no free port for `moscow1921 serve` after 3 tries:\n{server and server.log_text()}")
    try:
        yield server
    finally:
        cdp.kill_group(server.process)
