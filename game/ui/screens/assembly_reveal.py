"""The end of an assembly: what became of each resolution, beside the class's vote, with the sources."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.classroom.assembly import MAX_COUNT, AssemblyRun, Stage, VoteMode
from game.ui import story_text
from game.ui.screens.assembly_stage import BACK, StageScreen
from game.ui.screens.what_happened import SIDE_BY_SIDE
from game.ui.widgets.assembly_composition import CompositionPanel
from game.ui.widgets.assembly_header import AssemblyHeader
from game.ui.widgets.assembly_result import ResolutionResult
from game.ui.widgets.footer import GameFooter


class RevealScreen(StageScreen):
    """Every resolution's result, the real body scaled to the class, then what happened and why."""

    AUTO_FOCUS = "#reveal-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "app.pick_another", "Another assembly"),
        Binding("plus,equals_sign", "resize_class(1)", "Class size", key_display="+/-"),
        Binding("minus", "resize_class(-1)", "Smaller class", show=False),
        BACK,
    ]

    def __init__(self, run: AssemblyRun, stage: Stage) -> None:
        super().__init__(run, stage)
        self.scale_size = run.scale_size()
        """The class size the real body is scaled to; + and - change it."""

    def compose(self) -> ComposeResult:
        run = self.run
        decision = run.decision
        stacked = self.app.size.width < SIDE_BY_SIDE
        yield AssemblyHeader(run.assembly.title, "What happened")
        with VerticalScroll(id="reveal-body", classes="stage-body"):
            yield Static(
                Content.styled("Your class beside the real assembly", "bold $text-accent"),
                classes="stage-title",
                markup=False,
            )
            for number, resolution in enumerate(run.resolutions, 1):
                yield ResolutionResult(
                    number, resolution, run.vote_on(resolution), run.story, stacked=stacked
                )
            composition = run.assembly.composition
            if composition is not None:
                yield CompositionPanel(composition, self.scale_size, self._how())
            yield Static(
                Content.assemble(
                    ("What happened", "bold $text-accent"),
                    "\n",
                    story_text.prose(decision.happened, run.story, clickable=False),
                ),
                classes="happened",
                markup=False,
            )
            for source in decision.sources:
                yield Static(story_text.quotation(source), classes="quotation", markup=False)
            if decision.argument is not None:
                yield Static(
                    Content.assemble(
                        (f"{decision.argument.by} argues: ", "bold"),
                        story_text.prose(decision.argument.text, run.story, clickable=False),
                    ),
                    classes="argument",
                    markup=False,
                )
        yield GameFooter()

    def _how(self) -> str:
        if self.run.mode is VoteMode.COUNTS and self.scale_size == self.run.class_size:
            return "the number who voted; press + or - to change it"
        if self.run.mode is VoteMode.HOT_SEAT:
            return "the hot seat does not count the class; press + or - to set its size"
        return "press + or - to change it"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "resize_class" and self.run.assembly.composition is None)

    def action_resize_class(self, step: int) -> None:
        self.scale_size = max(1, min(MAX_COUNT, self.scale_size + step))
        self.query_one(CompositionPanel).show(self.scale_size, self._how())

    def on_resize(self, event: events.Resize) -> None:
        for compare in self.query(".compare"):
            compare.set_class(event.size.width < SIDE_BY_SIDE, "-stacked")
