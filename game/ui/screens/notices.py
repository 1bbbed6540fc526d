"""The repairs made when a save from an older version of the story was loaded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.ui.screens.dialog import InfoScreen


class NoticesScreen(InfoScreen):
    """Lists each repair once; Enter, Space or Escape continues."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "close", "Continue"),
    ]

    def __init__(self, notices: Sequence[str]) -> None:
        super().__init__()
        self.notices = tuple(notices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.styled("The story has changed since this game was saved", "bold"), classes="heading"
            )
            with VerticalScroll():
                yield Static(
                    Content("\n").join(Content(f"• {notice}") for notice in self.notices), markup=False
                )
            yield Static(Content("Enter to continue"), classes="hint")
