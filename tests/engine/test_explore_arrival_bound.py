"""The most words a path can read counts one aftermath line on the way into a scene, however
many ways lead in (a scene reached by many choices, each with its own aftermath line, once read
as if every one of them were shown: the delegate's 'Endorsed' scene counted 2,229 words)."""

from __future__ import annotations

import pytest

from game.engine.explore import explore
from game.engine.model import Story
from tests.engine.conftest import StoryMaker

STORY = """
story: {title: T, version: 1}
variables:
  card: {name: Card, default: false}
roles:
  - {id: worker, name: Worker, description: A worker., start: s0}
chapters:
  - {id: ch, title: Chapter}
scenes:
  - id: s0
    chapter: ch
    date: '1921'
    place: P
    title: T
    prose: Start.
    choices:
CHOICES
  - id: s1
    chapter: ch
    date: '1921'
    place: P
    title: T
    prose: Here.
    choices:
      - {text: On., next: end}
endings:
  - {id: end, title: End, epilogue: Over., history: H.}
"""
LINE = "one two three four five six seven eight nine ten"  # ten words


def _story(make_story: StoryMaker, ways_in: int) -> Story:
    choices = "".join(
        f"      - {{id: c{n}, text: Go., set: {{card: {'true' if n % 2 else 'false'}}}, "
        f"aftermath: '{{if card: {LINE}.}}', next: s1}}\n"
        for n in range(ways_in)
    )
    return make_story(STORY.replace("CHOICES\n", choices))


@pytest.mark.parametrize("ways_in", [2, 6])
def test_one_aftermath_line_is_counted_on_the_way_in(make_story: StoryMaker, ways_in: int) -> None:
    report = explore(_story(make_story, ways_in))
    fewest, most = report.roles[0].reading["end"]
    assert most - fewest == 10, (fewest, most)  # the line shows, or it does not: ten words at most
