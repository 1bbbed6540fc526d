"""The explorer on small inline stories whose state spaces can be counted by hand."""

from __future__ import annotations

import pytest

from game.engine import play
from game.engine.explore import ExploreReport, RoleReport, explore

from .conftest import StoryMaker

HEAD = """
story: {title: Test, version: 1}
chapters:
  - {id: one, title: One}
"""


def scene(ident: str, choices: str, decision: str | None = None) -> str:
    """A scene in YAML; ``choices`` is the YAML list of its choices, indented by six spaces."""
    extra = f"    decision: {decision}\n" if decision else ""
    return (
        f"  - id: {ident}\n    chapter: one\n    date: 1921\n    place: Moscow\n    title: {ident}\n"
        f"    prose: Text.\n{extra}    choices:\n{choices}"
    )


def ending(ident: str) -> str:
    return f"  - {{id: {ident}, title: {ident}, epilogue: Over., history: So it was.}}\n"


def role_report(report: ExploreReport, role: str) -> RoleReport:
    (found,) = [r for r in report.roles if r.role == role]
    return found


# A DAG with two roles.  Paths from 'a' (worker):
#   end1: a-x-b-p-d-e1, a-x-b-q-d-e1, a-x-b-r-e1, a-y-c-d-e1          = 4
#   end2: a-x-b-p-d-e2, a-x-b-q-d-e2, a-y-c-d-e2                      = 3
#   end3: a-y-c-e3                                                    = 1
# From 'c' (delegate): end1 1, end2 1, end3 1.
DAG = (
    HEAD
    + """
roles:
  - {id: worker, name: Worker, description: W., start: a}
  - {id: delegate, name: Delegate, description: D., start: c}
endings:
"""
    + ending("end1")
    + ending("end2")
    + ending("end3")
    + "scenes:\n"
    + scene("a", "      - {id: x, text: X., next: b}\n      - {id: y, text: Y., next: c}\n")
    + scene(
        "b",
        "      - {id: p, text: P., next: d}\n      - {id: q, text: Q., next: d}\n"
        "      - {id: r, text: R., next: end1}\n",
    )
    + scene("c", "      - {text: D., next: d}\n      - {text: E3., next: end3}\n")
    + scene("d", "      - {text: E1., next: end1}\n      - {text: E2., next: end2}\n")
)


def test_every_ending_is_reached_with_the_exact_number_of_paths(make_story: StoryMaker) -> None:
    report = explore(make_story(DAG))
    worker = role_report(report, "worker")
    assert worker.endings == {"end1": 4, "end2": 3, "end3": 1}
    assert role_report(report, "delegate").endings == {"end1": 1, "end2": 1, "end3": 1}
    assert not worker.cyclic and not worker.truncated
    # No variables: one state per scene and ending reached.
    assert worker.states == 7
    assert role_report(report, "delegate").states == 5
    assert report.states == 12
    assert report.defects == []


def test_path_counts_do_not_depend_on_how_states_merge(make_story: StoryMaker) -> None:
    # The same DAG, but going through 'b' marks the state, so 'd' is reached in two
    # different states: more states, the same number of paths.
    marked = DAG.replace("roles:", "variables:\n  coins: {name: Coins, default: 0, min: 0, max: 5}\nroles:")
    marked = marked.replace("{id: x, text: X., next: b}", "{id: x, text: X., add: {coins: 1}, next: b}")
    # Nothing reads the coins after 'b' adds one: the explorer forgets them and the states merge.
    forgotten = role_report(explore(make_story(marked)), "worker")
    assert forgotten.endings == {"end1": 4, "end2": 3, "end3": 1}
    assert forgotten.states == 7
    # A later condition reads them: 'd' is now reached in two different states.
    read = marked.replace("{text: E1., next: end1}", "{text: E1., if: coins < 5, next: end1}")
    assert read != marked
    worker = role_report(explore(make_story(read)), "worker")
    assert worker.endings == {"end1": 4, "end2": 3, "end3": 1}
    assert worker.states > 7


def test_unreachable_scene_and_unreached_ending_are_defects(make_story: StoryMaker) -> None:
    text = (
        HEAD
        + """
roles:
  - {id: worker, name: Worker, description: W., start: a}
endings:
"""
        + ending("home")
        + ending("lost")
        + "scenes:\n"
        + scene("a", "      - {text: Home., next: home}\n")
        + scene("orphan", "      - {text: Lost., next: lost}\n")
    )
    report = explore(make_story(text))
    assert report.unreachable_scenes == ["orphan"]
    assert report.unreached_endings == ["lost"]
    # A choice in a scene nobody reaches is not also reported as never available.
    assert report.never_available == []
    assert "unreachable scene 'orphan'" in report.defects
    assert "ending 'lost' is never reached" in report.defects
    assert role_report(report, "worker").endings == {"home": 1}


DEAD_END = (
    HEAD
    + """
variables:
  pass: {name: Pass, default: false}
roles:
  - {id: worker, name: Worker, description: W., start: street}
endings:
"""
    + ending("home")
    + ending("never")
    + "scenes:\n"
    + scene(
        "street",
        "      - {id: wait, text: Wait., next: corner}\n"
        "      - {id: ask, text: Ask., set: {pass: true}, next: gate}\n",
    )
    + scene("corner", "      - {id: onward, text: Go on., next: gate}\n")
    + scene(
        "gate",
        "      - {id: show, text: Show the pass., if: pass, next: home}\n"
        "      - {id: fly, text: Fly away., if: not pass and pass, next: never}\n",
    )
)


def test_dead_end_is_reported_with_a_path_that_really_leads_there(make_story: StoryMaker) -> None:
    story = make_story(DEAD_END)
    report = explore(story)
    worker = role_report(report, "worker")
    assert worker.dead_ends == {"gate": [("street", "wait"), ("corner", "onward")]}
    assert "dead end in scene 'gate' (role worker)" in report.defects
    # The example path, replayed by the real engine, ends where no choice can be taken.
    state = play.replay(story, "worker", worker.dead_ends["gate"])
    assert state.at == "gate"
    assert play.available_choices(story, state) == []
    # The same scene is fine on the other path.
    assert worker.endings == {"home": 1}


def test_choice_never_available_and_ending_never_reached(make_story: StoryMaker) -> None:
    report = explore(make_story(DEAD_END))
    assert report.never_available == [("gate", "fly")]
    assert report.unreached_endings == ["never"]
    assert "choice 'fly' in scene 'gate' is never available" in report.defects
    assert "ending 'never' is never reached" in report.defects
    assert report.unreachable_scenes == []


UNBOUNDED_LOOP = (
    HEAD
    + """
roles:
  - {id: worker, name: Worker, description: W., start: queue}
endings:
"""
    + ending("fed")
    + "scenes:\n"
    + scene(
        "queue",
        "      - {id: wait, text: Wait again., next: queue}\n"
        "      - {id: leave, text: Leave., if: visited(queue) >= 3, next: fed}\n",
    )
)


def test_unbounded_loop_terminates_and_reports_unbounded_paths(make_story: StoryMaker) -> None:
    report = explore(make_story(UNBOUNDED_LOOP))
    worker = role_report(report, "worker")
    assert worker.cyclic is True
    assert worker.endings == {"fed": None}
    assert not worker.truncated
    # Visit counts saturate just above 3: a handful of states, not an endless queue.
    assert worker.states < 20
    assert report.defects == []


def test_loop_guarded_by_visited_is_bounded_and_counted_exactly(make_story: StoryMaker) -> None:
    text = (
        HEAD
        + """
roles:
  - {id: worker, name: Worker, description: W., start: queue}
endings:
"""
        + ending("fed")
        + "scenes:\n"
        + scene(
            "queue",
            "      - {id: wait, text: Wait again., if: visited(queue) < 3, next: queue}\n"
            "      - {id: leave, text: Leave., next: fed}\n",
        )
    )
    worker = role_report(explore(make_story(text)), "worker")
    # Leave after the first, second or third visit: three paths, and no cycle.
    assert worker.cyclic is False
    assert worker.endings == {"fed": 3}


def test_merging_paths_explore_few_states(make_story: StoryMaker) -> None:
    # Twenty scenes in a row, each with two choices to the next: 2**20 paths, 21 states.
    length = 20
    scenes = "".join(
        scene(
            f"s{i}",
            f"      - {{id: left, text: Left., next: {f's{i + 1}' if i + 1 < length else 'end'}}}\n"
            f"      - {{id: right, text: Right., next: {f's{i + 1}' if i + 1 < length else 'end'}}}\n",
        )
        for i in range(length)
    )
    text = (
        HEAD
        + "roles:\n  - {id: worker, name: Worker, description: W., start: s0}\nendings:\n"
        + ending("end")
        + "scenes:\n"
        + scenes
    )
    report = explore(make_story(text))
    worker = role_report(report, "worker")
    assert worker.states == length + 1
    assert worker.endings == {"end": 2**length}


ROLES = (
    HEAD
    + """
roles:
  - {id: worker, name: Worker, description: W., start: door}
  - {id: delegate, name: Delegate, description: D., start: door}
endings:
"""
    + ending("street")
    + ending("presidium")
    + "scenes:\n"
    + scene(
        "door",
        "      - {id: out, text: Out., next: street}\n"
        "      - {id: up, text: Up., if: role(delegate), next: presidium}\n"
        "      - {id: both, text: Both., if: role(worker) and role(delegate), next: street}\n",
    )
)


def test_role_conditions_are_explored_per_role(make_story: StoryMaker) -> None:
    report = explore(make_story(ROLES))
    assert role_report(report, "worker").endings == {"street": 1}
    assert role_report(report, "delegate").endings == {"street": 1, "presidium": 1}
    # 'up' is available to one role, so only 'both' is never available.
    assert report.never_available == [("door", "both")]
    assert report.unreached_endings == []


def test_chose_conditions_remember_the_decision_taken(make_story: StoryMaker) -> None:
    text = (
        HEAD
        + """
roles:
  - {id: worker, name: Worker, description: W., start: hall}
decisions:
  - id: vote
    title: Vote
    question: How?
    happened: It passed.
    sources: [{quote: "It passed", cite: Pirani}]
endings:
"""
        + ending("praised")
        + ending("purged")
        + "scenes:\n"
        + scene(
            "hall",
            "      - {id: aye, text: Aye., historical: true, next: after}\n"
            "      - {id: nay, text: Nay., next: after}\n",
            decision="vote",
        )
        + scene(
            "after",
            "      - {id: reward, text: Reward., if: 'chose(vote, aye)', next: praised}\n"
            "      - {id: punish, text: Punish., if: 'chose(vote, nay)', next: purged}\n",
        )
    )
    report = explore(make_story(text))
    worker = role_report(report, "worker")
    # Without remembering the vote, 'after' would merge and each ending would have 2 paths.
    assert worker.endings == {"praised": 1, "purged": 1}
    assert worker.dead_ends == {}
    assert report.defects == []


def test_state_limit_truncates_and_is_a_defect(make_story: StoryMaker) -> None:
    report = explore(make_story(DAG), max_states=4)
    worker = role_report(report, "worker")
    assert worker.truncated is True
    assert worker.states <= 4
    assert any(d.startswith("role worker: exploration stopped at the state limit") for d in report.defects)


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 6])
def test_truncated_report_only_counts_what_was_explored(make_story: StoryMaker, limit: int) -> None:
    story = make_story(DAG)
    report = explore(story, max_states=limit)
    reached = set(story.endings) - set(report.unreached_endings)
    for role in report.roles:
        assert role.truncated
        # Path counts are given only for endings the explorer really reached...
        assert set(role.endings) <= reached, (role.role, role.endings, report.unreached_endings)
        # ... and a scene whose successors were cut off is not a dead end.
        assert role.dead_ends == {}
    # The first role spends the whole budget; the report says a later role was not explored at all.
    assert role_report(report, "worker").states == limit
    delegate = role_report(report, "delegate")
    assert delegate.states == 0 and delegate.limited
    assert "role delegate: not explored: the roles before it used up the state limit" in report.defects
    # With room enough nothing is truncated.
    full = explore(make_story(DAG), max_states=12)
    assert not any(r.truncated for r in full.roles)
    assert full.defects == []


def test_progress_is_reported_on_large_spaces(make_story: StoryMaker) -> None:
    text = (
        HEAD
        + """
variables:
  n: {name: N, default: 0, min: 0, max: 9999}
roles:
  - {id: worker, name: Worker, description: W., start: count}
endings:
"""
        + ending("done")
        + "scenes:\n"
        + scene(
            "count",
            "      - {id: more, text: More., if: n < 9999, add: {n: 1}, next: count}\n"
            "      - {id: stop, text: Stop., next: done}\n",
        )
    )
    calls: list[tuple[int, int]] = []
    report = explore(make_story(text), progress=lambda states, waiting: calls.append((states, waiting)))
    worker = role_report(report, "worker")
    # 10,000 counts and one ending: nothing is read at an ending, so its states merge.
    assert worker.states == 10_001
    assert worker.endings == {"done": 10_000}
    assert [states for states, _ in calls] == [5000, 10_000]


def test_only_endings_downstream_of_a_loop_have_unbounded_paths(make_story: StoryMaker) -> None:
    story = make_story(
        """
        story: {title: T, version: 1}
        roles: [{id: r, name: R, description: D., start: a}]
        chapters: [{id: c, title: C}]
        endings:
          - {id: quick, title: Q, epilogue: E., history: H.}
          - {id: slow, title: S, epilogue: E., history: H.}
        scenes:
          - id: a
            chapter: c
            date: d
            place: p
            title: A
            prose: x
            choices:
              - {text: Out now., next: quick}
              - {text: Into the loop., next: b}
          - id: b
            chapter: c
            date: d
            place: p
            title: B
            prose: x
            choices:
              - {text: Round again., next: b}
              - {text: Leave., next: slow}
        """
    )
    report = explore(story)
    (role,) = report.roles
    assert role.cyclic is True
    assert role.endings == {"quick": 1, "slow": None}
    assert role.ending_paths["quick"] == [("a", "quick")]
    assert role.ending_paths["slow"] == [("a", "b"), ("b", "slow")]


@pytest.mark.parametrize(
    ("condition", "approximate"),
    [
        ("visited(b) > 1", []),
        ("not visited(b) >= 2 and 3 > visited(b)", []),
        ("visited(b) - 1 > 0", ["b"]),
        ("visited(b) > visited(a)", ["a", "b"]),
    ],
)
def test_explore_says_when_visit_counts_make_it_approximate(
    make_story: StoryMaker, condition: str, approximate: list[str]
) -> None:
    story = make_story(
        f"""
        story: {{title: T, version: 1}}
        roles: [{{id: r, name: R, description: D., start: a}}]
        chapters: [{{id: c, title: C}}]
        endings: [{{id: out, title: O, epilogue: E., history: H.}}]
        scenes:
          - id: a
            chapter: c
            date: d
            place: p
            title: A
            prose: x
            choices:
              - {{text: On., next: b}}
          - id: b
            chapter: c
            date: d
            place: p
            title: B
            prose: x
            choices:
              - {{text: Again., next: b, if: "{condition}"}}
              - {{text: Out., next: out}}
        """
    )
    assert explore(story).approximate_visits == approximate


def test_reading_gives_the_fewest_and_most_words_read_on_the_way_to_each_ending(
    make_story: StoryMaker,
) -> None:
    # Every scene reads 4 words: its title (1), "Text." (1), its one- or two-word choices.
    # start -> long1 -> long2 -> fin   or   start -> fin   or   start -> long2 -> fin
    text = (
        HEAD
        + "roles:\n  - {id: w, name: W, description: D., start: start}\n"
        + "endings:\n  - {id: fin, title: Fin, epilogue: Over now., history: So it was.}\n"
        + "scenes:\n"
        + scene(
            "start",
            "      - {id: a, text: Long, next: long1}\n"
            "      - {id: b, text: Short, next: fin}\n"
            "      - {id: c, text: Middle, next: long2}\n",
        )
        + scene("long1", "      - {text: Onward, next: long2}\n")
        + scene("long2", "      - {text: Done, next: fin}\n")
    )
    story = make_story(text)
    report = role_report(explore(story), "w")
    start_words = 1 + 1 + 3  # title, "Text.", three one-word choices
    hop = 1 + 1 + 1  # title, "Text.", one one-word choice
    fin = 1 + 2 + 3  # "Fin", "Over now.", "So it was."
    assert report.reading == {"fin": (start_words + fin, start_words + 2 * hop + fin)}


def test_only_the_answers_a_condition_names_are_told_apart(make_story: StoryMaker) -> None:
    text = (
        HEAD
        + "roles:\n  - {id: w, name: W, description: D., start: ask}\n"
        + "decisions:\n  - {id: d, title: D, question: Q?, happened: H., sources: [{quote: q, cite: c}]}\n"
        + "endings:\n"
        + ending("fin")
        + "scenes:\n"
        + scene(
            "ask",
            "      - {id: a1, text: One., next: then}\n"
            "      - {id: a2, text: Two., next: then}\n"
            "      - {id: a3, text: Three., next: then}\n",
            decision="d",
        )
        + scene(
            "then",
            "      - {id: yes_one, text: It was one., if: 'chose(d, a1)', next: fin}\n"
            "      - {id: any, text: Go., next: fin}\n",
        )
    )
    report = role_report(explore(make_story(text)), "w")
    # 'then' is reached having chosen a1, or not: a2 and a3 look alike to every condition.
    assert report.states == 1 + 2 + 1
    assert report.endings == {"fin": 4}  # a1 then two ways, a2 and a3 one way each
