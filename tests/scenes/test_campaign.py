"""The campaign (issue 4) as a player, a teacher and a historian would check it.

Each role is a full playthrough of 25-40 minutes of reading, meets the three named
decision points and more, ends in at least four different ways, and every decision
point carries its background, its sides' cases and its questions for discussion.
"""

from __future__ import annotations

import re

import pytest

from game.engine.explore import ExploreReport
from game.engine.model import Story
from game.engine.stats import WORDS_PER_MINUTE, classroom_words, story_words
from tests.scenes.shipped import shipped_report, shipped_story

# One process explores the shipped story once for every test here (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("shipped_story")

NAMED = {  # the three decision points the issue names, met by both roles
    "metal_conference": "dp_metal_conference",  # DP-04, February 1921
    "soviet": ("dp_soviet_election", "dp_soviet_executive"),  # DP-09, April 1921 (vote / executive)
    "death_penalty": "dp_death_penalty",  # DP-17, 1922
}


@pytest.fixture(scope="module")
def story() -> Story:
    return shipped_story()


@pytest.fixture(scope="module")
def report(story: Story) -> ExploreReport:
    return shipped_report()


def _role_decisions(story: Story, report: ExploreReport, role: str) -> set[str]:
    """The decision points a role can meet in play."""
    (found,) = [r for r in report.roles if r.role == role]
    return {d for d in (story.scenes[s].decision for s in found.scenes) if d is not None}


def test_each_role_reads_25_to_40_minutes_on_every_path(story: Story, report: ExploreReport) -> None:
    for role in report.roles:
        assert role.reading, f"{role.role} reaches no ending"
        fewest = min(low for low, _ in role.reading.values()) / WORDS_PER_MINUTE
        most = max(high for _, high in role.reading.values()) / WORDS_PER_MINUTE
        assert fewest >= 25 and most <= 40, (
            f"{role.role}: a playthrough reads {fewest:.0f}-{most:.0f} minutes"
        )


def test_the_story_is_near_30000_words_per_draft_and_grows_only_in_its_branches(story: Story) -> None:
    # What a player can read in play (scenes, panels, endings, every branch of every passage),
    # and everything written (with the classroom kit, glossary and timeline). Since the second
    # draft (issue 10) the words written grow with the passages that follow the state, while
    # the words one playthrough reads stay at 25-40 minutes (the test above); this bound only
    # stops the story from ballooning.
    in_play, also = story_words(story), classroom_words(story)
    assert in_play >= 22_000, in_play
    assert 27_000 <= in_play + also <= 60_000, (in_play, also)


def test_each_role_has_at_least_four_endings(report: ExploreReport) -> None:
    for role in report.roles:
        assert len(role.endings) >= 4, f"{role.role}: {sorted(role.endings)}"


def test_both_roles_meet_the_three_named_decision_points(story: Story, report: ExploreReport) -> None:
    for role in story.roles:
        met = _role_decisions(story, report, role)
        for name, ids in NAMED.items():
            wanted = {ids} if isinstance(ids, str) else set(ids)
            assert met & wanted, f"{role} never meets the {name} decision point"


def test_at_least_fifteen_decision_points_across_the_roles(story: Story, report: ExploreReport) -> None:
    met = set().union(*(_role_decisions(story, report, role) for role in story.roles))
    assert len(met) >= 15, sorted(met)
    assert set(story.decisions) == met, f"decision points no role meets: {set(story.decisions) - met}"


def test_every_decision_point_has_background_cases_and_questions(story: Story) -> None:
    for decision in story.decisions.values():
        assert decision.background, f"{decision.id} has no background"
        assert 1 <= len(decision.discuss) <= 3, f"{decision.id} needs one to three discussion questions"
        assert all(q.rstrip().endswith("?") for q in decision.discuss), decision.discuss
        sides = {case.by for case in decision.cases}
        assert len(sides) >= 2, f"{decision.id}: cases from at least two sides, not {sorted(sides)}"


def test_every_decision_marks_what_history_did_or_says_the_talk_is_silent(story: Story) -> None:
    for scene in story.scenes.values():
        if scene.decision is None or any(c.historical for c in scene.choices):
            continue
        happened = " ".join(story.decisions[scene.decision].happened.split())
        assert "does not say" in happened, (
            f"{scene.id}: no choice is marked historical, and the panel does not say the talk is silent"
        )


def test_the_three_assemblies_exist_with_their_sides(story: Story) -> None:
    assert set(story.assemblies) == {"conference", "soviet", "factory"}
    for assembly in story.assemblies.values():
        assert len(story.decisions[assembly.decision].cases) >= 3, assembly.id
    soviet = story.assemblies["soviet"].composition
    assert soviet is not None and soviet.total == 2000
    assert [(g.name, g.count) for g in soviet.groups] == [("Non-party socialists", 500)]


def test_glossary_has_thirty_terms_and_marks_what_goes_beyond_the_talk(story: Story) -> None:
    assert len(story.glossary) >= 30, len(story.glossary)
    general = [t for t in story.glossary.values() if t.general]
    assert general, "what goes beyond the source is written as a glossary entry's general: part"


def test_every_decision_point_is_on_the_timeline(story: Story) -> None:
    on_timeline: set[str | None] = {entry.decision for entry in story.timeline}
    on_timeline |= {story.scenes[e.scene].decision for e in story.timeline if e.scene}
    missing = set(story.decisions) - on_timeline
    assert not missing, f"decision points with no timeline entry: {sorted(missing)}"


def test_real_people_named_on_the_role_screen_appear_in_that_role(
    story: Story, report: ExploreReport
) -> None:
    for found in report.roles:
        role = story.roles[found.role]
        text = " ".join(story.scenes[s].prose.source for s in found.scenes)
        text += " ".join(story.decisions[d].happened for d in _role_decisions(story, report, found.role))
        for person in role.real_people:
            name = person.split(":", 1)[0]
            surnames = [w for w in re.split(r"[ ,]+", name) if w and w[0].isupper() and w not in {"and"}]
            assert any(s in text for s in surnames), f"{role.id}: {name} is listed but never appears"
