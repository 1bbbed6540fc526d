"""The dated events the player has reached, in the story's order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.model import Source, TimelineEntry
from game.ui import story_text
from game.ui.screens.dialog import InfoScreen

EMPTY = "Nothing yet: events appear here as your story reaches them."


def entry_content(entry: TimelineEntry) -> Content:
    parts: list[Content] = [
        Content.assemble((entry.date, "bold $text-accent"), "  ", story_text.plain(entry.text)),
    ]
    if entry.quote:
        parts.append(story_text.quotation(Source(entry.quote, entry.cite or "")))
    return Content("\n").join(parts)


class TimelineScreen(InfoScreen):
    """Closed with Escape or ``t``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("t", "close", "Close", show=False)]

    def __init__(self, entries: Sequence[TimelineEntry]) -> None:
        super().__init__()
        self.entries = tuple(entries)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog timeline"):
            yield Static(Content.styled("Timeline", "bold $text-accent"), classes="heading")
            with VerticalScroll(id="timeline-body"):
                if self.entries:
                    body = story_text.joined(entry_content(entry) for entry in self.entries)
                else:
                    body = Content.styled(EMPTY, "italic")
                yield Static(body, markup=False)
            yield Static(Content("Esc to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#timeline-body", VerticalScroll).focus()
