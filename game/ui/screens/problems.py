"""Shown instead of the title screen when the story folder has problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.loading import Problem
from game.ui.widgets.footer import GameFooter


class ProblemsScreen(Screen[None]):
    """Every problem found in the story, one per line, as ``moscow1921 check`` prints them."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        heading = f"The story cannot be played: {len(self.problems)} problem(s) to fix"
        yield Static(Content.styled(heading, "bold $text-error"), classes="heading")
        with VerticalScroll(id="problems"):
            lines = [Content(str(problem)) for problem in self.problems] or [Content("The story is empty.")]
            yield Static(Content("\n").join(lines), markup=False)
        yield Static(Content("Run `moscow1921 check` for the same list in a shell."), classes="hint")
        yield GameFooter()
