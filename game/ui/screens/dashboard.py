"""The teacher's live dashboard: who is connected, where each student is, and the tallies.

It polls the class database (a read-only connection) every :data:`POLL_S` seconds; a
poll that finds nothing written since the last one (SQLite's ``data_version``) reads
nothing more, and only re-checks who is still connected; one that finds only heartbeats
reads only the roster (see :meth:`ClassDB.snapshot`).

``c`` releases a student's forgotten code (:func:`game.classroom.joining.release`): the teacher
types the name; for the next minutes the student can join with their name alone and is given
a new code.  The dashboard runs on the teacher's own machine and is never served.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Static

from game.classroom.classdb import ClassDB, ClassDBError, ClassDBGone, Snapshot
from game.classroom.joining import RELEASE_S
from game.classroom.live_view import class_report, roster
from game.classroom.report import ClassReport
from game.engine.model import Story
from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog
from game.ui.widgets.class_roster import ClassRoster
from game.ui.widgets.tallies import HISTORICAL_MARK, TallyBoard

POLL_S = 1.0
"""How often the dashboard looks for new decisions."""


class DashboardScreen(Screen[None]):
    """The class at a glance; ``e`` writes the class report, ``q`` quits."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Write the class report"),
        Binding("r", "reload", "Refresh now"),
        Binding("c", "release", "Release a code"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        db: ClassDB,
        story: Story,
        *,
        export: Callable[[ClassReport], Path] | None = None,
        release: Callable[[str], str | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.db = db
        self.story = story
        self.export = export
        self.release = release
        self.clock = clock
        self.snapshot: Snapshot | None = None
        self.report: ClassReport | None = None
        self.problem = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dashboard"):
            yield Static(id="class-summary")
            with Vertical(id="dashboard-panes"):
                with Vertical(id="roster-pane"):
                    yield Static(Content.styled("Students", "bold"), classes="pane-title")
                    yield ClassRoster(id="roster")
                with VerticalScroll(id="tallies-pane"):
                    yield Static(
                        Content.assemble(
                            ("Decision points", "bold"),
                            ("   ", ""),
                            (f"{HISTORICAL_MARK} what happened", "$text-muted"),
                        ),
                        classes="pane-title",
                    )
                    yield TallyBoard(id="tallies")
        yield Footer()

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(POLL_S, self.poll)

    def action_reload(self) -> None:
        self.poll(force=True)

    def poll(self, force: bool = False) -> None:
        """Read the database if anything was written since the last look, then redraw what changed."""
        try:
            if force or self.db.changed() or self.snapshot is None:
                before = self.snapshot
                self.snapshot = self.db.snapshot(None if force else before)
                if self.report is None or before is None or self.snapshot.changes != before.changes:
                    self.report = class_report(self.story, self.snapshot)
            self.problem = ""
        except ClassDBGone as err:
            self.problem = f"{err}. Decisions made since then were not recorded"
        except ClassDBError as err:
            self.problem = str(err)
        self.show()

    def show(self) -> None:
        snapshot, report = self.snapshot, self.report
        summary = self.query_one("#class-summary", Static)
        if snapshot is None or report is None:
            summary.update(Content(f"Cannot read the class: {self.problem}"))
            return
        rows = roster(self.story, snapshot, self.clock())
        self.query_one("#roster", ClassRoster).show(rows)
        self.query_one("#tallies", TallyBoard).show(report.decisions, snapshot.revised)
        connected = sum(1 for row in rows if row.connected)
        finished = sum(1 for p in snapshot.playthroughs if p.ending is not None)
        parts = [
            f"{connected} of {len(rows)} student{'s' * (len(rows) != 1)} connected",
            f"{snapshot.runs} game{'s' * (snapshot.runs != 1)} ({finished} finished)",
            f"{snapshot.decisions} decision{'s' * (snapshot.decisions != 1)} recorded",
        ]
        text = Content.assemble(
            ("Class ", "bold"),
            (snapshot.class_name, "bold $text-accent"),
            "   " + " · ".join(parts),
        )
        if self.problem:
            text = Content.assemble(text, "\n", (f"Cannot read the class: {self.problem}", "$text-error"))
        summary.update(text)

    def action_export(self) -> None:
        if self.export is None or self.report is None:
            return
        try:
            path = self.export(self.report)
        except OSError as err:
            self.notify(f"Could not write the class report: {err}", severity="error", markup=False)
            return
        self.notify(f"Class report written to {path}", title="Report", timeout=10, markup=False)

    def action_release(self) -> None:
        if self.release is None or self.snapshot is None:
            return
        names = [student.name for student in self.snapshot.students]
        self.app.push_screen(ReleaseCodeScreen(names), self._release_named)

    def _release_named(self, name: str | None) -> None:
        if not name or self.release is None:
            return
        try:
            released = self.release(name)
        except ClassDBError as err:
            self.notify(f"Could not release the code: {err}", severity="error", markup=False)
            return
        if released is None:
            self.notify(f"No student called {name} has joined this class.", severity="warning", markup=False)
            return
        self.notify(
            f"{released}'s code is released: {released} can join now with their name alone, "
            f"and will be given a new code (for the next {int(RELEASE_S // 60)} minutes).",
            title="Code released",
            timeout=15,
            markup=False,
        )


class ReleaseCodeScreen(Dialog[str | None]):
    """The teacher types the name of the student whose code to release (names are suggested)."""

    CSS_PATH = GAME_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog class-join"):
            yield Static(Content.styled("Release a student's code", "bold"), classes="heading")
            yield Static(
                Content(
                    "For a student who has lost their code. Type their name and press Enter; they "
                    "can then join with their name alone, and are given a new code. Do it when "
                    "they are ready to join: until they do, anyone typing that name could."
                ),
                classes="explain",
            )
            yield Input(
                placeholder="Student's name",
                id="release-name",
                max_length=80,
                suggester=SuggestFromList(self.names, case_sensitive=False),
            )
            yield Static(Content("Enter: release    Escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#release-name", Input).focus()

    @on(Input.Submitted, "#release-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
