"""The synthetic stories of the engine benchmark (bench/synthetic.py) must stay valid.

A story that no longer loads, or that explores with defects, would make ``make bench``
measure an error path; a state space that stops growing linearly would make it measure
the generator.  No timings here: speed is measured by ``make bench``, never by tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import CHAPTER_SCENES, MIN_SCENES, write_story
from game.engine.conditions import chosen_decisions, visited_scenes
from game.engine.explore import explore
from game.engine.model import Story
from game.loading import load_story


def _load(folder: Path, scenes: int) -> Story:
    write_story(folder, scenes)
    result = load_story(folder)
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story


@pytest.mark.parametrize("scenes", [MIN_SCENES, 100, 137])
def test_synthetic_story_loads_and_explores_cleanly(tmp_path: Path, scenes: int) -> None:
    story = _load(tmp_path, scenes)
    assert len(story.scenes) == scenes
    report = explore(story)
    assert report.defects == []
    assert all(not role.truncated for role in report.roles)


def test_synthetic_story_uses_the_whole_format(tmp_path: Path) -> None:
    story = _load(tmp_path, 100)
    files = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert len(files) == 1 + 100 // CHAPTER_SCENES  # the story file, then one per chapter
    assert len(story.roles) == 2
    assert {v.is_flag for v in story.variables.values()} == {True, False}
    assert 4 <= len(story.variables) <= 6
    assert len(story.decisions) == 100 // 10
    assert all(d.sources for d in story.decisions.values())
    choices = [c for s in story.scenes.values() for c in s.choices]
    conditions = [c.condition for c in choices if c.condition is not None]
    assert any(visited_scenes(e) for e in conditions)
    assert any(chosen_decisions(e) for e in conditions)
    assert any("role(" in (c.condition_text or "") for c in choices)
    assert {e.kind for c in choices for e in c.effects} == {"add", "set"}
    assert any(c.historical for c in choices)
    assert any("[[" in s.prose.source for s in story.scenes.values())
    words = sum(len(s.prose.source.split()) for s in story.scenes.values()) / len(story.scenes)
    assert 100 <= words <= 160


def test_state_space_grows_linearly(tmp_path: Path) -> None:
    small = explore(_load(tmp_path / "small", 100)).states
    large = explore(_load(tmp_path / "large", 400)).states
    assert small < 40 * 100
    assert 3.5 < large / small < 4.5


def test_too_small_a_story_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        write_story(tmp_path, MIN_SCENES - 1)
