"""Assembly mode driven by keys: the picker, the setting, each case, the votes, the reveal.

The runs use the small story of tests/classroom/assembly_stories.py (three assemblies, read by
the real loader), at 120x40 and 80x24; the shipped assemblies are driven the same way at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits, Input, OptionList, Static

from game.classroom.assembly import DEFAULT_CLASS_SIZE, VoteMode
from game.engine.model import Story
from game.loading import load_story
from game.ui.assembly_app import AssemblyApp, create_assembly_app
from game.ui.screens.assembly_case import CaseScreen
from game.ui.screens.assembly_count_vote import CountVoteScreen
from game.ui.screens.assembly_hot_seat import HotSeatScreen
from game.ui.screens.assembly_picker import AssemblyPickerScreen
from game.ui.screens.assembly_reveal import RevealScreen
from game.ui.screens.assembly_setting import SettingScreen
from game.ui.screens.assembly_vote_mode import VoteModeScreen
from game.ui.screens.too_small import TooSmallScreen
from tests.classroom.assembly_stories import load

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def story(tmp_path: Path) -> Story:
    return load(tmp_path / "story")


def shown(app: AssemblyApp) -> str:
    """Every text the current screen holds (scrolled out of view or not), one widget a line."""
    texts = [str(static.content) for static in app.screen.query(Static)]
    texts += [f"[{box.id}={box.value}]" for box in app.screen.query(Input)]
    for menu in app.screen.query(OptionList):
        texts += [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
    return "\n".join(texts)


def digits(app: AssemblyApp) -> tuple[str, ...]:
    """The large figures for, against and abstaining."""
    return tuple(d.value for d in app.screen.query(Digits))


async def keys(pilot: Pilot[int], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await pilot.pause()


async def type_counts(pilot: Pilot[int], votes_for: str, against: str, abstain: str) -> None:
    """Type the three counts as a teacher does: a number, Enter, the next number..."""
    for count in (votes_for, against, abstain):
        await keys(pilot, *count, "enter")


async def through_the_cases(pilot: Pilot[int], app: AssemblyApp) -> None:
    """From the setting, Enter through every case to the choice of how to vote."""
    assert isinstance(app.screen, SettingScreen)
    await keys(pilot, "enter")
    while isinstance(app.screen, CaseScreen):
        await keys(pilot, "enter")
    assert isinstance(app.screen, VoteModeScreen), type(app.screen).__name__


# ---------------------------------------------------------------- the picker


async def test_without_a_name_the_picker_offers_every_assembly(story: Story):
    app = create_assembly_app(story)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, AssemblyPickerScreen)
        text = shown(app)
        for assembly in story.assemblies.values():
            assert assembly.title in text
            assert f"moscow1921 assembly {assembly.id}" in text
        await keys(pilot, "2")
        assert isinstance(app.screen, SettingScreen)
        assert app.run_state is not None and app.run_state.assembly.id == "soviet"


async def test_the_picker_by_arrows_and_enter(story: Story):
    app = create_assembly_app(story)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "down", "down", "enter")
        assert isinstance(app.screen, SettingScreen)
        assert app.run_state is not None and app.run_state.assembly.id == "factory"


async def test_a_named_assembly_opens_at_its_setting_and_escape_goes_to_the_picker(story: Story):
    app = create_assembly_app(story, "soviet")
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, SettingScreen)
        text = shown(app)
        assert "The Moscow soviet, April 1921" in text
        assert "Should the non-party socialists sit on the executive?" in text
        assert "The newly elected soviet convenes." in text
        assert "Next: 2 cases, one faction at a time. Then the class votes on 1 resolution." in text
        await keys(pilot, "escape")
        assert isinstance(app.screen, AssemblyPickerScreen)


# ---------------------------------------------------------------- a whole run, counted


@pytest.mark.parametrize("size", SIZES)
async def test_the_conference_from_setting_to_reveal(story: Story, size: tuple[int, int]):
    app = create_assembly_app(story, "conference")
    async with app.run_test(size=size) as pilot:
        text = shown(app)
        assert "Two days in February. The hall is cold [b]and loud[/b]." in text  # markup shown as written
        heard = []
        await keys(pilot, "enter")
        while isinstance(app.screen, CaseScreen):
            heard.append(shown(app))
            await keys(pilot, "right")
        assert len(heard) == 3
        assert "Case 1 of 3" in heard[0] and "Case 3 of 3" in heard[2]
        assert "Non-party worker socialists" in heard[0]
        assert "Workers who backed the revolution but would join no party." in heard[0]
        assert "[bold]not bold[/bold] and [@click=app.quit]no link[/]" in heard[0]
        assert "SR supporters" in heard[1] and "The party leadership" in heard[2]
        assert "Next: SR supporters." in heard[0] and "Next: the vote." in heard[2]

        assert isinstance(app.screen, VoteModeScreen)
        await keys(pilot, "1")
        assert isinstance(app.screen, CountVoteScreen)
        assert "Resolution 1 of 2" in shown(app) and "Equal rations for all workers." in shown(app)
        await type_counts(pilot, "17", "9", "2")
        assert isinstance(app.screen, CountVoteScreen)
        assert "A greater role for the unions in management [red]now[/red]." in shown(app)
        await type_counts(pilot, "10", "15", "3")

        assert isinstance(app.screen, RevealScreen)
        text = shown(app)
        assert "Carried: 17 for, 9 against, 2 abstained." in text
        assert "Passed." in text and "The conference passed it." in text
        assert "Your class decided as the real assembly did." in text
        assert "Defeated: 10 for, 15 against, 3 abstained." in text
        assert "The talk does not say." in text
        assert "there is nothing to compare" in text
        assert "The resolution passed, and within days the party took up the same theme." in text
        assert "“Nevertheless, the resolution was passed" in text
        assert "— Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006" in text
        assert "Simon Pirani argues: The talk gives only the order of events" in text
        assert "The real body" not in text  # the talk gives no composition for this one
        assert "Resolution 2: A greater role for the unions in management [red]now[/red]." in text
        await keys(pilot, "q")
    assert app.return_code == 0


async def test_counts_are_shown_large_as_they_are_typed(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(120, 40)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        assert digits(app) == ("-", "-", "-")
        await keys(pilot, "2", "1", "tab", "4")
        assert app.focused is not None and app.focused.id == "count-against"
        assert digits(app) == ("21", "4", "0")
        assert "25 votes. Carried: 21 for, 4 against, 0 abstained." in shown(app)


async def test_a_vote_without_votes_is_refused_and_letters_cannot_be_typed(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(80, 24)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        await keys(pilot, "x", "-", ".", "enter", "enter", "enter")
        assert isinstance(app.screen, CountVoteScreen)
        status = app.screen.query_one("#vote-status", Static)
        assert "No votes entered" in str(status.content)
        assert status.has_class("-error")
        assert [box.value for box in app.screen.query(Input)] == ["", "", ""]
        await keys(pilot, "ctrl+r")
        assert isinstance(app.screen, CountVoteScreen)
        await keys(pilot, "5", "ctrl+r")
        assert isinstance(app.screen, RevealScreen)
        assert "Carried: 0 for, 0 against, 5 abstained." not in shown(app)
        assert "No votes for or against: 0 for, 0 against, 5 abstained." in shown(app)


async def test_escape_goes_back_a_stage_and_keeps_the_votes(story: Story):
    app = create_assembly_app(story, "conference")
    async with app.run_test(size=(120, 40)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        await type_counts(pilot, "17", "9", "2")
        await type_counts(pilot, "10", "15", "3")
        assert isinstance(app.screen, RevealScreen)
        await keys(pilot, "escape")
        assert isinstance(app.screen, CountVoteScreen)
        assert [box.value for box in app.screen.query(Input)] == ["10", "15", "3"]
        for box_id in ("#count-for", "#count-against"):
            app.screen.query_one(box_id, Input).value = ""
        await keys(pilot, "shift+tab", "shift+tab", "2", "0", "enter", "1", "enter", "enter")
        assert isinstance(app.screen, RevealScreen)
        assert "Carried: 20 for, 1 against, 3 abstained." in shown(app)
        await keys(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, VoteModeScreen)
        await keys(pilot, "escape")
        assert isinstance(app.screen, CaseScreen) and "Case 3 of 3" in shown(app)
        await keys(pilot, "left", "backspace")
        assert isinstance(app.screen, CaseScreen) and "Case 1 of 3" in shown(app)
        await keys(pilot, "escape", "escape")
        assert isinstance(app.screen, AssemblyPickerScreen)


async def test_a_stage_finished_twice_shows_the_next_once(story: Story):
    app = create_assembly_app(story, "conference")
    async with app.run_test(size=(80, 24)) as pilot:
        setting = app.screen
        assert isinstance(setting, SettingScreen)
        setting.action_next()
        setting.action_next()  # Enter pressed twice before the first case is on screen
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and "Case 1 of 3" in shown(app)
        assert len(app.screen_stack) == 3  # the picker, the setting, one case
        await keys(pilot, "escape")
        assert app.screen is setting


async def test_q_quits_even_from_a_number_box(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(80, 24)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1", "4")
        assert isinstance(app.focused, Input)
        await keys(pilot, "q")
    assert app.return_code == 0


# ---------------------------------------------------------------- the hot seat and the soviet


@pytest.mark.parametrize("size", SIZES)
async def test_the_soviet_from_the_hot_seat(story: Story, size: tuple[int, int]):
    app = create_assembly_app(story, "soviet")
    async with app.run_test(size=size) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "2")
        assert isinstance(app.screen, HotSeatScreen)
        assert app.run_state is not None and app.run_state.mode is VoteMode.HOT_SEAT
        assert "Now voting: Non-party worker socialists" in shown(app)
        await keys(pilot, "enter")  # not everyone has voted: Enter does nothing yet
        assert isinstance(app.screen, HotSeatScreen)
        await keys(pilot, "1", "1")
        assert "Non-party worker socialists: For" in shown(app)
        assert "The party leadership: For" in shown(app)
        await keys(pilot, "backspace")  # the leadership thinks again
        assert "Now voting: The party leadership" in shown(app)
        await keys(pilot, "2")
        assert "Every faction has voted." in shown(app)
        assert digits(app) == ("1", "1", "0")
        await keys(pilot, "enter")

        assert isinstance(app.screen, RevealScreen)
        text = shown(app)
        assert "Tied, so not carried: 1 for, 1 against, 0 abstained." in text
        assert "Non-party worker socialists: For" in text and "The party leadership: Against" in text
        assert "Failed." in text and "Your class decided as the real assembly did." in text
        assert f"scaled to a class of {DEFAULT_CLASS_SIZE} (the hot seat does not count the class" in text
        await keys(pilot, "minus", "minus")
        text = shown(app)
        assert "In a class of 28, Non-party socialists (500 of 2000 seats) would be 7 students." in text
        assert "Other seats" in text and "21 students" in text
        assert "The talk does not say how the other 1,500 seats divided." in text
        await keys(pilot, "plus")
        assert (
            "In a class of 29, Non-party socialists (500 of 2000 seats) would be about 7 students (7.2)."
            in (shown(app))
        )


async def test_the_soviet_scaled_to_the_votes_counted(story: Story):
    app = create_assembly_app(story, "soviet")
    async with app.run_test(size=(120, 40)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        await type_counts(pilot, "9", "18", "1")
        text = shown(app)
        assert "scaled to a class of 28 (the number who voted; press + or - to change it)" in text
        assert "In a class of 28, Non-party socialists (500 of 2000 seats) would be 7 students." in text
        assert "Defeated: 9 for, 18 against, 1 abstained." in text


async def test_without_cases_there_is_no_hot_seat(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "enter")
        assert isinstance(app.screen, VoteModeScreen)  # no cases to hear
        assert "no cases are written for this assembly yet" in shown(app)
        await keys(pilot, "2")
        assert isinstance(app.screen, VoteModeScreen)
        await keys(pilot, "1")
        assert isinstance(app.screen, CountVoteScreen)


async def test_p_at_the_reveal_picks_another_assembly(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(80, 24)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        await type_counts(pilot, "3", "1", "0")
        assert isinstance(app.screen, RevealScreen)
        await keys(pilot, "p")
        assert isinstance(app.screen, AssemblyPickerScreen)
        assert app.run_state is None
        await keys(pilot, "1")
        assert app.run_state is not None and app.run_state.assembly.id == "conference"
        assert app.run_state.votes == {}


async def test_the_reveal_stacks_its_columns_when_the_terminal_narrows(story: Story):
    app = create_assembly_app(story, "factory")
    async with app.run_test(size=(120, 40)) as pilot:
        await through_the_cases(pilot, app)
        await keys(pilot, "1")
        await type_counts(pilot, "3", "1", "0")
        compare = app.screen.query_one(".compare")
        assert not compare.has_class("-stacked")
        columns = list(compare.query(".column"))
        assert columns[0].region.y == columns[1].region.y  # side by side
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert compare.has_class("-stacked")
        assert columns[1].region.y > columns[0].region.y  # one above the other


async def test_a_small_terminal_asks_for_more_room(story: Story):
    app = create_assembly_app(story, "conference")
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SettingScreen)


# ---------------------------------------------------------------- screenshots

CASE_ONE = ("enter",)
REVEAL_SOVIET = ("enter", "enter", "enter", "1", "9", "enter", "1", "8", "enter", "1", "enter")


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_case(snap_compare: Callable[..., bool], story: Story, size: tuple[int, int]):
    assert snap_compare(create_assembly_app(story, "conference"), press=CASE_ONE, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_soviet_reveal(snap_compare: Callable[..., bool], story: Story, size: tuple[int, int]):
    assert snap_compare(create_assembly_app(story, "soviet"), press=REVEAL_SOVIET, terminal_size=size)


# ---------------------------------------------------------------- the shipped assemblies

SHIPPED = ("conference", "soviet", "factory")


@pytest.fixture(scope="module")
def shipped() -> Story:
    result = load_story(REPO / "scenes")
    assert result.story is not None, "\n".join(map(str, result.problems))
    missing = [name for name in SHIPPED if name not in result.story.assemblies]
    if missing:
        pytest.skip(f"the shipped story has no {', '.join(missing)} assembly yet")
    return result.story


@pytest.mark.parametrize("which", SHIPPED)
@pytest.mark.parametrize("mode", ["1", "2"])
async def test_each_shipped_assembly_from_setting_to_reveal(shipped: Story, which: str, mode: str):
    assembly = shipped.assemblies[which]
    decision = shipped.decisions[assembly.decision]
    app = create_assembly_app(shipped, which)
    async with app.run_test(size=(80, 24)) as pilot:
        assert assembly.title in shown(app)
        await keys(pilot, "enter")
        for number, case in enumerate(decision.cases, 1):
            assert isinstance(app.screen, CaseScreen)
            text = shown(app)
            assert f"Case {number} of {len(decision.cases)}" in text
            assert shipped.factions[case.by].name in text
            await keys(pilot, "enter")
        assert isinstance(app.screen, VoteModeScreen)
        if mode == "2" and not decision.cases:
            pytest.skip(f"no cases written yet for the {which} assembly")
        await keys(pilot, mode)
        for _ in assembly.resolutions:
            if mode == "1":
                assert isinstance(app.screen, CountVoteScreen)
                await type_counts(pilot, "12", "10", "6")
            else:
                assert isinstance(app.screen, HotSeatScreen)
                for turn in range(len({case.by for case in decision.cases})):
                    await keys(pilot, "123"[turn % 3])
                await keys(pilot, "enter")
        assert isinstance(app.screen, RevealScreen)
        text = shown(app)
        for resolution in assembly.resolutions:
            assert resolution.text.split()[0] in text
        for source in decision.sources:
            assert " ".join(source.quote.split())[:40] in " ".join(text.split())
        if assembly.composition is not None:
            assert "The real body, scaled to your class" in text
            if mode == "1":
                assert "scaled to a class of 28 (the number who voted" in text
