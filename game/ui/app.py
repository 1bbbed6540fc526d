"""The Textual player: the app, its factory, and the game's top-level actions.

The app holds the story, the save store and the :class:`~game.session.Session`
being played; screens show them and call the actions here.  The title screen is
the bottom of the screen stack; a game is the story or end screen above it, and
every dialog is a modal screen above that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from game import locations
from game.engine.model import Story
from game.loading import Problem, load_story
from game.saves import SaveStore
from game.session import Session, SessionError, slot_summaries
from game.ui import themes
from game.ui.screens.about import AboutScreen
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.ending import EndScreen
from game.ui.screens.glossary import GlossaryScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.notices import NoticesScreen
from game.ui.screens.problems import ProblemsScreen
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.save_load import SaveLoadScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.timeline import TimelineScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.too_small import TooSmallScreen
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.widgets.prose import Prose

MIN_WIDTH = 60
MIN_HEIGHT = 18

GAME_ACTIONS = frozenset({"save", "undo", "journal", "timeline", "export"})
"""Actions that need a game in progress."""


class MoscowApp(App[None]):
    """Moscow 1921 in a terminal (or a browser, through textual-serve)."""

    CSS_PATH = "app.tcss"
    TITLE = "Moscow 1921"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "cycle_theme", "Theme", tooltip="Switch to the next colour theme"),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        story: Story | None,
        store: SaveStore,
        *,
        problems: Sequence[Problem] = (),
        role: str | None = None,
        load_slot: str | None = None,
    ) -> None:
        super().__init__()
        self.story = story
        self.store = store
        self.problems = tuple(problems)
        self.session: Session | None = None
        self._start_role = role
        self._start_slot = load_slot
        for theme in themes.GAME_THEMES:
            self.register_theme(theme)
        saved = load_settings().theme
        self.theme = saved if saved in self.available_themes else themes.DEFAULT_THEME
        self._remembered_theme = self.theme  # written to settings.json only once the player changes it

    # ------------------------------------------------------------ start-up
    def get_default_screen(self) -> Screen[None]:
        if self.story is None:
            return ProblemsScreen(self.problems)
        return TitleScreen(self.story, self.store)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.story is not None:
            if self._start_slot is not None:
                self.load_game(self._start_slot)
            elif self._start_role is not None:
                self.start_game(self._start_role)
        self.call_after_refresh(self._check_size)

    # ---------------------------------------------------------------- size
    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        shown = [screen for screen in self.screen_stack if isinstance(screen, TooSmallScreen)]
        if small and not shown:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not small and shown and self.screen is shown[0]:
            self.pop_screen()

    # -------------------------------------------------------------- themes
    def action_cycle_theme(self) -> None:
        self.theme = themes.next_theme(self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._remembered_theme:
            return
        try:
            save_settings(Settings(theme=theme.name))
        except OSError as err:
            self.notify(f"Could not remember the theme: {err}", severity="warning", markup=False)
            return
        self._remembered_theme = theme.name

    # --------------------------------------------------------- screen flow
    def _reset_to(self, screen: Screen[None] | None) -> None:
        """Drop every screen above the title screen, then show ``screen`` (None: the title)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if screen is not None:
            self.push_screen(screen)
        self.call_after_refresh(self._check_size)

    def show_game(self) -> None:
        """Show the game in progress: its scene, or its ending once it is over."""
        session = self.session
        if session is None:
            self._reset_to(None)
            return
        top = self.screen
        if isinstance(top, StoryScreen) and top.session is session and not session.is_over:
            top.show_scene()
        elif not (isinstance(top, EndScreen) and top.session is session and session.is_over):
            self._reset_to(EndScreen(session) if session.is_over else StoryScreen(session))

    def _play(self, session: Session) -> None:
        self.session = session
        self.show_game()
        if session.notices:
            self.push_screen(NoticesScreen(session.notices))

    def start_game(self, role: str) -> None:
        assert self.story is not None
        try:
            session = Session.new(self.story, self.store, role)
        except SessionError as err:
            self.notify(str(err), title="Could not start", severity="error", markup=False)
            return
        self._play(session)

    def load_game(self, slot: str) -> None:
        assert self.story is not None
        try:
            session = Session.load(self.story, self.store, slot)
            session.autosave()  # so Continue resumes the loaded game, not the one before it
        except SessionError as err:
            self.notify(str(err), title="Could not load", severity="error", markup=False)
            return
        self._play(session)
        self.notify(f"Loaded “{slot}”.", timeout=3, markup=False)

    @on(StoryScreen.Ended)
    def _game_ended(self) -> None:
        self.show_game()

    @on(Prose.TermClicked)
    def _term_clicked(self, event: Prose.TermClicked) -> None:
        self.action_glossary(event.term)

    # ------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GAME_ACTIONS and self.session is None:
            return False
        return action != "export" or (self.session is not None and self.session.is_over)

    def action_title(self) -> None:
        self._reset_to(None)

    def action_new_game(self) -> None:
        if self.story is None:
            return
        self.push_screen(RoleScreen(self.story), self._role_chosen)

    def _role_chosen(self, role: str | None) -> None:
        if role is None:
            return
        in_progress = self.session is not None and not self.session.is_over
        if not in_progress and not self.store.has_autosave():
            self.start_game(role)
            return
        question = (
            "Start a new game? It replaces the autosave of the game in progress; "
            "a game you saved to a named slot is kept."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_game(role)

        self.push_screen(ConfirmScreen(question, yes="Start", no="Go back"), answered)

    def action_continue_game(self) -> None:
        if self.story is None:
            return
        session = Session.resume(self.story, self.store)
        if session is None:
            self.notify(
                "There is no autosave to continue, or it could not be read.",
                severity="warning",
                markup=False,
            )
            self._reset_to(None)
            return
        self._play(session)

    def action_load(self) -> None:
        if self.story is None:
            return
        slots = slot_summaries(self.story, self.store)
        self.push_screen(SaveLoadScreen("load", slots, self.store), self._load_chosen)

    def _load_chosen(self, slot: str | None) -> None:
        if slot is not None:
            self.load_game(slot)

    def action_save(self) -> None:
        session = self.session
        if session is None or self.story is None:
            return
        slots = slot_summaries(self.story, self.store)
        meta = session.meta()
        suggestion = f"{meta['role_name']}, {meta['date']}".strip(", ")
        self.push_screen(SaveLoadScreen("save", slots, self.store, suggestion=suggestion), self._save_chosen)

    def _save_chosen(self, slot: str | None) -> None:
        if slot is None or self.session is None:
            return
        try:
            self.session.save(slot)
        except SessionError as err:
            self.notify(str(err), title="Could not save", severity="error", markup=False)
            return
        self.notify(f"Saved as “{slot}”.", timeout=3, markup=False)

    def action_undo(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            undone = session.undo()
        except SessionError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        if not undone:
            self.notify("Nothing to undo: this is where your story began.", timeout=3, markup=False)
            return
        self.show_game()

    def action_journal(self) -> None:
        if self.session is not None:
            self.push_screen(JournalScreen(self.session.journal(), self.session.divergence()))

    def action_glossary(self, term: str = "") -> None:
        if self.story is None:
            return
        scene = self.session.scene if self.session is not None else None
        self.push_screen(GlossaryScreen(self.story, scene, focus=term or None))

    def action_timeline(self) -> None:
        if self.session is not None:
            self.push_screen(TimelineScreen(self.session.reached_timeline()))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_about(self) -> None:
        if self.story is not None:
            self.push_screen(AboutScreen(self.story))

    def action_export(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            path = session.export_debrief()
        except OSError as err:
            self.notify(f"Could not export the debrief: {err}", severity="error", markup=False)
            return
        if isinstance(self.screen, EndScreen):
            self.screen.exported(path)
        self.notify(f"Debrief written to {path}", title="Exported", timeout=8, markup=False)

    # ------------------------------------------------------ command palette
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Next theme", "Switch to the next colour theme (ctrl+t)", self.action_cycle_theme)
        if self.story is None:
            return
        yield SystemCommand("New game", "Choose a role and start from the beginning", self.action_new_game)
        yield SystemCommand("Load", "Load a saved game", self.action_load)
        yield SystemCommand("Help", "Every key the game uses", self.action_help)
        yield SystemCommand("About the history", "Where the story comes from", self.action_about)
        yield SystemCommand("Glossary", "Look up the words of the period", self.action_glossary)
        session = self.session
        if session is None:
            return
        yield SystemCommand("Save", "Save the game to a named slot", self.action_save)
        yield SystemCommand("Undo", "Take back the last choice", self.action_undo)
        yield SystemCommand("Journal", "Your decisions so far, beside history's", self.action_journal)
        yield SystemCommand("Timeline", "The dated events you have reached", self.action_timeline)
        yield SystemCommand("Title screen", "Leave the game (it is autosaved)", self.action_title)
        if session.is_over:
            yield SystemCommand("Export debrief", "Write the debrief as a Markdown file", self.action_export)


def create_app(
    scenes_dir: Path | None = None,
    role: str | None = None,
    load_slot: str | None = None,
    *,
    story: Story | None = None,
) -> MoscowApp:
    """The app for the story in ``scenes_dir`` (default: the shipped one), as the CLI and tests use it.

    Pass ``story`` when the caller has already loaded it, to skip reading the folder again.
    A story with problems still gives an app: it lists the problems instead of a title screen.
    """
    problems: Sequence[Problem] = ()
    if story is None:
        result = load_story(scenes_dir or locations.default_scenes_dir())
        story, problems = result.story, result.problems
    return MoscowApp(
        story,
        SaveStore(locations.saves_dir()),
        problems=problems,
        role=role,
        load_slot=load_slot,
    )
