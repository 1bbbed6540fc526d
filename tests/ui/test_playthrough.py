"""Whole games played with keys only, on the shipped story and on the fixed test story."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from game import locations
from game.engine.panel import short_cite
from game.loading import load_story
from game.ui.app import MoscowApp, create_app
from game.ui.screens.ending import EndScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from game.ui.story_text import quotation
from tests.ui.helpers import (
    Picker,
    first_available,
    last_available,
    play_to_end,
    screen_text,
    start_new_game,
)

SHIPPED_ROLES = ("metalworker", "delegate")


def test_the_shipped_story_has_the_roles_these_tests_play() -> None:
    result = load_story(locations.default_scenes_dir())
    assert result.story is not None, [str(problem) for problem in result.problems[:5]]
    assert set(SHIPPED_ROLES) <= set(result.story.roles)


class PanelReader:
    """Reads each what-happened panel of a game: its short account (fitting 80x24, one quotation),
    then its full account to the bottom (every quotation, the argument); each opens at the top, in
    its short account, however the last was left."""

    def __init__(self, pilot: Pilot[object]) -> None:
        self.pilot = pilot
        self.panels: list[WhatHappenedScreen] = []
        self.decisions: list[str] = []
        self.scrolled = False

    async def __call__(self, panel: WhatHappenedScreen) -> None:
        decision = panel.decision
        assert decision.title in screen_text(panel)
        body = panel.query_one("#what-happened-body", VerticalScroll)
        assert body.scroll_y == 0  # the top of this decision, wherever the last one was left
        assert not panel.full  # the short account first, even if the last panel was left open
        assert body.max_scroll_y == 0  # and it fits 80x24
        story = panel.story
        shown = [box for box in panel.query(".quotation").results(Static) if box.display]
        first = decision.sources[0]
        assert [str(box.content) for box in shown] == [str(quotation(first, short_cite(story, first.cite)))]
        await self.pilot.press("f")  # the full account: every source, the argument if any
        await self.pilot.pause()
        shown = [box for box in panel.query(".quotation").results(Static) if box.display]
        assert [str(box.content) for box in shown] == [
            str(quotation(s, short_cite(story, s.cite))) for s in decision.sources
        ]
        assert panel.query_one("#argument").display == (decision.argument is not None)
        self.panels.append(panel)
        self.decisions.append(decision.id)
        await self.pilot.press("end")  # read to the bottom
        await self.pilot.pause()
        self.scrolled = self.scrolled or body.scroll_y > 0


@pytest.mark.parametrize("pick", [first_available, last_available], ids=["first", "last"])
@pytest.mark.parametrize("role", SHIPPED_ROLES)
async def test_each_shipped_role_plays_to_an_ending_with_keys_only(role: str, pick: Picker) -> None:
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        await start_new_game(pilot, role)
        # One of the four games also reads every what-happened panel it meets to the bottom
        # (doing so in all four would double their time, and the panel is the same screen).
        reader = PanelReader(pilot) if (role, pick) == ("delegate", first_available) else None
        visited = await play_to_end(pilot, pick, on_panel=reader)
        session = app.session
        assert session is not None and session.is_over and session.ending is not None
        assert isinstance(app.screen, EndScreen)
        assert visited[0] == session.story.roles[role].start
        shown = app.screen.query_one("#ending-title", Static).render()
        assert str(shown) == session.ending.title
        # the debrief lists every decision point of the run
        assert len(session.journal()) == len(session.state.decisions)
    if reader is not None:  # one panel, shown afresh for each decision point
        assert len(set(reader.decisions)) == len(reader.decisions) >= 3
        assert reader.scrolled  # so the check that each starts at the top means something
        assert all(panel is reader.panels[0] for panel in reader.panels)


@pytest.mark.parametrize("pick", [first_available, last_available], ids=["first", "last"])
async def test_the_test_story_plays_to_its_ending(make_app: Callable[..., MoscowApp], pick: Picker) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        visited = await play_to_end(pilot, pick)
        assert visited == ["ration_queue", "metal_conference", "strike_wave"]
        text = screen_text(app.screen)
        assert "You lived through it" in text
        assert "The end" in text


async def test_a_role_given_on_the_command_line_starts_at_once(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app(role="delegate")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is not None
        assert app.session.state.role == "delegate"
        assert "Two days in February" in screen_text(app.screen)


async def test_a_story_with_problems_lists_them_instead_of_crashing(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("story:\n  title: Broken\n  version: one\n", encoding="utf-8")
    app = create_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "The story cannot be played" in screen_text(app.screen)
        listed = str(app.screen.query_one("#problems Static", Static).render())
        assert "story.yaml:3:" in listed  # long paths wrap on screen, so read the list itself
        await pilot.press("q")
    assert app.return_code == 0


async def test_an_already_loaded_story_is_not_read_again(ui_story: Path, tmp_path: Path) -> None:
    story = load_story(ui_story).story
    app = create_app(tmp_path / "no-such-folder", story=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.story is story
        assert isinstance(app.screen, TitleScreen)
