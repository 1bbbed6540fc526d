"""A student's tab in a live class, driven by Pilot: the name first, each decision recorded as it
is made, and the same name in a new tab resumes the game."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.classroom.classdb import ClassDB, class_folder
from game.session import Session
from game.ui.class_app import ClassApp
from game.ui.screens.class_join import ClassJoinScreen, ClassStoppedScreen
from game.ui.screens.ending import EndScreen
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.classroom.live_support import SCENES
from tests.ui.helpers import first_available, notified, press_choice, screen_text, until

SIZE = (100, 36)


@pytest.fixture(autouse=True)
def no_listeners_left() -> Iterator[None]:
    yield
    Session.listeners = ()


@pytest.fixture
def db() -> Iterator[ClassDB]:
    with ClassDB.for_class("History 9A", create=True) as opened:
        yield opened


def make_app(db: ClassDB) -> ClassApp:
    return ClassApp(db, class_folder(db.class_name), scenes_dir=SCENES)


async def join(pilot: Pilot[object], name: str) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ClassJoinScreen))
    app.screen.query_one("#student-name", Input).value = name
    await pilot.press("enter")
    await pilot.pause()


async def decide(pilot: Pilot[object], app: ClassApp, decisions: int) -> None:
    """Take the first available choice until ``decisions`` decision points have been answered."""
    for _ in range(200):
        session = app.session
        assert session is not None
        if len(session.state.decisions) >= decisions:
            return
        if isinstance(app.screen, WhatHappenedScreen):
            await pilot.press("enter")
            await pilot.pause()
            continue
        assert isinstance(app.screen, StoryScreen), type(app.screen).__name__
        await press_choice(pilot, first_available(session.options()))
    raise AssertionError("too few decision points")


async def test_the_name_comes_first_and_each_decision_is_recorded_as_it_is_made(db: ClassDB) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, "   ")
        assert isinstance(app.screen, ClassJoinScreen)  # an empty name is refused, with the reason
        assert "The name is empty" in screen_text(app.screen)
        await join(pilot, "[bold]Anna[/bold] K")
        assert isinstance(app.screen, RoleScreen)
        assert "Welcome, [bold]Anna[/bold] K." in notified(app)  # markup off: the name as typed
        await pilot.press("1")
        await pilot.pause()
        for count in (1, 2):
            await decide(pilot, app, count)
            assert app.session is not None
            taken = [(s.decision, s.choice) for s in app.session.state.decisions]
            recorded = [(d.decision, d.choice) for p in db.playthroughs() for d in p.decisions]
            assert recorded == taken and len(taken) == count
        assert not app.check_action("write_results", ())  # nothing to hand in: the class has it all
        (student,) = db.snapshot().students
        assert student.name == "[bold]Anna[/bold] K"
        assert student.scene == app.session.state.at
        assert student.connected(student.last_seen)
        saves = class_folder(db.class_name) / "students"
        assert [p.name for p in saves.iterdir()] == [app.recorder.student.folder if app.recorder else ""]
    (student,) = db.snapshot().students
    assert student.left is not None  # the tab closed: shown as away at once


async def test_a_reopened_tab_with_the_same_name_resumes_the_game(db: ClassDB) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        await join(pilot, "Boris")
        await pilot.press("2")
        await pilot.pause()
        await decide(pilot, first, 1)
        assert first.session is not None
        before = first.session.state
    second = make_app(db)
    async with second.run_test(size=SIZE) as pilot:
        await join(pilot, "  boris ")
        await until(pilot, lambda: isinstance(second.screen, (StoryScreen, EndScreen)))
        assert second.session is not None
        after = second.session.state
        assert (after.role, after.at, after.steps) == (before.role, before.at, before.steps)
        assert "Welcome back, Boris" in notified(second)
        await decide(pilot, second, 2)
    snapshot = db.snapshot()
    assert len(snapshot.students) == 1 and snapshot.runs == 1
    assert snapshot.decisions == 2


async def test_undo_in_the_tab_changes_the_tally_and_keeps_the_first_choice(db: ClassDB) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, "Vera")
        await pilot.press("1")
        await pilot.pause()
        await decide(pilot, app, 1)
        assert app.session is not None
        (step,) = app.session.state.decisions
        if isinstance(app.screen, WhatHappenedScreen):
            await pilot.press("enter")
            await pilot.pause()
        while len(app.session.state.decisions) == 1:
            app.action_undo()
            await pilot.pause()
        assert db.snapshot().tallies.get(step.decision, {}) == {}
        assert db.snapshot().revised == {step.decision: 1}


async def test_the_older_tab_stops_when_the_same_name_joins_elsewhere(db: ClassDB) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        await join(pilot, "Dora")
        await pilot.press("1")
        await pilot.pause()
        db.join("Dora")  # another tab takes the name
        assert first.recorder is not None
        first.recorder.heartbeat()
        await pilot.pause()
        assert isinstance(first.screen, ClassStoppedScreen)
        assert "another tab" in screen_text(first.screen)


def test_the_class_folder_is_named_by_hash(db: ClassDB) -> None:
    folder = class_folder("History 9A")
    assert folder.parent == db.path.parent and isinstance(folder, Path)
    assert "History" not in folder.name


async def test_a_name_that_is_playing_now_is_taken_over_only_when_typed_twice(db: ClassDB) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        await join(pilot, "Dora")
        await pilot.press("1")
        await pilot.pause()
        second = make_app(db)
        async with second.run_test(size=SIZE) as other:
            await join(other, "dora")
            assert isinstance(second.screen, ClassJoinScreen)  # asked first: two Doras, or one with two tabs?
            assert "Someone called dora is playing now" in screen_text(second.screen)
            assert second.screen.query_one("#student-name", Input).value == "dora"
            await other.press("enter")  # yes, it is me: bring the game here
            await until(other, lambda: isinstance(second.screen, StoryScreen))
            assert first.recorder is not None
            first.recorder.heartbeat()
            await pilot.pause()
            assert isinstance(first.screen, ClassStoppedScreen)
