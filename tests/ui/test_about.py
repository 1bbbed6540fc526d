"""The about screen: the story's own about text, its content and age note, and the full references."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.ui.app import MoscowApp, create_app
from game.ui.screens.about import AboutScreen
from tests.scenes.shipped import shipped_story
from tests.ui.helpers import screen_text
from tests.ui.test_snapshots import SIZES


async def test_the_shipped_about_screen_gives_the_content_and_age_note_first() -> None:
    story = shipped_story()
    app = create_app(story=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        shown = " ".join(screen_text(app.screen).replace("█", " ").split())  # seen without scrolling
        assert "Content and age" in shown
        assert "a workmate arrested in the night, political prisoners beaten by the Cheka" in shown
        assert "committed suicide" in shown
        assert "Suggested for ages 14 and over." in shown


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_about(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), press=("a",), terminal_size=size)
