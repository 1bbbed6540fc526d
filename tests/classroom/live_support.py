"""Shared by the live-class tests: the story they play and the class database they share."""

from __future__ import annotations

import os
import random
from pathlib import Path

from game.classroom.classdb import ClassDB, ClassDBError
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
    student = db.join(name)
    recorder = Recorder(db, student, on_problem=_raise)
    store = SaveStore(saves / student.folder)
    recorder.new_game()
    session = Session(story, store, play.new_game(story, role or rng.choice(sorted(story.roles))))
    session.listeners = (recorder,)
    session.autosave()
    while not session.is_over and (decisions is None or len(session.state.decisions) < decisions):
        options = [option.choice for option in session.options() if option.available]
        session.choose(rng.choice(options).id)
    return session


def _raise(err: ClassDBError) -> None:
    raise err
