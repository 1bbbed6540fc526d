"""Fixtures for engine tests: stories written inline as YAML, and ink's double run.

Every test that takes ``turn`` runs twice: once on states as the engine returns
them, and once on states that went through a JSON round trip after every step
(as ink's own suite does), so serialisation can never lose progress unnoticed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from game.engine import play
from game.engine.model import Story
from game.engine.state import GameState, state_from_json
from game.loading import load_story

StoryMaker = Callable[[str], Story]


@pytest.fixture
def make_story(tmp_path: Path) -> StoryMaker:
    counter = iter(range(1000))

    def make(text: str) -> Story:
        folder = tmp_path / f"story{next(counter)}"
        folder.mkdir()
        (folder / "story.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        result = load_story(folder)
        assert result.problems == [], "\n".join(map(str, result.problems))
        assert result.story is not None
        return result.story

    return make


Turn = Callable[[Story, GameState, str], GameState]


@pytest.fixture(params=["direct", "json-roundtrip"])
def turn(request: pytest.FixtureRequest) -> Turn:
    def take(story: Story, state: GameState, choice: str) -> GameState:
        new = play.choose(story, state, choice)
        if request.param == "json-roundtrip":
            again = state_from_json(new.to_json(), story)
            assert again == new
            assert again.to_json() == new.to_json()
            return again
        return new

    return take
