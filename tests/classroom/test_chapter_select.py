"""Starting an episode in the Textual player: from the title's "Start at a chapter" and from
``--chapter`` on the command line; the game begun is marked with where it began."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from game import locations
from game.classroom.episodes import chapter_starts
from game.engine.model import Story
from game.engine.state import Start
from game.ui.app import MoscowApp, create_app
from game.ui.screens.chapter_select import ChapterSelectScreen, start_id
from game.ui.screens.story import StoryScreen

SIZE = (80, 24)


async def _settle(app: MoscowApp, pilot: object) -> None:
    for _ in range(3):
        await pilot.pause()  # type: ignore[attr-defined]


async def test_the_title_offers_every_chapter_and_starts_one(story: Story, home: Path) -> None:
    app = create_app(locations.default_scenes_dir(), story=story)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        menu = app.screen.query_one("#menu", OptionList)
        assert "Start at a chapter" in " ".join(
            str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)
        )
        await pilot.press("e")
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ChapterSelectScreen)
        wanted = next(s for s in chapter_starts(story, "delegate") if s.number == 3 and s.preset == "history")
        starts = screen.query_one("#starts", OptionList)
        ids = [starts.get_option_at_index(i).id for i in range(starts.option_count)]
        assert len([i for i in ids if i]) == len(chapter_starts(story, "metalworker")) + len(
            chapter_starts(story, "delegate")
        )
        assert starts.highlighted is not None and ids[starts.highlighted] == ids[1]  # the first start
        while ids[starts.highlighted or 0] != start_id(wanted):
            await pilot.press("down")
        await _settle(app, pilot)
        who = str(screen.query_one("#start-who", Static).render())
        assert "Who you have been" in who and wanted.before[0].decision in who
        await pilot.press("enter")
        await _settle(app, pilot)
        assert isinstance(app.screen, StoryScreen)
        assert app.session is not None
        assert app.session.state.start == Start(wanted.chapter, "history", len(wanted.state.steps))
        assert app.session.state.at == wanted.state.at
        assert app.store.has_autosave()


async def test_escape_goes_back_to_the_title_with_nothing_started(story: Story) -> None:
    app = create_app(locations.default_scenes_dir(), story=story)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        await pilot.press("e", "escape")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ChapterSelectScreen)
        assert app.session is None and not app.store.has_autosave()


@pytest.mark.parametrize(("chapter", "preset"), [("4", None), ("ch_nep", "dissent")])
async def test_the_command_line_starts_a_chapter(story: Story, chapter: str, preset: str | None) -> None:
    app = create_app(
        locations.default_scenes_dir(), role="metalworker", story=story, chapter=chapter, preset=preset
    )
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, StoryScreen)
        assert app.session is not None and app.session.state.start is not None
        mark = app.session.state.start
        assert (mark.chapter, mark.preset) == ("ch_nep", preset or "history")
        assert story.scenes[app.session.state.at].chapter == "ch_nep"
