"""Explore's walk against brute force: every path of small random stories, played by the engine.

The walk shares what a choice does between states (per scene and values, per visit counts and
decisions): these stories' conditions read values only, visit counts or decisions only, or both,
and their effects read values, decisions and the role, so every way of sharing is taken; the
counts explore reports must be exactly those of playing every path.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import play
from game.engine.explore import explore
from game.engine.model import Story
from game.engine.state import GameState
from game.loading import load_story

HEAD = """
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 9}
  card: {name: Card, default: false}
  met: {name: Met Fyodor, default: false, hidden: true}
roles:
  - {id: worker, name: Worker, description: A worker., start: s0}
  - {id: clerk, name: Clerk, description: A clerk., start: s0}
chapters:
  - {id: ch, title: Chapter}
decisions:
  - {id: dp, title: D, question: Q?, happened: H., sources: [{quote: q, cite: c}]}
  - {id: dq, title: E, question: R?, happened: H., sources: [{quote: q, cite: c}]}
"""

CONDITIONS = [
    "hunger > 4",  # values only
    "not card and hunger >= 5",
    "role(clerk) or met",
    "visited(s2) > 0",  # visits and decisions only
    "visited(s1) >= 1 and not chose(dq, b)",
    "chose(dp, a)",
    "chose(dp, b) or card",  # both
    "visited(s3) > 0 and hunger < 6",
]
EFFECTS = [
    "add: {hunger: 2}",
    "add: {hunger: -3}",
    "set: {card: true}",
    "set: {met: true}",
    "set: {hunger: hunger + 1}",
    "set: {met: 'chose(dp, a)'}",  # an effect that reads a decision: worked out at each state
    "set: {card: role(clerk)}",
    "",
]


def random_story(seed: int) -> str:
    """A random DAG of 7 scenes with two decisions and guarded choices (some of them dead ends)."""
    rng = random.Random(seed)
    parts = [HEAD, "scenes:\n"]
    for number in range(7):
        targets = [f"s{t}" for t in range(number + 1, 7)] + ["end", "fall"]
        decision = {0: "dp", 2: "dq"}.get(number)
        lines = []
        for letter in "abc":
            effect = rng.choice(EFFECTS)
            cond = rng.choice(CONDITIONS) if rng.random() < 0.5 else ""
            lines.append(
                f"      - {{id: {letter}, text: '{letter}.'"
                + (f", {effect}" if effect else "")
                + (f", if: '{cond}', unavailable: Not now." if cond else "")
                + f", next: {rng.choice(targets[:3])}}}\n"
            )
        parts.append(
            f"  - id: s{number}\n    chapter: ch\n    date: '1921'\n    place: P\n    title: T\n"
            + (f"    decision: {decision}\n" if decision else "")
            + "    prose: Here.\n    choices:\n"
            + "".join(lines)
        )
    parts.append("endings:\n  - {id: end, title: E, epilogue: E., history: H.}\n")
    parts.append("  - {id: fall, title: F, epilogue: F., history: H.}\n")
    return "".join(parts)


def brute(
    story: Story, role: str
) -> tuple[dict[str, int], set[str], set[str], set[tuple[str, str]], dict[str, int]]:
    """Per ending the paths reaching it and the fewest steps; the scenes reached; the dead ends; the
    choices ever available: every path played by the engine, nothing merged."""
    paths: dict[str, int] = {}
    shortest: dict[str, int] = {}
    scenes: set[str] = set()
    dead: set[str] = set()
    available: set[tuple[str, str]] = set()

    def visit(state: GameState, depth: int) -> None:
        if play.is_over(story, state):
            paths[state.at] = paths.get(state.at, 0) + 1
            shortest[state.at] = min(shortest.get(state.at, depth), depth)
            return
        scenes.add(state.at)
        choices = play.available_choices(story, state)
        if not choices:
            dead.add(state.at)
        for choice in choices:
            available.add((state.at, choice.id))
            visit(play.choose(story, state, choice.id), depth + 1)

    visit(play.new_game(story, role), 0)
    return paths, scenes, dead, available, shortest


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**9))
def test_explore_counts_what_playing_every_path_counts(tmp_path_factory, seed: int) -> None:  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("story")
    (folder / "story.yaml").write_text(random_story(seed), encoding="utf-8")
    result = load_story(folder)
    assert result.story is not None, [str(p) for p in result.problems][:3]
    story = result.story
    report = explore(story)
    available: set[tuple[str, str]] = set()
    for found in report.roles:
        paths, scenes, dead, seen, shortest = brute(story, found.role)
        available |= seen
        assert {e: n for e, n in found.endings.items() if n} == paths
        assert found.scenes == scenes
        assert set(found.dead_ends) == dead
        for ending, steps in found.ending_paths.items():
            assert len(steps) == shortest[ending]
            assert play.replay(story, found.role, steps).at == ending
        for scene, steps in found.dead_ends.items():
            assert play.replay(story, found.role, steps).at == scene
    reached = {s for r in report.roles for s in r.scenes}
    expected = {(s.id, c.id) for s in story.scenes.values() if s.id in reached for c in s.choices} - available
    assert set(report.never_available) == expected


def test_a_walk_cut_short_keeps_one_choice_per_edge(tmp_path: Path) -> None:
    """At the state limit some choices of a state lead nowhere new: the edges kept and the choices
    they were taken by stay paired (the text reading zips them)."""
    for seed in range(30):
        (tmp_path / "story.yaml").write_text(random_story(seed), encoding="utf-8")
        story = load_story(tmp_path).story
        assert story is not None
        full = explore(story).states
        for limit in (3, 7, full // 2):
            report = explore(story, max_states=limit)
            assert report.states <= limit
            assert any(role.truncated for role in report.roles) == (limit < full)
