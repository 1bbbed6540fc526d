"""Assembly mode without the screen: counts, the hot seat, history's outcome, scaling, the command."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli
from game.classroom.assembly import (
    DEFAULT_CLASS_SIZE,
    MAX_COUNT,
    Agreement,
    AssemblyRun,
    Choice,
    HotSeat,
    Outcome,
    Stage,
    Step,
    Tally,
    Vote,
    VoteError,
    VoteMode,
    agreement,
    agreement_text,
    heard_cases,
    history_says,
    parse_count,
    scale,
    scaled_sentence,
    tally_from_text,
    unknown_assembly_message,
    voices,
)
from game.engine.model import Case, Composition, CompositionGroup, Resolution, Story
from tests.classroom.assembly_stories import STORY_YAML, load, write_story

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_story(tmp_path: Path) -> Story:
    return load(tmp_path / "story")


# ---------------------------------------------------------------- counts typed by the teacher


@pytest.mark.parametrize(
    ("typed", "count"), [("", 0), ("  ", 0), ("0", 0), ("17", 17), (" 9 ", 9), ("999", 999)]
)
def test_a_count_is_a_whole_number_and_an_empty_box_is_none(typed: str, count: int):
    assert parse_count(typed, "For") == count


@pytest.mark.parametrize("typed", ["1.5", "-3", "ten", "1e3", "١٢", "+4"])
def test_a_count_that_is_not_a_whole_number_names_its_box(typed: str):
    with pytest.raises(VoteError) as caught:
        parse_count(typed, "Against")
    message = str(caught.value)
    assert message.startswith("Against: ")
    assert "whole number" in message and f"0 to {MAX_COUNT}" in message


def test_a_count_above_the_limit_is_refused():
    with pytest.raises(VoteError, match=f"For: {MAX_COUNT + 1} is more than {MAX_COUNT}"):
        parse_count(str(MAX_COUNT + 1), "For")


def test_every_wrong_box_is_reported_at_once():
    with pytest.raises(VoteError) as caught:
        tally_from_text("x", "3", "2.5")
    message = str(caught.value)
    assert "For: 'x'" in message and "Abstain: '2.5'" in message and "Against" not in message


def test_a_vote_needs_at_least_one_vote():
    with pytest.raises(VoteError, match="No votes entered"):
        tally_from_text("", "0", " ")


def test_a_tally_from_the_boxes():
    tally = tally_from_text("17", "9", "")
    assert (tally.votes_for, tally.against, tally.abstain, tally.total) == (17, 9, 0, 26)


@pytest.mark.parametrize(
    ("counts", "outcome", "words"),
    [
        ((17, 9, 2), Outcome.CARRIED, "Carried: 17 for, 9 against, 2 abstained."),
        ((3, 20, 0), Outcome.DEFEATED, "Defeated: 3 for, 20 against, 0 abstained."),
        ((10, 10, 1), Outcome.TIED, "Tied, so not carried: 10 for, 10 against, 1 abstained."),
        ((0, 0, 28), Outcome.NO_VOTES, "No votes for or against: 0 for, 0 against, 28 abstained."),
    ],
)
def test_the_outcome_of_a_vote(counts: tuple[int, int, int], outcome: Outcome, words: str):
    tally = Tally(*counts)
    assert tally.outcome is outcome
    assert tally.outcome.passed is (outcome is Outcome.CARRIED)
    assert tally.describe() == words


def test_a_tally_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        Tally(1, -1, 0)


# ---------------------------------------------------------------- the cases and the hot seat


def test_cases_are_heard_in_order_with_the_factions_names(small_story: Story):
    cases = heard_cases(small_story, small_story.assemblies["conference"])
    assert [c.faction_id for c in cases] == ["non_party", "sr_supporters", "party_leaders"]
    assert cases[0].name == "Non-party worker socialists"
    assert cases[0].who == "Workers who backed the revolution but would join no party."
    assert cases[2].text.startswith("The state cannot feed")


def test_each_faction_votes_once_from_the_hot_seat_even_if_heard_twice(small_story: Story):
    decision = small_story.decisions["dp_conference"]
    twice = dataclasses.replace(decision, cases=(*decision.cases, Case("non_party", "And again.")))
    story = dataclasses.replace(small_story, decisions={**small_story.decisions, decision.id: twice})
    assert len(heard_cases(story, story.assemblies["conference"])) == 4
    assert [f.id for f in voices(story, story.assemblies["conference"])] == [
        "non_party",
        "sr_supporters",
        "party_leaders",
    ]


def test_an_assembly_without_cases_has_no_hot_seat(small_story: Story):
    assert voices(small_story, small_story.assemblies["factory"]) == []


def test_the_hot_seat_goes_round_in_order_and_can_take_a_vote_back(small_story: Story):
    seat = HotSeat(tuple(voices(small_story, small_story.assemblies["conference"])))
    assert seat.current is not None and seat.current.id == "non_party"
    seat.vote(Choice.FOR)
    seat.vote(Choice.AGAINST)
    assert seat.current is not None and seat.current.id == "party_leaders"
    assert seat.undo()
    assert seat.current is not None and seat.current.id == "sr_supporters"
    seat.vote(Choice.ABSENT)
    seat.vote(Choice.ABSTAIN)
    assert seat.done and seat.current is None
    assert seat.tally() == Tally(1, 0, 1)  # the absent faction is not counted
    with pytest.raises(ValueError, match="every faction has voted"):
        seat.vote(Choice.FOR)


def test_nothing_to_take_back_before_the_first_vote(small_story: Story):
    seat = HotSeat(tuple(voices(small_story, small_story.assemblies["soviet"])))
    assert not seat.undo()
    assert seat.tally() == Tally(0, 0, 0)


# ---------------------------------------------------------------- history's outcome


def _resolution(passed: bool | None) -> Resolution:
    return Resolution("r", "A resolution.", "What happened.", passed)


@pytest.mark.parametrize(
    ("passed", "says"), [(True, "Passed"), (False, "Failed"), (None, "The talk does not say")]
)
def test_what_history_says(passed: bool | None, says: str):
    assert history_says(_resolution(passed)) == says


@pytest.mark.parametrize(
    ("passed", "tally", "found"),
    [
        (True, Tally(10, 2, 0), Agreement.SAME),
        (True, Tally(2, 10, 0), Agreement.DIFFERENT),
        (True, Tally(5, 5, 0), Agreement.DIFFERENT),  # a tie does not carry
        (False, Tally(2, 10, 0), Agreement.SAME),
        (False, Tally(10, 2, 0), Agreement.DIFFERENT),
        (None, Tally(10, 2, 0), Agreement.UNKNOWN),
    ],
)
def test_the_class_beside_history(passed: bool | None, tally: Tally, found: Agreement):
    assert agreement(_resolution(passed), tally) is found
    text = agreement_text(_resolution(passed), tally)
    assert ("does not say" in text) is (found is Agreement.UNKNOWN)
    assert ("differently" in text) is (found is Agreement.DIFFERENT)


# ---------------------------------------------------------------- the real body, scaled

SOVIET = Composition(2000, (CompositionGroup("Non-party socialists", 500),), "The rest is not divided.")


def test_the_soviet_scaled_to_a_class_of_28():
    non_party, others = scale(SOVIET, 28)
    assert (non_party.name, non_party.real, non_party.students, non_party.known) == (
        "Non-party socialists",
        500,
        7,
        True,
    )
    assert (others.name, others.real, others.students, others.known) == ("Other seats", 1500, 21, False)
    assert scaled_sentence(non_party, 2000, 28) == (
        "In a class of 28, Non-party socialists (500 of 2000 seats) would be 7 students."
    )


def test_a_share_that_is_not_whole_is_given_as_about():
    non_party, others = scale(SOVIET, 30)
    assert non_party.exact == pytest.approx(7.5) and others.exact == pytest.approx(22.5)
    assert non_party.students + others.students == 30
    assert scaled_sentence(non_party, 2000, 30).endswith(
        f"would be about {non_party.students} students (7.5)."
    )


@pytest.mark.parametrize("size", range(1, 121))
def test_scaled_groups_add_up_to_the_class(size: int):
    body = Composition(
        1000, (CompositionGroup("A", 333), CompositionGroup("B", 333), CompositionGroup("C", 167))
    )
    groups = scale(body, size)
    assert sum(g.students for g in groups) == size
    assert all(abs(g.students - g.exact) < 1 for g in groups)
    assert [g.name for g in groups] == ["A", "B", "C", "Other seats"]


def test_a_body_fully_divided_has_no_other_seats():
    body = Composition(10, (CompositionGroup("A", 6), CompositionGroup("B", 4)))
    assert [(g.name, g.students) for g in scale(body, 5)] == [("A", 3), ("B", 2)]


def test_one_student_is_not_half_a_student():
    assert [g.students for g in scale(SOVIET, 1)] == [0, 1]


# ---------------------------------------------------------------- a run


def test_a_run_goes_setting_cases_mode_votes_reveal(small_story: Story):
    run = AssemblyRun(small_story, small_story.assemblies["conference"])
    assert run.stages() == [
        Stage(Step.SETTING),
        Stage(Step.CASE, 0),
        Stage(Step.CASE, 1),
        Stage(Step.CASE, 2),
        Stage(Step.MODE),
        Stage(Step.VOTE, 0),
        Stage(Step.VOTE, 1),
        Stage(Step.REVEAL),
    ]
    assert run.after(Stage(Step.CASE, 2)) == Stage(Step.MODE)
    assert run.after(Stage(Step.REVEAL)) is None


def test_a_run_without_cases_goes_from_the_setting_to_the_vote(small_story: Story):
    run = AssemblyRun(small_story, small_story.assemblies["factory"])
    assert run.after(Stage(Step.SETTING)) == Stage(Step.MODE)


def test_a_run_records_votes_and_knows_the_class(small_story: Story):
    run = AssemblyRun(small_story, small_story.assemblies["conference"])
    first, second = run.resolutions
    assert not run.complete and run.class_size == 0
    run.record(first, Vote(Tally(17, 9, 2)))
    run.record(second, Vote(Tally(10, 15, 0)))
    assert run.complete
    assert run.class_size == 28  # the most votes cast on one resolution
    assert run.scale_size() == 28
    with pytest.raises(ValueError, match="not put to this assembly"):
        run.record(_resolution(True), Vote(Tally(1, 0, 0)))


def test_changing_how_the_class_votes_clears_the_votes(small_story: Story):
    run = AssemblyRun(small_story, small_story.assemblies["soviet"])
    run.record(run.resolutions[0], Vote(Tally(3, 1, 0)))
    run.choose_mode(VoteMode.COUNTS)
    assert run.votes  # the same way: kept
    run.choose_mode(VoteMode.HOT_SEAT)
    assert run.votes == {}
    assert run.scale_size() == DEFAULT_CLASS_SIZE  # one voice a faction says nothing of the class


# ---------------------------------------------------------------- the command


def test_an_unknown_assembly_lists_the_valid_ones(small_story: Story):
    message = unknown_assembly_message(small_story, "parliament")
    assert "'parliament'" in message and "conference, soviet, factory" in message


def test_the_command_refuses_an_unknown_assembly_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder = write_story(tmp_path / "story")
    assert cli.main(["assembly", "parliament", "--scenes", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "there is no assembly 'parliament'" in err
    assert "conference, soviet, factory" in err
    assert "Traceback" not in err


def test_the_command_reports_a_broken_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = write_story(
        tmp_path / "story",
        STORY_YAML.replace("decision: dp_soviet\n    setting", "decision: dp_sovet\n    setting"),
    )
    assert cli.main(["assembly", "soviet", "--scenes", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "unknown decision 'dp_sovet'" in err and "00-story.yaml" in err


def test_the_command_says_when_a_story_has_no_assemblies(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    text = STORY_YAML[: STORY_YAML.index("assemblies:")] + STORY_YAML[STORY_YAML.index("endings:") :]
    folder = write_story(tmp_path / "story", text)
    assert cli.main(["assembly", "--scenes", str(folder)]) == 1
    assert "has no assemblies" in capsys.readouterr().err


def test_the_command_accepts_the_name_in_any_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[str | None] = []

    class FakeApp:
        return_code = 0

        def __init__(self, which: str | None) -> None:
            opened.append(which)

        def run(self) -> None:
            pass

    import game.ui.assembly_app

    monkeypatch.setattr(game.ui.assembly_app, "create_assembly_app", lambda story, which: FakeApp(which))
    folder = write_story(tmp_path / "story")
    assert cli.main(["assembly", " Soviet ", "--scenes", str(folder)]) == 0
    assert cli.main(["assembly", "--scenes", str(folder)]) == 0
    assert opened == ["soviet", None]


def test_the_assembly_logic_does_not_import_textual():
    probe = "import json, sys; import game.classroom.assembly; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout)
    assert "game.classroom.assembly" in modules
    assert not [m for m in modules if m.split(".")[0] in ("textual", "rich")]
