"""The title screen: Continue, New game, Start at a chapter, Load, Help, About the history, Quit."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.safe_text import printable
from game.saves import SaveError, SaveStore, where_words
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.hanging import Hanging

SUBTITLE = "A historical interactive fiction"
NOTE = "Characters are composites; the quotations come from Simon Pirani's 2006 talk."
"""The shipped story's subtitle and note, for the first frame before it is read (the story's
own ``subtitle:`` and ``note:`` replace them; another story starts without them)."""


def spaced(title: str) -> str:
    """``MOSCOW 1921`` drawn with a space between letters, as on a poster."""
    return "   ".join(" ".join(word.upper()) for word in title.split())


class TitleScreen(Screen[None]):
    """The bottom of the screen stack; its menu runs the app's actions.

    It needs no story, so it is drawn while the app reads one: the app names the
    story with :meth:`show_title` once it has been read.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "app.continue_game", "Continue", show=False),
        Binding("n", "app.new_game", "New game", show=False),
        Binding("e", "app.chapter_select", "Start at a chapter", show=False),
        Binding("l", "app.load", "Load", show=False),
        Binding("question_mark,h", "app.help", "Help", key_display="?"),
        Binding("a", "app.about", "About", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, store: SaveStore, title: str, subtitle: str = "", note: str = "") -> None:
        super().__init__()
        self.store = store
        self.story_title = title
        self.subtitle, self.note = subtitle, note
        self._continue_shown: str | None = None  # the Continue item's hint; None: no Continue

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(self._title_content(), id="title")
            subtitle = Static(Content(printable(self.subtitle)), id="subtitle", markup=False)
            subtitle.display = bool(self.subtitle)
            yield subtitle
            with Center():
                menu = OptionList(*self._menu(), id="menu", markup=False)
                menu.highlighted = 0
                yield menu
            note = Static(Content(printable(self.note)), id="title-note", markup=False)
            note.display = bool(self.note)
            yield note
        yield GameFooter()

    def _title_content(self) -> Content:
        return Content.styled(spaced(self.story_title), "bold $text-accent")

    def show_title(self, title: str, subtitle: str = "", note: str = "") -> None:
        """Name the story being played, with its own subtitle and note (the app's own until it has
        been read)."""
        if title != self.story_title:
            self.story_title = title
            self.query_one("#title", Static).update(self._title_content())
        if (subtitle, note) != (self.subtitle, self.note):
            self.subtitle, self.note = subtitle, note
            for selector, text in (("#subtitle", subtitle), ("#title-note", note)):
                shown = self.query_one(selector, Static)
                shown.update(Content(printable(text)))
                shown.display = bool(text)

    def on_screen_resume(self) -> None:
        """Back on the title (after a game, say): offer Continue if there is now an autosave."""
        menu = self.query_one("#menu", OptionList)
        if self._continue_hint() != self._continue_shown:
            menu.clear_options()
            menu.add_options(self._menu())
        menu.highlighted = 0
        menu.focus()

    def _menu(self) -> list[Option]:
        self._continue_shown = self._continue_hint()
        items: list[Option] = []
        if self._continue_shown is not None:
            items.append(self._item("continue_game", "c", "Continue", self._continue_shown))
        items += [
            self._item("new_game", "n", "New game"),
            self._item("chapter_select", "e", "Start at a chapter", "an episode for a lesson"),
            self._item("load", "l", "Load a saved game"),
            self._item("help", "?", "Help: every key"),
            self._item("about", "a", "About the history"),
            self._item("quit", "q", "Quit"),
        ]
        return items

    def _continue_hint(self) -> str | None:
        if not self.store.has_autosave():
            return None
        try:
            meta = self.store.read_autosave().meta
        except SaveError:
            return None
        return where_words(meta.get("role_name"), meta.get("chapter_title"), meta.get("date"))

    @staticmethod
    def _item(action: str, key: str, label: str, hint: str | None = None) -> Option:
        body = Content.styled(label, "bold")
        if hint:  # wrapped under the label, not under the key
            body = Content.assemble(body, "\n", (printable(hint), "$foreground-muted"))
        return Option(Hanging(Content.styled(f"{key}  ", "bold $text-accent"), body), id=action)

    @on(OptionList.OptionSelected, "#menu")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self.app.run_action(f"app.{event.option.id}")
