"""The bar above the story: chapter title, and the scene's date and place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class SceneHeader(Horizontal):
    """Shows where the player is; set it with :meth:`show`."""

    DEFAULT_CSS = """
    SceneHeader { height: auto; }
    SceneHeader > #chapter {
        width: 1fr; min-width: 16; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    SceneHeader > #where { width: auto; max-width: 80%; height: auto; margin-left: 2; text-align: right; }
    """
    """The chapter gives way first (cut short with an ellipsis); the date and place keep every word,
    on a second line if they must, and two spaces always stand between them and the chapter."""

    def compose(self) -> ComposeResult:
        yield Static("", id="chapter", markup=False)
        yield Static("", id="where", markup=False)

    def show(self, chapter: str, date: str, place: str) -> None:
        self.query_one("#chapter", Static).update(Content.styled(chapter, "bold"))
        where = Content.assemble((date, "bold"), " · " if date and place else "", place)
        self.query_one("#where", Static).update(where)
