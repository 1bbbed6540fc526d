"""A story other than Moscow 1921 shows its own front matter, never Moscow's (issue 11, item 14)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.ui.app import MoscowApp
from game.ui.screens.about import AboutScreen
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.title import NOTE, SUBTITLE, TitleScreen
from tests.scenes.shipped import shipped_story
from tests.ui.helpers import screen_text, until

OTHER = Path(__file__).resolve().parent.parent / "data" / "cli" / "good"  # "Test Moscow": three scenes
MOSCOWS_OWN = ("M O S C O W   1 9 2 1", SUBTITLE, "Pirani", "Who are you in Moscow, 1921?")


async def test_another_storys_title_screen_is_its_own_from_the_first_frame(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app(OTHER)
    frames: list[str] = []
    app.post_display_hook = lambda: frames.append(screen_text(app.screen))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.story is not None and isinstance(app.screen, TitleScreen))
        await pilot.pause()
        text = screen_text(app.screen)
        assert "T E S T   M O S C O W" in text
        assert "New game" in text
        for moscow in MOSCOWS_OWN:
            assert all(moscow not in frame for frame in [*frames, text]), moscow


async def test_another_storys_role_prompt_and_about_text(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app(OTHER)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.story is not None)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RoleScreen)
        assert "Who will you be?" in screen_text(app.screen)
        await pilot.press("escape", "a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        about = screen_text(app.screen)
        assert "A small story for the command line tests." in about
        assert "Pirani" not in about and "composites" not in about


def test_the_shipped_story_writes_the_front_matter_the_title_shows_before_reading_it() -> None:
    story = shipped_story()
    assert (story.subtitle, story.note) == (SUBTITLE, NOTE)
    assert story.role_prompt == "Who are you in Moscow, 1921?"
    assert [reference.short for reference in story.references] == ["Pirani, 2006 talk"]
