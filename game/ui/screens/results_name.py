"""Asking for the optional name that goes into a results file for the teacher."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog

NAME_MAX = 60
"""As :data:`game.classroom.results.NAME_MAX` (not imported: this screen loads with the game)."""


def explanation(finished: bool) -> str:
    done = (
        "how your game ended"
        if finished
        else "that you stopped here, before the end (your game stays saved; you can go on later)"
    )
    return (
        f"A results file holds your role, the choices you made and {done}. "
        "Type your name if your teacher asked for it; you can leave it empty. "
        "Nothing else about you is stored."
    )


class ResultsNameScreen(Dialog[str | None]):
    """Dismisses with the name typed ("" for none), or None if the player cancels."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, *, finished: bool) -> None:
        super().__init__()
        self.finished = finished

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm results-name"):
            yield Static(Content.styled("Results for your teacher", "bold $text-accent"), classes="heading")
            yield Static(Content(explanation(self.finished)), classes="question", markup=False)
            yield Input(placeholder="Your name (optional)", id="results-name", max_length=NAME_MAX)
            with Horizontal(classes="buttons"):
                yield Button(Content("Write the file"), id="write", variant="primary")
                yield Button(Content("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#results-name", Input).focus()

    @on(Input.Submitted, "#results-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        self.dismiss(self.query_one("#results-name", Input).value)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
