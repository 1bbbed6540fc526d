"""Shown over everything while the terminal is smaller than the game can use."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from game.ui.screens.dialog import Dialog

MIN_WIDTH = 60
MIN_HEIGHT = 18
"""The smallest terminal the game and assembly mode can use."""


class TooSmallScreen(Dialog[None]):
    """Asks for a bigger terminal; the app removes it once the terminal is big enough."""

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static("", id="too-small-message", markup=False)

    def on_mount(self) -> None:
        self._show_size(*self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self._show_size(*event.size)

    def _show_size(self, width: int, height: int) -> None:
        message = Content.assemble(
            ("Terminal too small", "bold"),
            f": make it at least {self.min_width}x{self.min_height}",
            f" (now {width}x{height}). Your game is kept.",
        )
        self.query_one("#too-small-message", Static).update(message)


def guard_size(app: App[Any], min_width: int, min_height: int) -> None:
    """Cover the app with :class:`TooSmallScreen` while it is smaller than the minimum; uncover it after."""
    width, height = app.size
    small = width < min_width or height < min_height
    shown = [screen for screen in app.screen_stack if isinstance(screen, TooSmallScreen)]
    if small and not shown:
        app.push_screen(TooSmallScreen(min_width, min_height))
    elif not small and shown and app.screen is shown[0]:
        app.pop_screen()
