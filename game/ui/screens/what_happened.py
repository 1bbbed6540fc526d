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

    AUTO_FOCUS = "#what-happened-body"

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
        stacked = self.app.size.width < SIDE_BY_SIDE  # set before mounting: no restyle after it
        with Vertical(classes="dialog what-happened"):
            yield Static(Content.styled(decision.title, "bold $text-accent"), classes="heading")
            with VerticalScroll(id="what-happened-body"):
                yield Static(
                    Content.styled(story_text.plain(decision.question), "italic"), classes="question"
                )
                with Horizontal(id="compare", classes="-stacked" if stacked else ""):
                    yield Static(self._you_chose(), id="you-chose", classes="column", markup=False)
                    yield Prose(self._happened(), id="happened", classes="column")
                for source in decision.sources:
                    yield Static(story_text.quotation(source), classes="quotation", markup=False)
                if decision.argument is not None:
                    argument = Content.assemble(
                        (f"{decision.argument.by} argues: ", "bold"),
                        story_text.prose(decision.argument.text, self.story),
                    )
                    yield Prose(argument, classes="argument")
            yield Static(Content("Enter, Space or Esc to continue"), classes="hint")

    def _you_chose(self) -> Content:
        """The player's choice under its label, then whether history went the same way."""
        parts: list[Content | str | tuple[str, str]] = [
            ("You chose", "bold $text-accent"),
            "\n",
            story_text.plain(self.chosen.text),
        ]
        if self.historical:
            parts += ["\n\n", self._verdict()]
        return Content.assemble(*parts)

    def _happened(self) -> Content:
        return Content.assemble(
            ("What happened", "bold $text-accent"), "\n", story_text.prose(self.decision.happened, self.story)
        )

    def _verdict(self) -> Content:
        if self.chosen in self.historical:
            return Content.styled("✓ As history went.", "$text-success")
        went = "; ".join(story_text.plain(choice.text) for choice in self.historical)
        return Content.assemble(("✗ History went another way: ", "$text-warning"), went)

    def on_resize(self, event: events.Resize) -> None:
        """Side by side when there is room for two readable columns, else one above the other."""
        self.query_one("#compare").set_class(event.size.width < SIDE_BY_SIDE, "-stacked")

    def action_close(self) -> None:
        self.dismiss(None)
