"""What the browser tests share: the server they start and how they wait for it."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

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
