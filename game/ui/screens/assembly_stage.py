"""What every stage of an assembly run shares: its header, its footer, and going on or back."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from game.classroom.assembly import AssemblyRun, Stage

BACK = Binding("escape", "back", "Back", key_display="Esc")
"""Every stage's way back (listed last in each stage's keys, so the footer shows it after them)."""


class StageScreen(Screen[None]):
    """One stage of a run (the setting, a case, a vote, the reveal).

    Escape goes back to the stage before (the screen beneath); finishing a stage posts
    :class:`Finished`, and the app shows the next one above it.
    """

    @dataclass
    class Finished(Message):
        """The teacher finished this stage: show the next."""

        stage: Stage

    def __init__(self, run: AssemblyRun, stage: Stage) -> None:
        super().__init__()
        self.run = run
        self.stage = stage

    def action_back(self) -> None:
        if self.app.screen is self:  # not a second Escape for a stage already left
            self.app.pop_screen()

    def action_next(self) -> None:
        self.post_message(self.Finished(self.stage))
