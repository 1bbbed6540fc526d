"""Recording a student's game in the class database, after every saved change, off the game's thread.

A :class:`Recorder` is one of :attr:`game.session.Session.listeners`: the session calls it
after each autosave (new game, choice, undo, load).  The call only puts the game's progress
in a queue; a thread of the recorder's own writes it (see :meth:`ClassDB.record_all`: the whole
path of decisions, so a record that failed is made good by the next one) and sends the
heartbeats.  So a class database that is locked, slow or gone never holds up the game: the
student plays on (their own save already holds every choice), the queue keeps every change
until it is written, and :attr:`Recorder.status` says where things stand:

* ``saved``: everything the student did is in the class database;
* ``saving``: something is waiting to be written (the database is busy: it is tried again,
  every :data:`RETRY_S` seconds at most);
* ``stopped``: the student joined again in another tab, which records from now on;
* ``gone``: the class database was deleted: nothing more can be recorded, and the student and
  the teacher are told.

``on_status`` is called (on the recorder's thread) whenever the status changes, and with
``saved`` every time the queue has drained.  No Textual here.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Literal

from game.classroom.classdb import (
    HEARTBEAT_S,
    ClassDB,
    ClassDBError,
    ClassDBGone,
    DecisionStep,
    Progress,
    StoryId,
    Student,
    Superseded,
)
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story
from game.session import Session

Status = Literal["saved", "saving", "stopped", "gone"]

RETRY_S = 2.0
"""The longest wait between two tries of a write that failed."""
LEAVE_S = 2.0
"""How long a closing tab waits for its last records to be written."""


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
    """Writes one student's game to the class database from a thread of its own; call
    :meth:`new_game` before a new game and :meth:`close` when the tab closes."""

    def __init__(
        self,
        db: ClassDB,
        student: Student,
        on_status: Callable[[Status, str], None] = lambda status, message: None,
        *,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> None:
        self.db = db
        self.student = student
        self.on_status = on_status
        self.heartbeat_s = heartbeat_s
        self.status: Status = "saved"
        self.problem = ""
        """Why the status is not ``saved`` (the database's own words), or empty."""
        self._queue: list[tuple[Progress, bool]] = []
        self._wake = threading.Condition()
        self._closing = False
        self._leave = True
        self._new_run = False
        self._role: str | None = None
        self._thread = threading.Thread(target=self._run, name=f"recorder {student.name}", daemon=True)
        self._thread.start()

    # ---------------------------------------------------------- the game's side (any thread)
    def new_game(self) -> None:
        """The next change recorded starts a new playthrough."""
        with self._wake:
            self._new_run = True

    def __call__(self, session: Session) -> None:
        self.submit(progress_of(session))

    def submit(self, progress: Progress) -> None:
        """Queue this progress for the class database (returns at once)."""
        with self._wake:
            if self.status in ("stopped", "gone"):
                return
            new_run = self._new_run or (self._role is not None and progress.role != self._role)
            self._new_run = False
            self._role = progress.role
            self._queue.append((progress, new_run))
            self._wake.notify()

    @property
    def pending(self) -> bool:
        """True while a change waits to be written."""
        with self._wake:
            return bool(self._queue)

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued is written (or can never be); False if time ran out."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._queue and self.status not in ("stopped", "gone"):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
        return True

    def close(self, timeout: float = LEAVE_S, *, leave: bool = True) -> None:
        """The tab is closing: write what is queued (for ``timeout`` seconds at most), say so (unless
        not ``leave``: the student stays shown as connected until the heartbeats are missed), stop."""
        with self._wake:
            self._closing = True
            self._leave = leave
            self._wake.notify_all()
        self._thread.join(timeout)

    # ---------------------------------------------------------- the recorder's thread
    def _run(self) -> None:
        delay = 0.1
        beat_due = time.monotonic() + self.heartbeat_s
        while True:
            with self._wake:
                while not self._queue and not self._closing and time.monotonic() < beat_due:
                    self._wake.wait(max(0.0, beat_due - time.monotonic()))
                batch = list(self._queue)
                closing = self._closing
            try:
                if batch:
                    self.db.record_all(self.student, batch)
                    with self._wake:  # one step with the queue: flush() never sees an empty queue unsaved
                        del self._queue[: len(batch)]
                        saved = not self._queue  # said every time the queue drains
                        if not self._queue:
                            self.status, self.problem = "saved", ""
                        self._wake.notify_all()
                    if saved:
                        self.on_status("saved", "")
                    delay = 0.1
                elif closing:
                    if self._leave:
                        with contextlib.suppress(ClassDBError):  # else shown as away once heartbeats stop
                            self.db.leave(self.student)
                    return
                else:
                    self.db.heartbeat(self.student)
                beat_due = time.monotonic() + self.heartbeat_s
            except Superseded as err:
                self._end("stopped", str(err))
                return
            except ClassDBGone as err:
                self._end("gone", str(err))
                return
            except ClassDBError as err:
                if not batch:  # a missed heartbeat only shows the student as away for a while
                    beat_due = time.monotonic() + self.heartbeat_s
                    continue
                self._set("saving", str(err))
                if closing:
                    return  # the student's own save holds it all; the tab is gone
                with self._wake:
                    self._wake.wait(delay)
                delay = min(RETRY_S, delay * 2)

    def _set(self, status: Status, problem: str) -> None:
        with self._wake:
            changed = status != self.status
            self.status, self.problem = status, problem
        if changed:
            self.on_status(status, problem)

    def _end(self, status: Status, problem: str) -> None:
        with self._wake:
            self._queue.clear()
            self._wake.notify_all()
        self._set(status, problem)
