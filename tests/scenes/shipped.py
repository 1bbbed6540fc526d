"""The shipped story and its exploration, loaded and explored once per test process.

Exploring the whole campaign visits hundreds of thousands of states; the tests that
read the report share this one.
"""

from __future__ import annotations

from functools import cache

from game import locations
from game.engine.explore import ExploreReport, explore
from game.engine.model import Story
from game.loading import load_story


@cache
def shipped_story() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story


@cache
def shipped_report() -> ExploreReport:
    return explore(shipped_story())
