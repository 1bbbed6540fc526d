"""A box for one count of a vote: it takes digits, and leaves every other key to the screen."""

from __future__ import annotations

from textual.widgets import Input

from game.classroom.assembly import MAX_COUNT


class CountBox(Input):
    """An :class:`Input` for a whole number from 0 to :data:`MAX_COUNT`.

    Only digits are typed into it, so letter keys stay free for the app (``q`` quits even
    while a box has the cursor).
    """

    def __init__(self, value: str, label: str, *, id: str) -> None:
        super().__init__(
            value,
            placeholder="0",
            restrict=r"[0-9]*",
            max_length=len(str(MAX_COUNT)),
            id=id,
            classes="count-box",
        )
        self.border_title = label

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isascii() and character.isdigit()
