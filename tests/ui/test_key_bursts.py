"""Keys typed faster than the screens change: no burst, at any speed, crashes the game or is lost.

The keys are sent the way a terminal (or a browser tab under textual-serve) sends them: straight
into the app's driver, several at once, without waiting for the app to handle the one before.
A burst typed before the next screen is up is played on that screen, in order.

The random tests are seeded.  ``make test`` runs a few seeds; ``MOSCOW1921_STRESS=N`` runs N
times as many (by hand, after a change to the screen flow; CI runs the ``make test`` seeds).
A failing seed is named in the assertion, so ``pytest -k 'seed_17'`` replays it.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pkgutil
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import ModalScreen

from game.saves import SlotInfo
from game.ui.app import MoscowApp, create_app
from game.ui.screens.dialog import Dialog
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from game.ui.widgets.choice_list import ChoiceList
from tests.ui.helpers import until

STRESS = max(1, int(os.environ.get("MOSCOW1921_STRESS", "1") or 1))
SEEDS = 4 * STRESS
"""Random runs in a plain ``make test``: each is a fresh app and :data:`BURSTS` bursts."""

BURSTS = 25
RUN_BUDGET = 90.0
"""Seconds one seeded run may take on a heavily loaded machine (a hang fails the test)."""

CHARS = {
    "enter": "\r",
    "escape": "\x1b",
    "space": " ",
    "tab": "\t",
    "backspace": "\x7f",
    "question_mark": "?",
}

KEYS = (
    *"1234567",
    *["enter"] * 6,
    *["escape"] * 3,
    "space",
    *["up", "down"] * 2,
    "home",
    "end",
    "pageup",
    "pagedown",
    "left",
    "right",
    "tab",
    "backspace",
    *"nnccllsujgtvahxyre",
    "question_mark",
    "ctrl+z",
)
"""What a player might press anywhere (``q`` and ``ctrl+q`` aside: they only quit; the title's
Quit item is still reached by the arrows, and the run goes on past it)."""


def record_notes(app: MoscowApp) -> list[str]:
    """Every message the app notifies from now on (a note may expire before a loaded machine reads it)."""
    notes: list[str] = []
    notify = app.notify

    def recording(message: str, *args: object, **kwargs: object) -> None:
        notes.append(message)
        notify(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign, assignment]
    return notes


def key_event(key: str) -> events.Key:
    return events.Key(key, CHARS.get(key, key if len(key) == 1 else None))


def send(app: MoscowApp, *keys: str) -> None:
    """Put keys in the app's input as the terminal driver does, without waiting for any of them."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)


async def settle(app: MoscowApp) -> None:
    """Wait until the app has handled every key it was sent (and the screens they opened are up)."""
    deadline = time.monotonic() + RUN_BUDGET
    quiet = 0
    while quiet < 3:
        assert time.monotonic() < deadline, "the app never settled"
        await asyncio.sleep(0.02)
        nodes = [app, *(node for screen in app.screen_stack for node in screen.walk_children())]
        busy = app.input_queue.waiting or any(node._message_queue.qsize() for node in nodes)
        quiet = 0 if busy else quiet + 1


def check_consistent(app: MoscowApp, seed: object) -> None:
    """The screen stack is one the game can be in, and the game in progress is the one autosaved."""
    stack = app.screen_stack
    names = [type(screen).__name__ for screen in stack]
    assert isinstance(stack[0], TitleScreen), f"seed {seed}: {names}"
    assert len({id(screen) for screen in stack}) == len(stack), f"seed {seed}: a screen twice: {names}"
    games = [screen for screen in stack if isinstance(screen, StoryScreen)]
    assert len(games) <= 1, f"seed {seed}: two story screens: {names}"
    for game in games:
        assert game.session is app.session, f"seed {seed}: a story screen of another game"
    session = app.session
    if session is not None and session.store.has_autosave():
        assert session.store.read_autosave().state == session.state.to_dict(), (
            f"seed {seed}: the autosave is not the game on screen"
        )


async def run_bursts(app: MoscowApp, rng: random.Random, bursts: int) -> list[Sequence[str]]:
    """Send ``bursts`` random bursts of 1 to 5 keys, at random pauses (none, a frame, a reading pause)."""
    sent: list[Sequence[str]] = []
    for _ in range(bursts):
        if rng.random() < 0.05:
            size = rng.choice([Size(80, 24), Size(120, 40), Size(50, 14), Size(100, 30)])
            assert app._driver is not None
            app._driver._size = size  # type: ignore[attr-defined]  # the headless driver's size
            app.post_message(events.Resize(size, size))
        burst = [rng.choice(KEYS) for _ in range(rng.randint(1, 5))]
        send(app, *burst)
        sent.append(burst)
        await asyncio.sleep(rng.choice([0, 0, 0.001, 0.01, 0.03, 0.1, rng.uniform(0, 0.4)]))
    return sent


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed_{seed}") for seed in range(SEEDS)])
async def test_random_bursts_never_crash_the_game(make_app: Callable[..., MoscowApp], seed: int) -> None:
    rng = random.Random(seed)
    app = make_app()
    quits: list[object] = []
    app.exit = lambda *args, **kwargs: quits.append(args)  # type: ignore[method-assign]  # play on
    started = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.story is not None)
        sent = await asyncio.wait_for(run_bursts(app, rng, BURSTS), RUN_BUDGET)
        await settle(app)  # every key played, however long the queue
        assert app.is_running, f"seed {seed}: the app stopped after {sent}"
        check_consistent(app, seed)
    assert app._exception is None, (
        f"seed {seed}: {app._exception!r} after {sent} ({app.input_queue.overdue} keys let through unsettled)"
    )
    assert time.monotonic() - started < RUN_BUDGET * 3


# ---------------------------------------------------------------- the reported sequences
async def test_n_a_pause_then_one_one_on_the_role_screen(make_app: Callable[..., MoscowApp]) -> None:
    """The terminal report: ``n``, a 1.2 s wait, then ``1 1``: the second 1 dismissed the role
    screen a second time (ScreenStackError); now it is the first key of the game."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n")
        await asyncio.sleep(1.2)
        # the role screen is up by now on a quiet machine; a loaded one may take longer to push it
        await until(pilot, lambda: isinstance(app.screen, RoleScreen), seconds=30)
        send(app, "1", "1")
        await settle(app)
        assert app.is_running
        session = app.session
        assert session is not None and session.state.role == "metalworker"
        # The second 1 took the first choice of the first scene.
        assert [step.choice for step in session.state.steps] == ["metal_conference"]
    assert app._exception is None


async def test_a_burst_from_the_title_plays_on_each_screen_as_it_comes(
    make_app: Callable[..., MoscowApp],
) -> None:
    """``n 1 1 1 enter``, typed at once: the role, the first choice, the vote, then Enter closes
    the what-happened panel (it was lost, or taken by the scene below, before the panel was up)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n", "1", "1", "1")
        await settle(app)
        assert isinstance(app.screen, WhatHappenedScreen)
        send(app, "enter")
        await settle(app)
        assert isinstance(app.screen, StoryScreen)
        session = app.session
        assert session is not None and session.state.at == "strike_wave"


async def test_enter_straight_after_a_choice_closes_the_panel_it_opens(
    make_app: Callable[..., MoscowApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n", "1", "1")
        await settle(app)
        assert app.session is not None and app.session.state.at == "metal_conference"
        send(app, "1", "enter")  # the vote, and at once Enter to read on
        await settle(app)
        assert isinstance(app.screen, StoryScreen), type(app.screen).__name__
        assert app.session.state.at == "strike_wave"
        assert len(app.session.state.steps) == 2  # the Enter took no choice of its own


async def test_a_save_name_typed_in_one_burst_is_kept_whole(
    make_app: Callable[..., MoscowApp], home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n", "1")
        await settle(app)
        send(app, "s", *"mine", "enter")  # the suggested name is selected: typing replaces it
        await settle(app)
        assert isinstance(app.screen, StoryScreen), type(app.screen).__name__
        assert app.session is not None
        slots = app.session.store.list()
        assert [slot.name for slot in slots if isinstance(slot, SlotInfo) and not slot.is_autosave] == [
            "mine"
        ]


def test_the_apps_are_built_as_the_cli_builds_them() -> None:
    assert isinstance(create_app(), MoscowApp)  # the tests above drive the real app class


async def test_enter_after_closing_the_panel_takes_no_choice_until_the_player_moves(
    make_app: Callable[..., MoscowApp],
) -> None:
    """Issue 11: Enter pressed once too often after the what-happened panel took the highlighted
    choice of the next scene unseen.  Now it only says how to choose; after an arrow, it chooses."""
    app = make_app()
    notes = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n", "1", "1", "1", "enter", "enter")  # ... the vote, close the panel, Enter again
        await settle(app)
        session = app.session
        assert session is not None and session.state.at == "strike_wave"
        assert isinstance(app.screen, StoryScreen)
        assert len(session.state.steps) == 2, "the second Enter took a choice nobody had moved to"
        assert ChoiceList.NOT_MOVED_HINT in notes
        send(app, "down", "up", "enter")  # moved there (and back): now Enter takes it
        await settle(app)
        assert len(session.state.steps) == 3 and session.is_over


async def test_a_dialog_dismissed_twice_closes_once(make_app: Callable[..., MoscowApp]) -> None:
    """Two dismisses of one dialog (a double click, a key handled twice) used to pop the screen
    beneath too, or raise ScreenStackError on the title screen: every game dialog is a Dialog."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n")
        await settle(app)
        role = app.screen
        assert isinstance(role, RoleScreen)
        role.dismiss(None)
        role.dismiss(None)
        await settle(app)
        assert [type(screen) for screen in app.screen_stack] == [TitleScreen]
    assert app._exception is None


def test_every_modal_screen_of_the_game_is_a_dialog() -> None:
    import game.ui.screens as screens

    modal = []
    for module_info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"game.ui.screens.{module_info.name}")
        modal += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, ModalScreen)
            and value.__module__ == module.__name__
        ]
    assert modal, "no modal screens found"
    assert [cls.__qualname__ for cls in modal if not issubclass(cls, Dialog)] == []


async def test_ctrl_t_changes_the_theme_in_a_dialog_too(make_app: Callable[..., MoscowApp]) -> None:
    """A modal screen blocked the app's own keys, so ctrl+t did nothing in the glossary or a dialog;
    it is a priority key now (the served test also uses it to know every key before it was played)."""
    app = make_app()
    notes = record_notes(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.story is not None)
        send(app, "n", "1", "g", "slash", "ctrl+t")  # in the glossary, its search box focused
        await settle(app)
        assert type(app.screen).__name__ == "GlossaryScreen"
        assert app.theme == "moscow-paper" and "Theme: moscow-paper" in notes
