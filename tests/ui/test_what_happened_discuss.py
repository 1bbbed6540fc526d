"""The what-happened panel's full account ends with the discussion questions, when there are any."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from game.ui.app import MoscowApp
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.ui.helpers import screen_text, start_new_game

QUESTIONS = (
    "    discuss:\n      - Who gained from the tax in kind?\n      - Was it a [[tax in kind]] or a retreat?\n"
)


async def _panel_text(app: MoscowApp) -> str:
    async with app.run_test(size=(120, 40)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("1")  # to the conference
        await pilot.pause()
        await pilot.press("1")  # vote: the what-happened panel
        await pilot.pause()
        assert isinstance(app.screen, WhatHappenedScreen)
        await pilot.press("f")  # the questions end the full account
        await pilot.pause()
        return screen_text(app.screen)


async def test_the_panel_shows_the_questions(
    tmp_path: Path, ui_story: Path, make_app: Callable[..., MoscowApp]
) -> None:
    story = tmp_path / "story"
    shutil.copytree(ui_story, story)
    winter = story / "10-winter.yaml"
    text = winter.read_text(encoding="utf-8")
    marker = "    argument:\n      by: Simon Pirani\n"
    assert marker in text
    winter.write_text(text.replace(marker, QUESTIONS + marker, 1), encoding="utf-8")
    shown = await _panel_text(make_app(story))
    assert "Think about it" in shown
    assert "• Who gained from the tax in kind?" in shown
    assert "• Was it a tax in kind or a retreat?" in shown  # glossary marks read as words


async def test_no_questions_no_heading(make_app: Callable[..., MoscowApp]) -> None:
    assert "Think about it" not in await _panel_text(make_app())
