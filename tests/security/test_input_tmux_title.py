"""The attack as the issue ran it: a real terminal (tmux) whose pane title an escape could set.

A save named ``ESC ]2;PWNED-CHOICE ESC \\`` is listed by the plain player's ``l``; before the
output was neutralised, tmux obeyed the sequence and the pane title became ``PWNED-CHOICE``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from game import locations
from game.loading import load_story
from game.saves import SaveStore
from game.session import Session

REPO = Path(__file__).resolve().parent.parent.parent
GOOD = REPO / "tests" / "data" / "cli" / "good"
OSC_TITLE = "\x1b]2;PWNED-CHOICE\x1b\\"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"), reason="tmux is not installed"
)


def _tmux(socket: str, *args: str) -> str:
    result = subprocess.run(
        ["tmux", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _until(socket: str, shown: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = _tmux(socket, "capture-pane", "-p", "-t", "t")
        if shown in screen:
            return
        time.sleep(0.1)
    raise AssertionError(f"the game never showed {shown!r}; the screen:\n{screen}")


def test_a_hostile_save_name_cannot_retitle_the_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    story = load_story(GOOD).story
    assert story is not None
    store = SaveStore(home / "stories" / locations.file_stem(story.title, "story") / "saves")
    session = Session.new(story, store, "worker")
    store.write(OSC_TITLE, session.state.to_dict(), {**session.meta(), "chapter_title": f"Winter{OSC_TITLE}"})

    socket = f"moscow1921-test-{uuid.uuid4().hex[:8]}"
    command = (
        f"env MOSCOW1921_HOME={home} PYTHONPATH={REPO} {sys.executable} -m game play --plain "
        f"--scenes {GOOD} --role worker"
    )
    _tmux(socket, "new-session", "-d", "-x", "120", "-y", "40", "-s", "t", command)
    socket_path = _tmux(socket, "display-message", "-p", "#{socket_path}").strip()
    try:
        _tmux(socket, "select-pane", "-t", "t", "-T", "untouched")
        _until(socket, "2. Stay home.")
        _tmux(socket, "send-keys", "-t", "t", "l", "Enter")
        _until(socket, ": Worker, Winter")
        time.sleep(0.3)  # let tmux act on everything written
        title = _tmux(socket, "display-message", "-p", "-t", "t", "#{pane_title}").strip()
        screen = _tmux(socket, "capture-pane", "-p", "-t", "t")
        assert title == "untouched"
        assert "␛]2;PWNED-CHOICE␛\\" in screen
        _tmux(socket, "send-keys", "-t", "t", "q", "Enter")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=30)
        Path(socket_path).unlink(missing_ok=True)  # tmux leaves the socket file behind
