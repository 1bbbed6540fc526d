"""The Textual player: the app, its factory, and the game's top-level actions.

The app holds the story, the save store and the :class:`~game.session.Session`
being played; screens show them and call the actions here.  The title screen is
the bottom of the screen stack; a game is the story or end screen above it, and
every dialog is a modal screen above that.

The title screen needs no story, so it is drawn first: the app reads the story
once that first frame is on screen (or sooner, if an action needs it).  For the
same reason the other screens, the session and the story loader are imported
where they are first used, not here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from game import locations
from game.saves import SaveStore
from game.ui.base_app import GameApp
from game.ui.screens import title as title_screen
from game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from game.classroom.episodes import ChapterStart
    from game.engine.model import Story
    from game.loading import Problem
    from game.session import Session
    from game.ui.screens.quit_offer import QuitAnswer
    from game.ui.screens.story import StoryScreen
    from game.ui.screens.what_happened import WhatHappenedScreen
    from game.ui.widgets.prose import Prose


GAME_ACTIONS = frozenset({"save", "undo", "journal", "timeline", "export", "write_results"})
"""Actions that need a game in progress."""


class MoscowApp(GameApp[None]):
    """Moscow 1921 in a terminal (or a browser, through textual-serve)."""

    CSS_PATH = "app.tcss"
    TITLE = "Moscow 1921"
    BINDINGS: ClassVar[list[BindingType]] = [
        # On every screen, the dialogs too (a priority binding is not blocked by a modal screen).
        Binding("ctrl+t", "cycle_theme", "Theme", tooltip="Switch to the next colour theme", priority=True),
        Binding("f1", "help", "Help", show=False),
    ]

    RESULTS_FILES: ClassVar[bool] = True
    """Whether the player can write a results file for the teacher (``r`` at the ending, the offer
    when quitting a game).  A live class, which records every decision itself, may turn it off."""

    def __init__(
        self,
        store: SaveStore,
        *,
        scenes_dir: Path | None = None,
        story: Story | None = None,
        role: str | None = None,
        load_slot: str | None = None,
        chapter: str | None = None,
        preset: str | None = None,
    ) -> None:
        # Each story keeps its own settings; known before super().__init__(), which reads the theme.
        self.settings_file = locations.settings_path(story.title if story is not None else None)
        super().__init__()
        self.store = store
        self.story = story
        """The story being played; None until it has been read, or if it could not be."""
        self.problems: tuple[Problem, ...] = ()
        """Why the story could not be read (then :attr:`story` stays None)."""
        self.session: Session | None = None
        self._what_happened: WhatHappenedScreen | None = None
        self._scenes_dir = scenes_dir
        self._story_read = story is not None
        self._start_role = role
        self._start_slot = load_slot
        self._start_at = (chapter, preset)  # with role: begin at this chapter (game/classroom/episodes.py)
        self.player_name: str | None = None
        """The player's name when the game knows it (a live class's student): names downloads."""
        self._quit_after_delivery: str | None = None  # the last results download's key
        self._quitting: str | None = None  # set to that key when the player quits once it arrives

    # ------------------------------------------------------------ start-up
    def get_default_screen(self) -> Screen[None]:
        story = self.story
        if story is not None:
            return TitleScreen(self.store, story.title, story.subtitle, story.note)
        shipped = locations.default_scenes_dir()
        if self._scenes_dir is None or self._scenes_dir.resolve() == shipped.resolve():
            # the shipped story, until it has been read
            return TitleScreen(self.store, self.TITLE, title_screen.SUBTITLE, title_screen.NOTE)
        return TitleScreen(self.store, "")  # another story: named once read, never as Moscow 1921

    def on_ready(self) -> None:
        """The first frame is on screen: read the rest of the CSS and the story, then start the
        game asked for, if any."""
        self._read_game_css()
        if self.read_story() is None:
            return
        if self._start_slot is not None:
            self.load_game(self._start_slot)
        elif self._start_role is not None:
            self.start_game(self._start_role, *self._start_at)

    def _read_game_css(self) -> None:
        """Parse the game screens' stylesheet now, while the title is read.

        Textual would read it when the first of those screens is pushed, then parse every
        rule of the app again; here only the new file is parsed (the others' rules are cached).
        """
        from game.ui.screens import GAME_CSS

        if not self.stylesheet.has_source(str(GAME_CSS)):
            self.stylesheet.read(GAME_CSS)
            self.stylesheet.parse()
            self.stylesheet.update(self)

    def read_story(self) -> Story | None:
        """The story, read from the scenes folder the first time it is asked for.

        A story with problems gives None, and the problems are shown instead of the title.
        """
        if self._story_read:
            return self.story
        from game.loading import load_story

        self._story_read = True
        result = load_story(self._scenes_dir or locations.default_scenes_dir())
        self.story, self.problems = result.story, tuple(result.problems)
        if self.story is None:
            from game.ui.screens.problems import ProblemsScreen

            self._reset_to(ProblemsScreen(self.problems))
        else:
            self._title_screen().show_title(self.story.title, self.story.subtitle, self.story.note)
        return self.story

    def _title_screen(self) -> TitleScreen:
        title = self.screen_stack[0]
        assert isinstance(title, TitleScreen)
        return title

    # --------------------------------------------------------- screen flow
    def _reset_to(self, screen: Screen[None] | None) -> None:
        """Drop every screen above the title screen, then show ``screen`` (None: the title).

        A screen that replaces the one above the title takes its place directly, so the
        title screen is not woken (and laid out) only to be covered again.
        """
        keep = 1 if screen is None else 2
        while len(self.screen_stack) > keep:
            self.pop_screen()
        if screen is not None:
            if len(self.screen_stack) == 2:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)
        self.call_after_refresh(self._check_size)

    def show_game(self) -> None:
        """Show the game in progress: its scene, or its ending once it is over."""
        session = self.session
        if session is None:
            self._reset_to(None)
            return
        from game.ui.screens.ending import EndScreen
        from game.ui.screens.story import StoryScreen

        top = self.screen
        if isinstance(top, StoryScreen) and top.session is session and not session.is_over:
            if top.is_mounted:  # else it shows the current scene when it is mounted
                top.show_scene()
        elif not (isinstance(top, EndScreen) and top.session is session and session.is_over):
            self._reset_to(EndScreen(session) if session.is_over else StoryScreen(session))

    def _play(self, session: Session) -> None:
        self.session = session
        self.show_game()
        if session.notices:
            from game.ui.screens.notices import NoticesScreen

            self.push_screen(NoticesScreen(session.notices))

    def start_game(self, role: str, chapter: str | None = None, preset: str | None = None) -> None:
        """A new game of ``role``: from its start, or at ``chapter`` (reached by playing ``preset``)."""
        from game.session import Session, SessionError

        assert self.story is not None
        try:
            if chapter is None:
                session = Session.new(self.story, self.store, role)
            else:
                from game.classroom.episodes import start_episode

                session = start_episode(self.story, self.store, role, chapter, preset)
        except SessionError as err:
            self.notify(str(err), title="Could not start", severity="error", markup=False)
            return
        self._play(session)

    def load_game(self, slot: str) -> None:
        from game.session import Session, SessionError

        assert self.story is not None
        try:
            session = Session.load(self.story, self.store, slot)  # autosaved: Continue resumes it
        except SessionError as err:
            self.notify(str(err), title="Could not load", severity="error", markup=False)
            return
        self._play(session)
        self.notify(f"Loaded “{slot}”.", timeout=3, markup=False)

    def on_story_screen_decided(self, event: StoryScreen.Decided) -> None:
        """Show what happened at the decision point, over the scene where the player decided.

        One panel, kept installed, serves every decision point; the next scene (or the
        ending) is shown when it closes.
        """
        panel = self._what_happened
        if panel is None:
            from game.ui.screens.what_happened import WhatHappenedScreen

            assert self.story is not None
            panel = WhatHappenedScreen(self.story, event.entry)
            self.install_screen(panel, "what-happened")
            self._what_happened = panel
        else:
            panel.show(event.entry)
        self.push_screen(panel, self._after_what_happened)

    def _after_what_happened(self, _: None) -> None:
        self.show_game()  # the next scene, or the ending

    def on_story_screen_ended(self, event: StoryScreen.Ended) -> None:
        self.show_game()

    def on_prose_term_clicked(self, event: Prose.TermClicked) -> None:
        self.action_glossary(event.term)

    # ------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GAME_ACTIONS and self.session is None:
            return False
        if action == "write_results" and not self.RESULTS_FILES:
            return False
        return action != "export" or (self.session is not None and self.session.is_over)

    def action_title(self) -> None:
        self._reset_to(None)

    def action_new_game(self) -> None:
        story = self.read_story()
        if story is None:
            return
        from game.ui.screens.role_choice import RoleScreen

        self.push_screen(RoleScreen(story), self._role_chosen)

    def action_chapter_select(self) -> None:
        story = self.read_story()
        if story is None:
            return
        from game.ui.screens.chapter_select import ChapterSelectScreen

        self.push_screen(ChapterSelectScreen(story), self._chapter_chosen)

    def _chapter_chosen(self, start: ChapterStart | None) -> None:
        if start is not None:
            self._role_chosen(start.role, start.chapter, start.preset)

    def _role_chosen(self, role: str | None, chapter: str | None = None, preset: str | None = None) -> None:
        if role is None:
            return
        in_progress = self.session is not None and not self.session.is_over
        if not in_progress and not self.store.has_autosave():
            self.start_game(role, chapter, preset)
            return
        question = (
            "Start a new game? It replaces the autosave of the game in progress; "
            "a game you saved to a named slot is kept."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_game(role, chapter, preset)

        from game.ui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question, yes="Start", no="Go back"), answered)

    def action_continue_game(self) -> None:
        story = self.read_story()
        if story is None:
            return
        from game.session import Session

        session = Session.resume(story, self.store)
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
        story = self.read_story()
        if story is None:
            return
        from game.session import slot_summaries
        from game.ui.screens.save_load import SaveLoadScreen

        self.push_screen(
            SaveLoadScreen("load", slot_summaries(story, self.store), self.store), self._load_chosen
        )

    def _load_chosen(self, slot: str | None) -> None:
        if slot is not None:
            self.load_game(slot)

    def action_save(self) -> None:
        session = self.session
        if session is None or self.story is None:
            return
        from game.session import slot_summaries
        from game.ui.screens.save_load import SaveLoadScreen

        slots = slot_summaries(self.story, self.store)
        meta = session.meta()
        suggestion = f"{meta['role_name']}, {meta['date']}".strip(", ")
        self.push_screen(SaveLoadScreen("save", slots, self.store, suggestion=suggestion), self._save_chosen)

    def _save_chosen(self, slot: str | None) -> None:
        if slot is None or self.session is None:
            return
        from game.session import SessionError

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
        from game.session import SessionError

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
            from game.ui.screens.journal import JournalScreen

            self.push_screen(JournalScreen(self.session.journal()))

    def action_glossary(self, term: str = "") -> None:
        story = self.read_story()
        if story is None:
            return
        from game.ui.screens.glossary import GlossaryScreen

        shown = self.session.scene_view() if self.session is not None else None
        self.push_screen(GlossaryScreen(story, shown.prose if shown is not None else "", focus=term or None))

    def action_timeline(self) -> None:
        if self.session is not None:
            from game.ui.screens.timeline import TimelineScreen

            self.push_screen(TimelineScreen(self.session.reached_timeline()))

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_about(self) -> None:
        story = self.read_story()
        if story is not None:
            from game.ui.screens.about import AboutScreen

            self.push_screen(AboutScreen(story))

    def action_export(self) -> None:
        session = self.session
        if session is not None:
            from game.ui.delivery import export_debrief

            export_debrief(self, session)

    # ------------------------------------------------------ results and quit
    def action_write_results(self, then_quit: bool = False) -> None:
        """Ask for an optional name, then write a results file of the game for the teacher."""
        session = self.session
        if session is None:
            return
        from game.ui.screens.results_name import ResultsNameScreen

        def named(name: str | None) -> None:
            if name is None:
                return
            if self._write_results(name) and then_quit:
                if self.is_web:  # wait for the browser to have the file
                    self._quitting = self._quit_after_delivery
                else:
                    self.exit()

        self.push_screen(ResultsNameScreen(finished=session.is_over), named)

    def _write_results(self, name: str) -> bool:
        session = self.session
        if session is None:
            return False
        from game.ui.delivery import write_results

        written, key = write_results(self, session, name)
        if written and self.is_web:
            self._quit_after_delivery = key  # a quit asked for with the results waits for this download
        return written

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.key == self._quit_after_delivery == self._quitting:
            self.exit()  # the results were asked for on the way out: leave once they are delivered

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.key == self._quit_after_delivery:
            self._quitting = None
            self.notify(f"The download failed: {event.exception}", severity="error", markup=False)

    async def action_quit(self) -> None:
        """Quit; from a game in progress with decisions taken, first offer to write its results."""
        session = self.session
        from game.ui.screens.quit_offer import QuitOfferScreen

        if (
            not self.RESULTS_FILES
            or session is None
            or not session.results_unsent
            or isinstance(self.screen, QuitOfferScreen)
        ):
            self.exit()
            return

        def answered(answer: QuitAnswer | None) -> None:
            if answer == "quit":
                self.exit()
            elif answer == "results":
                self.action_write_results(then_quit=True)

        self.push_screen(QuitOfferScreen(), answered)

    def save_before_leaving(self) -> None:
        """The terminal has gone: autosave the game in progress once more (every choice already
        wrote it; this keeps the very latest state), quietly, since nobody can read a message."""
        session = self.session
        if session is None:
            return
        from game.session import SessionError

        with contextlib.suppress(SessionError):
            session.autosave()

    # ------------------------------------------------------ command palette
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from game.ui.commands import game_commands

        yield from super().get_system_commands(screen)
        yield from game_commands(self)


def create_app(
    scenes_dir: Path | None = None,
    role: str | None = None,
    load_slot: str | None = None,
    *,
    story: Story | None = None,
    chapter: str | None = None,
    preset: str | None = None,
) -> MoscowApp:
    """The app for the story in ``scenes_dir`` (default: the shipped one), as the CLI and tests use it.

    The app reads the folder once its title screen is drawn; pass ``story`` when the caller
    has already loaded it, to skip that.  A story with problems still gives an app: it lists
    the problems instead of the title screen.
    """
    return MoscowApp(
        SaveStore(locations.saves_dir(story.title if story is not None else None)),
        scenes_dir=scenes_dir,
        story=story,
        role=role,
        load_slot=load_slot,
        chapter=chapter,
        preset=preset,
    )
