"""Story and player text is shown literally: console markup in it never styles, acts or crashes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from game.ui.app import MoscowApp
from game.ui.screens.ending import EndScreen
from game.ui.screens.save_load import SaveLoadScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from game.ui.widgets.choice_list import ChoiceList
from game.ui.widgets.variables_panel import VariablesPanel
from tests.ui.helpers import screen_text, start_new_game

TRAP = "[bold]x[/b] [0] [@click=app.quit]q"
"""Markup that would style, index or quit if it were ever parsed."""

STORY = f"""
story:
  title: 'Markup {TRAP}'
  version: 1
  about: 'About {TRAP}'
variables:
  nerve: {{name: 'Nerve {TRAP}', default: 2, min: 0, max: 5}}
roles:
  - id: tester
    name: 'Tester {TRAP}'
    description: 'Plays {TRAP}'
    start: first
chapters:
  - id: only
    title: 'Chapter {TRAP}'
glossary:
  Cheka:
    definition: 'Defined {TRAP}'
scenes:
  - id: first
    chapter: only
    date: '[red]1921'
    place: 'Place {TRAP}'
    title: 'Title {TRAP}'
    decision: dp
    prose: |
      Prose {TRAP} and a [[Cheka|shown words]] here.
    choices:
      - id: take
        text: 'Choice {TRAP}'
        historical: true
        next: the_end
      - id: locked
        text: 'Locked {TRAP}'
        if: nerve > 4
        unavailable: 'Reason {TRAP}'
        next: the_end
decisions:
  - id: dp
    title: 'Decision {TRAP}'
    question: 'Question {TRAP}'
    happened: 'Happened {TRAP}'
    sources:
      - quote: 'Quote {TRAP}'
        cite: 'Cite {TRAP}'
    argument:
      by: '[b]Someone'
      text: 'Argued {TRAP}'
endings:
  - id: the_end
    title: 'Ending {TRAP}'
    epilogue: 'Epilogue {TRAP}'
    history: 'History {TRAP}'
"""


@pytest.fixture
def trap_story(tmp_path: Path) -> Path:
    folder = tmp_path / "trap_story"
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    return folder


def flat(app: MoscowApp) -> str:
    return " ".join(screen_text(app.screen).split())


async def test_markup_in_the_story_is_shown_literally_and_never_acts(
    make_app: Callable[..., MoscowApp], trap_story: Path
) -> None:
    app = make_app(trap_story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.story is not None, app.problems
        assert "M A R K U P   [ B O L D ] X [ / B ]" in screen_text(app.screen)  # the title, letter-spaced

        await pilot.press("n")
        await pilot.pause()
        assert f"Tester {TRAP}" in flat(app) and f"Plays {TRAP}" in flat(app)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        text = flat(app)
        for expected in (
            f"Chapter {TRAP}",
            "[red]1921",
            f"Title {TRAP}",
            f"Prose {TRAP} and a shown words here.",
            f"1. Choice {TRAP}",
            f"2. Locked {TRAP}",
        ):
            assert expected in text, expected
        locked = app.screen.query_one(ChoiceList).get_option_at_index(1).prompt
        assert str(locked) == f"2. Locked {TRAP} (Reason {TRAP})"  # wrapped beside the side panel on screen
        panel = app.screen.query_one(VariablesPanel).query_one(Static)
        assert f"Nerve {TRAP}\n████░░░░░░ 2/5" in str(panel.render())  # it wraps beside the prose on screen

        # click every word of the header, the title and the prose, and press the unavailable choice
        lines = screen_text(app.screen).splitlines()
        prose_bottom = next(y for y, line in enumerate(lines) if "here." in line)
        for y in range(prose_bottom + 1):
            for x, char in enumerate(lines[y][:90]):
                if char not in " │" and (x == 0 or lines[y][x - 1] == " "):
                    await pilot.click(offset=(x, y))
                    if not isinstance(app.screen, StoryScreen):  # the glossary term opens its definition
                        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, StoryScreen)

        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, WhatHappenedScreen)
        text = flat(app)
        for expected in (
            f"Decision {TRAP}",
            f"Choice {TRAP}",
            f"Happened {TRAP}",
            f"“Quote {TRAP}”",
            f"— Cite {TRAP}",
        ):
            assert expected in text, expected
        await pilot.press("f")  # the full account
        await pilot.pause()
        text = flat(app)
        for expected in (f"Question {TRAP}", f"Happened {TRAP}", f"[b]Someone argues: Argued {TRAP}"):
            assert expected in text, expected
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        text = flat(app)
        for expected in (
            f"Ending {TRAP}",
            f"Epilogue {TRAP}",
            f"History {TRAP}",
            f"You chose: Choice {TRAP}",
        ):
            assert expected in text, expected
        await pilot.press("g")
        await pilot.pause()
        assert f"Defined {TRAP}" in flat(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code is None or app.return_code == 0


async def test_a_save_name_with_markup_is_stored_and_listed_literally(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_new_game(pilot, "metalworker")
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#slot-name", Input).value = TRAP
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        assert TRAP in flat(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, StoryScreen)
