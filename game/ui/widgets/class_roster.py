"""The students of a live class, one line each, on the teacher's dashboard.

One :class:`RosterLine` per student, so a student who moves on redraws only their own
line (Textual's ``DataTable`` redraws every visible row on any change).  Names are the
students' own text: each line is :class:`Content` built from the literal text, never
markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.classroom.live_view import RosterRow

NAME_WIDTH = 22
ROLE_WIDTH = 15
CHAPTER_WIDTH = 26
DECISIONS_WIDTH = 10

_STATUS = {"playing": ("●", "$text-success"), "finished": ("✓", "$text-accent"), "away": ("○", "$text-muted")}


def _cell(text: str, width: int) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.ljust(width)


def roster_header(width: int) -> Content:
    where = max(8, width - NAME_WIDTH - ROLE_WIDTH - CHAPTER_WIDTH - DECISIONS_WIDTH - 7)
    return Content.styled(
        " ".join(
            (
                _cell("Name", NAME_WIDTH),
                "  ",
                _cell("Role", ROLE_WIDTH),
                _cell("Chapter", CHAPTER_WIDTH),
                _cell("Where", where),
                "Decisions".rjust(DECISIONS_WIDTH),
            )
        ),
        "bold",
    )


def roster_line(row: RosterRow, width: int) -> Content:
    """A student's line: name, connected or away, role, chapter, scene, decisions taken."""
    symbol, style = _STATUS.get(row.status, ("?", ""))
    where = max(8, width - NAME_WIDTH - ROLE_WIDTH - CHAPTER_WIDTH - DECISIONS_WIDTH - 7)
    decisions = f"{row.decisions}" + (f" ({row.playthroughs}×)" if row.playthroughs > 1 else "")
    return Content.assemble(
        (_cell(row.name, NAME_WIDTH), "bold" if row.connected else "$text-muted"),
        " ",
        (symbol, style),
        "  ",
        _cell(row.role, ROLE_WIDTH),
        " ",
        _cell(row.chapter, CHAPTER_WIDTH),
        " ",
        _cell(row.scene, where),
        " ",
        decisions.rjust(DECISIONS_WIDTH),
    )


class RosterLine(Widget):
    """One student's line; redrawn only when what it shows changes."""

    DEFAULT_CSS = """
    RosterLine { height: 1; }
    """

    def __init__(self, row: RosterRow) -> None:
        super().__init__()
        self.row = row

    def show(self, row: RosterRow) -> None:
        if row != self.row:
            self.row = row
            self.refresh()

    def render(self) -> Content:
        return roster_line(self.row, self.size.width or 100)


class ClassRoster(VerticalScroll):
    """Students in name order: connected or away, role, chapter, scene and decisions taken."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: tuple[RosterRow, ...] = ()
        self._lines: dict[int, RosterLine] = {}

    def compose(self) -> ComposeResult:
        yield Static(roster_header(100), id="roster-header")

    def on_resize(self) -> None:
        self.query_one("#roster-header", Static).update(roster_header(self.size.width))

    def show(self, rows: Sequence[RosterRow]) -> None:
        """Show these rows: changed lines are redrawn, new students' lines put in name order."""
        rows = tuple(rows)
        if rows == self.rows_shown:
            return
        self.rows_shown = rows
        if [r.student_id for r in rows] == list(self._lines):
            for row in rows:
                self._lines[row.student_id].show(row)
            return
        # Students are never removed and their order (by name) never changes: new lines go in
        # before the next student already shown, or at the end.
        lines: dict[int, RosterLine] = {}
        waiting: list[RosterLine] = []
        for row in rows:
            line = self._lines.get(row.student_id)
            if line is None:
                line = RosterLine(row)
                waiting.append(line)
            else:
                line.show(row)
                if waiting:
                    self.mount_all(waiting, before=line)
                    waiting = []
            lines[row.student_id] = line
        if waiting:
            self.mount_all(waiting)
        self._lines = lines
