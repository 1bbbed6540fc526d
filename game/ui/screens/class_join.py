"""A live class: the student types their name (and the code of a name that joined before), a new
student is shown their code, and a tab another one replaced stops.

Names are the student's own text: shown with markup off and checked by the caller's
``validate`` (the class database's rules), never used as a path here.  Who may come in is
decided by :func:`game.classroom.joining.join`, never by these screens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog

JOIN_TEXT = (
    "Type your name as your teacher asks, then press Enter. Your game is saved as you play: "
    "if this tab closes, open the page again and type the same name and your code to carry on."
)
CODE_TEXT = (
    "Write this code down now, beside the class name. If this tab closes, you need your name and "
    "this code to carry on your game; nobody else can continue it without the code. "
    "Lost it? Your teacher can release it."
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
        _focus(self, "#student-name")

    @on(Input.Submitted, "#student-name")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.validate(event.value)
        if problem is not None:
            self.query_one("#join-problem", Static).update(Content(problem))
            return
        self.dismiss(event.value)


class ClassCodeScreen(Dialog[str | None]):
    """Asks for the code of a name that joined before; Escape goes back to the name (None)."""

    CSS_PATH = GAME_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to the name")]

    def __init__(self, name: str, message: str, digits: int) -> None:
        super().__init__()
        self.student_name = name
        self.message = message
        self.digits = digits

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog class-join"):
            yield Static(
                Content.assemble(("Your code, ", "bold"), (self.student_name, "bold $text-accent")),
                classes="heading",
            )
            yield Static(Content(self.message), id="join-problem")
            yield Input(
                placeholder=f"{self.digits}-digit code",
                id="student-code",
                max_length=self.digits + 4,
                password=True,
            )
            yield Static(Content("Enter: carry on    Escape: back to your name"), classes="hint")

    def on_mount(self) -> None:
        _focus(self, "#student-code")

    @on(Input.Submitted, "#student-code")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value)

    def action_back(self) -> None:
        self.dismiss(None)


class CodeShownScreen(Dialog[None]):
    """A new student's code, shown once: write it down, then Enter."""

    CSS_PATH = GAME_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "done", "I have written it down")]
    DEFAULT_CSS = """
    CodeShownScreen #shown-code {
        text-style: bold; color: $text-accent; margin: 1 0; content-align: center middle;
    }
    """

    def __init__(self, name: str, code: str) -> None:
        super().__init__()
        self.student_name = name
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog class-join"):
            yield Static(
                Content.assemble(("Your code, ", "bold"), (self.student_name, "bold $text-accent")),
                classes="heading",
            )
            yield Static(Content(self.code), id="shown-code")
            yield Static(Content(CODE_TEXT), classes="explain")
            yield Static(Content("Press Enter when you have written it down."), classes="hint")

    def action_done(self) -> None:
        self.dismiss(None)


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


def _focus(screen: Dialog[Any], selector: str) -> None:
    """Focus the screen's input (none there: the tab closed while it was mounting; nothing to do)."""
    for field in screen.query(selector).results(Input):
        field.focus()
