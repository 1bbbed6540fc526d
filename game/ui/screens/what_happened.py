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

from game.engine.model import Decision, Story
from game.engine.view import JournalEntry
from game.ui import story_text
from game.ui.screens import GAME_CSS
from game.ui.widgets.prose import Prose

SIDE_BY_SIDE = 100
"""From this many columns, "You chose" and "What happened" stand side by side."""


class WhatHappenedScreen(ModalScreen[None]):
    """Enter, Space or Escape continues the story.

    One panel can serve every decision point of a story: :meth:`show` fills it anew,
    so the app keeps it (installed) instead of building a screen for each decision.
    """

    CSS_PATH = GAME_CSS

    AUTO_FOCUS = "#what-happened-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "close", "Continue", key_display="Enter"),
    ]

    def __init__(self, story: Story, entry: JournalEntry) -> None:
        super().__init__()
        self.story = story
        self.entry = entry
        self.quotations = max((len(d.sources) for d in story.decisions.values()), default=0)
        """Quotation boxes kept in the panel: enough for the decision with the most sources."""

    def compose(self) -> ComposeResult:
        stacked = self.app.size.width < SIDE_BY_SIDE  # set before mounting: no restyle after it
        with Vertical(classes="dialog what-happened"):
            yield Static(self._heading(), id="heading", classes="heading")
            with VerticalScroll(id="what-happened-body"):
                yield Static(self._question(), id="question", classes="question")
                with Horizontal(id="compare", classes="-stacked" if stacked else ""):
                    yield Static(self._you_chose(), id="you-chose", classes="column", markup=False)
                    yield Prose(self._happened(), id="happened", classes="column")
                for index in range(self.quotations):
                    quotation = Static("", classes="quotation", markup=False)
                    self._show_quotation(quotation, index)
                    yield quotation
                argument = Prose(classes="argument")
                self._show_argument(argument)
                yield argument
                discuss = Static("", classes="discuss", markup=False)
                self._show_discuss(discuss)
                yield discuss
            yield Static(Content("Enter, Space or Esc to continue"), classes="hint")

    @property
    def decision(self) -> Decision:
        return self.entry.decision

    def show(self, entry: JournalEntry) -> None:
        """Fill the panel for another decision point (before it is pushed again)."""
        self.entry = entry
        if not self.is_mounted:
            return  # compose will show them
        self.query_one("#heading", Static).update(self._heading())
        self.query_one("#question", Static).update(self._question())
        self.query_one("#you-chose", Static).update(self._you_chose())
        self.query_one("#happened", Prose).update(self._happened())
        for index, quotation in enumerate(self.query(".quotation").results(Static)):
            self._show_quotation(quotation, index)
        self._show_argument(self.query_one(".argument", Prose))
        self._show_discuss(self.query_one(".discuss", Static))
        self.query_one("#compare").set_class(self.app.size.width < SIDE_BY_SIDE, "-stacked")
        self.query_one("#what-happened-body", VerticalScroll).scroll_home(animate=False)

    def _heading(self) -> Content:
        return Content.styled(self.decision.title, "bold $text-accent")

    def _question(self) -> Content:
        return Content.styled(story_text.plain(self.decision.question), "italic")

    def _show_quotation(self, box: Static, index: int) -> None:
        sources = self.decision.sources
        if index < len(sources):
            box.update(story_text.quotation(sources[index]))
        box.display = index < len(sources)

    def _show_argument(self, box: Prose) -> None:
        argument = self.decision.argument
        if argument is not None:
            box.update(
                Content.assemble(
                    (f"{argument.by} argues: ", "bold"), story_text.prose(argument.text, self.story)
                )
            )
        box.display = argument is not None

    def _show_discuss(self, box: Static) -> None:
        questions = self.decision.discuss
        if questions:
            lines = "".join(f"\n• {story_text.plain(question)}" for question in questions)
            box.update(Content.assemble(("Think about it", "bold $text-accent"), lines))
        box.display = bool(questions)

    def _you_chose(self) -> Content:
        """The player's choice under its label, then whether history went the same way."""
        parts: list[Content | str | tuple[str, str]] = [
            ("You chose", "bold $text-accent"),
            "\n",
            story_text.plain(self.entry.chosen_text),
        ]
        if self.entry.historical:
            parts += ["\n\n", self._verdict()]
        return Content.assemble(*parts)

    def _happened(self) -> Content:
        return Content.assemble(
            ("What happened", "bold $text-accent"), "\n", story_text.prose(self.decision.happened, self.story)
        )

    def _verdict(self) -> Content:
        if self.entry.matched:
            return Content.styled("✓ As history went.", "$text-success")
        went = "; ".join(story_text.plain(text) for text in self.entry.historical_texts)
        return Content.assemble(("✗ History went another way: ", "$text-warning"), went)

    def on_resize(self, event: events.Resize) -> None:
        """Side by side when there is room for two readable columns, else one above the other."""
        self.query_one("#compare").set_class(event.size.width < SIDE_BY_SIDE, "-stacked")

    def action_close(self) -> None:
        self.dismiss(None)
