"""Named save slots: saving, loading, overwriting, broken slots and notices from older stories."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from game import locations
from game.saves import SaveStore, SlotInfo
from game.ui.app import MoscowApp
from game.ui.screens.notices import NoticesScreen
from game.ui.screens.save_load import SaveLoadScreen
from game.ui.screens.story import StoryScreen
from tests.ui.helpers import notified, screen_text, start_new_game


def named_slots() -> list[SlotInfo]:
    return [
        s for s in SaveStore(locations.saves_dir()).list() if isinstance(s, SlotInfo) and not s.is_autosave
    ]


async def save_as(pilot: Pilot[None], name: str) -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SaveLoadScreen)
    pilot.app.screen.query_one("#slot-name", Input).value = ""
    await pilot.press(*name, "enter")
    await pilot.pause()


async def test_save_to_a_named_slot_then_load_it(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("2")
        await pilot.pause()
        await save_as(pilot, "before the vote")
        assert isinstance(app.screen, StoryScreen)
        assert [slot.name for slot in named_slots()] == ["before the vote"]
        assert "Saved as “before the vote”" in notified(app)
        await pilot.press("1", "enter")  # vote: the game moves on
        await pilot.pause()
        assert app.session is not None and app.session.state.at == "strike_wave"

        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        text = screen_text(app.screen)
        assert "before the vote" in text and "Metalworker · The winter of 1921 · February 1921" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session.state.at == "metal_conference"
        assert app.session.state.values["hunger"] == 7
        assert "Two days in February" in screen_text(app.screen)


async def test_continue_after_loading_resumes_the_loaded_game(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await save_as(pilot, "at the start")
        await pilot.press("2", "1", "enter")
        await pilot.pause()
        await pilot.press("l", "enter")  # load the slot made at the start...
        await pilot.pause()
        await pilot.press("escape")  # ...leave for the title...
        await pilot.pause()
        await pilot.press("c")  # ...and continue: the loaded game, not the one before it
        await pilot.pause()
        assert app.session is not None and app.session.state.at == "ration_queue"


async def test_the_save_name_is_suggested_and_escape_cancels(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#slot-name", Input).value == "Metalworker, January 1921"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert named_slots() == []


async def test_saving_over_a_slot_asks_before_overwriting(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await save_as(pilot, "mine")
        await pilot.press("2")
        await pilot.pause()
        await save_as(pilot, "mine")
        assert "Overwrite the save “mine”?" in screen_text(app.screen)
        await pilot.press("n")  # keep it: back to naming the save
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        await pilot.press("enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        saved = SaveStore(locations.saves_dir()).read("mine")
        assert saved.state["at"] == "metal_conference"


async def test_broken_slots_are_listed_with_their_reason_and_cannot_be_loaded(
    make_app: Callable[..., MoscowApp],
) -> None:
    (locations.saves_dir() / "damaged-0123456789ab.json").write_text(
        '{"format": "moscow1921-save", ', "utf-8"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        slots = app.screen.query_one("#slots", OptionList)
        assert slots.option_count == 1
        assert slots.get_option_at_index(0).disabled
        assert "Cannot be loaded: the file is cut short" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        assert app.session is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is None


async def test_deleting_a_slot_asks_first(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await save_as(pilot, "spare")
        await pilot.press("l", "delete")
        await pilot.pause()
        assert "Delete the save “spare”?" in screen_text(app.screen)
        await pilot.press("y")
        await pilot.pause()
        assert named_slots() == []
        assert "No saved games yet." in screen_text(app.screen)


async def test_a_save_from_an_older_story_shows_its_repairs_once(
    make_app: Callable[..., MoscowApp], ui_story: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await save_as(pilot, "old")
    # an older story tracked a variable this one no longer has
    path = SaveStore(locations.saves_dir()).path_for("old")
    document = json.loads(path.read_text("utf-8"))
    document["state"]["values"]["morale"] = 3
    document["state"]["story_version"] = 0
    path.write_text(json.dumps(document), "utf-8")

    app = make_app(load_slot="old")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticesScreen)
        assert "the story no longer tracks: morale" in screen_text(app.screen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("2")
        await pilot.pause()
        assert not any(isinstance(screen, NoticesScreen) for screen in app.screen_stack)


async def test_loading_a_missing_slot_from_the_command_line_says_so(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app(load_slot="nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is None
        assert "There is no save called “nowhere”" in notified(app)
