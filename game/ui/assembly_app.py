"""Assembly mode: a full-screen app for re-enacting one of the story's assemblies with a class.

The teacher projects it: the setting, each faction's case in turn, the class's votes on each
resolution (counted, or from the hot seat), then what really happened beside the class's
result.  The picker of assemblies is the bottom of the screen stack; each stage of a run is a
screen pushed above the one before, so Escape (which pops it) always goes back one stage.

The run's state (:class:`~game.classroom.assembly.AssemblyRun`) is plain Python; the screens
show it and record the votes the teacher enters.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.classroom.assembly import AssemblyRun, Stage, Step
from game.engine.model import Story
from game.ui.base_app import GameApp
from game.ui.screens.assembly_picker import AssemblyPickerScreen
from game.ui.screens.assembly_stage import StageScreen


class AssemblyApp(GameApp[int]):
    """Re-enact the story's assemblies: pick one, hear the cases, vote, see what happened."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "assembly.tcss",
    ]  # app.tcss: the dialogs and the too-small screen
    TITLE = "Moscow 1921: assemblies"
    BINDINGS: ClassVar[list[BindingType]] = [
        # No box in assembly mode takes letters, so q can quit from anywhere.
        Binding("q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "cycle_theme", "Theme", show=False, priority=True),
    ]

    REMEMBER_THEME = False  # a theme picked to suit a projector is not the player's own choice

    def __init__(self, story: Story, which: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.which = which
        """The assembly to open at once (the picker stays beneath it); None: start at the picker."""
        self.run_state: AssemblyRun | None = None
        """The assembly being re-enacted, once one is picked."""

    def get_default_screen(self) -> Screen[None]:
        return AssemblyPickerScreen(self.story)

    def on_mount(self) -> None:
        if self.which is not None:
            self.begin(self.which)

    # ------------------------------------------------------------ the run
    def begin(self, assembly_id: str) -> None:
        """Start a fresh run of the assembly: its setting comes first."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.run_state = AssemblyRun(self.story, self.story.assemblies[assembly_id])
        self.push_screen(self._screen_for(self.run_state, Stage(Step.SETTING)))

    def on_assembly_picker_screen_picked(self, event: AssemblyPickerScreen.Picked) -> None:
        self.begin(event.assembly_id)

    def on_stage_screen_finished(self, event: StageScreen.Finished) -> None:
        """A stage is done: show the next one above it (Escape there comes back here)."""
        run = self.run_state
        top = self.screen
        if run is None or not isinstance(top, StageScreen) or top.stage != event.stage:
            return  # a key pressed twice before the next stage showed: the stage is already done
        following = run.after(event.stage)
        if following is not None:
            self.push_screen(self._screen_for(run, following))

    def action_pick_another(self) -> None:
        """Back to the picker, leaving this run."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.run_state = None

    @staticmethod
    def _screen_for(run: AssemblyRun, stage: Stage) -> StageScreen:
        from game.classroom.assembly import VoteMode
        from game.ui.screens.assembly_case import CaseScreen
        from game.ui.screens.assembly_count_vote import CountVoteScreen
        from game.ui.screens.assembly_hot_seat import HotSeatScreen
        from game.ui.screens.assembly_reveal import RevealScreen
        from game.ui.screens.assembly_setting import SettingScreen
        from game.ui.screens.assembly_vote_mode import VoteModeScreen

        if stage.step is Step.SETTING:
            return SettingScreen(run, stage)
        if stage.step is Step.CASE:
            return CaseScreen(run, stage)
        if stage.step is Step.MODE:
            return VoteModeScreen(run, stage)
        if stage.step is Step.VOTE:
            if run.mode is VoteMode.HOT_SEAT:
                return HotSeatScreen(run, stage)
            return CountVoteScreen(run, stage)
        return RevealScreen(run, stage)


def create_assembly_app(story: Story, which: str | None = None) -> AssemblyApp:
    """The assembly app for ``story``, as the CLI and the tests build it."""
    return AssemblyApp(story, which)
