"""Before the votes: count them, or let each faction vote in turn from the hot seat."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.classroom.assembly import VoteMode
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.footer import GameFooter


class VoteModeScreen(StageScreen):
    """1: the teacher types the counts; 2: each faction whose case was heard votes in turn."""

    AUTO_FOCUS = "#mode-menu"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "mode('counts')", "Count the votes"),
        Binding("2", "mode('hot_seat')", "Hot seat"),
        BACK,
    ]

    def compose(self) -> ComposeResult:
        yield AssemblyHeader(self.run.assembly.title, "How will the class vote?")
        with Vertical(id="mode-box", classes="stage-body"):
            yield Static(
                Content.styled("How will the class vote?", "bold $text-accent"), classes="stage-title"
            )
            menu = OptionList(*self._options(), id="mode-menu", markup=False)
            menu.highlighted = 1 if self.run.mode is VoteMode.HOT_SEAT and self.run.voices else 0
            yield menu
        yield GameFooter()

    def _options(self) -> list[Option]:
        names = "".join(f"\n     {faction.name}" for faction in self.run.voices)
        counts = Content.assemble(
            ("1  ", "bold $text-accent"),
            ("Count the votes", "bold"),
            "\n   Hands up; you type how many for, against, abstaining.",
        )
        hot_seat = Content.assemble(
            ("2  ", "bold $text-accent"),
            ("Hot seat", "bold"),
            "\n   Each faction votes in turn, one voice each",
            f":{names}" if names else " (no cases are written for this assembly yet).",
        )
        return [
            Option(counts, id=VoteMode.COUNTS.value),
            Option(hot_seat, id=VoteMode.HOT_SEAT.value, disabled=not names),
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mode" and parameters == (VoteMode.HOT_SEAT.value,) and not self.run.voices:
            return None  # shown dimmed: no factions to take the hot seat
        return True

    def action_mode(self, mode: str) -> None:
        self.run.choose_mode(VoteMode(mode))
        self.action_next()

    @on(OptionList.OptionSelected, "#mode-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_mode(event.option.id)
