"""Episodes: a role started at any chapter, from a state the engine reaches by playing a
preset from the role's start; the start is marked in the state, undo stops at it, and
``stats`` gives each chapter's reading."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from game.classroom.episodes import (
    EPISODE_WORDS,
    PRESETS,
    EpisodeError,
    chapter_reading,
    chapter_starts,
    episodes,
    find_start,
    own_steps,
    playthrough,
    start_episode,
)
from game.engine import play
from game.engine.model import Story
from game.engine.state import STATE_VERSION, Start, StateError, state_from_dict, state_from_json
from game.engine.stats import reachable_scenes, table
from game.plain import PlainPlayer
from game.saves import SaveStore
from game.session import Session
from tests.engine.conftest import StoryMaker

THREE_CHAPTERS = """
story: {title: T, version: 1}
variables:
  bread: {name: Bread, default: 2, min: 0, max: 9}
  brave: {name: Brave, default: false}
roles:
  - {id: worker, name: Worker, description: D, start: w1}
  - {id: clerk, name: Clerk, description: D, start: c1}
chapters:
  - {id: one, title: "1920: One"}
  - {id: two, title: "1921: Two"}
  - {id: three, title: "1922: Three"}
decisions:
  - {id: strike, title: The strike, question: Strike?, happened: They struck.,
     sources: [{quote: they struck, cite: P}]}
  - {id: vote, title: The vote, question: Vote?, happened: They voted.,
     sources: [{quote: they voted, cite: P}]}
endings:
  - {id: end_home, title: Home, epilogue: Home., history: H.}
  - {id: end_jail, title: Jail, epilogue: Jail., history: H.}
scenes:
  - id: w1
    chapter: one
    date: "1920"
    place: P
    title: W1
    prose: Words words words.
    choices:
      - {text: Look around., next: w1_yard}
      - {text: Go on., next: w2}
  - {id: w1_yard, chapter: one, date: "1920", place: P, title: Yard, prose: The yard.,
     choices: [{text: Back., next: w1}, {text: On., next: w2, set: {bread: bread + 1}}]}
  - id: w2
    chapter: one
    date: "1920"
    place: P
    title: W2
    decision: strike
    prose: "{if bread > 2: You have eaten.} Strike?"
    choices:
      - {id: struck, text: Strike., historical: true, next: w3, set: {brave: true}}
      - {id: stayed, text: Stay at the bench., next: w3}
  - id: w3
    chapter: two
    date: "1921"
    place: P
    title: W3
    decision: vote
    prose: "{if chose(strike, struck): You struck. | else: You stayed.} Vote?"
    choices:
      - {id: aye, text: Vote aye., historical: true, next: w4}
      - {id: nay, text: Vote nay., next: end_jail}
  - {id: w4, chapter: three, date: "1922", place: P, title: W4, prose: Later.,
     choices: [{text: Home., next: end_home}]}
  - {id: c1, chapter: one, date: "1920", place: P, title: C1, prose: Desk.,
     choices: [{text: On., next: c2}]}
  - {id: c2, chapter: three, date: "1922", place: P, title: C2, prose: Later desk.,
     choices: [{text: Home., next: end_home}]}
"""


@pytest.fixture
def small(make_story: StoryMaker) -> Story:
    return make_story(THREE_CHAPTERS)


def test_presets_play_the_historical_or_the_other_choice(small: Story) -> None:
    history = playthrough(small, "worker", "history")
    assert [s.choice for s in history[-1].steps] == ["w1_yard", "w2", "struck", "aye", "end_home"]
    dissent = playthrough(small, "worker", "dissent")
    assert [s.choice for s in dissent[-1].steps] == ["w1_yard", "w2", "stayed", "nay"]
    assert dissent[-1].at == "end_jail"


def test_each_chapter_starts_where_the_preset_first_enters_it(small: Story) -> None:
    starts = chapter_starts(small, "worker")
    assert [(s.number, s.chapter, s.preset, s.state.at) for s in starts] == [
        (1, "one", None, "w1"),
        (2, "two", "history", "w3"),
        (2, "two", "dissent", "w3"),
        (3, "three", "history", "w4"),  # against the current, the worker is in jail by then
    ]
    two = starts[1]
    assert two.state.start == Start("two", "history", 3)
    assert two.state.values["bread"] == 3 and two.state.values["brave"] is True
    assert [(t.decision, t.choice) for t in two.before] == [("The strike", "Strike.")]
    # the clerk's second chapter is the story's third
    assert [(s.number, s.chapter) for s in chapter_starts(small, "clerk")] == [(1, "one"), (2, "three")]


def test_a_chapter_is_found_by_id_or_number_and_errors_say_what_there_is(small: Story) -> None:
    assert find_start(small, "worker", "3").chapter == "three"
    assert find_start(small, "worker", "two", "dissent").preset == "dissent"
    with pytest.raises(EpisodeError, match=r"no chapter 'four' to start at \(choose 1 or one \(1920: One\);"):
        find_start(small, "worker", "four")
    with pytest.raises(EpisodeError, match=r"never reaches the chapter 'three'.*start it as: history"):
        find_start(small, "worker", "three", "dissent")
    with pytest.raises(EpisodeError, match=r"no preset 'brave'.*history, dissent"):
        find_start(small, "worker", "two", "brave")
    with pytest.raises(EpisodeError, match="no role 'tsar'"):
        find_start(small, "tsar", "two")


def test_a_start_is_a_saved_game_marked_with_where_it_began(small: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    session = start_episode(small, store, "worker", "two", "history")
    assert session.started_at is not None
    resumed = Session.resume(small, store)
    assert resumed is not None and resumed.state == session.state
    assert resumed.state.start == Start("two", "history", 3)
    document = json.loads(session.state.to_json())
    assert document["version"] == STATE_VERSION == 3 and document["min_version"] == 2
    assert document["start"] == {"chapter": "two", "preset": "history", "steps": 3}
    # the player's own choices come after the preset's; undo stops at the chapter's start
    assert own_steps(session.state) == 3
    assert session.undo() is False
    session.choose("aye")
    assert session.state.start == Start("two", "history", 3)
    assert session.undo() is True and session.state.at == "w3"
    assert session.state.start == Start("two", "history", 3)


def test_an_old_save_loads_as_a_whole_game_and_a_damaged_mark_is_refused(small: Story) -> None:
    state = play.choose(small, play.new_game(small, "worker"), "w2")
    old = {**json.loads(state.to_json()), "version": 1, "visits": dict(state.visits)}  # as version 1 wrote
    old.pop("min_version")
    assert state_from_dict(old, small).start is None
    started = find_start(small, "worker", "two").state
    assert state_from_json(started.to_json(), small) == started
    for bad in (
        {"chapter": "two"},
        {"chapter": 2, "preset": "x", "steps": 1},
        "two",
        {"chapter": "two", "preset": "history", "steps": True},
    ):
        damaged = {**json.loads(started.to_json()), "start": bad}
        with pytest.raises(StateError, match="where it began"):
            state_from_dict(damaged, small)


LOOP = """
story: {title: T, version: 1}
variables: {free: {name: Free, default: false}}
roles: [{id: r, name: R, description: D, start: a}]
chapters: [{id: c, title: C}]
endings: [{id: e, title: E, epilogue: x, history: y}]
scenes:
  - {id: a, chapter: c, date: "1920", place: P, title: A, prose: A., choices: [{text: On., next: b}]}
  - {id: b, chapter: c, date: "1920", place: P, title: B, prose: B.,
     choices: [{text: Back., next: a}, {text: Out., next: e, if: free}]}
"""


def test_a_loop_with_no_way_out_is_an_error_not_a_hang(make_story: StoryMaker) -> None:
    with pytest.raises(EpisodeError, match="goes round in circles"):
        playthrough(make_story(LOOP), "r", "history")


def test_chapter_reading_renders_each_scene_in_the_state_it_is_read_in(small: Story) -> None:
    rows = {r.chapter: r for r in chapter_reading(small, "worker", "history")}
    assert list(rows) == ["one", "two", "three"]
    assert rows["one"].decisions == ("strike",) and rows["two"].decisions == ("vote",)
    # W3, "You struck. Vote?" (one branch, as rendered), its two choices, and the panel
    assert rows["two"].words == 1 + 3 + 2 + 2 + 2 + 2
    dissent = {r.chapter: r for r in chapter_reading(small, "worker", "dissent")}
    assert set(dissent) == {"one", "two"}  # against the current, the game ends in chapter two...
    assert dissent["two"].words == rows["two"].words + 3  # ...so the jail ending is read there


def test_episodes_pack_chapters_into_lessons(small: Story) -> None:
    whole = episodes(small, "worker")
    assert [e.chapters for e in whole] == [("one", "two", "three")]  # a short story is one episode
    split = episodes(small, "worker", budget=30)
    assert split[0].chapters == ("one",)
    assert all(e.words <= 30 or len(e.chapters) == 1 for e in split[:-1])
    assert EPISODE_WORDS == 25 * 150


def test_the_stats_table_renders_a_passage_as_its_role_reads_it(make_story: StoryMaker) -> None:
    prose = 'prose: "{if role(clerk)}\\nMany many many many many words.\\n{else}\\nFew.\\n{end}"'
    story = make_story(THREE_CHAPTERS.replace("prose: Desk.", prose))
    clerk = {row.chapter: row.words for row in table(story) if row.role == "Clerk"}
    assert clerk["1920: One"] == 1 + 1 + 6  # the title, "On.", and the clerk's branch of the prose


def test_the_plain_player_starts_at_a_chapter_and_says_who_you_have_been(
    small: Story, tmp_path: Path
) -> None:
    out = io.StringIO()
    player = PlainPlayer(small, SaveStore(tmp_path / "s"), io.StringIO("1\n"), out)
    player.run(role="worker", chapter="2")
    shown = out.getvalue()
    assert "You begin at the chapter “1921: Two”." in shown
    assert "Who you have been (as most did)" in shown and "- The strike: Strike." in shown
    assert "You struck. Vote?" in shown


# ---------------------------------------------------------------- the shipped story
@pytest.mark.parametrize("role", ["metalworker", "delegate"])
def test_every_chapter_of_the_shipped_roles_starts_and_plays_to_an_ending(story: Story, role: str) -> None:
    starts = chapter_starts(story, role)
    reached = {story.scenes[s].chapter for s in reachable_scenes(story, story.roles[role].start)}
    assert {s.chapter for s in starts} == reached, "every chapter the role can reach has a start"
    assert {s.preset for s in starts if s.number > 1} >= {"history"}
    for start in starts:
        assert story.scenes[start.state.at].chapter == start.chapter
        for seed in range(3):  # the first choice, then random ones: any way on from the start ends
            rng = random.Random(seed)
            state = start.state
            for _ in range(500):
                if play.is_over(story, state):
                    break
                options = play.available_choices(story, state)
                state = play.choose(story, state, (options[0] if seed == 0 else rng.choice(options)).id)
            assert play.is_over(story, state), f"{role} from {start.chapter} ({start.preset}) never ended"
            assert state.start == start.state.start


@pytest.mark.parametrize("role", ["metalworker", "delegate"])
def test_shipped_episodes_fit_a_lesson(story: Story, role: str) -> None:
    runs = episodes(story, role)
    assert len(runs) >= 2, "a role is longer than one lesson's play"
    chapters = [c for e in runs for c in e.chapters]
    assert chapters == list(dict.fromkeys(chapters))  # each chapter in one episode, in order
    for episode in runs:
        assert episode.words <= EPISODE_WORDS * 1.4 or len(episode.chapters) == 1
        assert episode.decisions, "every episode has decision points to discuss"


def test_presets_are_described_for_the_teacher() -> None:
    for preset in PRESETS.values():
        assert preset.name and preset.summary.startswith("at each decision point")
