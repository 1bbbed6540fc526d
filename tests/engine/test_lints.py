"""The lints that prove a story remembers the player: each fires on a small story made to trip it,
with its location and a hint, and stays quiet on a clean one."""

from __future__ import annotations

import argparse

import pytest

from game.authoring_cmd import cmd_check, cmd_explore, cmd_stats
from game.engine.explore import explore
from game.engine.lints import static_lints, unacknowledged
from tests.engine.conftest import StoryMaker

CLEAN = """
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 9}
  friend: {name: Friend, default: false, hidden: true}
  seen: {name: Seen, default: false, hidden: true}
roles:
  - {id: worker, name: Worker, description: A worker., start: soup}
chapters:
  - {id: ch, title: Chapter}
decisions:
  - {id: dp, title: D, question: Q?, happened: H., sources: [{quote: q, cite: c}]}
scenes:
  - id: soup
    chapter: ch
    date: "1921"
    place: Canteen
    title: Soup
    decision: dp
    prose: The soup is thin.
    choices:
      - id: eat
        text: Eat the soup.
        add: {hunger: -2}
        next: yard
      - id: give
        text: Give it to Nadya.
        set: {friend: true}
        aftermath: Nadya looks at you for a long moment.
        next: yard
  - id: yard
    chapter: ch
    date: "1921"
    place: Yard
    title: Yard
    prose: |
      {if friend: Nadya walks beside you. | else: You walk alone.} You are {hunger}.
    choices:
      - id: go
        text: Go home.
        set: {seen: false}
        next: end
endings:
  - {id: end, title: End, epilogue: "{if chose(dp, eat): You ate. | else: You gave.}", history: H.}
"""


def test_a_clean_story_gives_no_lint(make_story: StoryMaker) -> None:
    story = make_story(CLEAN)
    assert static_lints(story) == []
    assert unacknowledged(story) == []
    assert explore(story).text_lints == []


def test_indistinguishable_choices_are_found_with_their_place(make_story: StoryMaker) -> None:
    story = make_story(
        CLEAN.replace(
            "      - id: go\n        text: Go home.\n",
            "      - id: go\n        text: Go home.\n        next: end\n"
            "      - id: run\n        text: Run home.\n",
        ).replace("        set: {seen: false}\n        next: end\n", "        next: end\n")
    )
    (lint,) = [lint for lint in static_lints(story) if lint.kind == "indistinguishable"]
    assert "'go' and 'run' in 'yard' do the same thing" in lint.message
    assert lint.pos is not None and lint.pos.line > 0 and "merge" in lint.hint


def test_two_choices_told_apart_by_chose_are_not_flagged(make_story: StoryMaker) -> None:
    story = make_story(
        CLEAN.replace(
            "add: {hunger: -2}\n",
            "set: {friend: true}\n        aftermath: Nadya looks at you for a long moment.\n",
        )
    )
    assert [
        lint for lint in static_lints(story) if lint.kind == "indistinguishable"
    ] == []  # chose(dp, eat) reads it


def test_an_effect_nobody_feels_is_found(make_story: StoryMaker) -> None:
    story = make_story(CLEAN.replace("You are {hunger}.", "You are here."))
    lints = [lint for lint in static_lints(story) if lint.kind == "unfelt"]
    assert [lint.message for lint in lints] == [
        "the choice 'eat' in 'soup' changes 'hunger', which nothing from 'yard' on reads"
    ]


def test_forgetting_a_value_is_not_an_unfelt_effect(make_story: StoryMaker) -> None:
    story = make_story(CLEAN)  # yard's "set: {seen: false}" puts a value back to its default
    assert not any("seen" in lint.message for lint in static_lints(story))


def test_an_unacknowledged_decision_choice_is_found(make_story: StoryMaker) -> None:
    text = (
        CLEAN.replace("        aftermath: Nadya looks at you for a long moment.\n", "")
        .replace("{if chose(dp, eat): You ate. | else: You gave.}", "Over.")
        .replace("{if friend: Nadya walks beside you. | else: You walk alone.}", "You walk.")
        .replace("        set: {friend: true}\n", "        add: {hunger: -2}\n")
    )
    story = make_story(text)
    found = unacknowledged(story)
    assert {(lint.scene, lint.choice) for lint in found} == {("soup", "eat"), ("soup", "give")}


def test_text_that_never_varies_and_dead_text_are_found_by_explore(make_story: StoryMaker) -> None:
    text = CLEAN.replace(
        "{if friend: Nadya walks beside you. | else: You walk alone.}",
        "{if hunger > 8: Starving. | elif friend: Nadya walks beside you. | else: Alone.}",
    )
    lints = explore(make_story(text)).text_lints
    (dead,) = lints
    assert dead.kind == "dead-text" and "'hunger > 8'" in dead.message and dead.pos is not None
    never = CLEAN.replace("{if friend: Nadya walks", "{if hunger > 1: Nadya walks")
    (same,) = explore(make_story(never)).text_lints
    assert same.kind == "never-varies" and "always shows its branch 'hunger > 1'" in same.message


def args(**kw: object) -> argparse.Namespace:
    base = {"dir": None, "scenes": None, "strict": False, "max_states": 2_000_000}
    return argparse.Namespace(**{**base, **kw})


@pytest.mark.parametrize("command", [cmd_check, cmd_explore])
def test_warnings_fail_a_run_only_when_strict(
    make_story: StoryMaker, tmp_path: object, capsys: pytest.CaptureFixture[str], command: object
) -> None:
    story_dir = tmp_path / "s"  # type: ignore[operator]
    story_dir.mkdir()
    text = CLEAN.replace("{if friend: Nadya walks", "{if hunger > 1: Nadya walks").replace(
        "You are {hunger}.", "You are here."
    )
    (story_dir / "story.yaml").write_text(text, encoding="utf-8")
    assert command(args(dir=story_dir)) == 0  # type: ignore[operator]
    out = capsys.readouterr().out
    assert ("warning:" in out and "1 warning" in out.splitlines()[-1]) or "warnings" in out.splitlines()[-1]
    assert command(args(dir=story_dir, strict=True)) == 1  # type: ignore[operator]


def test_stats_reports_reactivity_per_role(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    story_dir = tmp_path / "s"  # type: ignore[operator]
    story_dir.mkdir()
    (story_dir / "story.yaml").write_text(CLEAN, encoding="utf-8")
    assert cmd_stats(args(dir=story_dir)) == 0
    out = capsys.readouterr().out
    assert "Worker: 1 of 2 scenes vary (50%); 2 of 2 decision choices acknowledged later" in out
