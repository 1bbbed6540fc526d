"""Leaving when the terminal goes away: a hang-up, or a terminal that is gone.

Run from a shell, the game is sent SIGHUP when its terminal closes (a window closed, an ssh
session dropped).  Under ``make play`` it is not: ``make`` leads the terminal's session and
gets the signal, and the game, its child, is told nothing.  Textual's input thread waits on
the terminal with ``select`` and reads what is ready; on a closed terminal every read returns
end-of-file at once, so the thread spins, and the game ran on with no terminal for as long
as nobody killed it.  An input error instead (``EIO``) ended the thread with a traceback.

:class:`HangUpDriver` is Textual's Linux driver with three watches on the terminal: SIGHUP,
a poll of the terminal for a hang-up or an error (whatever started the game), and an input
thread that ends with an I/O error.  The first to fire calls the app's ``hang_up`` in the
app's own loop: the game saves and exits, at once if the terminal itself is dead.  The
process is ended :data:`GRACE` seconds later if leaving got stuck, as it can when the screen
is restored on a terminal that is not there.
"""

from __future__ import annotations

import contextlib
import functools
import os
import select
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from textual.drivers.linux_driver import LinuxDriver

GRACE = 0.8
"""Seconds the game has to save and leave after its terminal went away, before it is ended."""

HANG_UP_EXIT = 128 + signal.SIGHUP
"""The exit status after a hang-up, as if the game had died of SIGHUP."""

POLL_MS = 200
"""How often the terminal is checked for a hang-up (a closed terminal sends no signal)."""

SignalHandler = Callable[[int, FrameType | None], Any] | int | None


class HangUpDriver(LinuxDriver):
    """Textual's Linux driver, which also notices that its terminal has gone (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gone = threading.Event()
        self._watching = threading.Event()
        self._old_sighup: SignalHandler = None

    # ------------------------------------------------------------ watching
    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        if threading.current_thread() is threading.main_thread():
            self._old_sighup = signal.signal(signal.SIGHUP, self._on_sighup)
        if os.isatty(self.fileno):
            self._watching.set()
            threading.Thread(target=self._watch_terminal, name="terminal watch", daemon=True).start()

    def stop_application_mode(self) -> None:
        self._watching.clear()
        if self._old_sighup is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGHUP, self._old_sighup)
            self._old_sighup = None
        super().stop_application_mode()

    def _on_sighup(self, signum: int, frame: FrameType | None) -> None:
        self.terminal_gone()

    def _watch_terminal(self) -> None:
        """Poll the terminal for a hang-up or an error (no events asked for: those are always told)."""
        poller = select.poll()
        poller.register(self.fileno, 0)
        while self._watching.is_set() and not self._gone.is_set():
            try:
                events = poller.poll(POLL_MS)
            except OSError:
                events = [(self.fileno, select.POLLERR)]
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
                self.terminal_gone(dead=True)
                return

    def run_input_thread(self) -> None:
        try:
            super().run_input_thread()
        except OSError:  # the terminal cannot be read any more (EIO)
            self.terminal_gone(dead=True)

    # ------------------------------------------------------------- leaving
    def terminal_gone(self, dead: bool | None = None) -> None:
        """The terminal has gone: ask the app to save and leave, and end the process if it cannot.

        ``dead``: whether the terminal itself is gone (None: look; a SIGHUP may come with the
        terminal still there).  Safe from any thread and from a signal handler; only the first
        call does anything.
        """
        if self._gone.is_set():
            return
        if dead is None:
            dead = self._terminal_dead()
        self._gone.set()
        self.exit_event.set()  # the input thread stops reading (on a closed terminal it spins on EOF)
        threading.Thread(target=self._end_after_grace, name="hang-up deadline", daemon=True).start()
        app = self._app
        leave = functools.partial(app.hang_up, dead) if hasattr(app, "hang_up") else app.exit
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is leaving already
            self._loop.call_soon_threadsafe(leave)

    def _terminal_dead(self) -> bool:
        """Whether the terminal polls as hung up or in error now."""
        poller = select.poll()
        try:
            poller.register(self.fileno, 0)
            events = poller.poll(0)
        except (OSError, ValueError):
            return True
        return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)

    @staticmethod
    def _end_after_grace() -> None:
        threading.Event().wait(GRACE)
        os._exit(HANG_UP_EXIT)

    def write(self, data: str) -> None:
        if not self._gone.is_set():  # nothing can show it, and writing could block the game
            super().write(data)

    def flush(self) -> None:
        if not self._gone.is_set():
            super().flush()
