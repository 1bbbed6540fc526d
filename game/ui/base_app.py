"""What the game and assembly mode share as Textual apps: the themes, the minimum size, input
handled one event at a time (:mod:`game.ui.serial_input`), and leaving when the terminal goes
away (:mod:`game.ui.hangup`)."""

from __future__ import annotations

import contextlib
import os
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.driver import Driver
from textual.reactive import Initialize, Reactive
from textual.theme import Theme

from game import locations
from game.ui import themes
from game.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, guard_size
from game.ui.serial_input import InputQueue
from game.ui.settings import Settings, save_settings, saved_theme

ReturnType = TypeVar("ReturnType")

CRASH_REPORTS = "crash-reports"
"""The data folder's folder of crash reports (one text file per crash)."""


def write_crash_report(error: BaseException) -> Path:
    """Write ``error``'s traceback to a new file in the crash reports folder; its path."""
    folder = locations.data_dir() / CRASH_REPORTS
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    from game.atomic import write_text  # only on a crash

    write_text(path, "".join(traceback.format_exception(error)))
    return path


class GameApp(App[ReturnType]):
    """A full-screen app of the game: its colour themes, cover for a terminal too small, steady input."""

    REMEMBER_THEME: ClassVar[bool] = True
    """Whether a theme chosen with ``ctrl+t`` (or the palette) is written to the settings for next time."""

    settings_file: Path | None = None
    """Where the theme is remembered (None: the default settings file); the game sets its story's
    own before ``__init__``, which reads the theme from it."""

    theme: Reactive[str] = Reactive(Initialize(saved_theme))
    """Starts as the theme the player chose last.  Textual builds the stylesheet's colours
    from the starting theme; setting one after that would parse every rule a second time."""

    def __init__(self) -> None:
        super().__init__()
        self.input_queue = InputQueue(self, self._handle_input)
        """Input that came while the app was busy, let through one event at a time."""
        self._remembered_theme = self.theme  # written to settings.json only once the player changes it

    @property
    def available_themes(self) -> dict[str, Theme]:
        """Textual's themes and the game's own (known from the start, for :attr:`theme`)."""
        return {**super().available_themes, **themes.GAME_THEMES}

    def on_mount(self) -> None:
        if self.REMEMBER_THEME:
            self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(self._check_size)

    def on_unmount(self) -> None:
        self.input_queue.close()

    # ------------------------------------------------------------- a crash
    def _handle_exception(self, error: Exception) -> None:
        """Textual's handler of an exception nothing caught (it ends the app): first keep a report.

        Textual prints the traceback to the terminal's error output, which a browser tab does not
        have (textual-serve drops it when the tab closes), so the report is also written to the
        ``crash-reports`` folder of the data folder, for the player to send to whoever looks after
        the game, and for the tests that drive served tabs to find.
        """
        with contextlib.suppress(Exception):  # a report that cannot be written must not hide the crash
            write_crash_report(error)
        super()._handle_exception(error)

    # ------------------------------------------------- a terminal that goes away
    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux and macOS, one that notices a hang-up."""
        driver = super().get_driver_class()
        try:
            from textual.drivers.linux_driver import LinuxDriver

            from game.ui.hangup import HangUpDriver
        except ImportError:  # no termios: Windows has its own driver
            return driver
        return HangUpDriver if driver is LinuxDriver else driver

    def hang_up(self, terminal_dead: bool = False) -> None:
        """The terminal has gone (the driver says so): keep what the player has, then leave at once.

        A hang-up with the terminal still there (SIGHUP sent to the game alone) leaves as Quit does,
        restoring the terminal.  A dead terminal has nothing to restore: once the game is saved the
        process ends there, since Textual's own shutdown and the interpreter's can take seconds on
        a loaded machine (and no thread can cut the interpreter's short).
        """
        from game.ui.hangup import HANG_UP_EXIT

        try:
            self.save_before_leaving()
        finally:
            if terminal_dead:
                from game.atomic import sync_pending

                with contextlib.suppress(Exception):
                    sync_pending()  # whatever was written for later syncing, on the disk first
                os._exit(HANG_UP_EXIT)
            self.exit(return_code=HANG_UP_EXIT)

    def save_before_leaving(self) -> None:
        """Write whatever the player would lose (nothing here; the game saves its game)."""

    # -------------------------------------------------------------- input
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.InputEvent, events.Paste)) and not self._screen_stack:
            return  # the app is closing: there is no screen left to take it
        if self.input_queue.holds(event):
            return
        await super().on_event(event)

    async def _handle_input(self, event: events.Event) -> None:
        """Handle an input event the queue held, as Textual handles any other."""
        await super().on_event(event)

    # ---------------------------------------------------------------- size
    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        guard_size(self, MIN_WIDTH, MIN_HEIGHT)

    # -------------------------------------------------------------- themes
    def action_cycle_theme(self) -> None:
        """The next colour theme (a light one often projects better)."""
        self.theme = themes.next_theme(self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._remembered_theme:
            return
        try:
            save_settings(Settings(theme=theme.name), self.settings_file)
        except OSError as err:
            self.notify(f"Could not remember the theme: {err}", severity="warning", markup=False)
            return
        self._remembered_theme = theme.name
