"""The base of the game's read-only dialogs: a framed box over the screen, closed with Escape."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from game.ui.screens import GAME_CSS


class InfoScreen(ModalScreen[None]):
    """A modal that only shows something; Escape (or ``q``) closes it."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def action_close(self) -> None:
        self.dismiss(None)
