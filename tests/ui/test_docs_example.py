"""The worked example of docs/scene-format.md ("Text that follows the state"), taken from the page
itself, loads without a problem and follows the state in both players, as the page says it does."""

from __future__ import annotations

import io
import re
from pathlib import Path

from game.loading import load_story
from game.plain import PlainPlayer
from game.saves import SaveStore
from game.ui.app import create_app
from game.ui.screens.ending import EndScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.ui.helpers import screen_text, start_new_game

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scene-format.md"
BLOCK = re.compile(r"```yaml\n# (docs-example/[\w.-]+)\n(.*?)```", re.DOTALL)


def write_example(folder: Path) -> Path:
    blocks = BLOCK.findall(DOCS.read_text(encoding="utf-8"))
    assert len(blocks) == 2, "the worked example is two files on the page"
    for name, body in blocks:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return folder / "docs-example"


def plain_transcript(scenes: Path, home: Path, answers: str) -> str:
    story = load_story(scenes).story
    assert story is not None
    out = io.StringIO()
    PlainPlayer(story, SaveStore(home / "saves"), io.StringIO(answers), out).run(role="turner")
    return out.getvalue()


def test_the_example_loads_without_a_problem(tmp_path: Path) -> None:
    result = load_story(write_example(tmp_path))
    assert result.problems == []


def test_the_plain_player_follows_the_state(tmp_path: Path) -> None:
    scenes = write_example(tmp_path)
    shared = plain_transcript(scenes, tmp_path / "a", "1\n\n1\nq\n")
    kept = plain_transcript(scenes, tmp_path / "b", "2\n\n1\nq\n")
    assert "You are hungry." in shared and "You are hungry." in kept
    assert "Nadya says nothing, but she walks out beside you." in shared
    assert "Nadya smiles at you across the yard." in shared
    assert "Nadya does not look up." in kept
    assert "seed grain" in shared and "seed grain" not in kept
    assert "1. Go home, warmer than you should be." in shared and "1. Go home." in kept
    assert "- Nadya: She went home to the village in the spring" in shared
    assert "- Nadya: You never learned what became of her." in kept
    assert "Petya eats your bread" in kept and "Petya eats your bread" not in shared
    assert "{" not in shared + kept  # no tag ever reaches the player


async def test_the_textual_player_follows_the_state(tmp_path: Path) -> None:
    app = create_app(write_example(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await start_new_game(pilot, "turner")
        assert "You are hungry." in screen_text(app.screen)
        await pilot.press("1")  # share: a decision, so its panel comes first
        await pilot.pause()
        assert isinstance(app.screen, WhatHappenedScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        yard = screen_text(app.screen)
        assert "Nadya says nothing, but she walks out beside you." in yard
        assert "Nadya smiles at you across the yard." in yard
        assert "Go home, warmer than you should be." in yard
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        ending = screen_text(app.screen)
        assert "What became of them" in ending and "She went home to the village" in ending
