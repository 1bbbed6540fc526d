"""Another story (``--scenes DIR``) keeps its own saves and settings (issue 11, item 14).

Before, a three-scene story's title offered Moscow 1921's "Continue — Metalworker · 1920…",
``c`` then failed, and a new game overwrote Moscow 1921's autosave.  The saves folder is
keyed by the story's title (through :mod:`game.locations`, never a path given by anyone);
Moscow 1921's saves stay where they always were.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game import locations
from game.cli import main
from game.engine.model import Story
from game.loading import load_story
from game.saves import AUTOSAVE_FILE, SaveStore
from game.session import Session
from game.ui.app import create_app
from game.ui.screens.story import StoryScreen
from tests.ui.helpers import screen_text

REPO = Path(__file__).resolve().parent.parent.parent
MOSCOW = REPO / "tests" / "data" / "ui_story"  # titled "Moscow 1921", as the shipped story is
OTHER = REPO / "tests" / "data" / "cli" / "good"  # "Test Moscow": three scenes, two roles


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _story(folder: Path) -> Story:
    story = load_story(folder).story
    assert story is not None
    return story


def _moscow_autosave(home: Path) -> bytes:
    """A Moscow 1921 game in progress, autosaved where Moscow 1921's saves have always been."""
    Session.new(_story(MOSCOW), SaveStore(locations.saves_dir()), "metalworker")
    path = home / "saves" / AUTOSAVE_FILE
    assert path.is_file()
    return path.read_bytes()


def _menu(app: object) -> list[str]:
    menu = app.screen.query_one("#menu", OptionList)  # type: ignore[attr-defined]
    return [str(menu.get_option_at_index(i).id) for i in range(menu.option_count)]


async def test_another_story_offers_no_continue_of_moscow_and_never_overwrites_its_autosave(
    home: Path,
) -> None:
    moscow = _moscow_autosave(home)
    other = _story(OTHER)
    app = create_app(OTHER, story=other)  # as `moscow1921 --scenes DIR` makes it
    async with app.run_test(size=(80, 24)) as pilot:
        assert "continue_game" not in _menu(app), screen_text(app.screen)
        assert "Metalworker" not in screen_text(app.screen)
        await pilot.press("n", "1")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
    assert (home / "saves" / AUTOSAVE_FILE).read_bytes() == moscow
    own = locations.saves_dir(other.title) / AUTOSAVE_FILE
    assert json.loads(own.read_text(encoding="utf-8"))["meta"]["story_title"] == "Test Moscow"
    assert own.is_relative_to(home / "stories")

    again = create_app(OTHER, story=other)  # its own game is its Continue
    async with again.run_test(size=(80, 24)):
        assert _menu(again)[0] == "continue_game"
        assert "Worker" in screen_text(again.screen)
    moscow_app = create_app(MOSCOW)  # and Moscow 1921 still finds its own
    async with moscow_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _menu(moscow_app)[0] == "continue_game"
        assert "Metalworker" in screen_text(moscow_app.screen)


def test_the_plain_player_keeps_another_storys_saves_apart(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    moscow = _moscow_autosave(home)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\nq\n"))
    assert main(["play", "--plain", "--scenes", str(OTHER)]) == 0
    out = capsys.readouterr().out
    assert "Continue" not in out and "1. New game as a Worker" in out
    assert (home / "saves" / AUTOSAVE_FILE).read_bytes() == moscow
    assert (locations.saves_dir("Test Moscow") / AUTOSAVE_FILE).is_file()


async def test_another_story_keeps_its_own_settings(home: Path) -> None:
    other = _story(OTHER)
    app = create_app(OTHER, story=other)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
        chosen = app.theme
    assert not (home / "settings.json").exists()  # Moscow 1921's settings are not touched
    saved = json.loads(locations.settings_path(other.title).read_text(encoding="utf-8"))
    assert saved["theme"] == chosen
    again = create_app(OTHER, story=other)
    assert again.theme == chosen
    assert create_app(MOSCOW).theme != chosen


@pytest.mark.parametrize("title", ["../../etc", "/abs", "Moscow 1921 ", "x" * 500, "\x1b]0;T\x07", ""])
def test_a_storys_folder_is_named_from_its_title_never_a_path(home: Path, title: str) -> None:
    folder = locations.story_dir(title)
    assert folder.parent == home / "stories"
    assert len(folder.name) <= 60 and folder.name.isprintable() and "/" not in folder.name
    assert locations.saves_dir(title) == folder / "saves"
    assert locations.story_dir("Moscow 1921") == home  # the shipped story's saves stay put
