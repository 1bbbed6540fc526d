"""The teacher's dashboard as an app of its own (``moscow1921 class NAME``): one screen, the game's themes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.classroom.classdb import ClassDB
from game.classroom.report import ClassReport
from game.engine.model import Story
from game.ui import themes
from game.ui.screens.dashboard import DashboardScreen


class DashboardApp(App[None]):
    """Shows :class:`DashboardScreen` for one class until the teacher quits."""

    CSS_PATH = "app.tcss"
    TITLE = "Moscow 1921: live class"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+t", "cycle_theme", "Theme", show=False)]

    def __init__(
        self,
        db: ClassDB,
        story: Story,
        *,
        export: Callable[[ClassReport], Path] | None = None,
        release: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.story = story
        self.export = export
        self.release = release
        for theme in themes.GAME_THEMES.values():
            self.register_theme(theme)
        self.theme = themes.DEFAULT_THEME

    def get_default_screen(self) -> Screen[None]:
        return DashboardScreen(self.db, self.story, export=self.export, release=self.release)

    def action_cycle_theme(self) -> None:
        self.theme = themes.next_theme(self.theme)
