"""The recorder, a session's listener: what it writes after each change, and how it recovers
when the class database cannot be written for a moment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.classroom.classdb import ClassDB, ClassDBBusy
from game.classroom.live_record import Recorder, progress_of
from game.engine import play
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session
from tests.classroom.live_support import join_as, load_shipped


@pytest.fixture(scope="module")
def story() -> Story:
    return load_shipped()


@pytest.fixture
def db() -> Iterator[ClassDB]:
    with ClassDB.for_class("Recorder", create=True) as opened:
        yield opened


def first_choice(session: Session) -> str:
    return next(option.choice.id for option in session.options() if option.available)


def play_to_decisions(session: Session, count: int) -> None:
    while len(session.state.decisions) < count:
        session.choose(first_choice(session))


def test_progress_is_the_sessions_position_and_its_decisions(story: Story, tmp_path: Path) -> None:
    session = Session(story, SaveStore(tmp_path), play.new_game(story, "metalworker"))
    play_to_decisions(session, 2)
    progress = progress_of(session)
    assert progress.role == "metalworker" and progress.scene == session.state.at and progress.ending is None
    assert progress.chapter == story.scenes[session.state.at].chapter
    assert [(d.decision, d.choice) for d in progress.decisions] == [
        (s.decision, s.choice) for s in session.state.decisions
    ]
    assert [d.step for d in progress.decisions] == [
        i for i, s in enumerate(session.state.steps) if s.decision is not None
    ]
    assert progress.story is not None and progress.story.title == story.title


def test_a_failed_record_is_reported_and_tried_again_until_it_is_written(
    story: Story, db: ClassDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statuses: list[tuple[str, str]] = []
    recorder = Recorder(db, join_as(db, "Anna"), lambda status, problem: statuses.append((status, problem)))
    session = Session(story, SaveStore(tmp_path), play.new_game(story, "delegate"))
    session.listeners = (recorder,)
    real = db.record_all
    failures = [3]

    def busy_at_first(*args: object, **kwargs: object) -> int:
        if failures[0]:
            failures[0] -= 1
            raise ClassDBBusy("the class database stayed busy")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "record_all", busy_at_first)
    play_to_decisions(session, 1)  # the game goes on: the choice is in the student's own save
    assert recorder.flush(timeout=30)
    assert statuses[0] == ("saving", "the class database stayed busy") and statuses[-1][0] == "saved"
    recorded = [(d.decision, d.choice) for p in db.playthroughs() for d in p.decisions]
    assert recorded == [(s.decision, s.choice) for s in session.state.decisions]
    recorder.close()


def test_a_new_game_starts_a_new_playthrough_and_so_does_another_role(
    story: Story, db: ClassDB, tmp_path: Path
) -> None:
    recorder = Recorder(db, join_as(db, "Anna"))
    first = Session(story, SaveStore(tmp_path), play.new_game(story, "metalworker"))
    first.listeners = (recorder,)
    recorder.new_game()
    play_to_decisions(first, 1)
    recorder.new_game()
    second = Session(story, SaveStore(tmp_path), play.new_game(story, "metalworker"))
    second.listeners = (recorder,)
    second.autosave()
    loaded = Session(story, SaveStore(tmp_path), play.new_game(story, "delegate"))
    loaded.listeners = (recorder,)
    loaded.autosave()  # loading a game of another role: a playthrough of its own
    assert recorder.flush(timeout=30)
    runs = db.playthroughs()
    assert [(p.role, len(p.decisions)) for p in runs] == [
        ("metalworker", 1),
        ("metalworker", 0),
        ("delegate", 0),
    ]
