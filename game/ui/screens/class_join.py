"""A live class: the student types their name before playing, and a tab another one replaced stops.

The name is the student's own text: it is shown with markup off and checked by the
caller's ``validate`` (the class database's rules), never used as a path here.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog

JOIN_TEXT = (
    "Type your name as your teacher asks, then press Enter. Your game is saved as you play: "
    "if this tab closes, open the page again and type the same name to carry on where you stopped."
)


class ClassJoinScreen(Dialog[str]):
    """Asks for the student's name; dismisses with it once ``validate`` finds no problem.

    ``validate`` returns the reason a name cannot be used, or None.
    """

    CSS_PATH = GAME_CSS

    def __init__(
        self, class_name: str, validate: Callable[[str], str | None], *, problem: str = "", name: str = ""
    ) -> None:
        super().__init__()
        self.class_name = class_name
        self.validate = validate
        self.problem = problem
        self.typed = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog class-join"):
            yield Static(
                Content.assemble(("Join the class ", "bold"), (self.class_name, "bold $text-accent")),
                classes="heading",
            )
            yield Static(Content(JOIN_TEXT), classes="explain")
            yield Input(self.typed, placeholder="Your name", id="student-name", max_length=80)
            yield Static(Content(self.problem), id="join-problem")

    def on_mount(self) -> None:
        self.query_one("#student-name", Input).focus()

    @on(Input.Submitted, "#student-name")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.validate(event.value)
        if problem is not None:
            self.query_one("#join-problem", Static).update(Content(problem))
            return
        self.dismiss(event.value)


class ClassStoppedScreen(Dialog[None]):
    """This tab no longer plays: the same student opened the game elsewhere. Nothing closes it."""

    CSS_PATH = GAME_CSS

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog class-stopped"):
            yield Static(Content.styled("This tab has stopped", "bold"), classes="heading")
            yield Static(Content(self.reason))
            yield Static(Content("Your game is safe. Close this tab."), classes="hint")
