"""The journal: every decision so far, the player's choice beside history's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import panel
from game.session import JournalEntry
from game.ui.screens.dialog import InfoScreen
from game.ui.widgets.journal_entries import JournalEntries, comparison_content


class JournalScreen(InfoScreen):
    """Closed with Escape or ``j``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "close", "Close", show=False)]

    def __init__(self, entries: Sequence[JournalEntry]) -> None:
        super().__init__()
        self.entries = tuple(entries)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog journal"):
            yield Static(Content.styled("Journal", "bold $text-accent"), classes="heading")
            with VerticalScroll(id="journal-body"):
                entries = JournalEntries()
                entries.show(self.entries)
                yield entries
                if self.entries:
                    yield Static(
                        comparison_content(panel.comparison(self.entries)), classes="divergence", markup=False
                    )
            yield Static(Content("Esc to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#journal-body", VerticalScroll).focus()
