"""Fixtures for the Textual player's tests: an isolated data folder and a fixed story."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from game import locations
from game.ui.app import MoscowApp, create_app

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


@pytest.fixture
def ui_story() -> Path:
    return UI_STORY


@pytest.fixture
def make_app(ui_story: Path) -> Callable[..., MoscowApp]:
    """An app for the fixed UI test story (or another folder), as the CLI builds it."""

    def make(scenes: Path | None = None, **kwargs: str) -> MoscowApp:
        return create_app(scenes or ui_story, **kwargs)

    return make
