"""Shared by the live-class tests: the story they play and the class database they share."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from game.classroom import joining
from game.classroom.classdb import ClassDB, Student
from game.classroom.live_record import Recorder
from game.engine import play
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session

REPO = Path(__file__).resolve().parents[2]

SCENES = Path(os.environ.get("MOSCOW1921_TEST_SCENES") or REPO / "scenes")
"""The shipped story; ``MOSCOW1921_TEST_SCENES`` points the live-class tests at another copy
(for a developer whose working tree holds scenes in the middle of an edit)."""


def load_shipped() -> Story:
    from game.loading import load_story

    result = load_story(SCENES)
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


_stories: dict[str, Story] = {}


def story_in(scenes: str) -> Story:
    """The story in the folder ``scenes``, read once per process: a student process forked
    from one that has read it (tests/classroom/live_preload.py) starts with it."""
    if scenes not in _stories:
        from game.loading import load_story

        story = load_story(Path(scenes)).story
        assert story is not None
        _stories[scenes] = story
    return _stories[scenes]


def join_as(db: ClassDB, name: str) -> Student:
    """The student called ``name`` joins (again, if they had: as once their teacher has released
    their code), through the one rule every tab uses (:func:`joining.join`)."""
    result = joining.join(db, name)
    if result.student is None:
        joining.release(db, name)
        result = joining.join(db, name)
    assert result.student is not None, result.message
    return result.student


def play_student(
    db: ClassDB,
    story: Story,
    name: str,
    seed: int,
    saves: Path,
    *,
    decisions: int | None = None,
    role: str | None = None,
) -> Session:
    """A student joins and plays random available choices of ``story`` through a real Session whose
    Recorder writes to ``db``: to an ending, or until ``decisions`` decision points are answered."""
    rng = random.Random(seed)
    student = join_as(db, name)
    recorder = Recorder(db, student)
    store = SaveStore(saves / student.folder)
    recorder.new_game()
    session = Session(story, store, play.new_game(story, role or rng.choice(sorted(story.roles))))
    session.listeners = (recorder,)
    session.autosave()
    while not session.is_over and (decisions is None or len(session.state.decisions) < decisions):
        options = [option.choice for option in session.options() if option.available]
        session.choose(rng.choice(options).id)
    assert recorder.flush(timeout=60) and recorder.status == "saved", recorder.problem
    return session  # the tab stays open: its recorder goes on (flush it after more choices)


def flush(session: Session) -> None:
    """Wait until what a session of :func:`play_student` did is in the class database."""
    (recorder,) = session.listeners
    assert isinstance(recorder, Recorder) and recorder.flush(timeout=60), "a change was never recorded"


def student_process(class_name: str, scenes: str, seed: int, saves: str, start: Any, out: Any) -> None:
    """One simulated student in a process of their own (the target of a ``multiprocessing.Process``).

    Opens the class database, waits at the ``start`` barrier with the others, then plays the
    story to an ending with random choices, undoing about one choice in six, through a real
    Session and Recorder.  Puts ``(name, final decisions, decisions chosen, decisions undone,
    problems)`` on the ``out`` queue.
    """
    story = story_in(scenes)
    problems: list[str] = []
    with ClassDB.for_class(class_name) as db:
        name = f"Student {seed:02d}"
        student = join_as(db, name)
        recorder = Recorder(db, student)
        rng = random.Random(seed)
        start.wait(timeout=60)
        recorder.new_game()
        session = Session(
            story,
            SaveStore(Path(saves) / student.folder),
            play.new_game(story, rng.choice(sorted(story.roles))),
        )
        session.listeners = (recorder,)
        session.autosave()
        chosen = undone = 0
        while not session.is_over:
            scene = session.scene
            assert scene is not None
            options = [option.choice for option in session.options() if option.available]
            session.choose(rng.choice(options).id)
            chosen += scene.decision is not None
            if rng.random() < 1 / 6:
                undone += session.state.steps[-1].decision is not None
                session.undo()
        if not recorder.flush(timeout=120) or recorder.status != "saved":
            problems.append(f"the last change was never recorded: {recorder.status} {recorder.problem}")
        recorder.close()
        decisions = [(step.decision, step.choice) for step in session.state.decisions]
    out.put((name, decisions, chosen, undone, problems))
