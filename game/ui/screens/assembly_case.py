"""A faction's case at the assembly, as large and plain as a projector needs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.ui import story_text
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.footer import GameFooter


class CaseScreen(StageScreen):
    """Who speaks, who they are, and their case; Enter or → for the next, ← or Esc for the one before."""

    AUTO_FOCUS = "#stage-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,right", "next", "Next", key_display="Enter/→"),
        Binding("left,backspace", "back", "Back", key_display="←", show=False),
        BACK,
    ]

    def compose(self) -> ComposeResult:
        cases = self.run.cases
        case = cases[self.stage.index]
        yield AssemblyHeader(self.run.assembly.title, f"Case {self.stage.index + 1} of {len(cases)}")
        with VerticalScroll(id="stage-body", classes="stage-body reading"):
            yield Static(Content.styled(case.name, "bold $text-accent"), classes="stage-title", markup=False)
            if case.who:
                yield Static(
                    Content.styled(story_text.plain(case.who), "italic $foreground-muted"),
                    classes="case-who",
                    markup=False,
                )
            yield Static(
                story_text.prose(case.text, self.run.story, clickable=False),
                classes="stage-prose case-text",
                markup=False,
            )
            yield Static(Content(self._next_up()), classes="hint")
        yield GameFooter()

    def _next_up(self) -> str:
        """Who speaks next, so the teacher can call them up."""
        cases = self.run.cases
        if self.stage.index + 1 < len(cases):
            return f"Next: {cases[self.stage.index + 1].name}."
        return "Next: the vote."
