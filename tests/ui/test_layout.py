"""Sizes: readable width, the side panel, reflow, and the too-small overlay."""

from __future__ import annotations

from collections.abc import Callable

from game.ui.app import MoscowApp
from game.ui.screens.story import StoryScreen
from game.ui.screens.too_small import TooSmallScreen
from game.ui.widgets.prose import Prose
from game.ui.widgets.variables_panel import VariablesPanel
from tests.ui.helpers import screen_text, start_new_game, until


async def test_prose_keeps_a_readable_width_and_the_panel_shows_when_wide(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await start_new_game(pilot, "metalworker")
        assert app.screen.query_one(Prose).content_region.width <= 76
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
