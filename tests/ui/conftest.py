"""Fixtures for the Textual player's tests: an isolated data folder and a fixed story."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import textual.constants
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
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


_PARSED_CSS: dict[tuple[object, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(
    stylesheet: Stylesheet,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    """Textual's own parse of a piece of CSS, kept for every app of this process (Textual keeps it
    for one app): the same text, from the same place, with the same variables (the theme's
    colours) gives the same rules, which nothing changes once parsed.  CSS with an error is not
    kept, so each app meets the error again."""
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(stylesheet._variables.items())))
    rules = _PARSED_CSS.get(key)
    if rules is None:
        rules = _PARSED_CSS[key] = _parse_rules(
            stylesheet, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


@pytest.fixture(autouse=True)
def css_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each app the tests start parses the game's stylesheets (and every widget's default CSS)
    anew: 30 of a title screen's 150 ms of CPU, in each of the ~150 apps these tests start.  The
    tests check what the CSS does, not that each app parses it; the first app of each process
    still parses all of it."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", _parse_rules_once)


@pytest.fixture
def ui_story() -> Path:
    return UI_STORY


@pytest.fixture
def make_app(ui_story: Path) -> Callable[..., MoscowApp]:
    """An app for the fixed UI test story (or another folder), as the CLI builds it."""

    def make(scenes: Path | None = None, **kwargs: str) -> MoscowApp:
        return create_app(scenes or ui_story, **kwargs)

    return make
