"""The command palette, the help screen, About, and exporting the debrief."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import Static

from game import locations
from game.ui.app import MoscowApp
from game.ui.screens.about import AboutScreen
from game.ui.screens.ending import EndScreen
from game.ui.screens.help import HelpScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.story import StoryScreen
from tests.ui.helpers import play_to_end, screen_text, start_new_game, until


def flat(app: MoscowApp) -> str:
    return " ".join(screen_text(app.screen).split())


async def test_game_actions_are_in_the_command_palette_and_the_end_screen_exports_the_debrief(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("ctrl+p")
        await pilot.press(*"journal")
        await until(pilot, lambda: "Your decisions so far" in screen_text(app.screen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, JournalScreen))
        assert "No decision points yet" in flat(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))

        # the end screen exports the debrief
        await play_to_end(pilot)
        assert isinstance(app.screen, EndScreen)
        counted = str(app.screen.query_one("#divergence", Static).render())
        assert counted.startswith("You took 1 decision: at 1 history went the same way.")
        await pilot.press("e")
        await pilot.pause()
        exported = list(locations.exports_dir().glob("*.md"))
        assert len(exported) == 1
        assert "Your decisions beside history" in exported[0].read_text("utf-8")
        shown = str(app.screen.query_one("#export-path").render())
        assert shown == f"Debrief written to {exported[0]}"


async def test_palette_commands_follow_the_game() -> None:
    from game.ui.app import create_app
    from tests.ui.conftest import UI_STORY

    app = create_app(UI_STORY)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"New game", "Load", "Help", "Glossary", "Next theme"} <= titles
        assert "Save" not in titles and "Export debrief" not in titles
        await start_new_game(pilot, "delegate")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Save", "Undo", "Journal", "Timeline"} <= titles
        assert "Export debrief" not in titles
        await play_to_end(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Export debrief" in titles


async def test_help_lists_every_key_of_the_story_screen(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-body Static").render())
        described = [
            b for b in StoryScreen.BINDINGS if isinstance(b, Binding) and b.description and b.key != "1"
        ]
        assert len(described) >= 11
        for binding in described:
            assert binding.description in help_text, binding.description
        for words in ("1-9", "ctrl+p", "ctrl+t", "Export debrief", "Delete slot", "Search"):
            assert words in help_text, words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)


async def test_about_shows_the_storys_note_and_where_the_quotes_come_from(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        text = flat(app)
        assert "A test story for the player's screens." in text
        # the story's references in full, once (the fixed story gives no full: form, so its cite)
        assert "Sources" in text and "Simon Pirani, talk to the Iranian Socialist Forum, 24 September" in text
        assert "Pirani, 2006 talk" not in text
