"""Themes: the game's own, the high-contrast one, and remembering the choice between runs."""

from __future__ import annotations

import json
from collections.abc import Callable

from textual.color import Color

from game import locations
from game.ui import themes
from game.ui.app import MoscowApp
from game.ui.settings import Settings, load_settings, save_settings


async def test_the_default_theme_is_the_games_own(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.theme == themes.DEFAULT_THEME
        assert not locations.settings_path().exists()  # nothing written until the player chooses


async def test_ctrl_t_cycles_themes_and_the_choice_is_remembered(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == themes.CYCLE[1]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "moscow-high-contrast"
    assert json.loads(locations.settings_path().read_text("utf-8")) == {"theme": "moscow-high-contrast"}
    again = make_app()
    async with again.run_test(size=(80, 24)):
        assert again.theme == "moscow-high-contrast"


async def test_a_remembered_theme_colours_the_first_frame(make_app: Callable[..., MoscowApp]) -> None:
    save_settings(Settings(theme="moscow-paper"))  # a light theme, unlike the default
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "moscow-paper"
        assert app.has_class("-light-mode") and not app.has_class("-dark-mode")
        assert app.screen.styles.background == Color.parse("#F3EDE1")
        assert Color.parse(app.theme_variables["foreground"]) == Color.parse("#1E1A16")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "moscow-high-contrast"
        assert app.screen.styles.background == Color.parse("#000000")


async def test_the_high_contrast_theme_is_white_and_yellow_on_black(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "moscow-high-contrast"
        await pilot.pause()
        assert app.screen.styles.background == Color.parse("#000000")
        variables = app.theme_variables
        assert Color.parse(variables["foreground"]) == Color.parse("#FFFFFF")
        assert Color.parse(variables["text-accent"]) == Color.parse("#FFFF00")


async def test_an_unknown_or_damaged_setting_falls_back_to_the_default(
    make_app: Callable[..., MoscowApp],
) -> None:
    locations.settings_path().write_text("{not json", "utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.theme == themes.DEFAULT_THEME
    save_settings(Settings(theme="no-such-theme"))
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.theme == themes.DEFAULT_THEME


def test_settings_keep_keys_they_do_not_know() -> None:
    path = locations.settings_path()
    path.write_text(json.dumps({"volume": 3, "theme": "nord"}), "utf-8")
    save_settings(Settings(theme="moscow-paper"))
    assert json.loads(path.read_text("utf-8")) == {"volume": 3, "theme": "moscow-paper"}
    assert load_settings() == Settings(theme="moscow-paper")
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_next_theme_wraps_around_and_starts_from_any_theme() -> None:
    assert themes.next_theme(themes.CYCLE[-1]) == themes.CYCLE[0]
    assert themes.next_theme("dracula") == themes.CYCLE[0]
