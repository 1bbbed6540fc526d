"""The base of the game's dialogs (:class:`Dialog`), and of its read-only ones (:class:`InfoScreen`)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from game.ui.screens import GAME_CSS

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen of the game, which closes once.

    Textual's ``dismiss`` pops whatever screen is on top, so a dialog dismissed twice (a key
    or a click handled twice, a callback after the dialog has gone) used to take the screen
    beneath with it, or raise ``ScreenStackError`` on the title screen.  Here ``dismiss`` does
    nothing unless the dialog is the screen on top; every modal screen of the game is a
    Dialog (a test checks it).
    """

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_on_top:
            return AwaitComplete()  # nothing to wait for
        return super().dismiss(result)

    @property
    def is_on_top(self) -> bool:
        """Whether this dialog is the app's current screen (and so the one a dismiss would pop)."""
        stack = self.app.screen_stack
        return bool(stack) and stack[-1] is self


class InfoScreen(Dialog[None]):
    """A modal that only shows something; Escape (or ``q``) closes it."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def action_close(self) -> None:
        self.dismiss(None)
