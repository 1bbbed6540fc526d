"""Fixtures for the Textual player's tests: an isolated data folder and a fixed story."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import textual.constants
from textual.widgets import Input

from game import locations
from game.ui.app import MoscowApp, create_app
from tests.conftest import ANIMATIONS

UI_STORY = Path(__file__).resolve().parent.parent / "data" / "ui_story"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty MOSCOW1921_HOME: no real saves or settings are touched."""
    folder = tmp_path / "home"
    monkeypatch.setenv(locations.HOME_ENV, str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make screenshots differ from run to run."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def animated_key_bursts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite turns Textual's animations off (tests/conftest.py); the tests of keys typed in
    bursts (test_key_bursts*.py) run the game as a player's terminal does, animated, since a key
    that lands while a screen is still moving is among the races they look for.  The games they
    serve in other processes are started with the same setting."""
    if not request.node.path.name.startswith("test_key_bursts"):
        return
    monkeypatch.setenv(ANIMATIONS, "full")
    monkeypatch.setattr(textual.constants, ANIMATIONS, "full")


@pytest.fixture
def ui_story() -> Path:
    return UI_STORY


@pytest.fixture
def make_app(ui_story: Path) -> Callable[..., MoscowApp]:
    """An app for the fixed UI test story (or another folder), as the CLI builds it."""

    def make(scenes: Path | None = None, **kwargs: str) -> MoscowApp:
        return create_app(scenes or ui_story, **kwargs)

    return make
