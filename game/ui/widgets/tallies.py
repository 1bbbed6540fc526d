"""The class's choices at every decision point, as bars, on the teacher's dashboard.

Drawn from the class report's :class:`~game.classroom.report.DecisionTally` rows; every
text is the story's or a count, built as :class:`Content` (markup never parsed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widget import Widget

from game.classroom.report import DecisionTally
from game.engine.model import plain_prose

HISTORICAL_MARK = "★"
"""Marks a choice that is what happened (or what most did)."""

_NUMBERS = 10  # "  12  67%"
_MIN_BAR = 6


def _fit(text: str, width: int) -> str:
    text = " ".join(plain_prose(text).split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class TallyBoard(Widget):
    """Every decision point in story order: how many answered, and a bar per choice."""

    DEFAULT_CSS = """
    TallyBoard { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tallies: tuple[DecisionTally, ...] = ()
        self.revised: Mapping[str, int] = {}

    def show(self, tallies: Sequence[DecisionTally], revised: Mapping[str, int]) -> None:
        """Draw these tallies (only if they differ from the ones shown)."""
        tallies = tuple(tallies)
        if tallies == self.tallies and dict(revised) == dict(self.revised):
            return
        self.tallies, self.revised = tallies, dict(revised)
        self.refresh(layout=True)

    def render(self) -> Content:
        return self.content(self.size.width or 80)

    def content(self, width: int) -> Content:
        if not self.tallies:
            return Content("No decision points in this story.")
        lines: list[Content] = []
        for number, tally in enumerate(self.tallies, 1):
            lines.append(self._heading(number, tally, width))
            answered = tally.answered
            if not answered:
                lines.append(Content.styled("   no answers yet", "$text-muted"))
            else:
                label = max(12, min(70, (width - 4 - _NUMBERS) * 3 // 5))
                bar = max(_MIN_BAR, width - 4 - label - 1 - _NUMBERS)
                for choice in tally.choices:
                    lines.append(
                        self._bar_line(choice.text, choice.count, answered, choice.historical, label, bar)
                    )
            lines.append(Content(""))
        return Content("\n").join(lines)

    def _heading(self, number: int, tally: DecisionTally, width: int) -> Content:
        answered = tally.answered
        note = f"{answered} answered"
        changed = self.revised.get(tally.decision.id, 0)
        if changed:
            note += f" · {changed} changed by undo"
        title = _fit(f"{number}. {tally.decision.title}", max(10, width - len(note) - 3))
        gap = max(1, width - len(title) - len(note))
        return Content.assemble((title, "bold"), " " * gap, (note, "$text-muted"))

    @staticmethod
    def _bar_line(text: str, count: int, total: int, historical: bool, label: int, bar: int) -> Content:
        filled = round(bar * count / total) if total else 0
        if count and not filled:
            filled = 1
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
