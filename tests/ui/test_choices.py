"""Taking a choice by number, by arrows and Enter, or by mouse; unavailable choices cannot be taken."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.ui.app import MoscowApp
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from game.ui.widgets.choice_list import ChoiceList
from tests.ui.helpers import notified, screen_text, start_new_game


def row_of(app: MoscowApp, words: str) -> tuple[int, int]:
    """Screen (x, y) of the first line showing ``words``."""
    for y, line in enumerate(screen_text(app.screen).splitlines()):
        if words in line:
            return line.index(words), y
    raise AssertionError(f"{words!r} is not on screen")


async def test_arrows_and_enter_take_the_highlighted_choice(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session is not None
        assert [step.choice for step in app.session.state.steps] == ["stay_home"]


async def test_an_unavailable_choice_is_shown_with_its_reason_but_cannot_be_taken_an_available_one_clicked(
    make_app: Callable[..., MoscowApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str] = []  # every choice the story screen was asked to take
    take = StoryScreen.choose

    def choose(screen: StoryScreen, choice_id: str) -> None:
        chosen.append(choice_id)
        take(screen, choice_id)

    monkeypatch.setattr(StoryScreen, "choose", choose)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        choices = app.screen.query_one(ChoiceList)
        assert choices.get_option_at_index(2).disabled
        shown = " ".join(screen_text(app.screen).split())  # the reason follows the text, wrapped beside it
        assert (
            "3. Ask the cell secretary for a party card. (Nobody in the cell knows you well enough yet.)"
            in shown
        )
        await pilot.press("3")
        await pilot.pause()
        assert "Not possible now: Nobody in the cell knows you well enough yet." in notified(app)
        await pilot.click(offset=row_of(app, "Ask the cell secretary for a party card."))
        await pilot.press("9")  # no such choice
        await pilot.pause()
        assert app.session is not None and app.session.state.steps == ()
        # an available choice can be clicked
        await pilot.click(offset=row_of(app, "Stay home and look for firewood."))
        await pilot.pause()
        assert [step.choice for step in app.session.state.steps] == ["stay_home"]
        # one click is one request: the list's click handler ran twice (Textual calls each
        # class's handler up the MRO, and the list also awaited its parent's), so a click asked
        # for the choice twice, and a next scene with a choice of the same id would take it too
        assert chosen == ["stay_home"]


async def test_what_happened_comes_over_the_decided_scene_and_the_next_scene_after_it(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("1")  # to the conference, where the vote is a decision point
        await pilot.pause()
        story = app.screen
        assert isinstance(story, StoryScreen)
        assert "Two days in February" in screen_text(story)
        await pilot.press("1")  # vote for the tax in kind
        await pilot.pause()
        assert isinstance(app.screen, WhatHappenedScreen)
        assert "Two days in February" in screen_text(story)  # not yet the next scene, behind the panel
        assert "Two days in February" in screen_text(app.screen)  # seen dimmed around it
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is story
        assert app.session is not None and app.session.state.at == "strike_wave"
        assert "Two days in February" not in screen_text(story)
