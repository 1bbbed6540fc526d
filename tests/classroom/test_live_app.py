"""A student's tab in a live class, driven by Pilot: the name first (and the code of a name that
joined before), each decision recorded as it is made, and the same name and code in a new tab
resume the game; a database that is locked holds up nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.classroom import joining
from game.classroom.class_names import class_folder
from game.classroom.classdb import ClassDB
from game.classroom.live_record import progress_of
from game.session import Session
from game.ui.class_app import ClassApp
from game.ui.screens.class_join import ClassCodeScreen, ClassJoinScreen, ClassStoppedScreen, CodeShownScreen
from game.ui.screens.ending import EndScreen
from game.ui.screens.role_choice import RoleScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.what_happened import WhatHappenedScreen
from tests.classroom.live_support import SCENES
from tests.ui.helpers import first_available, press_choice, screen_text, until

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
    app = ClassApp(db, class_folder(db.class_name), scenes_dir=SCENES)
    shown: list[str] = []
    _told[app] = shown
    notify = app.notify

    def noting(message: str, *args: Any, **kwargs: Any) -> None:
        shown.append(message)
        notify(message, *args, **kwargs)

    app.notify = noting  # type: ignore[method-assign]
    return app


_told: WeakKeyDictionary[ClassApp, list[str]] = WeakKeyDictionary()


def told(app: ClassApp) -> str:
    """Every notification the tab has made so far, one a line.

    A notification lasts a few seconds from the moment it is made (the welcome 5 s, "Saved for
    your teacher." 3 s), and Textual drops it from the app's list once that time has passed.  On a
    busy machine the tab can take longer than that to draw the screen it was made with, so a test
    that looked for it in that list could find it gone: test_a_reopened_tab_... failed under load,
    waiting 15 s for a welcome that had come and expired before the first look.  This record does
    not expire: the tests ask whether the student was told, not whether the toast is still up."""
    return "\n".join(_told[app])


WAIT = 15.0  # seconds a join may take on a busy machine (it runs on a thread)


async def join(
    pilot: Pilot[object], name: str, code: str | None = None, *, refused: bool = False
) -> str | None:
    """Type ``name`` (and ``code`` if asked for one); returns the code shown to a new student.
    With ``refused``, the name is expected to be refused on the spot."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ClassJoinScreen), seconds=WAIT)
    app.screen.query_one("#student-name", Input).value = name
    await pilot.press("enter")
    await pilot.pause()
    if (
        isinstance(app.screen, ClassJoinScreen)
        and str(app.screen.query_one("#join-problem").render()).strip()
    ):
        return None  # refused at once, with the reason on screen
    # The join is answered on a thread: the title screen shows meanwhile.
    await until(pilot, lambda: isinstance(app.screen, (CodeShownScreen, ClassCodeScreen)), seconds=WAIT)
    if isinstance(app.screen, CodeShownScreen):
        shown = app.screen.code.replace(" ", "")
        await pilot.press("enter")
        await pilot.pause()
        return shown
    if isinstance(app.screen, ClassCodeScreen) and code is not None:
        await type_code(pilot, code)
    return None


async def type_code(pilot: Pilot[object], code: str) -> None:
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, ClassCodeScreen)
    screen.query_one("#student-code", Input).value = code
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not screen, seconds=WAIT)


def recorded_now(app: ClassApp, db: ClassDB) -> list[tuple[str, str]]:
    assert app.recorder is not None and app.recorder.flush(timeout=WAIT)
    return [(d.decision, d.choice) for p in db.playthroughs() for d in p.decisions]


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
        await join(pilot, "   ", refused=True)
        assert isinstance(app.screen, ClassJoinScreen)  # an empty name is refused, with the reason
        assert "The name is empty" in screen_text(app.screen)
        code = await join(pilot, "[bold]Anna[/bold] K")
        assert code is not None and len(code) == 6  # shown once, to write down
        await until(pilot, lambda: isinstance(app.screen, RoleScreen), seconds=WAIT)
        # markup off: the name as typed
        await until(pilot, lambda: "Welcome, [bold]Anna[/bold] K." in told(app), seconds=WAIT)
        await pilot.press("1")
        await pilot.pause()
        for count in (1, 2):
            await decide(pilot, app, count)
            assert app.session is not None
            taken = [(s.decision, s.choice) for s in app.session.state.decisions]
            assert recorded_now(app, db) == taken and len(taken) == count
        assert not app.check_action("write_results", ())  # nothing to hand in: the class has it all
        (student,) = db.snapshot().students
        assert student.name == "[bold]Anna[/bold] K"
        assert app.recorder is not None and app.recorder.flush(timeout=WAIT)
        assert db.snapshot().students[0].scene == app.session.state.at
        assert student.connected(student.last_seen)
        saves = class_folder(db.class_name) / "students"
        assert [p.name for p in saves.iterdir()] == [app.recorder.student.folder if app.recorder else ""]
    (student,) = db.snapshot().students
    assert student.left is not None  # the tab closed: shown as away at once


async def test_a_reopened_tab_with_the_same_name_resumes_the_game(db: ClassDB) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        code = await join(pilot, "Boris")
        await until(pilot, lambda: isinstance(first.screen, RoleScreen), seconds=WAIT)
        await pilot.press("2")
        await pilot.pause()
        await decide(pilot, first, 1)
        assert first.session is not None
        before = first.session.state
    second = make_app(db)
    async with second.run_test(size=SIZE) as pilot:
        await join(pilot, "  boris ")
        assert isinstance(second.screen, ClassCodeScreen)  # the name joined before: its code
        assert code is not None
        await type_code(pilot, code)
        await until(pilot, lambda: isinstance(second.screen, (StoryScreen, EndScreen)), seconds=WAIT)
        assert second.session is not None
        after = second.session.state
        assert (after.role, after.at, after.steps) == (before.role, before.at, before.steps)
        await until(pilot, lambda: "Welcome back, Boris" in told(second), seconds=WAIT)
        await decide(pilot, second, 2)
        assert second.recorder is not None and second.recorder.flush(timeout=WAIT)
    snapshot = db.snapshot()
    assert len(snapshot.students) == 1 and snapshot.runs == 1
    assert snapshot.decisions == 2


async def test_undo_in_the_tab_changes_the_tally_and_keeps_the_first_choice(db: ClassDB) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, "Vera")
        await until(pilot, lambda: isinstance(app.screen, RoleScreen), seconds=WAIT)
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
        recorded_now(app, db)
        assert db.snapshot().tallies.get(step.decision, {}) == {}
        assert db.snapshot().revised == {step.decision: 1}


async def test_the_older_tab_stops_when_the_same_student_joins_elsewhere(db: ClassDB) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        code = await join(pilot, "Dora")
        await until(pilot, lambda: isinstance(first.screen, RoleScreen), seconds=WAIT)
        await pilot.press("1")
        await pilot.pause()
        assert code is not None
        assert joining.join(db, "dora", code).took_over  # Dora, with her code, in another tab
        assert first.recorder is not None
        first.recorder.submit(progress_of(first.session))  # type: ignore[arg-type]
        await until(pilot, lambda: isinstance(first.screen, ClassStoppedScreen), seconds=WAIT)
        await until(pilot, lambda: "another tab" in screen_text(first.screen), seconds=WAIT)


def test_the_class_folder_is_named_by_hash(db: ClassDB) -> None:
    folder = class_folder("History 9A")
    assert folder.parent == db.path.parent and isinstance(folder, Path)
    assert "History" not in folder.name


async def test_another_tab_typing_a_playing_students_name_gets_nothing_without_the_code(
    db: ClassDB,
) -> None:
    first = make_app(db)
    async with first.run_test(size=SIZE) as pilot:
        code = await join(pilot, "Anna K")
        await until(pilot, lambda: isinstance(first.screen, RoleScreen), seconds=WAIT)
        await pilot.press("1")
        await pilot.pause()
        second = make_app(db)
        async with second.run_test(size=SIZE) as other:
            await join(other, "  anna   K ")  # issue 13.1: a warning, then Enter took Anna's game
            assert isinstance(second.screen, ClassCodeScreen)
            await other.press("enter")  # Enter alone does nothing
            assert isinstance(second.screen, ClassCodeScreen) and second.session is None
            await type_code(other, "000000" if code != "000000" else "111111")
            # The refusal is a new code screen: wait for its text (the old screen is one too).
            await until(other, lambda: "not the code for Anna K" in screen_text(second.screen), seconds=WAIT)
            assert isinstance(second.screen, ClassCodeScreen)
            assert second.session is None and second.recorder is None
            await other.press("escape")  # not Anna after all: back to the name
            await until(other, lambda: isinstance(second.screen, ClassJoinScreen), seconds=WAIT)
        assert first.recorder is not None and first.recorder.status == "saved"
        first.recorder.close()
        assert not isinstance(first.screen, ClassStoppedScreen)


async def test_a_locked_class_database_does_not_freeze_the_tab(db: ClassDB) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, "Vera")
        await until(pilot, lambda: isinstance(app.screen, RoleScreen), seconds=WAIT)
        await pilot.press("1")
        await pilot.pause()
        assert app.recorder is not None and app.recorder.flush(timeout=WAIT)
        lock = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False)
        lock.execute("BEGIN IMMEDIATE")  # issue 13.6: the database write-locked by another program
        try:
            await decide(pilot, app, 1)  # the game answers every key while the lock is held
            assert app.session is not None and len(app.session.state.decisions) == 1
            assert app.recorder.pending
            await until(pilot, lambda: "Saving your choice" in told(app), seconds=WAIT)
            assert recorded_now_without_waiting(db) == []
        finally:
            lock.execute("COMMIT")
            lock.close()
        await until(pilot, lambda: "Saved for your teacher." in told(app), seconds=WAIT)
        taken = [(s.decision, s.choice) for s in app.session.state.decisions]
        assert recorded_now(app, db) == taken  # nothing lost


def recorded_now_without_waiting(db: ClassDB) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db.path)
    try:
        return [tuple(row) for row in conn.execute("SELECT decision, choice FROM decisions")]  # type: ignore[misc]
    finally:
        conn.close()
