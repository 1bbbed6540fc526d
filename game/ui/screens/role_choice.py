"""Choosing who to be: each role with its description."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import Role, Story
from game.ui import story_text
from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog


def role_card(number: int, role: Role) -> Content:
    """A role as offered: its name, description, what the composite is made of, the real people met."""
    parts: list[str | Content | tuple[str, str]] = [
        (f"{number}. {role.name}", "bold $text-accent"),
        "\n",
        story_text.plain(role.description),
    ]
    if role.composite:
        parts += ["\n", ("A composite: ", "bold"), story_text.plain(role.composite)]
    if role.real_people:
        names = ", ".join(person.split(":", 1)[0].strip() for person in role.real_people)
        parts += ["\n", ("Real people in this story: ", "bold"), names]
    return Content.assemble(*parts)


class RoleScreen(Dialog[str | None]):
    """Dismisses with the chosen role's id, or None if the player goes back."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog roles"):
            yield Static(story_text.text(self.story.role_prompt, "bold"), classes="heading")
            options: list[Option | None] = [
                Option(role_card(number, role), id=role.id)
                for number, role in enumerate(self.story.roles.values(), 1)
            ]
            options[1:] = [item for option in options[1:] for item in (None, option)]  # a rule between roles
            yield OptionList(*options, id="roles", markup=False)
            yield Static(Content("Enter to begin · Esc to go back"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#roles", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        roles = list(self.story.roles)
        if event.key.isdigit() and 1 <= int(event.key) <= len(roles):
            event.stop()
            self.dismiss(roles[int(event.key) - 1])

    @on(OptionList.OptionSelected, "#roles")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
