"""Continue from the autosave after the app is torn down, and undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList

from game import locations
from game.loading import load_story
from game.saves import SaveStore
from game.session import Session
from game.ui.app import MoscowApp
from game.ui.screens.ending import EndScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.ui.helpers import notified, screen_text, start_new_game


def menu_ids(app: MoscowApp) -> list[str | None]:
    menu = app.screen.query_one("#menu", OptionList)
    return [menu.get_option_at_index(index).id for index in range(menu.option_count)]


async def test_continue_is_offered_only_when_there_is_an_autosave(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert "continue_game" not in menu_ids(app)
        await start_new_game(pilot, "metalworker")
        await pilot.press("escape")  # back to the title: the game is autosaved
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert menu_ids(app)[0] == "continue_game"
        assert "Metalworker · The winter of 1921 · January 1921" in screen_text(app.screen)


async def test_continue_resumes_exactly_where_the_last_app_left_off(
    make_app: Callable[..., MoscowApp],
) -> None:
    first = make_app()
    async with first.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("2")  # stay home: hunger +1, a hidden variable +1
        await pilot.pause()
        assert first.session is not None
        before = first.session.state
        assert before.at == "metal_conference"
    # the first app is gone; a new one starts from the title screen
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(second.screen, StoryScreen)
        assert second.session is not None
        after = second.session.state
        assert (after.role, after.at, dict(after.values), after.steps) == (
            before.role,
            before.at,
            dict(before.values),
            before.steps,
        )
        assert "Two days in February" in screen_text(second.screen)


async def test_continue_from_the_menu_with_enter(make_app: Callable[..., MoscowApp], ui_story: Path) -> None:
    story = load_story(ui_story).story
    assert story is not None
    # the autosave a new game writes (the tests above make it with keys, in an app of their own)
    Session.new(story, SaveStore(locations.saves_dir()), "delegate")
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # Continue is the first, highlighted item
        await pilot.pause()
        assert second.session is not None and second.session.state.role == "delegate"


async def test_undo_takes_back_choices_one_at_a_time(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        session = app.session
        assert session is not None
        start = session.state
        await pilot.press("2")
        await pilot.press("1", "enter")  # vote for, then dismiss what happened
        await pilot.pause()
        assert session.state.at == "strike_wave"
        await pilot.press("u")
        await pilot.pause()
        assert session.state.at == "metal_conference"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.state.at == "ration_queue"
        assert dict(session.state.values) == dict(start.values)
        assert "Half a ration" in screen_text(app.screen)
        await pilot.press("u")  # nothing left to undo
        await pilot.pause()
        assert session.state.at == "ration_queue"
        assert "Nothing to undo" in notified(app)


async def test_undo_from_the_end_returns_to_the_last_scene(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "delegate")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, WhatHappenedScreen)
        await pilot.press("space")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session is not None and app.session.state.at == "strike_wave"


async def test_new_game_over_an_autosave_asks_first(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("2", "escape")
        await pilot.pause()
        await pilot.press("n", "2")  # new game as the delegate...
        await pilot.pause()
        assert "replaces the autosave" in screen_text(app.screen)
        await pilot.press("n")  # ...but no: nothing changes
        await pilot.pause()
        assert app.session is not None and app.session.state.at == "metal_conference"
        assert app.session.state.role == "metalworker"
        await pilot.press("n", "2", "y")
        await pilot.pause()
        assert app.session.state.role == "delegate"
        assert isinstance(app.screen, StoryScreen)
