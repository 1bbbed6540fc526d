"""The bottom of assembly mode: the story's assemblies, one to choose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import Assembly, Story
from game.ui import story_text
from game.ui.widgets.footer import GameFooter

HINT = "Choose with 1-9 or the arrows and Enter; q quits."
PROJECTOR = (
    "For a projector: make the terminal's font large (often Ctrl and +) until the back row can read; "
    "ctrl+t changes the colours (a light theme often projects better)."
)


def assembly_item(number: int, assembly: Assembly) -> Content:
    """An assembly as offered: its number, its title, and the command that opens it directly."""
    return Content.assemble(
        (f"{number}  ", "bold $text-accent"),
        (story_text.plain(assembly.title), "bold"),
        "\n   ",
        (f"moscow1921 assembly {assembly.id}", "$foreground-muted"),
    )


class AssemblyPickerScreen(Screen[None]):
    """Posts :class:`Picked` with the chosen assembly's id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(number), f"pick({number})", show=False) for number in range(2, 10)),
    ]

    @dataclass
    class Picked(Message):
        """The teacher chose an assembly to re-enact."""

        assembly_id: str

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(
                Content.styled(story_text.plain(self.story.title), "bold $text-accent"), id="picker-title"
            )
            yield Static(Content("Re-enact an assembly with your class"), id="picker-subtitle")
            options = [
                Option(assembly_item(number, assembly), id=assembly.id)
                for number, assembly in enumerate(self.story.assemblies.values(), 1)
            ]
            if options:
                menu = OptionList(*options, id="picker-menu", markup=False)
                menu.highlighted = 0
                yield menu
            else:
                yield Static(Content("This story has no assemblies to re-enact."), id="picker-empty")
            yield Static(Content(HINT), classes="hint")
            yield Static(Content(PROJECTOR), classes="hint")
        yield GameFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        for menu in self.query("#picker-menu").results(OptionList):
            menu.focus()

    def action_pick(self, number: int) -> None:
        ids = list(self.story.assemblies)
        if 1 <= number <= len(ids):
            self.post_message(self.Picked(ids[number - 1]))

    @on(OptionList.OptionSelected, "#picker-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))
