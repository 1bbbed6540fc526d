"""Fixtures for the classroom kit: the shipped story and real play-throughs of it."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game import locations
from game.classroom.results import Results, results_from_session
from game.engine import play
from game.engine.model import Story
from game.loading import load_story
from game.saves import SaveStore
from game.session import Session
from tests.engine.conftest import make_story  # noqa: F401  (the fixture: stories written inline)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty MOSCOW1921_HOME."""
    folder = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def story() -> Story:
    result = load_story(REPO / "scenes")
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story


def random_session(
    story: Story, rng: random.Random, store: SaveStore, *, stop_after: int | None = None
) -> Session:
    """A game of the shipped story played with random available choices (a real play-through,
    through the engine), to its ending or, with ``stop_after``, abandoned after that many choices."""
    role = rng.choice(sorted(story.roles))
    state = play.new_game(story, role)
    taken = 0
    while not play.is_over(story, state) and (stop_after is None or taken < stop_after):
        choices = play.available_choices(story, state)
        assert choices, f"dead end at {state.at}"
        state = play.choose(story, state, rng.choice(choices).id)
        taken += 1
    return Session(story, store, state)


PlayThroughs = Callable[[int, int], list[Results]]


@pytest.fixture
def play_throughs(story: Story, tmp_path: Path) -> PlayThroughs:
    """``play_throughs(count, seed)``: results of that many random games, about one in four abandoned."""

    def make(count: int, seed: int) -> list[Results]:
        rng = random.Random(seed)
        store = SaveStore(tmp_path / "saves")
        start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        out = []
        for number in range(count):
            stop = rng.randrange(1, 8) if rng.random() < 0.25 else None
            session = random_session(story, rng, store, stop_after=stop)
            out.append(
                results_from_session(
                    session,
                    f"Student {number}",
                    started=start,
                    now=start + timedelta(minutes=20, seconds=number),
                )
            )
        return out

    return make
