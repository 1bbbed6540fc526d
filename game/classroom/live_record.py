"""Recording a student's game in the class database, after every saved change.

A :class:`Recorder` is one of :attr:`game.session.Session.listeners`: the session calls
it after each autosave (new game, choice, undo, load), and it writes the game's whole
path of decisions (see :meth:`ClassDB.record`), so a record that failed is made good
by the next one.  It never raises into the game: a failure is passed to ``on_problem``
and the student plays on (their own save already holds the choice).  No Textual here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from game.classroom.classdb import ClassDB, ClassDBError, DecisionStep, Progress, StoryId, Student, Superseded
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story
from game.session import Session


def progress_of(session: Session) -> Progress:
    """Where the session's game is, and its decisions, as the class database stores them."""
    state, scene, over = session.state, session.scene, session.is_over
    begun = (
        state.start.steps if state.start is not None else 0
    )  # a chapter start: the preset's are not theirs
    steps = tuple(
        DecisionStep(index, step.decision, step.scene, step.choice, step.historical)
        for index, step in enumerate(state.steps)
        if step.decision is not None and index >= begun
    )
    return Progress(
        role=state.role,
        scene=None if over else state.at,
        chapter=scene.chapter if scene is not None else None,
        ending=state.at if over else None,
        turn=state.turn,
        decisions=steps,
        story=story_id(session.story),
    )


def story_id(story: Story) -> StoryId:
    """The story's title, version and fingerprint."""
    return StoryId(story.title, story.version, story_fingerprint(story))


class Recorder:
    """Writes one student's game to the class database; call :meth:`new_game` before a new game."""

    def __init__(
        self,
        db: ClassDB,
        student: Student,
        on_problem: Callable[[ClassDBError], None] = lambda _: None,
    ) -> None:
        self.db = db
        self.student = student
        self.on_problem = on_problem
        self.superseded = False
        self.pending = False
        """True while the last change could not be recorded (the next heartbeat tries again)."""
        self._new_run = False
        self._role: str | None = None
        self._last: Session | None = None

    def new_game(self) -> None:
        """The next change recorded starts a new playthrough."""
        self._new_run = True

    def __call__(self, session: Session) -> None:
        self._last = session
        self.record(progress_of(session))

    def record(self, progress: Progress) -> None:
        if self.superseded:
            return
        new_run = self._new_run or (self._role is not None and progress.role != self._role)
        try:
            self.db.record(self.student, progress, new_run=new_run)
        except Superseded as err:
            self.superseded = True
            self.on_problem(err)
            return
        except ClassDBError as err:
            self.pending = True
            self.on_problem(err)
            return
        self.pending = False
        self._new_run = False
        self._role = progress.role

    def heartbeat(self) -> None:
        """Tell the class this tab is open; retry a change that could not be recorded."""
        if self.superseded:
            return
        if self.pending and self._last is not None:
            self(self._last)
            return
        try:
            self.db.heartbeat(self.student)
        except Superseded as err:
            self.superseded = True
            self.on_problem(err)
        except ClassDBError:
            pass  # the next heartbeat tries again; a missed one only shows the student as away

    def leave(self) -> None:
        if self.superseded:
            return
        # If this fails, the dashboard shows the student as away once the heartbeats stop.
        with contextlib.suppress(ClassDBError):
            self.db.leave(self.student)
