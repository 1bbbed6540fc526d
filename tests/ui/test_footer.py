"""The footer: rebuilt when the keys it shows change, and only then."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from game.ui.app import MoscowApp
from game.ui.widgets.footer import GameFooter
from tests.ui.helpers import start_new_game


class SwitchApp(App[None]):
    """One screen whose ``x`` key is shown only while ``x_shown`` is set."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "x", "Extra"), Binding("y", "y", "Always")]
    x_shown = False

    def compose(self) -> ComposeResult:
        yield GameFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.x_shown if action == "x" else True


def descriptions(footer: Footer) -> list[str]:
    return [key.description for key in footer.query(FooterKey)]


async def test_a_key_that_appears_is_shown_and_one_that_goes_is_removed() -> None:
    app = SwitchApp()
    async with app.run_test() as pilot:
        footer = app.query_one(GameFooter)
        await pilot.pause()
        assert "Always" in descriptions(footer) and "Extra" not in descriptions(footer)
        app.x_shown = True
        app.refresh_bindings()
        await pilot.pause()
        assert "Extra" in descriptions(footer)
        app.x_shown = False
        app.refresh_bindings()
        await pilot.pause()
        assert "Extra" not in descriptions(footer)


async def test_a_dialog_over_the_story_leaves_its_footer_as_it_was(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        story = app.screen
        keys = list(story.query_one(GameFooter).query(FooterKey))
        assert "Choose" in [key.description for key in keys]
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is not story
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is story
        assert list(story.query_one(GameFooter).query(FooterKey)) == keys  # the same widgets, not rebuilt
