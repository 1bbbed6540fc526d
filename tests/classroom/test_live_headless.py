"""The live class's core (database, recorder, what the dashboard shows, the commands) imports no UI:
a class report or a student's record never waits for Textual to load."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.classroom.live_support import REPO

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


@pytest.mark.parametrize(
    "module",
    [
        "game.classroom.classdb",
        "game.classroom.live_record",
        "game.classroom.live_view",
        "game.classroom.live_cmd",
        "game.classroom.dashboard_cmd",
    ],
)
def test_the_live_class_core_imports_no_ui(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []
