"""About the history: what the story shows and for what age (first, seen without scrolling), the
story's own note on where its people and words come from, and the full references."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.model import Story
from game.safe_text import printable
from game.ui import story_text
from game.ui.screens.dialog import InfoScreen


class AboutScreen(InfoScreen):
    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog about"):
            yield Static(Content.styled("About the history", "bold $text-accent"), classes="heading")
            with VerticalScroll(id="about-body"):
                if self.story.content_note.strip():
                    yield Static(
                        Content.assemble(
                            ("Content and age", "bold $text-accent"),
                            "\n",
                            story_text.text(story_text.plain(self.story.content_note)),
                        ),
                        id="content-note",
                        markup=False,
                    )
                if self.story.about.strip():
                    yield Static(story_text.text(story_text.plain(self.story.about)), markup=False)
                references = [reference.full for reference in self.story.references]
                if references:
                    yield Static(
                        Content.assemble(
                            ("Sources", "bold $text-accent"),
                            *(f"\n{printable(reference)}" for reference in references),
                        ),
                        classes="note",
                        markup=False,
                    )
            yield Static(Content("Esc to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#about-body", VerticalScroll).focus()
