"""Engine behaviour on small inline stories: options, effects, visits, decisions, undo, endings."""

from __future__ import annotations

import pytest

from game.engine import play
from game.engine.play import PlayError

from .conftest import StoryMaker, Turn

BASE = """
story: {title: Test, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
  bread: {name: Bread, default: 2, min: 0, max: 3}
  card: {name: Party card, default: false}
roles:
  - {id: worker, name: Worker, description: A worker., start: queue}
  - {id: delegate, name: Delegate, description: A delegate., start: queue}
chapters:
  - {id: one, title: One}
decisions:
  - id: vote
    title: The vote
    question: How do you vote?
    happened: It passed.
    sources: [{quote: "The meeting passed resolutions", cite: Pirani}]
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
        add: {hunger: 4, bread: -1}
        next: queue
      - id: eat
        text: Eat everything.
        if: bread > 0
        set: {hunger: hunger - bread * 2, bread: 0}
        next: hall
      - id: member
        text: Show your card.
        if: card
        unavailable: Only party members may.
        next: hall
      - id: secret
        text: A secret door.
        if: visited(queue) >= 3 and role(delegate)
        next: hall
  - id: hall
    chapter: one
    date: February 1921
    place: A hall
    title: Hall
    decision: vote
    prose: A vote.
    choices:
      - {id: aye, text: Vote yes., historical: true, next: fed}
      - {id: nay, text: Vote no., next: lost}
      - id: again
        text: Vote yes again.
        if: chose(vote, aye)
        next: fed
"""


def test_new_game_starts_at_role_start_with_defaults(make_story: StoryMaker) -> None:
    story = make_story(BASE)
    state = play.new_game(story, "worker")
    assert state.at == "queue"
    assert dict(state.values) == {"hunger": 5, "bread": 2, "card": False}
    assert dict(state.visits) == {"queue": 1}
    assert state.turn == 0 and state.steps == ()


def test_a_choice_carries_every_field_it_does_not_change(make_story: StoryMaker) -> None:
    """choose() builds the next state field by field (for speed): a field added to GameState
    later must be carried, not dropped (the episode start once was)."""
    from dataclasses import fields

    from game.engine.state import Origin, Start

    story = make_story(BASE)
    state = play.new_game(story, "worker").evolve(
        start=Start("one", "history", 0), origin=Origin("queue", (("hunger", 5),), (("queue", 1),), 0, 0)
    )
    after = play.choose(story, state, "wait")
    changed = {"at", "values", "visits", "turn", "steps", "answers", "notices"}
    carried = {f.name for f in fields(state)} - changed
    assert carried == {"role", "story_version", "origin", "start"}, (
        "a new field: decide what a choice does to it"
    )
    for name in carried:
        assert getattr(after, name) == getattr(state, name), name


def test_unknown_role_is_a_play_error(make_story: StoryMaker) -> None:
    with pytest.raises(PlayError, match="no role 'boss'"):
        play.new_game(make_story(BASE), "boss")


def test_options_hide_false_conditions_and_dim_those_with_a_reason(make_story: StoryMaker) -> None:
    story = make_story(BASE)
    opts = play.options(story, play.new_game(story, "worker"))
    assert [(o.number, o.choice.id, o.available) for o in opts] == [
        (1, "wait", True),
        (2, "eat", True),
        (3, "member", False),
    ]
    assert opts[2].reason == "Only party members may."
    assert opts[0].reason is None


def test_effects_read_values_from_before_the_choice_and_clamp(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BASE)
    state = play.new_game(story, "worker")
    state = turn(story, state, "wait")  # hunger 5+4=9, bread 1
    assert (state.values["hunger"], state.values["bread"]) == (9, 1)
    state = turn(story, state, "wait")  # hunger clamps at 10, bread 0
    assert (state.values["hunger"], state.values["bread"]) == (10, 0)
    assert state.visits["queue"] == 3
    assert [o.choice.id for o in play.options(story, state) if o.available] == ["wait"]


def test_set_uses_old_values(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BASE)
    state = turn(story, play.new_game(story, "worker"), "eat")  # hunger = 5 - 2*2, bread = 0
    assert (state.values["hunger"], state.values["bread"]) == (1, 0)
    assert state.at == "hall" and state.turn == 1


def test_visited_and_role_conditions(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BASE)
    for role, expected in (("worker", False), ("delegate", True)):
        state = play.new_game(story, role)
        state = turn(story, state, "wait")
        state = turn(story, state, "wait")
        ids = [o.choice.id for o in play.options(story, state)]
        assert ("secret" in ids) is expected


def test_decision_log_records_choice_and_history(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BASE)
    state = turn(story, play.new_game(story, "worker"), "eat")
    assert "again" not in [o.choice.id for o in play.options(story, state)]
    state = turn(story, state, "nay")
    assert [(s.decision, s.choice, s.historical) for s in state.decisions] == [("vote", "nay", False)]
    assert play.is_over(story, state)
    ending = play.current_ending(story, state)
    assert ending is not None and ending.id == "lost"
    assert play.options(story, state) == []
    with pytest.raises(PlayError, match="over"):
        play.choose(story, state, "aye")


def test_chose_condition_sees_earlier_decisions(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(
        BASE.replace("next: fed}\n      - {id: nay", "next: hall2}\n      - {id: nay")
        + """
  - id: hall2
    chapter: one
    date: March
    place: Hall
    title: Again
    prose: Again.
    choices:
      - {text: Remember., if: "chose(vote, aye)", next: fed}
      - {text: Forget., if: "not chose(vote, aye)", next: lost}
"""
    )
    state = turn(story, play.new_game(story, "worker"), "eat")
    state = turn(story, state, "aye")
    assert [o.choice.id for o in play.options(story, state)] == ["fed"]


def test_unavailable_and_unknown_choices_are_refused(make_story: StoryMaker) -> None:
    story = make_story(BASE)
    state = play.new_game(story, "worker")
    with pytest.raises(PlayError, match="not available"):
        play.choose(story, state, "member")
    with pytest.raises(PlayError, match="no choice 'fly'"):
        play.choose(story, state, "fly")


def test_undo_walks_back_one_choice_at_a_time(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BASE)
    states = [play.new_game(story, "worker")]
    for choice in ("wait", "eat", "aye"):
        states.append(turn(story, states[-1], choice))
    state = states[-1]
    for expected in reversed(states[:-1]):
        undone = play.undo(story, state)
        assert undone is not None
        assert undone.to_json() == expected.to_json()
        state = undone
    assert play.undo(story, state) is None


def test_choosing_never_mutates_the_old_state(make_story: StoryMaker) -> None:
    story = make_story(BASE)
    state = play.new_game(story, "worker")
    before = state.to_json()
    play.choose(story, state, "wait")
    assert state.to_json() == before
