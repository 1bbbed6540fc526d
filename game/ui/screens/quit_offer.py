"""Before quitting a game in progress: the offer to hand in its results first."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog

QuitAnswer = Literal["quit", "results", "stay"]

ANSWERS: dict[str | None, QuitAnswer] = {"quit": "quit", "results": "results", "stay": "stay"}

QUESTION = (
    "Quit? Your game is saved: Continue picks it up again. "
    "If your teacher asked for your results and you will not come back to this game, "
    "write them to a file first."
)


class QuitOfferScreen(Dialog[QuitAnswer]):
    """Dismisses with "quit", "results" (write them, then quit) or "stay" (Escape)."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "answer('quit')", "Quit", show=False),
        Binding("r", "answer('results')", "Results, then quit", show=False),
        Binding("escape", "answer('stay')", "Stay"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm quit-offer"):
            yield Static(Content(QUESTION), classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content("Quit"), id="quit", variant="primary")
                yield Button(Content("Results, then quit"), id="results")
                yield Button(Content("Stay"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ANSWERS.get(event.button.id, "stay"))

    def action_answer(self, answer: QuitAnswer) -> None:
        self.dismiss(answer)
