"""A measured child: ``python -m bench.NAME ARGS`` run in its own process with its data in a
folder of its own, its result the JSON it prints (the benchmarks that load a server or a class
database measure from a fresh interpreter, never from the runner's own)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.startup import REPO, BenchmarkError, bench_env

TIMEOUT_S = 600.0


def run_child(module: str, args: list[str], home: Path, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """The JSON ``python -m MODULE ARGS`` printed, run with ``MOSCOW1921_HOME=home``; a
    :class:`BenchmarkError` with the end of its stderr if it failed."""
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=bench_env({"MOSCOW1921_HOME": str(home)}),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise BenchmarkError(f"{module} {' '.join(args)}: {done.stderr.strip()[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it, ``pid`` first (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found
