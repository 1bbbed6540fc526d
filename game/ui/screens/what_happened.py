"""After a decision point: the player's choice beside what happened, with the sources."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.engine.model import Choice, Decision, Story
from game.ui import story_text
from game.ui.widgets.prose import Prose

SIDE_BY_SIDE = 100
"""From this many columns, "You chose" and "What happened" stand side by side."""


class WhatHappenedScreen(ModalScreen[None]):
    """Enter, Space or Escape continues the story."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "close", "Continue", key_display="Enter"),
    ]

    def __init__(
        self, story: Story, decision: Decision, chosen: Choice, historical: tuple[Choice, ...]
    ) -> None:
        super().__init__()
        self.story = story
        self.decision = decision
        self.chosen = chosen
        self.historical = historical

    def compose(self) -> ComposeResult:
        decision = self.decision
        with Vertical(classes="dialog what-happened"):
            yield Static(Content.styled(decision.title, "bold $text-accent"), classes="heading")
            with VerticalScroll(id="what-happened-body"):
                yield Static(
                    Content.styled(story_text.plain(decision.question), "italic"), classes="question"
                )
                with Horizontal(id="compare"):
                    with Vertical(classes="column", id="you-chose"):
                        yield Static(Content.styled("You chose", "bold"), classes="label")
                        yield Static(Content(story_text.plain(self.chosen.text)), markup=False)
                        if self.historical:
                            yield Static(self._verdict(), classes="verdict", markup=False)
                    with Vertical(classes="column", id="happened"):
                        yield Static(Content.styled("What happened", "bold"), classes="label")
                        yield Prose(story_text.prose(decision.happened, self.story))
                for source in decision.sources:
                    yield Static(story_text.quotation(source), classes="quotation", markup=False)
                if decision.argument is not None:
                    argument = Content.assemble(
                        (f"{decision.argument.by} argues: ", "bold"),
                        story_text.prose(decision.argument.text, self.story),
                    )
                    yield Prose(argument, classes="argument")
            yield Static(Content("Enter, Space or Esc to continue"), classes="hint")

    def _verdict(self) -> Content:
        if self.chosen in self.historical:
            return Content.styled("✓ As history went.", "$text-success")
        went = "; ".join(story_text.plain(choice.text) for choice in self.historical)
        return Content.assemble(("✗ History went another way: ", "$text-warning"), went)

    def on_mount(self) -> None:
        self._arrange(self.app.size.width)
        self.query_one("#what-happened-body", VerticalScroll).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._arrange(event.size.width)

    def _arrange(self, width: int) -> None:
        """Side by side when there is room for two readable columns, else one above the other."""
        self.query_one("#compare").set_class(width < SIDE_BY_SIDE, "-stacked")

    def action_close(self) -> None:
        self.dismiss(None)
