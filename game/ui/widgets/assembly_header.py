"""The line at the top of every assembly screen: which assembly, and where in it the class is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.ui import story_text


class AssemblyHeader(Static):
    """``Case 2 of 6 · The Moscow soviet, April 1921``; the title is story text, shown literally."""

    DEFAULT_CSS = """
    AssemblyHeader { dock: top; width: 100%; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, title: str, where: str) -> None:
        super().__init__(header_content(title, where), markup=False, classes="assembly-header")


def header_content(title: str, where: str) -> Content:
    """Where the class is first (it matters most to the teacher), then the assembly's title."""
    return Content.assemble(
        (where, "bold"), ("  ·  " if where else "", "$foreground-muted"), story_text.plain(title)
    )
