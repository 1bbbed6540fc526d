"""The numbered choices of a scene: arrows and Enter, number keys, or a mouse click."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.engine.play import Option as PlayOption
from game.ui import story_text
from game.ui.widgets.hanging import Hanging


def choice_prompt(option: PlayOption) -> Hanging:
    """``1. text`` with the text wrapped beside the number; a choice that cannot be taken is
    followed by its reason, in italics, in the same paragraph (one line less than below it)."""
    body = story_text.text(story_text.plain(option.text))
    if not option.available:
        reason = option.reason or "Not possible now."
        body = Content.assemble(body, " ", (f"({reason})", "italic"))
    return Hanging(Content.styled(f"{option.number}. ", "bold"), body)


class ChoiceList(OptionList):
    """The options of the current scene; unavailable ones are dimmed and cannot be chosen.

    Enter does one job at a time: it takes the highlighted choice only once the player has
    moved the highlight (arrow, Home/End or page keys) since the scene was shown.  The first
    highlight of a scene only shows where the arrows start, so an Enter pressed to close the
    panel before it, once too often, takes no choice (:attr:`moved`).  A click takes the
    choice clicked; a number key (the screen's) takes its choice.
    """

    NOT_MOVED_HINT = "Press a choice's number, or move to it with ↑ ↓ and then press Enter."

    DEFAULT_CSS = """
    ChoiceList { height: auto; }
    """

    @dataclass
    class ChoiceMade(Message):
        """The player picked an available choice."""

        choice_id: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(markup=False, id=id, classes=classes)
        self._play_options: list[PlayOption] = []
        self.moved = False
        """Whether the player has moved the highlight since :meth:`show`: Enter takes a choice only then."""

    def show(self, options: list[PlayOption]) -> None:
        """Replace the list with ``options``, highlighting the first one that can be taken."""
        self._play_options = list(options)
        self.moved = False
        self.clear_options()
        self.add_options(
            Option(choice_prompt(option), id=option.choice.id, disabled=not option.available)
            for option in options
        )
        first = next((index for index, option in enumerate(options) if option.available), None)
        self.highlighted = first
        self.scroll_home(animate=False)

    # ---------------------------------------------- moving, then taking a choice
    def action_cursor_up(self) -> None:
        self.moved = True
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self.moved = True
        super().action_cursor_down()

    def action_first(self) -> None:
        self.moved = True
        super().action_first()

    def action_last(self) -> None:
        self.moved = True
        super().action_last()

    def action_page_up(self) -> None:
        self.moved = True
        super().action_page_up()  # type: ignore[no-untyped-call]

    def action_page_down(self) -> None:
        self.moved = True
        super().action_page_down()  # type: ignore[no-untyped-call]

    async def _on_click(self, event: events.Click) -> None:
        # Textual then calls OptionList's own _on_click (it calls each class's handler up the
        # MRO), which selects the option: calling it here too took a click twice.
        self.moved = True  # the player pointed at the choice itself

    def action_select(self) -> None:
        if not self.moved:
            self.notify(self.NOT_MOVED_HINT, timeout=4, markup=False)
            return
        super().action_select()

    def by_number(self, number: int) -> PlayOption | None:
        return next((option for option in self._play_options if option.number == number), None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ChoiceMade(event.option.id))
