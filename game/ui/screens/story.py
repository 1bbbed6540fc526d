"""The story screen: where the player reads a scene and chooses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from game.engine.view import JournalEntry
from game.session import Session, SessionError
from game.ui.screens import GAME_CSS
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.prose import Prose
from game.ui.widgets.scene_header import SceneHeader
from game.ui.widgets.variables_panel import VariablesPanel

WIDE = 100
"""From this many columns the side panel of variables is shown unless the player hid it."""


class StoryScreen(Screen[None]):
    """Shows ``session``'s current scene.

    A choice that answers a decision point posts :class:`Decided`; one that ends the
    game otherwise posts :class:`Ended`.
    """

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", "Choose", key_display="1-9"),
        *(Binding(str(number), f"choose({number})", show=False) for number in range(2, 10)),
        Binding("u,ctrl+z", "app.undo", "Undo", key_display="u"),
        Binding("s", "app.save", "Save"),
        Binding("l", "app.load", "Load", show=False),
        Binding("j", "app.journal", "Journal"),
        Binding("g", "app.glossary", "Glossary"),
        Binding("t", "app.timeline", "Timeline", show=False),
        Binding("v", "toggle_variables", "Situation", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("escape", "app.title", "Menu", show=False),
        Binding("pageup", "scroll_prose(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_prose(1)", "Scroll down", show=False, priority=True),
    ]

    @dataclass
    class Decided(Message):
        """The player answered a decision point: what happened comes before the next scene."""

        entry: JournalEntry  # the decision, the choice against history's, their texts as they read

    @dataclass
    class Ended(Message):
        """The game reached an ending by a choice that answered no decision point."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.variables_wanted: bool | None = None  # None: shown when the terminal is wide

    def compose(self) -> ComposeResult:
        yield SceneHeader(id="scene-header")
        with Horizontal(id="body"):
            with Vertical(id="reading"):
                with VerticalScroll(id="prose-scroll"):
                    yield Prose(id="aftermath", classes="aftermath")
                    yield Static("", id="scene-title", markup=False)
                    yield Prose(id="prose")
                yield ChoiceList(id="choices")
            yield VariablesPanel(id="variables")
        yield GameFooter()

    def on_mount(self) -> None:
        self.show_scene()

    def on_resize(self, event: events.Resize) -> None:
        self._place_variables()

    # ------------------------------------------------------------ showing
    def show_scene(self) -> None:
        """Show the session's current scene from its top, the first choice highlighted."""
        session, story = self.session, self.session.story
        shown = session.scene_view()
        if shown is None or self.is_leaving:
            return
        scene = shown.scene
        chapter = story.chapters.get(scene.chapter)
        self.query_one(SceneHeader).show(chapter.title if chapter else "", scene.date, scene.place)
        self.query_one("#scene-title", Static).update(Content.styled(scene.title, "bold $text-accent"))
        aftermath = self.query_one("#aftermath", Prose)
        aftermath.show(shown.aftermath, story)
        aftermath.display = bool(shown.aftermath)
        self.query_one("#prose", Prose).show(shown.prose, story)
        self.query_one("#prose-scroll", VerticalScroll).scroll_home(animate=False)
        choices = self.query_one(ChoiceList)
        choices.show(list(shown.options))
        choices.focus()
        self.query_one(VariablesPanel).show(story.variables, session.state.values)
        self._place_variables()

    def _fit_prose(self) -> None:
        """Let the prose fill the column when it is longer than the room above the choices.

        Short prose keeps its own height, so the choices follow it directly instead of
        waiting at the bottom of a tall terminal.
        """
        if self.is_leaving:
            return  # the game moved on to another screen before this refresh
        reading = self.query_one("#reading")
        scroll = self.query_one("#prose-scroll", VerticalScroll)
        choices = self.query_one(ChoiceList)
        needed = scroll.virtual_size.height + scroll.styles.gutter.height  # whatever height it has now
        room = reading.content_region.height - choices.outer_size.height
        reading.set_class(needed > room, "-fill")

    @property
    def is_leaving(self) -> bool:
        """Whether this screen has left the screen stack (its widgets may be going already)."""
        return not self.is_attached or self not in self.app.screen_stack

    def _place_variables(self) -> None:
        """Show or hide the side panel, then refit the prose to the width it leaves."""
        if self.is_leaving:
            return
        wide = self.app.size.width >= WIDE
        shown = wide if self.variables_wanted is None else self.variables_wanted
        self.query_one(VariablesPanel).display = shown
        self.call_after_refresh(self._fit_prose)

    # ------------------------------------------------------------ actions
    def action_toggle_variables(self) -> None:
        self.variables_wanted = not self.query_one(VariablesPanel).display
        self._place_variables()

    def action_scroll_prose(self, pages: int) -> None:
        scroll = self.query_one("#prose-scroll", VerticalScroll)
        if pages < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()

    def action_choose(self, number: int) -> None:
        option = self.query_one(ChoiceList).by_number(number)
        if option is None:
            self.app.bell()
        elif not option.available:
            self.notify(f"Not possible now: {option.reason or 'not open to you'}", timeout=3, markup=False)
        else:
            self.choose(option.choice.id)

    @on(ChoiceList.ChoiceMade)
    def _choice_made(self, event: ChoiceList.ChoiceMade) -> None:
        self.choose(event.choice_id)

    def choose(self, choice_id: str) -> None:
        """Take a choice and show the next scene.

        A choice that answered a decision point posts :class:`Decided` instead: what happened
        is shown over the scene where the player decided, and the app shows the next scene
        once that has been read.
        """
        session = self.session
        scene = session.scene
        if scene is None or scene.choice(choice_id) is None or self.app.screen is not self:
            return  # no such choice, or a click or key for a scene that is no longer the one in front
        try:
            decision = session.choose(choice_id)
        except SessionError as err:
            self.notify(str(err), title="Could not choose", severity="error", markup=False)
            return
        entry = session.last_answer() if decision is not None else None
        if entry is not None:
            self.post_message(self.Decided(entry))
        elif session.is_over:
            self.post_message(self.Ended())
        else:
            self.show_scene()
