"""Start-up: the title screen is drawn first; the story and the game screens' CSS are read after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.css.stylesheet import Stylesheet

from game import locations
from game.ui.app import MoscowApp
from game.ui.screens import GAME_CSS
from game.ui.screens.title import TitleScreen
from tests.ui.helpers import screen_text, start_new_game


async def test_the_title_is_drawn_before_the_story_is_read(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app(locations.default_scenes_dir())  # the shipped story: its title is known before it is read
    assert app.story is None  # creating the app reads nothing
    first_frame: list[tuple[str, bool]] = []

    def hook() -> None:
        if not first_frame:
            first_frame.append((screen_text(app.screen), app.story is not None))

    app.post_display_hook = hook  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text, story_read = first_frame[0]
        assert "M O S C O W" in text and "New game" in text
        assert not story_read
        assert app.story is not None  # read once the title was on screen
        assert isinstance(app.screen, TitleScreen)


async def test_the_game_screens_css_is_parsed_once_the_title_is_up(
    make_app: Callable[..., MoscowApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    reparses: list[None] = []
    original = Stylesheet.reparse

    def counted(stylesheet: Stylesheet) -> None:
        reparses.append(None)
        original(stylesheet)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.stylesheet.has_source(str(GAME_CSS))
        monkeypatch.setattr(Stylesheet, "reparse", counted)
        await start_new_game(pilot, "metalworker")  # the role dialog, then the story screen
        assert reparses == []  # no screen made Textual parse every rule again
