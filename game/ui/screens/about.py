"""About the history: the story's own note, and where its people and words come from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.model import Story
from game.ui import story_text
from game.ui.screens.dialog import InfoScreen

NOTE = (
    "The characters are composites: invented people standing where real people stood. "
    "The quotations come from Simon Pirani's talk \u201cThe Russian workers and the Bolshevik "
    "party in power\u201d, given to the Iranian Socialist Forum on 24 September 2006. Where the "
    "game reports what happened it follows the talk; where the talk offers a judgement, the "
    "game says whose judgement it is."
)


class AboutScreen(InfoScreen):
    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog about"):
            yield Static(Content.styled("About the history", "bold $text-accent"), classes="heading")
            with VerticalScroll(id="about-body"):
                if self.story.about.strip():
                    yield Static(Content(story_text.plain(self.story.about)), markup=False)
                yield Static(Content(NOTE), classes="note", markup=False)
            yield Static(Content("Esc to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#about-body", VerticalScroll).focus()
