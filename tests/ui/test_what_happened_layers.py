"""The what-happened panel in two layers: a first view that fits 80x24, the full account on ``f``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.containers import VerticalScroll

from game.engine.model import Scene, Story
from game.engine.view import JournalEntry
from game.ui.app import MoscowApp, create_app
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.scenes.shipped import shipped_story
from tests.ui.helpers import screen_text, start_new_game
from tests.ui.test_snapshots import SIZES, TO_THE_VOTE


def hardest_entry(story: Story, scene: Scene) -> JournalEntry:
    """The entry of this decision scene that needs the most room: the longest choice that history
    did not take (so history's choices are listed under it), else the longest choice."""
    historical = tuple(choice for choice in scene.choices if choice.historical)
    others = [choice for choice in scene.choices if not choice.historical] or list(scene.choices)
    chosen = max(others, key=lambda choice: len(choice.label))
    decision = story.decisions[scene.decision or ""]
    return JournalEntry(
        decision, scene, chosen, historical, chosen.label, tuple(choice.label for choice in historical)
    )


async def test_every_shipped_first_layer_fits_80x24_without_scrolling() -> None:
    story = shipped_story()
    scenes = [scene for scene in story.scenes.values() if scene.decision]
    app = create_app(story=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel: WhatHappenedScreen | None = None
        overflowing = []
        for scene in scenes:
            entry = hardest_entry(story, scene)
            if panel is None:
                panel = WhatHappenedScreen(story, entry)
                app.install_screen(panel, "what-happened")
            else:
                panel.show(entry)
            await app.push_screen(panel)
            await pilot.pause()
            body = panel.query_one("#what-happened-body", VerticalScroll)
            if body.max_scroll_y > 0:
                overflowing.append(f"{scene.id}: {body.max_scroll_y} lines too many")
            assert "f the full account" in screen_text(panel)  # the way on, in the frame
            app.pop_screen()
            await pilot.pause()
        assert len(scenes) >= 20
        assert overflowing == []


async def test_f_opens_the_full_account_and_closes_it(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("1", "1")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, WhatHappenedScreen) and not panel.full
        short = screen_text(panel)
        assert "Should requisitioning give way" not in short  # the question is in the full account
        assert "Simon Pirani argues" not in short
        assert "— Pirani, 2006 talk" in short  # the short citation
        await pilot.press("f")
        await pilot.pause()
        assert panel.full
        full = screen_text(panel)
        assert "Should requisitioning give way to a tax in kind?" in full
        assert "Simon Pirani argues" in full
        assert "f the short account" in full
        await pilot.press("f")
        await pilot.pause()
        assert not panel.full and screen_text(panel) == short
        await pilot.press("f", "enter")  # Enter continues from the full account too
        await pilot.pause()
        assert app.session is not None and app.session.state.at == "strike_wave"
        assert not isinstance(app.screen, WhatHappenedScreen)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_full_account(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), press=(*TO_THE_VOTE, "f"), terminal_size=size)
