"""The side panel of what the story tracks: a bar, the author's words, or yes/no."""

from __future__ import annotations

from collections.abc import Mapping

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.model import Value, Variable

BAR_CELLS = 10


def value_content(variable: Variable, value: Value) -> Content:
    """How one variable's value is shown: yes/no, the author's word, or a bar with the number."""
    if variable.is_flag or variable.words:
        return Content.styled(variable.describe(value), "bold")
    low, high = variable.minimum or 0, variable.maximum or 0
    span = max(1, high - low)
    filled = round((int(value) - low) * BAR_CELLS / span)
    filled = max(0, min(BAR_CELLS, filled))
    return Content.assemble(
        ("█" * filled, "$text-accent"),
        ("░" * (BAR_CELLS - filled), "$foreground-muted"),
        f" {int(value)}/{high}",
    )


def variable_content(variable: Variable, value: Value) -> Content:
    return Content.assemble((variable.name, "$foreground-muted"), "\n", value_content(variable, value))


class VariablesPanel(VerticalScroll):
    """Lists the variables that are not hidden; set it with :meth:`show`."""

    DEFAULT_CSS = """
    VariablesPanel { height: 1fr; }
    VariablesPanel > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Static("", markup=False), id=id, classes=classes, can_focus=False)

    def show(self, variables: Mapping[str, Variable], values: Mapping[str, Value]) -> None:
        lines = [Content.styled("Your situation", "bold")]
        lines += [
            variable_content(variable, values[name])
            for name, variable in variables.items()
            if not variable.hidden and name in values
        ]
        self.query_one(Static).update(Content("\n\n").join(lines))
