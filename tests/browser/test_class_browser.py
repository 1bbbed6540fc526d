"""A live class in a real headless Chromium: ``moscow1921 serve --class NAME``, two students, one tab
closed and opened again.

The server runs as a subprocess with a data folder of its own; two tabs join as "Anna" and
"Boris" (typing their names, as students do), start a new game as a metalworker and play,
at the same time, up to and past their first decision point (the what-happened panel is
read and closed).  The keys each student types are planned beforehand by walking the story
with the engine (Anna takes the first choice she can, Boris the last), so the test knows
which decisions each key press answers; the class database, opened read-only, must hold
exactly those, and so must the report ``moscow1921 class NAME --export`` writes.

Then Anna's tab is closed, a new tab is opened, "Anna" is typed again, and her game must
go on at the scene where she stopped, with nothing she chose lost, and record the next
choice in the same playthrough.  Boris, still playing, is untouched throughout.

The browser plumbing (skip without Chromium, fail without it when ``CI`` is set) is
``test_serve.py``'s; the terminal's text is read from the page's websocket bytes (``cdp.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from game import locations
from game.classroom.classdb import ClassDB, Playthrough, Snapshot, StudentStatus
from game.engine import play
from game.engine.model import Story
from game.engine.state import GameState
from tests.browser import cdp
from tests.browser.serving import ROOT, Served, serve

CLASS = "Test class"
ROLE = "metalworker"
TEST_BUDGET = 90.0  # seconds for the whole browser conversation; every wait inside is shorter
STEP = 20.0  # seconds any one screen or database change may take on a busy machine

Key = tuple[str, int]
"""A choice as typed: the scene it was typed in and the number key pressed."""


@dataclass(frozen=True)
class Planned:
    """One number key a student will press, and what the engine says it does."""

    scene: str  # the scene it is pressed in
    title: str  # that scene's title, as the screen shows it
    number: int  # the key
    choice: str
    decision: str | None  # the decision point it answers, if the scene is one
    historical: bool
    then: str  # the title of the scene it leads to


def walk(
    story: Story,
    state: GameState,
    pick: Callable[[list[play.Option]], play.Option],
    done: Callable[[list[Planned]], bool],
) -> list[Planned]:
    """Keys from ``state`` on, until ``done`` says the plan is long enough: ``pick`` chooses among the
    available options, and the engine says where each leads."""
    planned: list[Planned] = []
    while not done(planned):
        assert not play.is_over(story, state), f"the {ROLE}'s story ended before the plan did"
        scene = story.scenes[state.at]
        option = pick([o for o in play.options(story, state) if o.available])
        state = play.choose(story, state, option.choice.id)
        then = story.scenes[state.at] if state.at in story.scenes else story.endings[state.at]
        planned.append(
            Planned(
                scene.id,
                scene.title,
                option.number,
                option.choice.id,
                scene.decision,
                option.choice.historical,
                then.title,
            )
        )
    return planned


def past_first_decision(planned: list[Planned]) -> bool:
    """A decision point answered, and one more choice made in the scene after it."""
    return any(step.decision is not None for step in planned[:-1])


def state_after(story: Story, planned: list[Planned]) -> GameState:
    state = play.new_game(story, ROLE)
    for step in planned:
        assert state.at == step.scene
        state = play.choose(story, state, step.choice)
    return state


def expected_decisions(planned: list[Planned]) -> list[tuple[int, str, str, str, bool]]:
    """The decision points a playthrough of ``planned`` answers: (step, decision, scene, choice, historical);
    every choice is a step, so a decision's step is the index of the key that answered it."""
    return [
        (index, step.decision, step.scene, step.choice, step.historical)
        for index, step in enumerate(planned)
        if step.decision is not None
    ]


def recorded(playthrough: Playthrough) -> list[tuple[int, str, str, str, bool]]:
    return [(d.step, d.decision, d.scene, d.choice, d.historical) for d in playthrough.decisions]


@pytest.fixture
def class_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """``python -m game serve --class "Test class"`` on a free port, its data in ``tmp_path/home``
    (this process's MOSCOW1921_HOME too, so the test opens the same class database)."""
    home = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(home))
    with serve(tmp_path, home, "--terminal", "--class", CLASS) as server:
        yield server


async def until(db: ClassDB, holds: Callable[[Snapshot], bool], what: str, timeout: float = STEP) -> Snapshot:
    """The class database's snapshot once ``holds`` is true of it (polled: another process writes it)."""
    deadline = time.monotonic() + timeout
    while True:
        snapshot = db.snapshot()
        if holds(snapshot):
            return snapshot
        if time.monotonic() > deadline:
            raise AssertionError(f"the class database never showed {what} within {timeout:.0f} s: {snapshot}")
        await asyncio.sleep(0.1)


def student(snapshot: Snapshot, name: str) -> StudentStatus:
    found = [s for s in snapshot.students if s.name == name]
    assert len(found) == 1, f"{name} is in the class {len(found)} times: {snapshot.students}"
    return found[0]


def playthroughs(snapshot: Snapshot, name: str) -> list[Playthrough]:
    return [p for p in snapshot.playthroughs if p.student == name]


CODES: dict[str, str] = {}
"""The code each student was shown on first joining (they write it down)."""


async def join(devtools: cdp.Connection, url: str, name: str, pages: list[cdp.Page]) -> cdp.Page:
    """A new tab on the class's address; the student types their name and presses Enter, writes
    down the code they are shown (the first time) or types it (when they come back)."""
    page = await devtools.new_page()
    pages.append(page)
    await page.goto(url)
    await page.wait_for_text("Join the class", CLASS, "Your name", timeout=STEP)
    await page.type_text(name)
    await page.press("enter")
    if name in CODES:
        await page.wait_for_text("has joined this class before", timeout=STEP)
        await page.type_text(CODES[name])
        await page.press("enter")
        return page
    shown = await page.wait_for_text("Your code", "Write this code down", timeout=STEP)
    found = re.search(r"\b(\d{3}) (\d{3})\b", shown)
    assert found, f"no code on the screen:\n{shown}"
    CODES[name] = found[1] + found[2]
    await page.press("enter")
    return page


async def choose(page: cdp.Page, story: Story, step: Planned, typed: list[Key]) -> None:
    """Press the step's number; read and close what happened if it answered a decision point;
    return once the next scene is on the screen."""
    await page.wait_for_text(step.title, timeout=STEP)
    await page.press(str(step.number))
    typed.append((step.scene, step.number))
    if step.decision is not None:
        decision = story.decisions[step.decision]
        await page.wait_for_text(decision.title, "You chose", "What happened", timeout=STEP)
        await page.press("enter")
    gone = (step.title,) if step.title != step.then else ()
    await page.wait_for_text(step.then, timeout=STEP, absent=("You chose", *gone))


async def new_student(
    devtools: cdp.Connection, url: str, story: Story, name: str, plan: list[Planned], pages: list[cdp.Page]
) -> tuple[cdp.Page, list[Key]]:
    """A student joins, starts a new game as a metalworker and types the planned keys."""
    page = await join(devtools, url, name, pages)
    roles = list(story.roles)
    number = roles.index(ROLE) + 1
    await page.wait_for_text(
        "Who are you in Moscow, 1921?", f"{number}. {story.roles[ROLE].name}", timeout=STEP
    )
    await page.press(str(number))
    typed: list[Key] = []
    for step in plan:
        await choose(page, story, step, typed)
    return page, typed


def check_playthrough(snapshot: Snapshot, name: str, plan: list[Planned], typed: list[Key]) -> Playthrough:
    """The student's one playthrough holds exactly the decisions their keys answered."""
    assert typed == [(step.scene, step.number) for step in plan], f"{name} typed {typed}"
    found = playthroughs(snapshot, name)
    assert len(found) == 1, f"{name} played one game; the class has {len(found)}: {found}"
    (playthrough,) = found
    assert playthrough.role == ROLE
    assert playthrough.turn == len(typed), f"{name} typed {len(typed)} choices; recorded: {playthrough.turn}"
    assert recorded(playthrough) == expected_decisions(plan), name
    return playthrough


def export(home: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "class", CLASS, "--export", str(out)],
        cwd=ROOT,
        env={**os.environ, locations.HOME_ENV: str(home)},
        capture_output=True,
        text=True,
        timeout=STEP,
    )


def answered_in_report(report: str, decision: str) -> int:
    """How many playthroughs the exported report says answered ``decision``."""
    anchor = re.escape(html.escape(decision, quote=True))
    section = re.search(
        rf'<section class="decision" id="decision-{anchor}">(.*?)</section>', report, re.DOTALL
    )
    assert section is not None, f"the report has no section for {decision}"
    count = re.search(r"(\d+) answered\.", section.group(1))
    assert count is not None, section.group(1)[:500]
    return int(count.group(1))


async def test_two_students_a_closed_tab_and_the_class_record(
    class_served: Served, devtools: cdp.Connection, story: Story, tmp_path: Path
) -> None:
    first = walk(story, play.new_game(story, ROLE), lambda options: options[0], past_first_decision)
    boris_plan = walk(story, play.new_game(story, ROLE), lambda options: options[-1], past_first_decision)
    assert expected_decisions(first) and expected_decisions(boris_plan)
    # After coming back, Anna makes one more choice from where she stopped.
    more = walk(story, state_after(story, first), lambda options: options[0], lambda planned: bool(planned))
    anna_plan = first + more
    url = class_served.url
    pages: list[cdp.Page] = []
    db: ClassDB | None = None
    try:
        async with asyncio.timeout(TEST_BUDGET):
            started = time.monotonic()
            db = ClassDB.for_class(CLASS, readonly=True)  # the server created it before listening

            # Two students at once, each in a tab of their own.
            (anna_tab, anna_typed), (_, boris_typed) = await asyncio.gather(
                new_student(devtools, url, story, "Anna", first, pages),
                new_student(devtools, url, story, "Boris", boris_plan, pages),
            )
            played_at = time.monotonic() - started
            # The recorder writes on a thread of its own, just after the screen moves on.
            before = await until(
                db,
                lambda s: (
                    sum(len(p.decisions) for p in s.playthroughs)
                    == len(expected_decisions(first)) + len(expected_decisions(boris_plan))
                ),
                "both students' decisions",
            )
            assert sorted(s.name for s in before.students) == ["Anna", "Boris"]
            anna = check_playthrough(before, "Anna", first, anna_typed)
            boris = check_playthrough(before, "Boris", boris_plan, boris_typed)
            assert student(before, "Anna").scene == state_after(story, first).at
            assert student(before, "Boris").scene == state_after(story, boris_plan).at
            assert before.revised == {}, "a choice was taken back, but nobody pressed undo"
            tallies: dict[str, dict[str, int]] = {}
            for step in [*first, *boris_plan]:
                if step.decision is not None:
                    tallies.setdefault(step.decision, {}).setdefault(step.choice, 0)
                    tallies[step.decision][step.choice] += 1
            assert {d: dict(c) for d, c in before.tallies.items()} == tallies

            # Anna's tab is closed: her game quits and the class sees her leave.
            await anna_tab.close()
            pages.remove(anna_tab)
            await until(db, lambda s: student(s, "Anna").left is not None, "Anna's tab closed")

            # A new tab; she types her name again and is back where she stopped.
            again = await join(devtools, url, "Anna", pages)
            await again.wait_for_text("Welcome back", first[-1].then, timeout=STEP)
            back = db.snapshot()
            assert student(back, "Anna").left is None
            assert student(back, "Anna").scene == state_after(story, first).at
            resumed = check_playthrough(back, "Anna", first, anna_typed)
            assert resumed.run_id == anna.run_id, "coming back started a new playthrough"
            assert back.runs == 2 and back.revised == {}
            assert playthroughs(back, "Boris") == [boris]

            # She plays on in the new tab: the choice joins the same playthrough.
            await choose(again, story, more[0], anna_typed)
            after = await until(
                db,
                lambda s: playthroughs(s, "Anna")[0].turn == len(anna_plan),
                f"Anna's {len(anna_plan)}th choice",
            )
            carried = check_playthrough(after, "Anna", anna_plan, anna_typed)
            assert carried.run_id == anna.run_id
            assert recorded(carried)[: len(recorded(anna))] == recorded(anna), "a decision was lost"
            assert after.runs == 2 and after.revised == {}
            assert playthroughs(after, "Boris") == [boris] and student(after, "Boris").left is None

            # The teacher's report counts the same.
            out = tmp_path / "report.html"
            result = await asyncio.to_thread(export, class_served.home, out)
            assert result.returncode == 0, result.stderr
            assert f"Class report of {CLASS}: 2 playthroughs by 2 students (0 finished)" in result.stdout
            report = out.read_text(encoding="utf-8")
            answered: dict[str, int] = {}
            for name, plan in (("Anna", anna_plan), ("Boris", boris_plan)):
                assert f"class {CLASS}: {name}, playthrough" in report
                for decision in {step.decision for step in plan if step.decision is not None}:
                    answered[decision] = answered.get(decision, 0) + 1
            for decision, count in answered.items():
                assert answered_in_report(report, decision) == count, decision
            print(
                f"both students past their first decision point after {played_at:.1f} s; "
                f"all done in {time.monotonic() - started:.1f} s"
            )
    except BaseException:
        print(f"--- server log ---\n{class_served.log_text()}", file=sys.stderr)
        for number, page in enumerate(pages):
            with contextlib.suppress(Exception):
                shot = tmp_path / f"failure-{number}.png"
                await asyncio.wait_for(page.screenshot(shot), 5)
                print(f"--- tab {number} at the failure: {shot}\n{page.screen.text()}", file=sys.stderr)
        raise
    finally:
        if db is not None:
            db.close()
        for page in pages:
            await page.close()
