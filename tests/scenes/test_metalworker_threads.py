"""The metalworker's second draft (issue 10) as a player meets it: the story remembers.

Each test plays the shipped scenes through the engine's one renderer (game.engine.view),
the way every front end shows them:

- every ending is reached by real play, and closes the thread of every named character
  of the role with a fate line of its own;
- a thread the player shapes (Semyon, Kolya, Nadya) ends differently when the player
  did differently;
- every choice at a metalworker decision point is felt later: by a scene of its own, an
  aftermath line, or a passage that reads which choice was taken;
- two playthroughs with opposite choices at the first three decision points read mostly
  different story sentences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from game.engine import view
from game.engine.model import Story
from game.engine.state import GameState
from tests.scenes.routes import Picker, play_route, shared_share
from tests.scenes.routes import prefer as _prefer
from tests.scenes.shipped import shipped_story

pytestmark = pytest.mark.xdist_group("shipped_story")

ROLE = "metalworker"

# A route to each ending: the choice to take where one is named, else the first offered.
NON_PARTY: dict[str, str | tuple[str, ...]] = {
    "mw_rations": "back_equal",
    "mw_fyodor_circle": "join_circle",
    "mw_ration_cut": ("told_you", "stand_as_delegate", "tighten_belt"),
    "mw_conf_hall": "heckle",
    "mw_conf_rations": ("speak_for_unions", "hands_for_all"),
    "mw_conf_vote": "vote_for",
    "mw_strike": "sign_demands",
    "mw_kronshtadt": "back_to_work",
    "mw_soviet_vote": ("speak_for_smith", "vote_nonparty"),
    "mw_arrest": "speak_for_semyon",
    "mw_committee": ("stand_nonparty", "vote_nonparty"),
}
PARTY: dict[str, str | tuple[str, ...]] = {
    "mw_rations": "keep_extra",
    "mw_cell_evening": "join_cell",
    "mw_ration_cut": "go_with_cell",
    "mw_conf_hall": "defend_speakers",
    "mw_conf_rations": "with_the_cell",
    "mw_conf_night": "with_kolya",
    "mw_conf_vote": "vote_against",
    "mw_strike": "follow_stepan",
    "mw_kronshtadt": "explain_line",
    "mw_soviet_vote": "vote_party",
    "mw_arrest": "ask_stepan",
    "mw_committee": "stand_cell",
    "mw_church_valuables": "march_banner",
    "mw_sr_meeting": "second_resolution",
}
ROUTES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "end_long_shift": {
        **NON_PARTY,
        "mw_social_contract": "sign_pledge",
        "mw_village_letter": "moscow_is_home",
        "lenin_enrolment": "walk_past",
    },
    "end_card": {
        **PARTY,
        "mw_social_contract": "sign_pledge",
        "mw_village_letter": "send_money_only",
        "lenin_enrolment": "stand_with_cell",
    },
    "end_upstairs": {
        **PARTY,
        "mw_social_contract": "take_the_desk",
        "mw_rate_office": "talk_them_round",
        "mw_upstairs_1924": "work_the_list",
    },
    "end_committee": {
        **NON_PARTY,
        "mw_social_contract": "bargain_rates",
        "mw_after_trial": "lead_the_committee",
        "mw_strike_committee": "recommend_offer",
        "lenin_enrolment": "committee_room",
    },
    "end_village": {
        **NON_PARTY,
        "mw_nep": "send_home",
        "mw_social_contract": "sign_pledge",
        "mw_village_letter": "promise_home",
        "mw_village_autumn": "stay_in_village",
    },
    "end_gate": {
        **NON_PARTY,
        "mw_social_contract": "second_fyodor",
        "mw_after_trial": "lead_the_committee",
        "mw_strike_committee": "committee_out",
        "mw_sacked": "find_other_work",
    },
    "end_arrested": {
        **NON_PARTY,
        "mw_social_contract": "second_fyodor",
        "mw_after_trial": "lead_the_committee",
        "mw_strike_committee": "committee_out",
        "mw_sacked": "keep_organising",
    },
}


def _play(story: Story, pick: Picker) -> tuple[GameState, list[str]]:
    return play_route(story, ROLE, pick)


def _characters(story: Story) -> list[str]:
    return [c.id for c in story.characters.values() if ROLE in c.roles]


@pytest.fixture(scope="module")
def story() -> Story:
    return shipped_story()


@pytest.mark.parametrize("ending", sorted(ROUTES))
def test_each_ending_is_reached_and_gives_every_named_person_a_fate(story: Story, ending: str) -> None:
    state, _ = _play(story, _prefer(ROUTES[ending]))
    assert state.at == ending
    shown = view.ending_view(story, state)
    assert shown is not None
    fates = {f.character.id: f.text for f in shown.fates}
    people = _characters(story)
    assert len(people) >= 12, people
    missing = [p for p in people if not fates.get(p, "").strip()]
    assert not missing, f"{ending}: no fate line for {missing}"
    # Each fate is its own line, not a copy of another person's or of the epilogue.
    assert len(set(fates.values())) == len(fates)
    assert not any(text in shown.epilogue for text in fates.values())


def _fate(story: Story, route: Mapping[str, str | tuple[str, ...]], character: str) -> str:
    state, _ = _play(story, _prefer(route))
    shown = view.ending_view(story, state)
    assert shown is not None
    return next(f.text for f in shown.fates if f.character.id == character)


@pytest.mark.parametrize(
    ("character", "scene", "one", "other"),
    [
        ("semyon", "mw_arrest", "speak_for_semyon", "head_down"),
        ("zina", "mw_arrest", "speak_for_semyon", "collect_bread"),
        ("kolya", "mw_window", "advise_desk", "advise_friends"),
        ("nadya", "mw_rations", "stare_at_boots", "back_equal"),
    ],
)
def test_a_thread_the_player_shaped_ends_differently(
    story: Story, character: str, scene: str, one: str, other: str
) -> None:
    base = {**ROUTES["end_long_shift"]}
    if scene == "mw_rations":  # Nadya's thread: the bread on the road home, or Fyodor's Thursdays
        first = {**base, "mw_rations": one, "mw_walk_with_nadya": "bread_for_nadya"}
    else:
        first = {**base, scene: one}
    second = {**base, scene: other}
    assert _fate(story, first, character) != _fate(story, second, character)


def test_every_metalworker_decision_choice_is_felt_later(story: Story) -> None:
    """A scene of its own, an aftermath line, or a passage or condition that reads the choice."""
    sources = []
    for scene in story.scenes.values():
        sources.append(scene.prose.source)
        for choice in scene.choices:
            sources += [choice.text.source, choice.aftermath.source, choice.condition_text or ""]
    for ending in story.endings.values():
        sources += [ending.epilogue.source, ending.history.source, *(f.text.source for f in ending.fates)]
    sources += [case.passage.source for text in story.texts.values() for case in text.cases]
    reads = " ".join(sources)
    unfelt = []
    for scene in story.scenes.values():
        if scene.decision is None or not (scene.id.startswith("mw_") or scene.id == "lenin_enrolment"):
            continue
        for choice in scene.choices:
            own_scene = sum(c.next == choice.next for c in scene.choices) == 1
            read = re.search(rf"chose\({scene.decision}, {choice.id}\)", reads) is not None
            siblings_read = re.search(rf"chose\({scene.decision}, ", reads) is not None
            if not (own_scene or not choice.aftermath.is_empty or read or siblings_read):
                unfelt.append(f"{scene.id}:{choice.id}")
    assert not unfelt, unfelt


OPPOSITE: tuple[dict[str, str | tuple[str, ...]], ...] = (
    {"mw_rations": "back_equal", "mw_conf_vote": "vote_for", "mw_kronshtadt": "back_to_work"},
    {
        "mw_rations": "keep_extra",
        "mw_conf_vote": "vote_against",
        "mw_kronshtadt": ("explain_line", "sympathy_strike", "say_nothing"),
    },
)


@pytest.mark.parametrize("then", ["first", "last"])
def test_opposite_first_three_decisions_share_well_under_half_their_sentences(
    story: Story, then: str
) -> None:
    """Opposite choices at the first three decision points, then the same rule (always the first,
    or always the last choice offered): each playthrough shares well under half its sentences."""
    (_, a), (_, b) = (_play(story, _prefer(route, then)) for route in OPPOSITE)
    one, two, shared, share = shared_share(a, b)
    print(f"then {then}: {one} and {two} sentences, {shared} shared: {share:.0%} of the shorter")
    assert share < 0.45, f"{share:.0%} of the sentences are shared"
