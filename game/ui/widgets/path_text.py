"""A message ending in a file's path, wrapped at spaces and path separators, never mid-name."""

from __future__ import annotations

import re

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from game.safe_text import printable

TOAST_WIDTH = 36
"""Columns of text in a notification at 80 columns: a message naming a path is wrapped to it."""

_PIECE = re.compile(r"[^/\\ ]*[/\\ ]+|[^/\\ ]+")
"""A run of text up to and including the next space or path separator."""

_NAME_BREAKS = "-_."
"""Where a name too long for a whole line is broken (``debrief-anna-k-metalworker-…md``): only
with none of them in reach is it cut mid-word."""


def wrap_path(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken after a space or a ``/`` (or ``\\``);
    a single name longer than a whole line is broken after a ``-``, ``_`` or ``.``, and cut
    only where it has none."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for piece in _PIECE.findall(text):
        if line and len(line) + len(piece.rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line = ""
        while len(piece.rstrip(" ")) > width:  # a name longer than the line: after a - _ or . in it
            cut = max(piece.rfind(mark, 0, width) for mark in _NAME_BREAKS) + 1 or width
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip(" "))
    return lines


class PathText(Visual):
    """``label`` (bold) then ``path``, wrapped with :func:`wrap_path` at whatever width it gets."""

    def __init__(self, label: str, path: str) -> None:
        self.label = printable(label, newlines=False)
        self.text = self.label + printable(path, newlines=False)

    def __str__(self) -> str:
        return self.text

    def _content(self, width: int) -> Content:
        lines = wrap_path(self.text, width)
        content = Content("\n".join(lines))
        return content.stylize("bold", 0, min(len(self.label.rstrip()), len(lines[0])))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return len(self.text)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(wrap_path(self.text, width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._content(width).render_strips(width, height, style, options)
