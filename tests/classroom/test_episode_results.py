"""A game begun at a chapter, in results files, reports and a live class's record: marked
with where it began, and only the student's own choices (from that chapter on) counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from game.classroom.episodes import find_start, start_episode
from game.classroom.live_record import progress_of
from game.classroom.report import build_report_from_results
from game.classroom.report_html import render_html
from game.classroom.report_text import render_text
from game.classroom.results import StartedAt, results_from_dict, results_from_session
from game.engine import play
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _played_on(story: Story, session: Session) -> Session:
    while not session.is_over:
        session.choose(play.available_choices(story, session.state)[0].id)
    return session


def test_results_carry_the_start_and_only_the_students_own_choices(story: Story, tmp_path: Path) -> None:
    start = find_start(story, "delegate", "3", "dissent")
    session = start_episode(story, SaveStore(tmp_path / "s"), "delegate", "3", "dissent")
    assert not session.results_unsent  # nothing decided by the student yet
    preset_decisions = {step.decision for step in start.state.steps if step.decision}
    assert preset_decisions
    _played_on(story, session)
    results = results_from_session(session, "Anna", now=NOW)
    assert results.start == StartedAt(start.chapter, "dissent")
    own = [step.decision for step in session.state.steps[len(start.state.steps) :] if step.decision]
    assert [d.decision for d in results.decisions] == own
    document = json.loads(results.to_json())
    assert document["start"] == {"chapter": start.chapter, "preset": "dissent"}
    assert results_from_dict(document) == results
    whole = results_from_session(
        _played_on(story, Session.new(story, SaveStore(tmp_path / "w"), "delegate")), None
    )
    assert whole.start is None and "start" not in json.loads(whole.to_json())


def test_the_report_marks_chapter_starts_and_counts_only_their_own_choices(
    story: Story, tmp_path: Path
) -> None:
    session = _played_on(story, start_episode(story, SaveStore(tmp_path / "s"), "metalworker", "4"))
    report = build_report_from_results(story, [results_from_session(session, "Anna", now=NOW)])
    [counted] = report.counted
    chapter = story.chapters[find_start(story, "metalworker", "4").chapter].title
    assert counted.started == f"“{chapter}” (as most did)"
    assert "1 began at a chapter (only the choices made there are counted)" in report.summary
    answered = {tally.decision.id: tally.answered for tally in report.decisions}
    before = {s.decision for s in session.state.steps[: session.state.start.steps] if s.decision}  # type: ignore[union-attr]
    assert before and all(answered[d] == 0 for d in before)
    assert sum(answered.values()) == len({d.decision for d in results_from_session(session, None).decisions})
    html, text = render_html(report), render_text(report, 100)
    assert "<th>Began at</th>" in html and "only the choices made from that chapter on are counted" in html
    assert f"began at “{chapter}” (as most did)" in text


def test_a_live_class_records_only_the_students_own_choices(story: Story, tmp_path: Path) -> None:
    session = start_episode(story, SaveStore(tmp_path / "s"), "metalworker", "3")
    assert progress_of(session).decisions == ()
    session.choose(play.available_choices(story, session.state)[0].id)
    while not any(s.decision for s in session.state.steps[session.state.start.steps :]):  # type: ignore[union-attr]
        session.choose(play.available_choices(story, session.state)[0].id)
    recorded = progress_of(session).decisions
    assert len(recorded) == 1 and recorded[0].step >= session.state.start.steps  # type: ignore[union-attr]
