"""Glossary terms: highlighted in prose, clickable, and listed with the scene's terms first."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Offset
from textual.widgets import Input, OptionList, Static

from game.ui.app import MoscowApp
from game.ui.screens.glossary import GlossaryScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.timeline import TimelineScreen
from game.ui.widgets.prose import Prose
from tests.ui.helpers import screen_text, start_new_game


def term_offsets(app: MoscowApp) -> dict[str, Offset]:
    """Where each clickable glossary term starts on screen, by the words shown."""
    prose = app.screen.query_one("#prose", Prose)
    region = prose.content_region
    found: dict[str, Offset] = {}
    lines = screen_text(app.screen).splitlines()
    for y in range(region.y, region.bottom):
        x = region.x
        while x < region.right:
            if "@click" in app.screen.get_style_at(x, y).meta:
                end = x
                while end < region.right and "@click" in app.screen.get_style_at(end, y).meta:
                    end += 1
                found[lines[y][x:end]] = Offset(x, y)
                x = end
            x += 1
    return found


def definition(app: MoscowApp) -> str:
    return str(app.screen.query_one("#definition", Static).render())


async def test_marked_terms_show_their_words_without_brackets_and_a_click_defines_them(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        text = screen_text(app.screen)
        assert "Someone says the Cheka took" in text
        assert "the new policy will come" in text
        assert "[[" not in text and "|" not in text.replace("▏", "")
        assert set(term_offsets(app)) == {"Cheka", "new policy"}

        # clicking a term opens its definition
        where = term_offsets(app)["new policy"]
        await pilot.click(offset=Offset(where.x + 1, where.y))
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert definition(app).startswith("NEP\nalso: New Economic Policy\nThe New Economic Policy")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.session is not None and app.session.state.at == "ration_queue"


async def test_the_glossary_lists_the_scenes_terms_first_and_searches(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#glossary-terms", OptionList)
        labels = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
        assert labels == ["In this scene", "Cheka", "NEP", "All terms", "tax in kind"]
        assert definition(app).startswith("Cheka\nThe Soviet state's political police.")
        await pilot.press("down", "down")  # NEP, then past the heading to the last term
        await pilot.pause()
        assert definition(app).startswith("tax in kind")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)

        # searching the glossary
        await pilot.press("g", "slash")
        await pilot.press(*"harvest")
        await pilot.pause()
        assert app.screen.query_one("#glossary-search", Input).value == "harvest"
        assert definition(app).startswith("tax in kind")
        await pilot.press(*"zzz")
        await pilot.pause()
        assert definition(app) == "No term matches the search."


async def test_the_timeline_lists_the_events_reached(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app.screen)
        assert "January 1921  Rations are cut in the middle of the month." in text
        assert "February 1921" not in text
        await pilot.press("t", "1", "t")
        await pilot.pause()
        assert "February 1921  Two-day conference of the Moscow metalworkers." in screen_text(app.screen)
