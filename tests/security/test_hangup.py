"""A closed terminal ends the game within a second, its autosave intact, however it was started.

The game runs as a player starts it, ``make play``, in a real pseudo-terminal: ``make`` leads
the terminal's session, as it does in a tmux window or an ssh login, so a closed terminal
sends SIGHUP to ``make`` alone, never to the game below it.  The test plays one choice (so
there is an autosave), then closes the terminal, or hangs up the game itself, and times how
long the game takes to be gone.

Before the fix, a closed terminal left the game spinning at 50-80% CPU for as long as nobody
killed it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.saves import AUTOSAVE_FILE
from game.ui.hangup import HANG_UP_EXIT

ROOT = Path(__file__).resolve().parents[2]
START = 60.0  # seconds the game may take to start and take the first choice on a loaded machine
GONE = 3.0  # seconds the game may take to be gone once its terminal has: the promise is one (GRACE),
# the rest is slack for a machine so loaded (load 40 on 2 cores) that the game waits its turn to run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX pseudo-terminal")


@dataclass
class Terminal:
    """``make play`` in a pseudo-terminal; what the game draws is read (and dropped) as it comes."""

    make: int
    master: int
    home: Path
    screen: bytearray = field(default_factory=bytearray)
    closing: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    def read_all(self) -> None:
        # Never blocked in a read when the test closes the terminal: a read in progress holds the
        # terminal open (Linux frees a file only when no call is using it), so closing it would hang
        # nothing up until the game happened to draw again.
        while not self.closing.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.02)
                if not ready:
                    continue
                data = os.read(self.master, 65536)
            except OSError:
                return  # hung up
            if not data:
                return
            self.screen.extend(data)
            del self.screen[: -(1 << 18)]  # the last 256 KB is plenty to find a line in

    def close(self) -> None:
        """Close the terminal, as a closed window does: the reader stops first, then the fd goes."""
        self.closing.set()
        if self.reader is not None:
            self.reader.join()
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1  # closed once: the number may be another file's by now

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def autosave(self) -> Path | None:
        path = self.home / "saves" / AUTOSAVE_FILE
        return path if path.exists() else None


def game_pid(make: int) -> int | None:
    """The game process below ``make`` (make runs it directly; Linux /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == make:
                return int(entry.name)
    return None


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def wait_for(what: str, holds: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not holds():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@contextlib.contextmanager
def make_play(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("TEXTUAL", "PYTEST", "MAKE"))
    }
    env.update({"MOSCOW1921_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"})
    pid, master = pty.fork()
    if pid == 0:  # the child: make leads the new session, the pty is its controlling terminal
        try:
            os.chdir(ROOT)
            os.execvpe("make", ["make", "--no-print-directory", "play"], env)
        finally:
            os._exit(127)
    terminal = Terminal(pid, master, home)
    terminal.reader = threading.Thread(target=terminal.read_all, daemon=True)
    terminal.reader.start()
    try:
        yield terminal
    finally:
        for target in (game_pid(pid), pid):
            if target is not None:
                with contextlib.suppress(OSError):
                    os.kill(target, signal.SIGKILL)
        terminal.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def play_one_choice(terminal: Terminal) -> tuple[int, dict[str, object]]:
    """Start a game, take its first choice; the game's pid and the autosave it wrote."""
    wait_for("the title screen", lambda: b"New game" in terminal.screen, START)
    found: list[int] = []
    wait_for("the game process", lambda: found.append(game_pid(terminal.make) or 0) or found[-1], START)
    game = found[-1]
    terminal.type("n")
    wait_for("the role screen", lambda: b"Who are you" in terminal.screen, START)
    terminal.type("1")
    wait_for("the autosave", lambda: terminal.autosave() is not None, START)
    terminal.type("1")  # the first choice: the autosave moves on to turn 1
    wait_for("the first choice", lambda: autosave_turn(terminal) == 1, START)
    saved = terminal.autosave()
    assert saved is not None
    return game, json.loads(saved.read_text("utf-8"))


def autosave_turn(terminal: Terminal) -> int | None:
    saved = terminal.autosave()
    if saved is None:
        return None
    with contextlib.suppress(OSError, ValueError):
        return int(json.loads(saved.read_text("utf-8"))["state"]["turn"])
    return None


def assert_gone_with_the_game_kept(terminal: Terminal, game: int, before: dict[str, object]) -> float:
    started = time.monotonic()
    while alive(game) and time.monotonic() - started < GONE:
        time.sleep(0.02)
    took = time.monotonic() - started
    assert not alive(game), f"the game was still running {GONE} s after its terminal went away"
    saved = terminal.autosave()
    assert saved is not None, "the autosave is gone"
    after = json.loads(saved.read_text("utf-8"))  # whole, readable JSON
    assert after["state"] == before["state"], "the autosave is not the game the player left"
    return took


def test_closing_the_terminal_under_make_play_ends_the_game_within_a_second(tmp_path: Path) -> None:
    with make_play(tmp_path) as terminal:
        game, before = play_one_choice(terminal)
        terminal.close()  # the terminal window is closed: make gets SIGHUP, the game nothing
        took = assert_gone_with_the_game_kept(terminal, game, before)
        assert took < GONE


def test_a_hang_up_sent_to_the_game_saves_and_exits(tmp_path: Path) -> None:
    with make_play(tmp_path) as terminal:
        game, before = play_one_choice(terminal)
        os.kill(game, signal.SIGHUP)
        assert_gone_with_the_game_kept(terminal, game, before)
        # make names how its child ended: the game left with its hang-up status, it was not killed
        expected = f"Error {HANG_UP_EXIT}".encode()
        wait_for("make's report", lambda: expected in terminal.screen, GONE)
        assert b"Hangup" not in terminal.screen
