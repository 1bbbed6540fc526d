"""The teacher's dashboard, driven by Pilot: the roster, the tallies, and both updating as
students choose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game import locations
from game.classroom import joining
from game.classroom.classdb import ClassDB
from game.classroom.dashboard_cmd import code_releaser, report_writer
from game.classroom.live_view import class_report
from game.engine.model import Story
from game.ui.dashboard_app import DashboardApp
from game.ui.screens.dashboard import DashboardScreen, ReleaseCodeScreen
from game.ui.widgets.class_roster import ClassRoster
from game.ui.widgets.tallies import TallyBoard
from tests.classroom.live_support import flush, join_as, load_shipped, play_student
from tests.ui.helpers import notified, screen_text, until

SIZE = (160, 60)


@pytest.fixture(scope="module")
def story() -> Story:
    return load_shipped()


@pytest.fixture
def writer() -> Iterator[ClassDB]:
    with ClassDB.for_class("History 9A", create=True) as db:
        yield db


@pytest.fixture
def reader(writer: ClassDB) -> Iterator[ClassDB]:
    with ClassDB.open(writer.path, readonly=True) as db:
        yield db


def tally_counts(board: TallyBoard) -> dict[str, dict[str, int]]:
    return {t.decision.id: {c.id: c.count for c in t.choices if c.count} for t in board.tallies if t.answered}


async def test_the_dashboard_shows_students_and_tallies_and_follows_new_decisions(
    story: Story, writer: ClassDB, reader: ClassDB, tmp_path: Path
) -> None:
    anna = play_student(writer, story, "Anna [b]K[/b]", 1, tmp_path, decisions=2)
    play_student(writer, story, "Boris", 2, tmp_path)  # to an ending
    app = DashboardApp(reader, story)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        board = screen.query_one("#tallies", TallyBoard)
        expected = writer.snapshot().tallies
        assert tally_counts(board) == expected and sum(sum(d.values()) for d in expected.values()) > 2
        text = screen_text(screen)
        assert "Anna [b]K[/b]" in text  # the name as typed: no markup
        assert "0 of 2 students connected" not in text and "2 of 2 students connected" in text
        first = next(t for t in board.tallies if t.answered)
        assert first.decision.title in text
        roster = screen.query_one("#roster", ClassRoster)
        assert [row.name for row in roster.rows_shown] == ["Anna [b]K[/b]", "Boris"]
        assert roster.rows_shown[1].status == "finished"

        # Anna answers another decision point in her tab: the dashboard follows on its own.
        before = sum(map(len, (s.decisions for s in writer.playthroughs())))
        while len(anna.state.decisions) < 3 and not anna.is_over:
            anna.choose(next(o.choice.id for o in anna.options() if o.available))
        flush(anna)
        assert sum(map(len, (s.decisions for s in writer.playthroughs()))) > before
        await until(pilot, lambda: tally_counts(board) == writer.snapshot().tallies, seconds=5)
        assert roster.rows_shown[0].decisions == len(anna.state.decisions)


async def test_the_tallies_mark_what_happened_and_count_as_the_report_does(
    story: Story, writer: ClassDB, reader: ClassDB, tmp_path: Path
) -> None:
    for number in range(6):
        play_student(writer, story, f"Student {number}", 10 + number, tmp_path)
    app = DashboardApp(reader, story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.screen.query_one("#tallies", TallyBoard)
        report = class_report(story, reader.snapshot())
        assert board.tallies == report.decisions
        assert len(report.counted) == 6
        drawn = board.content(120).plain
        historical = next(c for t in board.tallies for c in t.choices if c.historical and c.count)
        line = next(line for line in drawn.splitlines() if historical.text[:30] in line)
        assert line.lstrip().startswith("★")


async def test_a_student_whose_tab_closed_is_shown_as_away(
    story: Story, writer: ClassDB, reader: ClassDB, tmp_path: Path
) -> None:
    play_student(writer, story, "Anna", 3, tmp_path, decisions=1)
    boris = join_as(writer, "Boris")
    writer.leave(boris)
    app = DashboardApp(reader, story)
    async with app.run_test(size=SIZE):
        roster = app.screen.query_one("#roster", ClassRoster)
        assert {row.name: row.status for row in roster.rows_shown} == {"Anna": "playing", "Boris": "away"}
        assert "1 of 2 students connected" in screen_text(app.screen)


async def test_students_who_join_later_appear_in_name_order(
    story: Story, writer: ClassDB, reader: ClassDB, tmp_path: Path
) -> None:
    for name in ("Boris", "Dora"):
        join_as(writer, name)
    app = DashboardApp(reader, story)
    async with app.run_test(size=SIZE) as pilot:
        roster = app.screen.query_one("#roster", ClassRoster)
        for name in ("Anna", "Clara", "Yuri"):
            join_as(writer, name)
        await until(pilot, lambda: len(roster.rows_shown) == 5, seconds=5)
        await pilot.pause()
        lines = [line for line in screen_text(app.screen).splitlines() if "○" in line or "●" in line]
        assert [line.split()[0] for line in lines] == ["Anna", "Boris", "Clara", "Dora", "Yuri"]


async def test_e_writes_the_class_report_to_the_exports_folder(
    story: Story, writer: ClassDB, reader: ClassDB, tmp_path: Path
) -> None:
    play_student(writer, story, "Anna", 4, tmp_path)
    app = DashboardApp(reader, story, export=report_writer(reader.class_name))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        (written,) = locations.exports_dir().glob("class-*.html")
        assert "Anna" in written.read_text(encoding="utf-8")
        assert f"Class report written to {written}" in notified(app)


async def test_c_releases_a_forgotten_code_and_only_for_a_student_who_joined(
    story: Story, writer: ClassDB, reader: ClassDB
) -> None:
    first = joining.join(writer, "Anna K")
    assert first.outcome is joining.Outcome.NEW and first.code
    assert joining.join(writer, "anna k").outcome is joining.Outcome.NEEDS_CODE  # her code guards her game
    app = DashboardApp(reader, story, release=code_releaser(writer.path))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Anna K" in screen_text(app.screen))

        await pilot.press("c")  # opened, then cancelled: nothing is released
        await until(pilot, lambda: isinstance(app.screen, ReleaseCodeScreen))
        await pilot.press(*"Anna K", "escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        assert joining.join(writer, "Anna K").outcome is joining.Outcome.NEEDS_CODE

        await pilot.press("c", *"Boris", "enter")  # nobody of that name joined
        await until(pilot, lambda: "No student called Boris has joined this class." in notified(app))

        await pilot.press("c", *"ANNA  k", "enter")  # the name as a teacher might type it
        await until(pilot, lambda: "Anna K's code is released" in notified(app))
    again = joining.join(writer, "Anna K")
    assert again.outcome is joining.Outcome.RENEWED and again.code and again.code != first.code
    assert joining.join(writer, "Anna K").outcome is joining.Outcome.NEEDS_CODE  # the new code guards it
