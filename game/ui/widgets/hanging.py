"""A hanging indent: a lead (``3. `` or ``• ``) with the text wrapped beside it, never under it."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """``lead`` on the first line, ``body`` wrapped in the columns to its right.

    A numbered choice whose text runs to a second line keeps that line under its words::

        1. Stand up and say it. Semyon is a socialist who stood for the
           soviets. Let him go.
    """

    def __init__(self, lead: Content, body: Content) -> None:
        self.lead = lead
        self.body = body
        self.indent = lead.cell_length

    def __repr__(self) -> str:
        return f"Hanging({self.lead.plain!r}, {self.body.plain!r})"

    def __str__(self) -> str:
        return self.lead.plain + self.body.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.indent + self.body.get_optimal_width(rules, container_width - self.indent)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.indent + self.body.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.body.get_height(rules, max(1, width - self.indent))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        body_width = max(1, width - self.indent)
        body = self.body.render_strips(body_width, height, style, options)
        lead = self.lead.render_strips(self.indent, 1, style, options)
        blank = Strip.blank(self.indent, style.rich_style)
        return [
            Strip.join([lead[0].extend_cell_length(self.indent) if number == 0 and lead else blank, strip])
            for number, strip in enumerate(body)
        ]
