"""A game saved with an earlier version of the shipped story still loads and plays on.

The two saves in tests/data/saves were made with the story as it stood at version 1
(git 20aaa67), twelve choices into each role. Later versions added scenes, variables
and decision points and removed a choice; the saves must load with notices saying what
changed, and play on to an ending.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import play
from game.engine.state import state_from_dict
from tests.scenes.shipped import shipped_story

pytestmark = pytest.mark.xdist_group("shipped_story")

SAVES = Path(__file__).resolve().parents[1] / "data" / "saves"


@pytest.mark.parametrize("role", ["metalworker", "delegate"])
def test_a_version_1_save_loads_and_plays_to_an_ending(role: str) -> None:
    story = shipped_story()
    data = json.loads((SAVES / f"story-v1-{role}.json").read_text(encoding="utf-8"))
    assert data["story_version"] == 1 < story.version
    state = state_from_dict(data, story)
    assert state.role == role and state.at in story.scenes
    assert any("version" in notice for notice in state.notices), state.notices  # the player is told
    # Hidden variables are never named to the player, only counted.
    hidden = [v.name for v in story.variables.values() if v.hidden]
    assert not any(name in notice for notice in state.notices for name in hidden), state.notices
    for _ in range(200):
        if play.is_over(story, state):
            break
        offered = [o for o in play.options(story, state) if o.available]
        assert offered, f"stuck at {state.at}"
        state = play.choose(story, state, offered[0].choice.id)
    assert play.is_over(story, state)
