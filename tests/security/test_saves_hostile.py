"""The hostile saves and results files of the attack run (issue 13, item 9), in the real players.

Each of these, as the autosave or as a slot, killed the game at launch, on ``l`` or on
``--load`` with a traceback, and in a results file made ``moscow1921 report`` crash and
write nothing.  Now every file loads, or is listed with its reason and left untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from game import locations
from game.classroom.results import results_from_session, write_results
from game.cli import main
from game.engine.model import Story
from game.loading import load_story
from game.saves import AUTOSAVE_FILE, SaveStore, slot_file_name
from game.session import Session
from game.ui.app import create_app
from game.ui.screens.save_load import SaveLoadScreen
from game.ui.screens.story import StoryScreen
from tests.ui.helpers import screen_text

REPO = Path(__file__).resolve().parent.parent.parent
UI_STORY = REPO / "tests" / "data" / "ui_story"
GOOD = REPO / "tests" / "data" / "cli" / "good"
TITLE_ATTACK = "\u001b]0;TITLE\u0007"

Change = Callable[[dict[str, Any]], None]


def _set(*path: str, value: object) -> Change:
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _origin_with(key: str, value: object) -> Change:
    def change(doc: dict[str, Any]) -> None:
        state = doc["state"]
        origin = {"at": state["at"], "values": dict(state["values"]), "visits": {state["at"]: 1}}
        origin.update(turn=state["turn"], steps=len(state["steps"]))
        first = next(iter(origin[key]))
        origin[key][first] = value
        state["origin"] = origin

    return change


CASES: dict[str, Change | str] = {
    "nested a million deep": "[" * 1_000_000 + "]" * 1_000_000,
    "turn of 5,000 digits": "TURN",
    "saved_at in year 1": _set("saved_at", value="0001-01-01T00:00:00+05:00"),
    "saved_at in year 9999": _set("saved_at", value="9999-12-31T23:59:59-05:00"),
    "origin 'abc'": _set("state", "origin", value="abc"),
    "origin Infinity": _set("state", "origin", value=float("inf")),
    "origin a list": _set("state", "origin", value=[1, 2]),
    "origin value 'abc'": _origin_with("values", "abc"),
    "origin value Infinity": _origin_with("values", float("inf")),
    "origin value a list": _origin_with("values", [1]),
    "origin visits 'abc'": _origin_with("visits", "abc"),
    "origin visits Infinity": _origin_with("visits", float("inf")),
    "origin visits a list": _origin_with("visits", []),
    "a lone surrogate as the name": _set("name", value="\ud800"),
    "an escape in the chapter title": _set("meta", "chapter_title", value=f"Winter{TITLE_ATTACK}"),
}


def _valid_doc(story: Story, folder: Path, role: str) -> dict[str, Any]:
    store = SaveStore(folder)
    session = Session.new(story, store, role)
    session.save("template")
    doc: dict[str, Any] = json.loads(store.path_for("template").read_text(encoding="utf-8"))
    store.delete("template")
    store.delete_path(store.autosave_path)
    return doc


def _hostile(case: str, doc: dict[str, Any]) -> bytes:
    change = CASES[case]
    if isinstance(change, str) and change != "TURN":
        return change.encode()
    doc = json.loads(json.dumps(doc))
    doc["name"] = case
    if change == "TURN":
        doc["state"]["turn"] = "DIGITS"
        return json.dumps(doc).replace('"DIGITS"', "9" * 5000).encode()
    assert callable(change)
    change(doc)
    return json.dumps(doc, ensure_ascii=True).encode()


def _fill(folder: Path, story: Story, role: str, *, autosave: str | None = None) -> dict[Path, bytes]:
    """Every hostile case as a slot (and ``autosave`` as the autosave); the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = _valid_doc(story, folder, role)
    written = {}
    for case in CASES:
        written[folder / slot_file_name(case)] = _hostile(case, doc)
    if autosave is not None:
        written[folder / AUTOSAVE_FILE] = _hostile(autosave, doc)
    for path, data in written.items():
        path.write_bytes(data)
    os.utime(folder / slot_file_name("origin 'abc'"), (2**40, 2**40))  # a clock 35,000 years ahead
    return written


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _story(folder: Path) -> Story:
    story = load_story(folder).story
    assert story is not None
    return story


# ------------------------------------------------------------------ the Textual player
@pytest.mark.parametrize(
    "autosave",
    [
        "nested a million deep",
        "turn of 5,000 digits",
        "saved_at in year 1",
        "origin value 'abc'",
        "a lone surrogate as the name",
        "an escape in the chapter title",
    ],
)
async def test_the_game_starts_continues_and_lists_every_hostile_save(autosave: str) -> None:
    written = _fill(locations.saves_dir(), _story(UI_STORY), "metalworker", autosave=autosave)
    app = create_app(UI_STORY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        shown = screen_text(app.screen)
        assert "\x1b" not in shown and "\x07" not in shown
        if autosave == "an escape in the chapter title":
            assert "Winter␛]0;TITLE␇" in shown  # the Continue line, its escape made visible
        await pilot.press("c")  # continues the autosave, or says it cannot be read
        await pilot.pause()
        await app.run_action("title")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        listed = screen_text(app.screen)
        assert "\x1b" not in listed and "\x07" not in listed
        slots = app.screen.query_one("#slots", OptionList)
        assert slots.option_count >= len(CASES)  # every slot, and the autosave if it is broken
        assert "Cannot be loaded: not a Moscow 1921 save (nested too deeply)" in listed
    assert app.return_code in (0, None)
    for path, data in written.items():
        if path.name != AUTOSAVE_FILE:
            assert path.read_bytes() == data, f"{path.name} was changed"


async def test_the_load_dialog_shows_an_escape_in_a_chapter_title_as_visible_text() -> None:
    _fill(locations.saves_dir(), _story(UI_STORY), "metalworker")
    app = create_app(UI_STORY)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, SaveLoadScreen)
        slots = app.screen.query_one("#slots", OptionList)
        prompts = [str(slots.get_option_at_index(i).prompt) for i in range(slots.option_count)]
        (escaped,) = [p for p in prompts if "an escape in the chapter title" in p]
        assert "Winter␛]0;TITLE␇" in escaped and "\x1b" not in escaped
        assert "\x1b" not in app.export_screenshot()
        index = prompts.index(escaped)
        slots.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)  # it loads: only its shown text was neutralised


# ------------------------------------------------------------------ the plain player
def test_the_plain_player_lists_every_hostile_save_on_a_strict_utf8_terminal(home: Path) -> None:
    written = _fill(
        locations.saves_dir("Test Moscow"), _story(GOOD), "worker", autosave="a lone surrogate as the name"
    )
    env = {**os.environ, locations.HOME_ENV: str(home), "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--scenes", str(GOOD), "--role", "worker"],
        cwd=REPO,
        env=env,
        input="l\nq\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "- \ufffd: Worker, Winter" in result.stdout  # the lone surrogate, shown as �
    assert "cannot be loaded (not a Moscow 1921 save (nested too deeply))" in result.stdout
    for path, data in written.items():
        if path.name != AUTOSAVE_FILE:
            assert path.read_bytes() == data


@pytest.mark.parametrize("case", ["turn of 5,000 digits", "saved_at in year 9999", "origin visits Infinity"])
def test_load_on_the_command_line_says_why_not(
    home: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(locations.saves_dir("Test Moscow"), _story(GOOD), "worker")
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("q\n"))
    assert main(["play", "--plain", "--scenes", str(GOOD), "--load", case]) == 1
    err = capsys.readouterr().err
    assert err.startswith("moscow1921: ") and "Traceback" not in err


# ------------------------------------------------------------------ the class report
RESULTS_CASES: dict[str, Change | str] = {
    "nested a million deep": "[" * 1_000_000 + "]" * 1_000_000,
    "version of 5,000 digits": "VERSION",
    "finished_at in year 1": _set("finished_at", value="0001-01-01T00:00:00+05:00"),
    "finished_at in year 9999": _set("finished_at", value="9999-12-31T23:59:59-05:00"),
    "started_at in year 1": _set("started_at", value="0001-01-01T00:00:00+05:00"),
    "Infinity as the story version": _set("story", "version", value=float("inf")),
    "a lone surrogate as the role": _set("role", value="\ud800"),
    "a lone surrogate as a choice": _set(
        "decisions", "0", value={"decision": "vote", "scene": "hall", "choice": "\ud800", "historical": True}
    ),
    "an escape in the name": _set("name", value=TITLE_ATTACK),
}


def _results_folder(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    story = _story(GOOD)
    session = Session.new(story, SaveStore(tmp_path / "saves"), "worker")
    while not session.is_over:
        session.choose(next(o for o in session.options() if o.available).choice.id)
    folder = tmp_path / "class"
    good = write_results(results_from_session(session, "Anna"), folder)
    doc = json.loads(good.read_text(encoding="utf-8"))
    written = {}
    for number, (case, change) in enumerate(RESULTS_CASES.items()):
        path = folder / f"case-{number}.json"
        if change == "VERSION":
            data = json.dumps({**doc, "version": "DIGITS"}).replace('"DIGITS"', "1" * 5000).encode()
        elif isinstance(change, str):
            data = change.encode()
        else:
            changed = json.loads(json.dumps(doc))
            if case == "a lone surrogate as a choice":
                changed["decisions"][0]["choice"] = "\ud800"
            else:
                change(changed)
            data = json.dumps(changed, ensure_ascii=True).encode()
        path.write_bytes(data)
        written[path] = data
    return folder, written


@pytest.mark.parametrize("text", [True, False], ids=["text", "html"])
def test_report_lists_every_hostile_results_file_and_writes_the_report(
    tmp_path: Path, text: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, written = _results_folder(tmp_path)
    out = tmp_path / "report.html"
    args = ["report", str(folder), "--scenes", str(GOOD), *(["--text"] if text else ["--out", str(out)])]
    assert main(args) == 0  # Anna's good file is counted
    printed = capsys.readouterr()
    report = printed.out if text else out.read_text(encoding="utf-8")
    assert "\x1b" not in report + printed.err and "\ud800" not in report + printed.err
    skipped = [line for line in printed.err.splitlines() if ": skipped: " in line]
    skipped_files = {Path(line.split(": skipped: ")[0]).name for line in skipped}
    assert skipped_files >= {p.name for p in written if p.name != "case-8.json"}, printed.err
    assert "Anna" in report and "␛]0;TITLE␇" in report  # the escaped name, counted and shown safely
    for path, data in written.items():
        assert path.read_bytes() == data
