"""The game's entries in the command palette (ctrl+p), beside Textual's own: what can be done
now, as the keys do it (a story must be read for a game's commands, a game in progress for its own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from game.ui.app import MoscowApp


def game_commands(app: MoscowApp) -> Iterator[SystemCommand]:
    """The palette's game commands for the app as it is now."""
    yield SystemCommand("Next theme", "Switch to the next colour theme (ctrl+t)", app.action_cycle_theme)
    if app.read_story() is None:
        return
    yield SystemCommand("New game", "Choose a role and start from the beginning", app.action_new_game)
    yield SystemCommand("Start at a chapter", "Begin a lesson's episode", app.action_chapter_select)
    yield SystemCommand("Load", "Load a saved game", app.action_load)
    yield SystemCommand("Help", "Every key the game uses", app.action_help)
    yield SystemCommand("About the history", "Where the story comes from", app.action_about)
    yield SystemCommand("Glossary", "Look up the words of the period", app.action_glossary)
    session = app.session
    if session is None:
        return
    yield SystemCommand("Save", "Save the game to a named slot", app.action_save)
    yield SystemCommand("Undo", "Take back the last choice", app.action_undo)
    yield SystemCommand("Journal", "Your decisions so far, beside history's", app.action_journal)
    yield SystemCommand("Timeline", "The dated events you have reached", app.action_timeline)
    yield SystemCommand("Title screen", "Leave the game (it is autosaved)", app.action_title)
    if app.RESULTS_FILES:
        yield SystemCommand(
            "Results for your teacher", "Write a results file of this game", app.action_write_results
        )
    if session.is_over:
        yield SystemCommand("Export debrief", "Write the debrief as a Markdown file", app.action_export)
