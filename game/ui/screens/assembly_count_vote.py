"""A resolution put to the class: the teacher types how many voted for, against and abstained."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from game.classroom.assembly import Tally, Vote, VoteError, tally_from_text
from game.engine.model import Resolution
from game.ui import story_text
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.widgets.assembly_count_box import CountBox
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.assembly_tally import TallyBoard
from game.ui.widgets.footer import GameFooter

BOXES = (("count-for", "For"), ("count-against", "Against"), ("count-abstain", "Abstain"))
HINT = "Type each number; Enter or Tab moves to the next box, and Enter in Abstain records the vote."


def resolution_heading(run_resolutions: tuple[Resolution, ...], index: int) -> Content:
    """``Resolution 1 of 2`` above the resolution's text."""
    resolution = run_resolutions[index]
    return Content.assemble(
        (f"Resolution {index + 1} of {len(run_resolutions)}", "$foreground-muted"),
        "\n",
        (story_text.plain(resolution.text), "bold"),
    )


class CountVoteScreen(StageScreen):
    """Three number boxes; a valid vote is recorded in the run and the next stage follows."""

    AUTO_FOCUS = "#count-for"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "record", "Record the vote"),
        BACK,
    ]

    @property
    def resolution(self) -> Resolution:
        return self.run.resolutions[self.stage.index]

    def compose(self) -> ComposeResult:
        resolutions = self.run.resolutions
        earlier = self.run.vote_on(self.resolution)
        values = ("", "", "")
        if earlier is not None and not earlier.cast:
            values = (str(earlier.tally.votes_for), str(earlier.tally.against), str(earlier.tally.abstain))
        yield AssemblyHeader(self.run.assembly.title, f"Vote {self.stage.index + 1} of {len(resolutions)}")
        with Vertical(id="vote-body", classes="stage-body"):
            yield Static(
                resolution_heading(resolutions, self.stage.index), classes="resolution", markup=False
            )
            with Horizontal(id="count-boxes"):
                for (box_id, label), value in zip(BOXES, values, strict=True):
                    yield CountBox(value, label, id=box_id)
            yield TallyBoard(self._tally_or_none(), id="count-board")
            yield Static("", id="vote-status", markup=False)
            yield Static(Content(HINT), classes="hint")
        yield GameFooter()

    def _texts(self) -> tuple[str, str, str]:
        a, b, c = (self.query_one(f"#{box_id}", Input).value for box_id, _ in BOXES)
        return a, b, c

    def _tally_or_none(self) -> Tally | None:
        if not self.is_mounted:
            earlier = self.run.vote_on(self.resolution)
            return earlier.tally if earlier is not None and not earlier.cast else None
        try:
            return tally_from_text(*self._texts())
        except VoteError:
            return None

    @on(Input.Changed, ".count-box")
    def _typed(self) -> None:
        tally = self._tally_or_none()
        self.query_one(TallyBoard).show(tally)
        status = self.query_one("#vote-status", Static)
        status.remove_class("-error")
        status.update(Content(f"{tally.total} votes. {tally.describe()}" if tally is not None else ""))

    @on(Input.Submitted, ".count-box")
    def _submitted(self, event: Input.Submitted) -> None:
        ids = [box_id for box_id, _ in BOXES]
        position = ids.index(event.input.id or "")
        if position + 1 < len(ids):
            self.query_one(f"#{ids[position + 1]}", Input).focus()
        else:
            self.action_record()

    def action_record(self) -> None:
        try:
            tally = tally_from_text(*self._texts())
        except VoteError as err:
            status = self.query_one("#vote-status", Static)
            status.update(Content(str(err)))
            status.add_class("-error")
            return
        self.run.record(self.resolution, Vote(tally))
        self.action_next()
