"""The class's choices at every decision point, as bars, on the teacher's dashboard.

Drawn from the class report's :class:`~game.classroom.report.DecisionTally` rows, one
:class:`DecisionBars` per decision point, so a new decision redraws only its own
point.  Every text is the story's or a count, built as :class:`Content` (markup is
never parsed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from game.classroom.report import DecisionTally
from game.engine.model import plain_line

HISTORICAL_MARK = "★"
"""Marks a choice that is what happened (or what most did)."""

_NUMBERS = 10  # "  12  67%"
_MIN_BAR = 6


def _fit(text: str, width: int) -> str:
    text = plain_line(text)
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def decision_content(number: int, tally: DecisionTally, revised: int, width: int) -> Content:
    """One decision point: its title, the roles that meet it and how many answered, then a bar per
    choice."""
    answered = tally.answered
    note = f"{answered} answered" + (f" · {revised} changed by undo" if revised else "")
    title = _fit(f"{number}. {tally.decision.title}", max(10, width - len(note) - 3))
    room = width - len(title) - len(note) - 5
    roles = f"  · {_fit(', '.join(tally.roles), room)}" if tally.roles and room > 3 else ""
    gap = " " * max(1, width - len(title) - len(roles) - len(note))
    lines = [Content.assemble((title, "bold"), (roles, "$text-muted"), gap, (note, "$text-muted"))]
    if not answered:
        lines.append(Content.styled("   no answers yet", "$text-muted"))
    else:
        label = max(12, min(70, (width - 4 - _NUMBERS) * 3 // 5))
        bar = max(_MIN_BAR, width - 4 - label - 1 - _NUMBERS)
        for choice in tally.choices:
            lines.append(_bar_line(choice.text, choice.count, answered, choice.historical, label, bar))
    return Content("\n").join(lines)


def _bar_line(text: str, count: int, total: int, historical: bool, label: int, bar: int) -> Content:
    filled = round(bar * count / total) if total else 0
    if count and not filled:
        filled = 1  # one student is still visible
    mark = (HISTORICAL_MARK, "bold $text-accent") if historical else " "
    percent = f"{round(100 * count / total):>3}%" if total else "  -%"
    return Content.assemble(
        "  ",
        mark,
        " ",
        (_fit(text, label).ljust(label), "bold" if historical else ""),
        " ",
        ("█" * filled, "$accent" if historical else "$primary"),
        ("░" * (bar - filled), "$text-muted"),
        f" {count:>4} {percent}",
    )


class DecisionBars(Widget):
    """One decision point's bars; redrawn only when its tally changes."""

    DEFAULT_CSS = """
    DecisionBars { height: auto; margin-bottom: 1; }
    """

    def __init__(self, number: int, tally: DecisionTally, revised: int) -> None:
        super().__init__()
        self.number, self.tally, self.revised = number, tally, revised

    def show(self, tally: DecisionTally, revised: int) -> None:
        if (tally, revised) != (self.tally, self.revised):
            self.tally, self.revised = tally, revised
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + (len(self.tally.choices) if self.tally.answered else 1)

    def render(self) -> Content:
        return decision_content(self.number, self.tally, self.revised, self.size.width or 80)


class TallyBoard(Vertical):
    """Every decision point of the story, in order."""

    DEFAULT_CSS = """
    TallyBoard { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tallies: tuple[DecisionTally, ...] = ()
        self.revised: Mapping[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("No decision points recorded yet."), id="no-tallies")

    def show(self, tallies: Sequence[DecisionTally], revised: Mapping[str, int]) -> None:
        """Draw these tallies, redrawing only the decision points whose counts changed."""
        tallies, revised = tuple(tallies), dict(revised)
        if tallies == self.tallies and revised == self.revised:
            return
        same_points = [t.decision.id for t in tallies] == [t.decision.id for t in self.tallies]
        self.tallies, self.revised = tallies, revised
        if same_points:
            for bars, tally in zip(self.query(DecisionBars), tallies, strict=True):
                bars.show(tally, revised.get(tally.decision.id, 0))
            return
        self.remove_children()
        self.mount_all(
            [DecisionBars(n, t, revised.get(t.decision.id, 0)) for n, t in enumerate(tallies, 1)]
            or [Static(Content("No decision points in this story."))]
        )

    def content(self, width: int) -> Content:
        """Every decision point as one text (what the board shows, for tests and exports)."""
        return Content("\n\n").join(
            decision_content(n, t, self.revised.get(t.decision.id, 0), width)
            for n, t in enumerate(self.tallies, 1)
        )
