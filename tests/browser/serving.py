"""What the browser tests share: the server they start (the benchmarks' own way,
:mod:`bench.served`), its failures made the test's."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bench.served import REPO, Served, ServerFailed
from bench.served import serve as serve_child
from game import locations

ROOT = REPO
SERVER_START = 20.0  # seconds the server may take before its port answers

__all__ = ["ROOT", "Served", "serve"]


@contextlib.contextmanager
def serve(tmp_path: Path, home: Path, *args: str, env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """``python -m game serve ARGS`` on a free port, its data in ``home`` (and ``env`` in its
    environment); killed afterwards."""
    env = {**os.environ, **(env or {}), locations.HOME_ENV: str(home)}
    try:
        with serve_child(home, *args, logs=tmp_path, env=env, start_s=SERVER_START) as served:
            yield served
    except ServerFailed as err:  # raised only while the server starts
        pytest.fail(str(err))
