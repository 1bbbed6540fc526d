"""Explore reads every passage in every state, exactly, without multiplying its states.

The central test compares explore with brute force: random small stories whose text reads
variables, visit counts and earlier answers are played along every path by the real engine,
and each probe's outcomes (which branch each alternative shows, what each value prints) must
be exactly the ones explore reports.
"""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import play
from game.engine.explore import explore
from game.engine.explore_groups import MAX_GROUP
from game.engine.explore_probes import find_probes
from game.engine.model import Story, plain_prose
from game.engine.state import GameState
from game.engine.stats import target_words, words
from game.engine.view import aftermath
from game.loading import load_story
from tests.engine.conftest import StoryMaker

HEAD = """
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 9}
  card: {name: Card, default: false}
  met: {name: Met Fyodor, default: false, hidden: true}
roles:
  - {id: worker, name: Worker, description: A worker., start: s0}
chapters:
  - {id: ch, title: Chapter}
"""


def scene(ident: str, prose: str, choices: str, decision: str = "") -> str:
    extra = f"    decision: {decision}\n" if decision else ""
    return (
        f"  - id: {ident}\n    chapter: ch\n    date: '1921'\n    place: P\n    title: T\n{extra}"
        f"    prose: |\n{textwrap.indent(prose, '      ')}\n"
        f"    choices:\n{textwrap.indent(choices, '      ')}"
    )


MEMORY = (
    HEAD
    + """
decisions:
  - {id: dp, title: D, question: Q?, happened: H., sources: [{quote: q, cite: c}]}
scenes:
"""
    + scene(
        "s0",
        "Start.",
        "- {id: meet, text: Meet Fyodor., set: {met: true}, next: s1}\n"
        "- {id: skip, text: Walk on., next: s1}\n",
        "dp",
    )
    + "\n"
    + scene(
        "s1",
        "Work.",
        "- {id: eat, text: Eat., add: {hunger: -2}, next: s2}\n- {id: work, text: Work., next: s2}\n",
    )
    + "\n"
    + scene(
        "s2",
        "{if met: Fyodor nods. | else: A stranger nods.}\n{if chose(dp, meet)}\nHe remembers.\n{end}",
        "- {text: 'Leave {if hunger < 5: fed}.', aftermath: '{if met: Fyodor waves.}', next: end}\n",
    )
    + """
endings:
  - id: end
    title: End
    epilogue: "{if hunger > 4: Hungry. | else: Fed.} {if card: Never.}"
    history: H.
"""
)


def test_text_that_only_reads_memory_adds_no_state(make_story: StoryMaker) -> None:
    with_text = explore(make_story(MEMORY))
    plain = explore(make_story(MEMORY.replace("{if met: Fyodor nods. | else: A stranger nods.}", "Nods.")))
    assert with_text.states == plain.states  # 'met' is kept in the packed groups, not in the states
    assert "s2" in with_text.roles[0].varying and "end" in with_text.roles[0].varying


def test_never_varies_and_dead_text_are_reported(make_story: StoryMaker) -> None:
    report = explore(make_story(MEMORY))
    messages = [str(lint) for lint in report.text_lints]
    # card is never set: the ending's {if card: ...} shows nothing in every state.
    assert any(lint.kind == "never-varies" and "shows nothing" in lint.message for lint in report.text_lints)
    assert sum("epilogue of 'end'" in m for m in messages) == 1, messages
    assert all(lint.pos is not None for lint in report.text_lints)
    dead = make_story(
        MEMORY.replace("{if hunger > 4: Hungry. | else: Fed.}", "{if hunger > 7: Starving. | else: Fed.}")
    )
    found = explore(dead).text_lints
    assert any(
        lint.kind == "dead-text" or "always shows its branch 'else'" in lint.message for lint in found
    ), found


def test_word_bounds_follow_the_text_shown(make_story: StoryMaker) -> None:
    story = make_story(MEMORY)
    report = explore(story)
    fewest, most = report.roles[0].reading["end"]
    paths = list(every_path(story, "worker"))
    read = [sum(words_at(story, state) for state in states) for states in paths]
    assert fewest <= min(read) and max(read) <= most
    assert most - fewest <= 12  # bounds, but tight ones: the alternatives differ by a few words


# ------------------------------------------------------------------ brute force


def every_path(story: Story, role: str) -> list[list[GameState]]:
    """Every sequence of states from the role's start to an ending, played by the engine."""
    out: list[list[GameState]] = []
    stack = [[play.new_game(story, role)]]
    while stack:
        states = stack.pop()
        last = states[-1]
        if play.is_over(story, last):
            out.append(states)
            continue
        for choice in play.available_choices(story, last):
            stack.append([*states, play.choose(story, last, choice.id)])
    return out


def words_at(story: Story, state: GameState) -> int:
    from game.engine.stats import words

    return target_words(story, state.at, play.context(state)) + words(aftermath(story, state))


def brute_outcomes(story: Story, cap: int = 3) -> dict[int, set[object]]:
    """Every probe's outcomes over every reachable state, found by the engine itself: a breadth-first
    search over whole states (position, every value, visit counts up to ``cap``, every answer given),
    with nothing forgotten and nothing packed."""
    probes = find_probes(story)
    seen: dict[int, set[object]] = {probe.number: set() for probe in probes}

    def key(state: GameState) -> tuple[object, ...]:
        visits = tuple(sorted((s, min(cap, n)) for s, n in state.visits.items()))
        answers = frozenset((step.decision, step.choice) for step in state.steps if step.decision)
        return (state.at, tuple(sorted(state.values.items())), visits, answers)

    def read(state: GameState, via: tuple[str, str] | None) -> None:
        ctx = play.context(state)
        for probe in probes:
            if probe.where == state.at and probe.via == via:
                outcome = probe.outcome(story, ctx)
                if outcome is not None:
                    seen[probe.number].add(outcome)

    for role in story.roles:
        start = play.new_game(story, role)
        known = {key(start)}
        queue = [start]
        read(start, None)
        while queue:
            state = queue.pop()
            if play.is_over(story, state):
                continue
            for choice in play.available_choices(story, state):
                after = play.choose(story, state, choice.id)
                read(after, (state.at, choice.id))  # its aftermath, on this way only
                if key(after) not in known:
                    known.add(key(after))
                    read(after, None)
                    queue.append(after)
    return seen


def random_story(seed: int) -> str:
    """A small random story (a DAG of 6 scenes) whose texts read what its choices change."""
    rng = random.Random(seed)
    conditions = [
        "hunger > 4",
        "hunger <= 2",
        "card",
        "not card and hunger >= 5",
        "met",
        "visited(s2) > 0",
        "visited(s1) >= 2",
        "chose(dp, a)",
        "chose(dp, b) or card",
        "role(clerk)",
    ]
    effects = [
        "add: {hunger: 2}",
        "add: {hunger: -3}",
        "set: {card: true}",
        "set: {met: true}",
        "set: {card: false}",
        "set: {hunger: hunger + 1}",
        "",
    ]

    def text() -> str:
        kind = rng.randrange(4)
        if kind == 0:
            return f"{{if {rng.choice(conditions)}: Yes.}}"
        if kind == 1:
            return f"{{if {rng.choice(conditions)}: A. | elif {rng.choice(conditions)}: B. | else: C.}}"
        if kind == 2:
            return "{hunger}"
        return f"{{if {rng.choice(conditions)}: outer {{if {rng.choice(conditions)}: inner}}.}}"

    parts = [
        HEAD.replace(
            "start: s0}", "start: s0}\n  - {id: clerk, name: Clerk, description: A clerk., start: s0}"
        )
    ]
    parts.append(
        "decisions:\n  - {id: dp, title: D, question: Q?, happened: H., sources: [{quote: q, cite: c}]}\n"
    )
    parts.append("scenes:\n")
    for number in range(6):
        targets = [f"s{t}" for t in range(number + 1, 6)] + ["end"]
        lines = []
        for letter in "ab":
            effect = rng.choice(effects)
            effect_text = f", {effect}" if effect else ""
            condition = (
                f", if: '{rng.choice(conditions)}', unavailable: Not now." if rng.random() < 0.2 else ""
            )
            after = f", aftermath: '{text()}'" if rng.random() < 0.4 else ""
            target = rng.choice(targets[:2])
            if number == 1 and letter == "a":
                target = "s1" if rng.random() < 0.5 else target  # a loop back, saturating visits
                effect_text = effect_text or ", add: {hunger: 1}"
            said = f"'{letter} {text()}'"
            lines.append(f"- {{id: {letter}, text: {said}{effect_text}{condition}{after}, next: {target}}}")
        lines.append("- {id: c, text: Go on., next: " + targets[-1] + "}")
        parts.append(
            scene(f"s{number}", f"P {text()}\n{text()}", "\n".join(lines) + "\n", "dp" if number == 0 else "")
        )
        parts.append("\n")
    parts.append("endings:\n  - {id: end, title: E, epilogue: 'E " + text() + "', history: H.}\n")
    return "".join(parts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10**9))
def test_explore_reads_every_probe_exactly_as_brute_force_does(tmp_path_factory, seed: int) -> None:  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("story")
    (folder / "story.yaml").write_text(random_story(seed), encoding="utf-8")
    result = load_story(folder)
    assert result.problems == [], [str(p) for p in result.problems][:3]
    story = result.story
    assert story is not None
    expected = brute_outcomes(story)
    found = explore_outcomes(story)
    assert found == expected


def explore_outcomes(story: Story) -> dict[int, set[object]]:
    """What explore's text analysis saw, probe by probe (read from its role passes)."""
    from game.engine.explore import _Explorer

    explorer = _Explorer(story, 2_000_000, None)
    seen: dict[int, set[object]] = {probe.number: set() for probe in explorer.text.probes}
    for role in story.roles.values():
        from game.engine.explore import RoleReport

        _, texts = explorer._role(role.id, role.start, 2_000_000, RoleReport(role.id), set())
        for number, outcomes in texts.outcomes.items():
            seen[number] |= outcomes
    return seen


def test_a_group_too_large_to_pack_is_kept_in_the_states(make_story: StoryMaker) -> None:
    size = 60
    text = (
        MEMORY.replace("max: 9}", f"max: {size}}}")
        .replace(
            "{if met: Fyodor nods. | else: A stranger nods.}",
            "{if hunger > 3 and big > 2: Big.}",
        )
        .replace(
            "  met: {name: Met Fyodor",
            f"  big: {{name: Big, default: 0, min: 0, max: {size}}}\n  met: {{name: Met Fyodor",
        )
    )
    text = text.replace("add: {hunger: -2}", "add: {hunger: -2, big: 5}")
    story = make_story(text)
    assert (size + 1) ** 2 > MAX_GROUP
    report = explore(story)
    assert report.kept_for_text > 0
    assert explore_outcomes(story) == brute_outcomes(story)


def test_a_named_text_is_judged_over_every_place_it_is_printed(make_story: StoryMaker) -> None:
    text = (
        MEMORY.replace(
            "endings:\n  - id: end\n",
            "texts:\n  fate:\n    - {if: met, text: He remembered you.}\n    - {text: He forgot you.}\n"
            "endings:\n  - id: end2\n    title: E2\n    epilogue: '{fate}'\n    history: H.\n  - id: end\n",
        )
        .replace(
            "- {text: 'Leave {if hunger < 5: fed}.', aftermath: '{if met: Fyodor waves.}', next: end}",
            "- {text: 'Leave {if hunger < 5: fed}.', aftermath: '{if met: Fyodor waves.}', next: end,"
            " if: met, unavailable: No.}\n"
            "      - {id: away, text: Away., next: end2, if: not met, unavailable: No.}",
        )
        .replace(
            '    epilogue: "{if hunger > 4: Hungry. | else: Fed.} {if card: Never.}"',
            '    epilogue: "{if hunger > 4: Hungry. | else: Fed.} {fate}"',
        )
    )
    report = explore(make_story(text))
    # 'met' reaches only 'end' and 'not met' only 'end2': each place shows one case, together both.
    assert not any("the text 'fate'" in lint.message for lint in report.text_lints), report.text_lints


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_words_on_ascii_text_count_as_the_unicode_pattern_does(text: str) -> None:
    # explore counts every scene's words: ASCII text takes a faster pattern that must count alike.
    assert words(text) == len(re.findall(r"\w[\w'’-]*", plain_prose(text)))
    assert words(text + " café") == words(text) + 1
