"""Driving the player with keys only, and reading what is on screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.screen import Screen

from game.engine.play import Option
from game.ui.app import MoscowApp
from game.ui.screens.ending import EndScreen
from game.ui.screens.notices import NoticesScreen
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen

Picker = Callable[[list[Option]], Option]


def first_available(options: list[Option]) -> Option:
    return next(option for option in options if option.available)


def last_available(options: list[Option]) -> Option:
    return [option for option in options if option.available][-1]


def screen_text(screen: Screen[object]) -> str:
    """The text a screen shows, line by line (styles dropped)."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def app_of(pilot: Pilot[object]) -> MoscowApp:
    app = pilot.app
    assert isinstance(app, MoscowApp)
    return app


async def start_new_game(pilot: Pilot[object], role: str) -> None:
    """From the title screen: New game, then the role's number."""
    app = app_of(pilot)
    assert app.story is not None
    await pilot.press("n")
    # each screen is waited for: a key's screen is pushed at once but may come up later under load
    await until(pilot, lambda: isinstance(app.screen, RoleScreen), seconds=SETTLE_S)
    await pilot.press(str(list(app.story.roles).index(role) + 1))
    await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, StoryScreen), seconds=SETTLE_S)


async def press_choice(pilot: Pilot[object], option: Option) -> None:
    """Take ``option`` by its number key, or with the arrows and Enter past 9."""
    if option.number <= 9:
        await pilot.press(str(option.number))
    else:
        app = app_of(pilot)
        options = app.session.options() if app.session else []
        await pilot.press("home", *["down"] * [o.number for o in options if o.available].index(option.number))
        await pilot.press("enter")
    await pilot.pause()


async def play_to_end(
    pilot: Pilot[object],
    pick: Picker = first_available,
    limit: int = 500,
    *,
    on_panel: Callable[[WhatHappenedScreen], Awaitable[None]] | None = None,
) -> list[str]:
    """Play from the current scene to an ending with keys only; return the scene ids passed through.

    ``on_panel`` is given each what-happened panel before Enter closes it."""
    app = app_of(pilot)
    visited: list[str] = []
    for _ in range(limit):
        screen = app.screen
        if isinstance(screen, WhatHappenedScreen) and on_panel is not None:
            await on_panel(screen)
        if isinstance(screen, (WhatHappenedScreen, NoticesScreen)):
            await pilot.press("enter")
            await pilot.pause()
            continue
        if isinstance(screen, EndScreen):
            return visited
        assert isinstance(screen, StoryScreen), f"unexpected screen {type(screen).__name__}"
        session = app.session
        assert session is not None and session.scene is not None
        visited.append(session.scene.id)
        turn = session.state.turn
        await press_choice(pilot, pick(session.options()))
        assert session is app.session and session.state.turn == turn + 1, "the key did not take the choice"
    raise AssertionError(f"no ending after {limit} steps: {visited[-10:]}")


def notified(app: MoscowApp) -> str:
    """Every notification the app is showing, one per line."""
    return "\n".join(notification.message for notification in app._notifications)


SETTLE_S = 10.0
"""How long a screen the keys asked for may take to come up (a loaded machine is slow, not wrong)."""


async def until(pilot: Pilot[object], condition: Callable[[], bool], *, seconds: float = 3.0) -> None:
    """Let the app run until ``condition()`` holds (resizes take a few refreshes to settle)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never reached the expected state")
