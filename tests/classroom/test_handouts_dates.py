"""The handouts' order: free-text dates sorted, decision points by chapter then date,
and one timeline merged from every role's entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.handouts_facts import decision_points, timeline
from game.engine.dates import date_key
from game.engine.model import Story
from game.loading import load_story
from tests.classroom.handouts_helpers import STORY_YAML


def test_dates_sort_by_year_month_and_words() -> None:
    written = [
        "1992",
        "After 1921",
        "Spring 1921",
        "Early March 1921",
        "End of February - March 1921",
        "February 1921",
        "Late January 1921",
        "Middle of January 1921",
        "1921",
        "Autumn 1920",
        "Middle of 1920",
        "no year at all",
    ]
    expected = [
        "Middle of 1920",
        "Autumn 1920",
        "1921",
        "Middle of January 1921",
        "Late January 1921",
        "February 1921",
        "End of February - March 1921",
        "Early March 1921",
        "Spring 1921",
        "After 1921",
        "1992",
        "no year at all",
    ]
    assert sorted(written, key=date_key) == expected


# A May scene written first, in the second chapter; a scene dated only "1921" after it; a second
# file of timeline entries, one repeating an entry of the first file for the delegate.
ORDER_YAML = (
    STORY_YAML.replace(
        """  - id: spring_meeting
    chapter: spring
    date: April 1921""",
        """  - id: spring_meeting
    chapter: spring
    date: "1921\"""",
    )
    .replace(
        """scenes:
  - id: queue""",
        """scenes:
  - id: may_day
    chapter: spring
    date: May 1921
    place: A square
    title: May Day
    decision: may
    prose: Banners.
    choices:
      - {id: march, text: March., next: ending_fed}
  - id: queue""",
    )
    .replace(
        """decisions:
""",
        """decisions:
  - id: may
    title: May Day
    question: March?
    happened: Many marched.
    sources:
      - {quote: many marched, cite: "Simon Pirani, 2006"}
""",
    )
)
MORE_TIMELINE = """timeline:
  - {date: "1921", text: The yard is quiet., scene: spring_meeting}
  - {date: February 1921, text: The conference meets., scene: hall_delegate}
  - {date: May 1921, text: May Day., decision: may}
"""


@pytest.fixture
def order_story(tmp_path: Path) -> Story:
    (tmp_path / "story.yaml").write_text(ORDER_YAML, encoding="utf-8")
    (tmp_path / "timeline.yaml").write_text(MORE_TIMELINE, encoding="utf-8")  # read after story.yaml
    result = load_story(tmp_path)
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


def test_decision_points_by_chapter_then_date(order_story: Story) -> None:
    # may_day is written first, but "vote" is in the first chapter; "quiet" (dated only 1921)
    # is written after the May scene of its chapter, so it comes after it.
    assert [p.decision.id for p in decision_points(order_story)] == ["vote", "may", "quiet"]


def test_timeline_merges_roles_in_date_order_once_each(order_story: Story) -> None:
    events = timeline(order_story)
    assert [(e.entry.date, e.entry.text) for e in events] == [
        ("January 1921", "The queue grows."),
        ("February 1921", "The conference meets."),
        ("May 1921", "May Day."),
        ("1921", "The yard is quiet."),
    ]
    assert [[r.id for r in e.roles] for e in events] == [
        ["worker"],
        ["worker", "delegate"],
        [],
        ["worker", "delegate"],
    ]
