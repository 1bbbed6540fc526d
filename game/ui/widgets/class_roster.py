"""The students of a live class, one row each, on the teacher's dashboard.

Names are the students' own text: every cell is a :class:`rich.text.Text`, which
``DataTable`` shows as it is (a plain ``str`` cell would be read as markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from game.classroom.live_view import RosterRow

COLUMNS = ("Name", "", "Role", "Chapter", "Where", "Decisions")

_STATUS = {"playing": ("●", "green"), "finished": ("✓", "cyan"), "away": ("○", "dim")}


class ClassRoster(DataTable[Text]):
    """Students in name order: connected or away, role, chapter, scene and decisions taken."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: tuple[RosterRow, ...] = ()

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def show(self, rows: Sequence[RosterRow]) -> None:
        """Show these rows (only if they differ from the ones shown), keeping the cursor's student."""
        rows = tuple(rows)
        if rows == self.rows_shown:
            return
        keep = None
        if self.rows_shown and 0 <= self.cursor_row < len(self.rows_shown):
            keep = self.rows_shown[self.cursor_row].student_id
        self.rows_shown = rows
        self.clear()
        for row in rows:
            symbol, style = _STATUS.get(row.status, ("?", ""))
            runs = f" ({row.playthroughs} games)" if row.playthroughs > 1 else ""
            self.add_row(
                Text(row.name),
                Text(symbol, style=style),
                Text(row.role),
                Text(row.chapter),
                Text(row.scene),
                Text(f"{row.decisions}{runs}", justify="right"),
                key=str(row.student_id),
            )
        if keep is not None:
            for index, row in enumerate(rows):
                if row.student_id == keep:
                    self.move_cursor(row=index)
                    break
