"""A resolution put to the factions in turn: each one present takes the hot seat and votes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.classroom.assembly import CHOICE_WORDS, AssemblyRun, Choice, HotSeat, Stage, Vote
from game.engine.model import Resolution
from game.ui.screens.assembly_count_vote import resolution_heading
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.assembly_tally import TallyBoard
from game.ui.widgets.footer import GameFooter

HINT = "1 for · 2 against · 3 abstain · 0 not present · Backspace takes back the last vote"


class HotSeatScreen(StageScreen):
    """Each faction whose case was heard votes once, in the order heard; Enter records the result."""

    AUTO_FOCUS = "#hot-seat-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "vote('for')", "For"),
        Binding("2", "vote('against')", "Against"),
        Binding("3", "vote('abstain')", "Abstain"),
        Binding("0", "vote('absent')", "Not present", show=False),
        Binding("backspace", "undo", "Undo", key_display="⌫"),
        Binding("enter", "record", "Record"),
        BACK,
    ]

    def __init__(self, run: AssemblyRun, stage: Stage) -> None:
        super().__init__(run, stage)
        earlier = self.run.vote_on(self.resolution)
        self.seat = HotSeat(tuple(self.run.voices), list(earlier.cast) if earlier is not None else [])

    @property
    def resolution(self) -> Resolution:
        return self.run.resolutions[self.stage.index]

    def compose(self) -> ComposeResult:
        resolutions = self.run.resolutions
        yield AssemblyHeader(
            self.run.assembly.title, f"Vote {self.stage.index + 1} of {len(resolutions)} · hot seat"
        )
        with VerticalScroll(id="hot-seat-body", classes="stage-body"):
            yield Static(
                resolution_heading(resolutions, self.stage.index), classes="resolution", markup=False
            )
            yield Static(self._now_voting(), id="now-voting", markup=False)
            yield Static(self._roll(), id="roll", markup=False)
            yield TallyBoard(self.seat.tally(), id="hot-seat-board")
            yield Static(Content(HINT), classes="hint")
        yield GameFooter()

    def _now_voting(self) -> Content:
        current = self.seat.current
        if current is None:
            return Content.styled("Every faction has voted. Enter records the result.", "bold $text-success")
        return Content.assemble(("Now voting: ", "bold"), (current.name, "bold $text-accent"))

    def _roll(self) -> Content:
        """Every faction, with its vote once it has voted."""
        lines: list[Content] = []
        for position, faction in enumerate(self.seat.factions):
            if position < len(self.seat.cast):
                vote = CHOICE_WORDS[self.seat.cast[position].choice]
                lines.append(Content.assemble("  ", (faction.name, "bold"), ": ", vote))
            elif position == len(self.seat.cast):
                lines.append(Content.assemble(("▶ ", "$text-accent"), (faction.name, "bold $text-accent")))
            else:
                lines.append(Content.assemble("  ", (faction.name, "$foreground-muted")))
        return Content("\n").join(lines)

    def _refresh(self) -> None:
        self.query_one("#now-voting", Static).update(self._now_voting())
        self.query_one("#roll", Static).update(self._roll())
        self.query_one(TallyBoard).show(self.seat.tally())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "vote" and self.seat.done:
            return None
        if action == "record" and not self.seat.done:
            return None
        if action == "undo" and not self.seat.cast:
            return None
        return True

    def action_vote(self, choice: str) -> None:
        if not self.seat.done:
            self.seat.vote(Choice(choice))
            self._refresh()

    def action_undo(self) -> None:
        if self.seat.undo():
            self._refresh()

    def action_record(self) -> None:
        if not self.seat.done:
            return
        self.run.record(self.resolution, Vote(self.seat.tally(), tuple(self.seat.cast)))
        self.action_next()
