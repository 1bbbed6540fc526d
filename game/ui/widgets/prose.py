"""A scene's prose: glossary terms highlighted and clickable."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.engine.model import Story
from game.ui import story_text


class Prose(Static):
    """Prose rendered from :func:`story_text.prose`; a clicked term posts :class:`TermClicked`."""

    DEFAULT_CSS = """
    Prose { width: 100%; height: auto; }
    """

    @dataclass
    class TermClicked(Message):
        """The player clicked a glossary term in the prose."""

        term: str

    def __init__(
        self, content: Content | str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(
            Content(content) if isinstance(content, str) else content, markup=False, id=id, classes=classes
        )

    def show(self, text: str, story: Story) -> None:
        self.update(story_text.prose(text, story))

    def action_show_term(self, term: str) -> None:
        """Run by a click on a term (the click action is carried by the term's style)."""
        self.post_message(self.TermClicked(term))
