"""A role's `set:`: the values it begins with (the delegate is a party member from his first line).

Two roles share one set of variables; each may start from other values than the defaults.
The new game, the explorer and check all read them; a bad `set:` is located and refused.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.engine import play
from game.engine.explore import explore
from game.loading import load_story

STORY = """\
story: {title: T, version: 1}
variables:
  standing: {name: Standing, default: 3, min: 0, max: 10}
  card: {name: Party card, default: false}
  medal: {name: Medal, default: false}  # read by text only: explore keeps it out of its states
roles:
  - {id: worker, name: Worker, description: A worker., start: gate}
  - id: delegate
    name: Delegate
    description: A delegate.
    start: gate
    SET_LINE
chapters:
  - {id: ch, title: Chapter}
scenes:
  - id: gate
    chapter: ch
    date: "1921"
    place: A gate
    title: The gate
    prose: "{if card: You show your card. | else: You have no card.} {if medal: A medal shines on your coat.}"
    choices:
      - id: party
        text: Go in as a member.
        if: card and standing >= 5
        next: end
      - id: wait
        text: Wait outside.
        next: end
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
"""


def _load(tmp_path: Path, set_line: str):
    (tmp_path / "story.yaml").write_text(STORY.replace("SET_LINE", set_line))
    return load_story(tmp_path)


def test_a_role_begins_with_its_own_values_and_the_others_with_the_defaults(tmp_path: Path) -> None:
    result = _load(tmp_path, "set: {card: true, standing: 6}")
    assert result.problems == []
    story = result.story
    assert story is not None
    delegate = play.new_game(story, "delegate")
    worker = play.new_game(story, "worker")
    assert (delegate.values["card"], delegate.values["standing"]) == (True, 6)
    assert (worker.values["card"], worker.values["standing"]) == (False, 3)
    assert [o.choice.id for o in play.options(story, delegate) if o.available] == ["party", "wait"]
    assert [o.choice.id for o in play.options(story, worker) if o.available] == ["wait"]


def test_explore_starts_each_role_from_its_own_values(tmp_path: Path) -> None:
    story = _load(tmp_path, "set: {card: true, standing: 6}").story
    assert story is not None
    report = explore(story)
    roles = {r.role: r for r in report.roles}
    assert roles["delegate"].endings == {"end": 2}  # both choices open
    assert roles["worker"].endings == {"end": 1}  # only waiting


@pytest.mark.parametrize(
    ("set_line", "message"),
    [
        ("set: {cards: true}", "unknown variable 'cards' in role 'delegate' set: (did you mean 'card'?)"),
        ("set: {card: 1}", "the value 'card' starts with should be true or false"),
        ("set: {standing: yes}", "the value 'standing' starts with should be a whole number"),
        ("set: {standing: 11}", "standing: 11 is out of range (0..10)"),
        ("set: [card]", "role 'delegate' set: should be a mapping"),
    ],
)
def test_a_bad_role_set_is_located_and_explained(tmp_path: Path, set_line: str, message: str) -> None:
    result = _load(tmp_path, set_line)
    assert result.story is None
    (problem,) = result.problems
    text = str(problem)
    assert message in text, text
    line = textwrap.dedent(STORY).splitlines().index("    SET_LINE") + 1
    assert f"story.yaml:{line}:" in text, text


def test_explore_reads_the_text_of_each_role_from_its_own_values(tmp_path: Path) -> None:
    # The medal, which only text reads, shines for the delegate and not for the worker: the
    # passage varies, so no lint says it shows nothing in every state.
    story = _load(tmp_path, "set: {card: true, standing: 6, medal: true}").story
    assert story is not None
    lints = [str(lint) for lint in explore(story).text_lints]
    assert not [m for m in lints if "'gate'" in m], lints
