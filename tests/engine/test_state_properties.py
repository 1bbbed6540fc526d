"""Property tests: random walks through a story with conditions, effects and loops.

Whatever choices a player takes, a state survives a JSON round trip byte for byte,
undo returns exactly the state before the last choice, and play never fails
before an ending.
"""

from __future__ import annotations

import textwrap
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import play
from game.engine.explore import explore
from game.engine.model import Story
from game.engine.play import PlayError
from game.engine.state import GameState, state_from_json
from game.loading import load_story

STORY = """
story: {title: Walks, version: 3}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
  bread: {name: Bread, default: 2, min: 0, max: 3}
  card: {name: Card, default: false}
  score: {name: Score, default: 0, min: -5, max: 5, hidden: true}
roles:
  - {id: worker, name: Worker, description: W., start: queue}
  - {id: delegate, name: Delegate, description: D., start: hall}
chapters:
  - {id: one, title: One}
decisions:
  - id: vote
    title: The vote
    question: How?
    happened: It passed.
    sources: [{quote: "It passed", cite: Pirani}]
endings:
  - {id: fed, title: Fed, epilogue: You eat., history: People ate.}
  - {id: lost, title: Lost, epilogue: You starve., history: People starved.}
scenes:
  - id: queue
    chapter: one
    date: January 1921
    place: A queue
    title: Queue
    prose: You wait.
    choices:
      - id: wait
        text: Wait again.
        add: {hunger: 2, bread: -1}
        next: queue
      - id: eat
        text: Eat everything.
        if: bread > 0
        set: {hunger: hunger - bread * 2, bread: 0}
        next: hall
      - id: join
        text: Join the party.
        if: hunger >= 7 and not card
        unavailable: Nobody vouches for you.
        set: {card: true}
        add: {score: 1}
        next: hall
      - id: give_up
        text: Give up.
        if: visited(queue) >= 3
        next: lost
  - id: hall
    chapter: one
    date: February 1921
    place: A hall
    title: Hall
    decision: vote
    prose: A vote.
    choices:
      - {id: aye, text: Vote yes., historical: true, add: {score: 2}, next: street}
      - {id: nay, text: Vote no., add: {hunger: 1, score: -3}, next: street}
      - id: again
        text: Vote yes once more.
        if: chose(vote, aye) and visited(hall) < 3
        next: hall
  - id: street
    chapter: one
    date: March 1921
    place: A street
    title: Street
    prose: Outside.
    choices:
      - id: back
        text: Back to the queue.
        if: not chose(vote, nay) and visited(street) < 4
        add: {bread: 2}
        next: queue
      - id: home
        text: Go home.
        if: card or hunger < 5 or role(delegate)
        next: fed
      - id: starve
        text: Starve.
        if: not (card or hunger < 5 or role(delegate))
        next: lost
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder: Path = tmp_path_factory.mktemp("walks")
    (folder / "story.yaml").write_text(textwrap.dedent(STORY), encoding="utf-8")
    result = load_story(folder)
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story


def walk(story: Story, role: str, picks: list[int]) -> list[GameState]:
    """Every state of a walk: from the start, each pick chooses among the available choices."""
    states = [play.new_game(story, role)]
    for pick in picks:
        state = states[-1]
        available = play.available_choices(story, state)
        if not available:
            # Only an ending offers nothing: the story has no dead ends.
            assert play.is_over(story, state), f"dead end at {state.at}"
            break
        states.append(play.choose(story, state, available[pick % len(available)].id))
    return states


ROLES = st.sampled_from(["worker", "delegate"])
PICKS = st.lists(st.integers(min_value=0, max_value=1000), max_size=40)
SETTINGS = settings(  # the examples budget is the profile's (tests/conftest.py)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@SETTINGS
@given(role=ROLES, picks=PICKS)
def test_every_state_of_a_walk_round_trips_through_json(story: Story, role: str, picks: list[int]) -> None:
    for state in walk(story, role, picks):
        text = state.to_json()
        again = state_from_json(text, story)
        assert again == state
        assert again.to_json() == text
        assert again.notices == ()
        for name, variable in story.variables.items():
            value = again.values[name]
            if not variable.is_flag:
                assert variable.minimum is not None and variable.maximum is not None
                assert variable.minimum <= value <= variable.maximum


@SETTINGS
@given(role=ROLES, picks=PICKS)
def test_undo_returns_exactly_the_previous_state(story: Story, role: str, picks: list[int]) -> None:
    states = walk(story, role, picks)
    assert play.undo(story, states[0]) is None
    for before, after in pairwise(states):
        back = play.undo(story, after)
        assert back is not None
        assert back.to_json() == before.to_json()
        assert back == before
    # Undoing all the way from the last state walks the same states back to the start.
    current = states[-1]
    for expected in reversed(states[:-1]):
        previous = play.undo(story, current)
        assert previous is not None and previous.to_json() == expected.to_json()
        current = previous
    assert play.undo(story, current) is None


@SETTINGS
@given(role=ROLES, picks=PICKS)
def test_play_never_fails_before_an_ending(story: Story, role: str, picks: list[int]) -> None:
    states = walk(story, role, picks)
    for turn, state in enumerate(states):
        assert state.turn == turn
        assert len(state.steps) == turn
        if play.is_over(story, state):
            assert state is states[-1]
            assert play.options(story, state) == []
            with pytest.raises(PlayError, match="the story is over"):
                play.choose(story, state, "wait")
        else:
            assert play.available_choices(story, state), f"no choice at {state.at}"
            # Every choice the story shows dimmed is refused, with its reason.
            for option in play.options(story, state):
                if not option.available:
                    assert option.reason is not None
                    with pytest.raises(PlayError, match="not available"):
                        play.choose(story, state, option.choice.id)
    # Replaying the recorded path from the start reaches the same state.
    assert play.replay(story, role, states[-1].steps).to_json() == states[-1].to_json()


def test_the_explorer_agrees_the_story_has_no_dead_ends(story: Story) -> None:
    # The walks above rely on this: only an ending offers no choice.
    report = explore(story)
    assert [role.dead_ends for role in report.roles] == [{}, {}]
    assert report.unreached_endings == [] and report.unreachable_scenes == []
    assert report.never_available == []  # so random walks can take every choice
    # 'wait' loops back to the queue for ever: the state graph has a cycle.
    assert all(role.cyclic for role in report.roles if role.role == "worker")
