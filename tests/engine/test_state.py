"""Saved states: canonical JSON, and loading saves made against an older story."""

from __future__ import annotations

import json

import pytest

from game.engine import play
from game.engine.state import STATE_VERSION, StateError, state_from_json

from .conftest import StoryMaker
from .test_play import BASE


def played(make_story: StoryMaker):  # type: ignore[no-untyped-def]
    story = make_story(BASE)
    state = play.new_game(story, "worker")
    state = play.choose(story, state, "wait")
    state = play.choose(story, state, "eat")
    return story, state


def test_json_is_canonical_and_versioned(make_story: StoryMaker) -> None:
    story, state = played(make_story)
    text = state.to_json()
    data = json.loads(text)
    assert data["version"] == STATE_VERSION
    assert data["at"] == "hall" and data["role"] == "worker"
    assert data["steps"] == [{"scene": "queue", "choice": "wait"}, {"scene": "queue", "choice": "eat"}]
    assert state_from_json(text, story).to_json() == text
    assert json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":")) == text


def test_prose_edits_do_not_disturb_a_save(make_story: StoryMaker) -> None:
    _, state = played(make_story)
    edited = make_story(BASE.replace("You wait.", "You wait in the snow.").replace("A vote.", "A long vote."))
    again = state_from_json(state.to_json(), edited)
    assert again.at == "hall" and again.notices == ()
    assert dict(again.values) == dict(state.values)


def test_removed_scene_falls_back_to_chapter_start_with_a_notice(make_story: StoryMaker) -> None:
    story, state = played(make_story)
    data = json.loads(state.to_json())
    data["at"] = "gone_scene"
    again = state_from_json(json.dumps(data), story)
    assert again.at == "queue"
    assert any("no longer in the story" in n and "'One'" in n for n in again.notices)


def test_new_variable_takes_default_and_removed_variable_is_dropped(make_story: StoryMaker) -> None:
    _, state = played(make_story)
    newer = make_story(
        BASE.replace(
            "  card: {name: Party card, default: false}\n",
            "  fear: {name: Fear, default: 3, min: 0, max: 9}\n",
        )
        .replace("        if: card\n", "        if: fear > 100\n")
        .replace("version: 1", "version: 2")
    )
    again = state_from_json(state.to_json(), newer)
    assert again.values["fear"] == 3 and "card" not in again.values
    assert any("'Fear' is new" in n for n in again.notices)
    assert any("no longer tracks: card" in n for n in again.notices)


def test_out_of_range_value_is_clamped_with_notice(make_story: StoryMaker) -> None:
    story, state = played(make_story)
    data = json.loads(state.to_json())
    data["values"]["hunger"] = 99
    again = state_from_json(json.dumps(data), story)
    assert again.values["hunger"] == 10
    assert any("outside its new range" in n for n in again.notices)


def test_removed_choice_is_dropped_from_history_and_undo_stops(make_story: StoryMaker) -> None:
    story, state = played(make_story)
    data = json.loads(state.to_json())
    data["steps"][0]["choice"] = "vanished"
    again = state_from_json(json.dumps(data), story)
    assert [s.choice for s in again.steps] == ["eat"]
    assert any("1 earlier choice no longer exist" in n for n in again.notices)
    assert play.undo(story, again) is None


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=99, min_version=99), "newer version"),
        (lambda d: d.update(role="tsar"), "role 'tsar'"),
        (lambda d: d.pop("values"), "'values' is missing"),
        (lambda d: d.update(turn="many"), "'turn' is missing or of the wrong kind"),
    ],
)
def test_unusable_saves_raise_state_error(make_story: StoryMaker, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    story, state = played(make_story)
    data = json.loads(state.to_json())
    mutate(data)
    with pytest.raises(StateError, match=message):
        state_from_json(json.dumps(data), story)


@pytest.mark.parametrize("text", ["", "{", "[1,2]", "null", "\x00"])
def test_damaged_json_raises_state_error(make_story: StoryMaker, text: str) -> None:
    story, _ = played(make_story)
    with pytest.raises(StateError):
        state_from_json(text, story)


def test_undo_after_a_repaired_load_stops_at_the_repair_and_survives_saving(make_story: StoryMaker) -> None:
    story, state = played(make_story)
    data = json.loads(state.to_json())
    data["at"] = "gone_scene"
    repaired = state_from_json(json.dumps(data), story)
    assert repaired.origin is not None and repaired.at == "queue"
    moved = play.choose(story, repaired, "wait")
    reloaded = state_from_json(moved.to_json(), story)
    assert reloaded.notices == () and reloaded.origin == repaired.origin
    back = play.undo(story, reloaded)
    assert back is not None and back.at == "queue" and dict(back.values) == dict(repaired.values)
    assert len(back.steps) == len(repaired.steps)
    assert play.undo(story, back) is None
