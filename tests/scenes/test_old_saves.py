"""A game saved with an earlier version of the shipped story still loads and plays on.

The saves in tests/data/saves were made with the shipped story as it stood at each
version, some way into each role:

- story-v1-*.json: version 1 (git 20aaa67), twelve choices into each role;
- story-v2-*.json: version 2 (git 6307d7a), the metalworker at "An empty lathe" (four
  decision points in), the delegate at Paniushkin's meeting (seven in), made just
  before the campaign's second draft (issue 10) renamed and removed scenes and choices;
- story-v3-*.json: version 3 (git ffd9adc), made just before the delegate's second draft
  landed (new scenes on his way, and a party card from his first line): the metalworker
  at the soviet election (fourteen choices in, first and last offered in turn), the
  delegate at the 11th congress's strike vote, from the bench (sixteen choices in).
- story-v4-*.json: version 4 (git 46c4eb7), made just before the delegate's two tracks
  (version 5: arguing in January 1921 to keep the special rations now undoes his stand for
  equal sacrifice): the metalworker at the soviet election (fourteen choices in, first and
  last offered in turn), the delegate at the soviet executive (ten choices in), one who
  demanded equal sacrifice in 1920 and then kept his special card.

Later versions added and removed scenes, variables, choices and decision points; every
save must load with notices saying what changed, and play on to an ending.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from game.engine import play
from game.engine.state import state_from_dict
from tests.scenes.shipped import shipped_story

pytestmark = pytest.mark.xdist_group("shipped_story")

SAVES = Path(__file__).resolve().parents[1] / "data" / "saves"
OLD_SAVES = [(version, role) for version in (1, 2, 3, 4) for role in ("metalworker", "delegate")]


@pytest.mark.parametrize(("version", "role"), OLD_SAVES)
def test_an_old_save_loads_and_plays_to_an_ending(version: int, role: str) -> None:
    story = shipped_story()
    data = json.loads((SAVES / f"story-v{version}-{role}.json").read_text(encoding="utf-8"))
    assert data["story_version"] == version <= story.version
    state = state_from_dict(data, story)
    assert state.role == role and state.at in story.scenes
    if version < story.version:  # the player is told the story has changed
        assert any("version" in notice for notice in state.notices), state.notices
    # Hidden variables are never named to the player, only counted.
    hidden = [v.name for v in story.variables.values() if v.hidden]
    assert not any(name in notice for notice in state.notices for name in hidden), state.notices
    # Play on three ways: always the first choice offered, always the last, and at random.
    for pick in (lambda offered: offered[0], lambda offered: offered[-1], random.Random(version).choice):
        playing = state
        for _ in range(200):
            if play.is_over(story, playing):
                break
            offered = [o for o in play.options(story, playing) if o.available]
            assert offered, f"stuck at {playing.at}"
            playing = play.choose(story, playing, pick(offered).choice.id)
        assert play.is_over(story, playing), f"no ending after 200 choices from {state.at}"
        assert playing.role == role
