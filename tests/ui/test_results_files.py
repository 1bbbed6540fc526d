"""Results files from the Textual player: ``r`` at the ending, and the offer when quitting a game."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from game import locations
from game.classroom.results import read_results
from game.engine.fingerprint import story_fingerprint
from game.ui.app import MoscowApp
from game.ui.screens.ending import EndScreen
from game.ui.screens.quit_offer import QuitOfferScreen
from game.ui.screens.results_name import ResultsNameScreen
from game.ui.screens.story import StoryScreen
from game.ui.widgets.path_text import TOAST_WIDTH, wrap_path
from tests.ui.helpers import app_of, notified, play_to_end, screen_text, start_new_game

MakeApp = Callable[..., MoscowApp]


def results_files() -> list[Path]:
    return sorted(locations.results_dir().glob("*.json"))


async def _after_the_vote(pilot: Pilot[object], app: MoscowApp) -> None:
    """New metalworker game, to the conference, vote for, past what happened: in the strike wave."""
    await start_new_game(pilot, "metalworker")
    for key in ("1", "1", "enter"):
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(app.screen, StoryScreen)
    assert app.session is not None and len(app.session.state.decisions) == 1


async def test_r_at_the_ending_writes_results_with_the_name_typed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await start_new_game(pilot, "metalworker")
        await play_to_end(pilot)
        assert isinstance(app.screen, EndScreen)
        assert "press r to write them to a file" in str(
            app.screen.query_one("#results-path", Static).render()
        )
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsNameScreen)
        assert "how your game ended" in screen_text(app.screen)
        await pilot.press(*"Anna [b]K[/b]")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        [path] = results_files()
        shown = str(app.screen.query_one("#results-path", Static).render())
        assert f"Results for your teacher written to {path}" in shown.replace("\n", "")
        assert "\n".join(wrap_path(f"Results written to {path}", TOAST_WIDTH)) in notified(app)
    results = read_results(path)
    assert app.story is not None and app.session is not None
    assert results.status == "finished" and results.ending == app.session.state.at
    assert results.name == "Anna [b]K[/b]"  # the typed text, verbatim: never markup, never a path
    assert results.fingerprint == story_fingerprint(app.story)
    assert results.started_at is not None
    assert [d.decision for d in results.decisions] == ["dp_tax_in_kind"]


async def test_escape_at_the_name_writes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await start_new_game(pilot, "metalworker")
        await play_to_end(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsNameScreen)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    assert results_files() == []


async def test_quitting_mid_game_offers_results_then_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await _after_the_vote(pilot, app)
        await app.run_action("quit")
        await pilot.pause()
        assert isinstance(app.screen, QuitOfferScreen)
        assert "Your game is saved" in screen_text(app.screen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsNameScreen)
        assert "you stopped here" in screen_text(app.screen)
        assert app.return_code is None
        await pilot.press("enter")  # no name
        await pilot.pause()
        assert app.return_code == 0
    [path] = results_files()
    results = read_results(path)
    assert results.status == "abandoned" and results.ending is None and results.name is None
    assert [(d.decision, d.choice) for d in results.decisions] == [("dp_tax_in_kind", "vote_for")]


async def test_the_quit_offer_can_stay_or_just_quit(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await _after_the_vote(pilot, app)
        await app.run_action("quit")
        await pilot.pause()
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert app.return_code is None  # still running
        await app.run_action("quit")
        await pilot.pause()
        assert isinstance(app.screen, QuitOfferScreen)
        await pilot.press("enter")  # the focused button: Quit
        await pilot.pause()
        assert app.return_code == 0
    assert results_files() == []


async def test_no_offer_before_a_decision(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await start_new_game(pilot, "metalworker")
        await app.run_action("quit")  # no decision yet: quits at once
        await pilot.pause()
        assert not isinstance(app.screen, QuitOfferScreen)
        assert app.return_code == 0


async def test_no_second_offer_once_written(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await _after_the_vote(pilot, app)
        await app.run_action("write_results")  # the command palette's "Results for your teacher"
        await pilot.pause()
        assert isinstance(app.screen, ResultsNameScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        assert len(results_files()) == 1
        assert app.return_code is None
        await app.run_action("quit")  # just written at this very point: no second offer
        await pilot.pause()
        assert not isinstance(app.screen, QuitOfferScreen)
        assert app.return_code == 0


async def test_an_unwritable_results_folder_is_a_notice(make_app: MakeApp, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "results").write_text("a file where the folder should be", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await start_new_game(pilot, "metalworker")
        await play_to_end(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert "could not write the results file" in notified(app)
        assert "press r to write them" in str(app.screen.query_one("#results-path", Static).render())


TO_THE_END = ("n", "1", "1", "1", "enter", "1")  # metalworker: conference, vote for, what happened, home


def test_snapshot_results_name(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    assert snap_compare(make_app(), press=(*TO_THE_END, "r", *"Anna"), terminal_size=(80, 24))


def test_snapshot_quit_offer(snap_compare: Callable[..., bool], make_app: MakeApp) -> None:
    async def quit_mid_game(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await _after_the_vote(pilot, app_of(pilot))
        await pilot.app.run_action("quit")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuitOfferScreen)

    assert snap_compare(make_app(), run_before=quit_mid_game, terminal_size=(80, 24))


async def test_an_app_without_results_files_neither_offers_nor_writes(make_app: MakeApp) -> None:
    app = make_app()
    app.RESULTS_FILES = False  # as a live class may set it: it records every decision itself
    async with app.run_test(size=(100, 34)) as pilot:
        await _after_the_vote(pilot, app)
        await app.run_action("write_results")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        await app.run_action("quit")
        await pilot.pause()
        assert not isinstance(app.screen, QuitOfferScreen)
        assert app.return_code == 0
    assert results_files() == []
