"""The story keys the classroom kit reads: role details, factions, decision cases and assemblies."""

from __future__ import annotations

import textwrap
from pathlib import Path

from game.loading import load_story
from tests.loading.test_story_errors import GOOD, line_of, problems_for

KIT = """\
factions:
  - id: non_party
    name: Non-party socialists
    who: Worker socialists outside the parties.
    wants: Equal rations.
    fears: The [[Cheka]].
  - {id: leaders, name: Party leaders, who: The leadership., wants: Order., fears: Collapse.}
assemblies:
  - id: soviet
    title: The soviet
    decision: vote
    setting: The hall fills.
    resolutions:
      - {id: joint, text: Share the executive., passed: false, happened: It was refused.}
      - {id: other, text: Something the talk is silent on., happened: Not recorded.}
    composition:
      total: 2000
      groups:
        - {name: Non-party socialists, count: 500}
      note: The rest are not broken down.
"""

DECISION_EXTRAS = """\
    background: A hungry winter.
    discuss: [Was it a real choice?, Who gained?]
    cases:
      - {by: non_party, text: Share power.}
      - {by: leaders, text: Hold on.}
"""


def story_text(extra: str = KIT, decision_extras: str = DECISION_EXTRAS) -> str:
    text = GOOD.replace(
        '    sources: [{quote: "It passed", cite: Pirani}]\n',
        '    sources: [{quote: "It passed", cite: Pirani}]\n' + decision_extras,
    )
    text = text.replace(
        "  - {id: worker, name: Worker, description: A worker., start: one}\n",
        "  - id: worker\n    name: Worker\n    description: A worker.\n    start: one\n"
        "    composite: Made of many workers.\n    real_people: ['Lenin: the party leader']\n"
        "    wants: Bread.\n    fears: Hunger.\n",
    )
    return text + extra


def test_the_kit_keys_load_into_the_model(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(story_text(), encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == []
    story = result.story
    assert story is not None
    role = story.roles["worker"]
    assert (role.composite, role.real_people, role.wants, role.fears) == (
        "Made of many workers.",
        ("Lenin: the party leader",),
        "Bread.",
        "Hunger.",
    )
    assert list(story.factions) == ["non_party", "leaders"]
    assert story.factions["non_party"].fears == "The [[Cheka]]."
    decision = story.decisions["vote"]
    assert decision.background == "A hungry winter."
    assert decision.discuss == ("Was it a real choice?", "Who gained?")
    assert [(c.by, c.text) for c in decision.cases] == [
        ("non_party", "Share power."),
        ("leaders", "Hold on."),
    ]
    assembly = story.assemblies["soviet"]
    assert assembly.decision == "vote"
    assert [(r.id, r.passed) for r in assembly.resolutions] == [("joint", False), ("other", None)]
    assert assembly.composition is not None
    assert assembly.composition.total == 2000
    assert [(g.name, g.count) for g in assembly.composition.groups] == [("Non-party socialists", 500)]


def test_the_kit_keys_are_optional(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(GOOD, encoding="utf-8")
    story = load_story(tmp_path).story
    assert story is not None
    assert story.factions == {} and story.assemblies == {}
    assert story.decisions["vote"].cases == () and story.decisions["vote"].discuss == ()
    assert story.roles["worker"].real_people == ()


def test_a_case_by_an_unknown_faction_is_located(tmp_path: Path) -> None:
    text = story_text(decision_extras=DECISION_EXTRAS.replace("by: leaders", "by: leadres"))
    problems = problems_for(tmp_path, text)
    line = line_of(text, "by: leadres")
    assert any(
        f"s.yaml:{line}:" in p and "unknown faction 'leadres'" in p and "did you mean 'leaders'" in p
        for p in problems
    ), problems


def test_an_assembly_of_an_unknown_decision_is_located(tmp_path: Path) -> None:
    text = story_text(KIT.replace("decision: vote", "decision: voet"))
    problems = problems_for(tmp_path, text)
    line = line_of(text, "decision: voet")
    assert any(f"s.yaml:{line}:" in p and "unknown decision 'voet'" in p for p in problems), problems


def test_a_composition_larger_than_its_total_is_refused(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, story_text(KIT.replace("count: 500", "count: 2500")))
    assert any("add up to 2500, more than the total 2000" in p for p in problems), problems


def test_an_assembly_needs_resolutions_and_known_keys(tmp_path: Path) -> None:
    text = story_text(KIT.replace("passed: false", "pased: false"))
    problems = problems_for(tmp_path, text)
    assert any("unknown key 'pased'" in p and "did you mean 'passed'" in p for p in problems), problems
    empty = textwrap.dedent(
        """\
        assemblies:
          - {id: a, title: A, decision: vote, setting: S, resolutions: []}
        """
    )
    problems = problems_for(tmp_path, GOOD + empty)
    assert any("assembly 'a' has no resolutions" in p for p in problems), problems


def test_a_faction_missing_a_key_and_an_unknown_glossary_mark_are_reported(tmp_path: Path) -> None:
    text = story_text(KIT.replace("    fears: The [[Cheka]].\n", "")).replace(
        "A hungry winter.", "A [[Chekka]]."
    )
    problems = problems_for(tmp_path, text)
    assert any("faction 'non_party' is missing 'fears'" in p for p in problems), problems
    assert any("unknown glossary term 'Chekka'" in p for p in problems), problems
