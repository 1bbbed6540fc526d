"""Sizes: readable width, the side panel, reflow, and the too-small overlay."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from game.ui.app import MoscowApp
from game.ui.screens.story import StoryScreen
from game.ui.screens.too_small import TooSmallScreen
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.prose import Prose
from game.ui.widgets.variables_panel import VariablesPanel
from tests.ui.helpers import screen_text, start_new_game, until


async def test_prose_keeps_a_readable_width_and_the_panel_shows_when_wide(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await start_new_game(pilot, "metalworker")
        assert app.screen.query_one("#prose", Prose).content_region.width <= 76
        panel = app.screen.query_one(VariablesPanel)
        assert panel.display
        text = screen_text(app.screen)
        assert "Hunger" in text and "hungry" in text  # the author's words for the value
        assert "Solidarity" in text and "3/10" in text  # a bar and the number
        assert "Party member" in text
        assert "Suspicion" not in text  # hidden by the author
        await pilot.press("v")
        await pilot.pause()
        assert not panel.display
        assert "Hunger" not in screen_text(app.screen)


async def test_the_panel_hides_itself_when_narrow_and_v_shows_it(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        panel = app.screen.query_one(VariablesPanel)
        assert not panel.display
        await pilot.press("v")
        await pilot.pause()
        assert panel.display
        assert "Hunger" in screen_text(app.screen)


async def test_the_panel_follows_the_width_when_resized(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        panel = app.screen.query_one(VariablesPanel)
        assert not panel.display
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: panel.display)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: not panel.display)


async def test_too_small_shows_a_message_keeps_the_game_and_goes_away(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("2")
        await pilot.pause()
        session = app.session
        assert session is not None
        state = session.state

        await pilot.resize_terminal(40, 10)
        await until(pilot, lambda: "make it at least" in screen_text(app.screen))
        assert isinstance(app.screen, TooSmallScreen)
        assert "make it at least 60x18" in " ".join(screen_text(app.screen).split())
        await pilot.press("1")  # keys do not reach the story underneath
        await pilot.pause()
        assert app.session is session and session.state == state

        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        assert session.state == state
        assert "Two days in February" in screen_text(app.screen)
        await pilot.press("1")  # and the game goes on
        await pilot.pause()
        assert session.state.at == "strike_wave"


async def test_a_tiny_terminal_at_start_shows_the_message_over_the_title(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(50, 12)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        await pilot.resize_terminal(60, 18)
        await until(pilot, lambda: "M O S C O W" in screen_text(app.screen))


async def test_every_screen_fits_at_the_minimum_size(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await start_new_game(pilot, "metalworker")
        text = screen_text(app.screen)
        assert "1. Go to the metalworkers' conference." in text
        for key, expected in (
            ("j", "Journal"),
            ("g", "Glossary"),
            ("t", "Timeline"),
            ("question_mark", "Keys"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert expected in screen_text(app.screen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StoryScreen)


@pytest.fixture
def long_prose_story(ui_story: Path, tmp_path: Path) -> Path:
    """The test story with a first scene far longer than 80x24 can show."""
    folder = tmp_path / "long_story"
    shutil.copytree(ui_story, folder)
    scenes = folder / "10-winter.yaml"
    paragraph = "      The queue does not move. " * 12
    long_prose = "\n\n".join([paragraph] * 6)
    text = scenes.read_text("utf-8").replace(
        "      The trains from the south have not come.",
        long_prose + "\n\n      The trains from the south have not come.",
    )
    scenes.write_text(text, "utf-8")
    return folder


async def test_long_prose_fills_the_column_and_short_prose_is_followed_by_its_choices(
    make_app: Callable[..., MoscowApp], long_prose_story: Path
) -> None:
    app = make_app(long_prose_story)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        reading = app.screen.query_one("#reading")
        choices = app.screen.query_one(ChoiceList)
        await until(pilot, lambda: reading.has_class("-fill"))
        await pilot.pause()
        assert choices.region.bottom == 23  # down against the footer
        await pilot.press("pagedown")  # the long prose scrolls while the choices keep the focus
        await pilot.pause()
        assert app.screen.query_one("#prose-scroll").scroll_y > 0
        assert app.screen.focused is choices
        await pilot.press("1")
        await until(pilot, lambda: not reading.has_class("-fill"))
        await pilot.pause()
        assert choices.region.y < 12  # the conference's short prose, then its choices at once
