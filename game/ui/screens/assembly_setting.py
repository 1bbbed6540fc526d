"""The first stage of an assembly: where and when it meets, and the question before it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.ui import story_text
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.footer import GameFooter


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


class SettingScreen(StageScreen):
    """The assembly's title, the question before it and its setting; Enter goes on to the cases."""

    AUTO_FOCUS = "#stage-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,right", "next", "Next", key_display="Enter"),
        BACK,
    ]

    def compose(self) -> ComposeResult:
        run = self.run
        yield AssemblyHeader(run.assembly.title, "The setting")
        with VerticalScroll(id="stage-body", classes="stage-body reading"):
            yield Static(
                Content.styled(story_text.plain(run.assembly.title), "bold $text-accent"),
                classes="stage-title",
                markup=False,
            )
            yield Static(
                Content.styled(story_text.plain(run.decision.question), "italic"),
                classes="stage-question",
                markup=False,
            )
            yield Static(
                story_text.prose(run.assembly.setting, run.story, clickable=False),
                classes="stage-prose",
                markup=False,
            )
            yield Static(Content(self._plan()), classes="hint stage-plan")
        yield GameFooter()

    def _plan(self) -> str:
        cases = len(self.run.cases)
        votes = _count(len(self.run.resolutions), "resolution")
        if cases == 0:
            return f"No faction's case is written for this assembly yet. Then the class votes on {votes}."
        return f"Next: {_count(cases, 'case')}, one faction at a time. Then the class votes on {votes}."
