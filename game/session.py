"""A game in progress: the story, the player's state and where it is saved.

Both front ends (the Textual player and the plain-text player) drive a
:class:`Session`; it autosaves after every change, so a game survives the
terminal being closed or killed.  No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game import locations
from game.atomic import write_text
from game.debrief import debrief_markdown
from game.engine import panel, play, view
from game.engine.model import Decision, Ending, Scene, Story, TimelineEntry
from game.engine.panel import Comparison
from game.engine.play import Option
from game.engine.state import GameState, StateError, state_from_dict
from game.engine.view import EndingView, JournalEntry, SceneView
from game.saves import BrokenSlot, SaveError, SaveStore, where_words

__all__ = ["JournalEntry", "Session", "SessionError", "SlotSummary", "slot_summaries"]


class SessionError(Exception):
    """A game that cannot be started or loaded; the message says why in plain words."""


@dataclass(frozen=True)
class SlotSummary:
    name: str
    role_name: str
    chapter_title: str
    date: str
    saved_at: datetime | None
    broken_reason: str | None = None

    def where(self, sep: str = " · ") -> str:
        """The role, chapter and date of the save in words (see :func:`where_words`)."""
        return where_words(self.role_name, self.chapter_title, self.date, sep)


class Session:
    """One player's game: read the options, choose, undo, save and load."""

    listeners: tuple[Callable[[Session], None], ...] = ()
    """Called after every saved change (new game, choice, undo, load): a live class records here.

    Set it on the class (``Session.listeners = (record,)``) before games start, or on one session."""

    def __init__(self, story: Story, store: SaveStore, state: GameState) -> None:
        self.story = story
        self.store = store
        self.state = state
        self.started_at: datetime | None = None
        """When the game began, if it began in this run (a save does not record it)."""
        self._results_of: GameState | None = None  # the state last written as results
        self._journal: tuple[GameState, tuple[JournalEntry, ...]] | None = None  # of that state

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def new(cls, story: Story, store: SaveStore, role: str) -> Session:
        try:
            state = play.new_game(story, role)
        except play.PlayError as err:
            raise SessionError(str(err)) from None
        session = cls(story, store, state)
        session.started_at = datetime.now(UTC)
        session.autosave()
        return session

    @classmethod
    def resume(cls, story: Story, store: SaveStore) -> Session | None:
        """The game in the autosave, or None if there is none (or it cannot be read)."""
        try:
            saved = store.read_autosave()
            return cls(story, store, state_from_dict(saved.state, story))
        except (SaveError, StateError):
            return None

    @classmethod
    def load(cls, story: Story, store: SaveStore, slot: str) -> Session:
        try:
            saved = store.read(slot)
        except SaveError as err:
            raise SessionError(str(err)) from None
        try:
            state = state_from_dict(saved.state, story)
        except StateError as err:
            raise SessionError(f"the save '{slot}' cannot be loaded: {err}") from None
        session = cls(story, store, state)
        session.autosave()  # the loaded game is now the one Continue resumes
        return session

    # -------------------------------------------------------------- reading
    @property
    def scene(self) -> Scene | None:
        return play.current_scene(self.story, self.state)

    @property
    def ending(self) -> Ending | None:
        return play.current_ending(self.story, self.state)

    @property
    def is_over(self) -> bool:
        return play.is_over(self.story, self.state)

    @property
    def notices(self) -> tuple[str, ...]:
        return self.state.notices

    @property
    def can_undo(self) -> bool:
        return bool(self.state.steps)

    def options(self) -> list[Option]:
        return play.options(self.story, self.state)

    def view(self) -> SceneView | EndingView:
        """What the player reads now, rendered from the story and the state (see game.engine.view)."""
        shown = view.scene_view(self.story, self.state) or view.ending_view(self.story, self.state)
        assert shown is not None, "a state is always at a scene or an ending"
        return shown

    def scene_view(self) -> SceneView | None:
        return view.scene_view(self.story, self.state)

    def ending_view(self) -> EndingView | None:
        return view.ending_view(self.story, self.state)

    # ------------------------------------------------------------- changing
    def choose(self, choice_id: str) -> Decision | None:
        """Take a choice; returns the decision point it answered, if any."""
        scene = self.scene
        try:
            self.state = play.choose(self.story, self.state, choice_id)
        except play.PlayError as err:
            raise SessionError(str(err)) from None
        self.autosave()
        if scene is not None and scene.decision is not None:
            return self.story.decisions[scene.decision]
        return None

    def undo(self) -> bool:
        previous = play.undo(self.story, self.state)
        if previous is None:
            return False
        self.state = previous
        self.autosave()
        return True

    # ---------------------------------------------------------------- saves
    def meta(self) -> dict[str, Any]:
        role = self.story.roles[self.state.role]
        scene = self.scene
        if scene is not None:
            chapter, date = self.story.chapters[scene.chapter].title, scene.date
        else:
            ending = self.ending
            chapter, date = "The end", ending.title if ending else ""
        return {
            "role": self.state.role,
            "role_name": role.name,
            "chapter_title": chapter,
            "date": date,
            "story_title": self.story.title,
            "story_version": self.story.version,
        }

    def save(self, slot: str) -> None:
        try:
            self.store.write(slot, self.state.to_json(), self.meta())
        except SaveError as err:
            raise SessionError(str(err)) from None

    def autosave(self) -> None:
        try:
            self.store.write_autosave(self.state.to_json(), self.meta())
        except SaveError as err:
            raise SessionError(str(err)) from None
        for listener in self.listeners:
            listener(self)

    # -------------------------------------------------- results for the class
    def results_written(self) -> None:
        """Note that the game as it stands has been written as results (by
        :func:`game.classroom.results.write_session_results`, which builds them from the session)."""
        self._results_of = self.state

    @property
    def results_unsent(self) -> bool:
        """A game in progress, with decisions taken, not written as results since its last change:
        quitting it should offer the results file first.  (A game begun at a chapter counts only
        the decisions taken since: those before were the preset's, not the player's.)"""
        begun = self.state.start.steps if self.state.start is not None else 0
        own = any(step.decision is not None for step in self.state.steps[begun:])
        return not self.is_over and own and self.state is not self._results_of

    # ----------------------------------------------------- history vs choice
    def journal(self) -> list[JournalEntry]:
        """Every decision taken, oldest first, with the choices' texts as they read then (worked out
        once per state: it replays the whole path)."""
        if self._journal is None or self._journal[0] is not self.state:
            self._journal = (self.state, tuple(view.journal(self.story, self.state)))
        return list(self._journal[1])

    def last_answer(self) -> JournalEntry | None:
        """The decision the last choice answered, if it answered one (for the what-happened panel)."""
        if not self.state.steps or self.state.steps[-1].decision is None:
            return None
        entries = self.journal()
        return entries[-1] if entries else None

    def comparison(self) -> Comparison:
        """The decisions taken beside history's, counted (every decision, none left out)."""
        return panel.comparison(self.journal())

    def reached_timeline(self) -> list[TimelineEntry]:
        """The dated events this player has passed, in date order, each event once.

        One event may be written for several scenes (the same strike seen from the gate or
        from the office): an entry with the same date and text as one shown already is not
        repeated."""
        taken = {step.decision for step in self.state.steps if step.decision}
        shown: set[tuple[str, str]] = set()
        reached = []
        for entry in self.story.timeline:
            passed = (entry.scene is not None and self.state.visits.get(entry.scene, 0) > 0) or (
                entry.decision is not None and entry.decision in taken
            )
            if passed and (entry.date, entry.text) not in shown:
                shown.add((entry.date, entry.text))
                reached.append(entry)
        return reached

    def debrief_markdown(self) -> str:
        """The game as a Markdown debrief, in the panels' layers (see game.debrief)."""
        return debrief_markdown(self.story, self.state)

    def debrief_file_name(self, player: str | None = None, *, number: int = 1) -> str:
        """``debrief-<role>-<time>.md``; with the player's name (a live class's student) before the role."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        who = f"{locations.file_stem(player, 'student')}-" if player else ""
        again = f"-{number}" if number > 1 else ""
        return f"debrief-{who}{self.state.role}-{stamp}{again}.md"

    def export_debrief(self) -> Path:
        """Write the debrief as Markdown under the exports folder and return its path."""
        folder = locations.exports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.debrief_file_name()
        number = 2
        while path.exists():  # two exports in the same second keep both files
            path = folder / self.debrief_file_name(number=number)
            number += 1
        write_text(path, self.debrief_markdown())
        return path


def slot_summaries(story: Story, store: SaveStore) -> list[SlotSummary]:
    """Every save slot, newest first, with what a player needs to pick one."""
    out: list[SlotSummary] = []
    for slot in store.list():
        if not isinstance(slot, BrokenSlot) and slot.is_autosave:
            continue
        if isinstance(slot, BrokenSlot):
            out.append(SlotSummary(slot.file_name, "", "", "", None, slot.message))
            continue
        meta = slot.meta
        role = story.roles.get(str(meta.get("role", "")))
        out.append(
            SlotSummary(
                slot.name,
                role.name if role else str(meta.get("role_name", "?")),
                str(meta.get("chapter_title", "")),
                str(meta.get("date", "")),
                slot.saved_at,
            )
        )
    return out
