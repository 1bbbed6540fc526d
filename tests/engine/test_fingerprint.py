"""The story fingerprint: it follows the ids results files count by, never the prose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from game.engine.fingerprint import FINGERPRINT_CHARS, fingerprint_data, story_fingerprint
from game.loading import load_story
from tests.engine.conftest import StoryMaker

BASE = """\
story: {title: Tiny, version: 1}
variables:
  hunger: {name: Hunger, default: 1, min: 0, max: 5}
roles:
  - {id: worker, name: Worker, description: A worker., start: hall}
chapters:
  - {id: one, title: One}
decisions:
  - id: vote
    title: The vote
    question: How do you vote?
    happened: The resolution passed.
    sources:
      - {quote: "the resolution was passed", cite: "Simon Pirani, 2006"}
endings:
  - {id: fed, title: Fed, epilogue: You eat., history: Many ate.}
scenes:
  - id: hall
    chapter: one
    date: February 1921
    place: A hall
    title: The conference
    decision: vote
    prose: A delegate reads a resolution.
    choices:
      - {id: aye, text: Vote for it., next: fed, historical: true}
      - {id: nay, text: Vote against it., next: fed}
"""


def test_same_story_same_fingerprint_and_short_hex(make_story: StoryMaker) -> None:
    first, second = make_story(BASE), make_story(BASE)
    assert story_fingerprint(first) == story_fingerprint(second)
    value = story_fingerprint(first)
    assert len(value) == FINGERPRINT_CHARS
    assert int(value, 16) >= 0  # hex digits only


def test_rewording_prose_keeps_the_fingerprint(make_story: StoryMaker) -> None:
    reworded = (
        BASE.replace("A delegate reads a resolution.", "A tired delegate reads out a long resolution.")
        .replace("Vote for it.", "Raise your hand for it.")
        .replace("The resolution passed.", "The resolution passed after a long night.")
        .replace("You eat.", "You eat bread at last.")
        .replace("title: The conference", "title: The great conference")
    )
    assert reworded != BASE
    assert story_fingerprint(make_story(reworded)) == story_fingerprint(make_story(BASE))


def test_added_choice_changes_the_fingerprint(make_story: StoryMaker) -> None:
    added = BASE.replace(
        "      - {id: nay, text: Vote against it., next: fed}\n",
        "      - {id: nay, text: Vote against it., next: fed}\n"
        "      - {id: abstain, text: Abstain., next: fed}\n",
    )
    assert added != BASE
    assert story_fingerprint(make_story(added)) != story_fingerprint(make_story(BASE))


def test_renamed_choice_changes_the_fingerprint(make_story: StoryMaker) -> None:
    renamed = BASE.replace("{id: nay,", "{id: against,")
    assert renamed != BASE
    assert story_fingerprint(make_story(renamed)) != story_fingerprint(make_story(BASE))


def test_version_title_role_and_decision_ids_change_it(make_story: StoryMaker) -> None:
    base = story_fingerprint(make_story(BASE))
    variants = {
        "version": BASE.replace("version: 1", "version: 2"),
        "title": BASE.replace("title: Tiny", "title: Tinier"),
        "role": BASE.replace("id: worker", "id: turner"),
        "decision": BASE.replace("id: vote", "id: ballot").replace("decision: vote", "decision: ballot"),
    }
    for what, text in variants.items():
        assert text != BASE, what
        assert story_fingerprint(make_story(text)) != base, what


def test_choices_of_scenes_outside_decisions_do_not_count(make_story: StoryMaker) -> None:
    with_lobby = BASE.replace("start: hall", "start: lobby") + (
        "  - id: lobby\n    chapter: one\n    date: February 1921\n    place: A lobby\n"
        "    title: The lobby\n    prose: People wait.\n"
        "    choices:\n      - {id: enter, text: Go in., next: hall}\n"
    )
    other_lobby = with_lobby.replace("{id: enter,", "{id: walk_in,")
    assert story_fingerprint(make_story(with_lobby)) == story_fingerprint(make_story(other_lobby))


def test_the_data_lists_every_decision_of_the_shipped_story() -> None:
    story = load_story(Path(__file__).parents[2] / "scenes").story
    assert story is not None
    data = fingerprint_data(story)
    decisions = data["decisions"]
    assert isinstance(decisions, dict)
    assert set(decisions) == set(story.decisions)
    for decision, choices in decisions.items():
        answering = [s for s in story.scenes.values() if s.decision == decision]
        assert choices == sorted({c.id for s in answering for c in s.choices})


def test_stable_across_interpreters() -> None:
    """Not Python's salted hash(): another process computes the same value."""
    code = (
        "from game.loading import load_story; from game.engine.fingerprint import story_fingerprint;"
        "print(story_fingerprint(load_story('scenes').story))"
    )
    root = Path(__file__).parents[2]
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    story = load_story(root / "scenes").story
    assert story is not None
    assert runs == {story_fingerprint(story)}
