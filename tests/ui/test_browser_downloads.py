"""In a browser tab the debrief and the results go to the student's own browser, not the server's disk
(issue 11, item 13).  ``App.is_web`` is what textual-serve's driver reports; ``deliver_text`` is
Textual's download, recorded here instead of being sent."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from game import locations
from game.ui.app import MoscowApp
from game.ui.screens.ending import EndScreen
from game.ui.screens.results_name import ResultsNameScreen
from tests.ui.helpers import play_to_end, start_new_game

Delivered = list[dict[str, Any]]


@pytest.fixture
def in_a_browser(monkeypatch: pytest.MonkeyPatch) -> Delivered:
    delivered: Delivered = []

    def deliver_text(self: MoscowApp, file: io.StringIO, **kwargs: Any) -> str:
        delivered.append({"text": file.getvalue(), **kwargs})
        return f"key-{len(delivered)}"

    monkeypatch.setattr(MoscowApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(MoscowApp, "deliver_text", deliver_text)
    return delivered


async def _to_the_end(app: MoscowApp, pilot: Any) -> None:
    await start_new_game(pilot, "metalworker")
    await play_to_end(pilot)
    assert isinstance(app.screen, EndScreen)


async def test_e_hands_the_debrief_to_the_browser(
    make_app: Callable[..., MoscowApp], in_a_browser: Delivered
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_end(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        (sent,) = in_a_browser
        assert app.session is not None and sent["text"] == app.session.debrief_markdown()
        assert sent["save_filename"].startswith("debrief-metalworker-") and sent["save_filename"].endswith(
            ".md"
        )
        assert sent["mime_type"] == "text/markdown"
        assert not list(locations.data_dir().rglob("debrief-*"))  # nothing on the server's disk
        shown = str(app.screen.query_one("#export-path").render())
        assert shown.startswith("Your browser is downloading the debrief:")


async def test_a_live_class_names_the_download_after_the_student(
    make_app: Callable[..., MoscowApp], in_a_browser: Delivered
) -> None:
    app = make_app()
    app.player_name = "Anna K."  # as the class app sets it when the student joins
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_end(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        (sent,) = in_a_browser
        assert sent["save_filename"].startswith("debrief-anna-k-")
        assert "-metalworker-" in sent["save_filename"]


async def test_r_hands_the_results_to_the_browser(
    make_app: Callable[..., MoscowApp], in_a_browser: Delivered
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_end(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResultsNameScreen)
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        (sent,) = in_a_browser
        results = json.loads(sent["text"])
        assert results["name"] == "Anna" and results["status"] == "finished"
        assert sent["save_filename"].startswith("results-") and sent["save_filename"].endswith(".json")
        assert not list(locations.data_dir().rglob("results-*"))
        assert app.session is not None and not app.session.results_unsent


async def test_in_a_terminal_the_files_are_still_written_here(make_app: Callable[..., MoscowApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_end(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert len(list(locations.exports_dir().glob("debrief-*.md"))) == 1
