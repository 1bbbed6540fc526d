"""The live class's commands: ``class NAME --export FILE``, their errors, and what ``serve --class`` runs."""

from __future__ import annotations

import html
import shlex
from pathlib import Path

import pytest

from game import cli
from game.classroom.classdb import ClassDB
from game.classroom.live_cmd import class_command_line, class_notes
from game.engine.model import Story
from tests.classroom.live_support import SCENES, load_shipped, play_student


@pytest.fixture(scope="module")
def shipped() -> Story:
    return load_shipped()


def test_export_writes_the_class_report_of_every_playthrough(
    shipped: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ClassDB.for_class("History 9A", create=True) as db:
        finished = play_student(db, shipped, "Anna <script>", 1, tmp_path)
        play_student(db, shipped, "Boris", 2, tmp_path, decisions=2)
    out = tmp_path / "report.html"
    code = cli.main(["class", "history 9a", "--export", str(out), "--scenes", str(SCENES)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "2 playthroughs by 2 students (1 finished)" in printed.out
    page = out.read_text(encoding="utf-8")
    assert "Anna &lt;script&gt;" in page and "<script>" not in page.split("<body", 1)[1]
    first = shipped.decisions[finished.state.decisions[0].decision or ""]
    assert html.escape(first.title) in page
    # Boris's tab is open, his game unfinished: in progress, not abandoned (issue 11.12).
    assert "1 finished, 1 in progress, 0 abandoned" in page
    assert "<td>in progress</td>" in page


def test_export_of_a_class_nobody_joined_writes_an_empty_report_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ClassDB.for_class("Empty", create=True).close()
    out = tmp_path / "report.html"
    assert cli.main(["class", "Empty", "--export", str(out), "--scenes", str(SCENES)]) == 1
    assert "no student of this class has played" in capsys.readouterr().err
    assert out.exists()


def test_an_unknown_class_is_a_clear_error_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["class", "Nobody", "--export", str(tmp_path / "r.html"), "--scenes", str(SCENES)]) == 1
    err = capsys.readouterr().err
    assert "moscow1921 class: there is no class called 'Nobody'" in err
    assert "Traceback" not in err
    assert cli.main(["play", "--class", "Nobody", "--scenes", str(SCENES)]) == 1
    assert "no class called 'Nobody'" in capsys.readouterr().err


def test_export_into_a_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ClassDB.for_class("History", create=True).close()
    out = tmp_path / "missing" / "report.html"
    assert cli.main(["class", "History", "--export", str(out), "--scenes", str(SCENES)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_every_tab_runs_play_in_the_class_with_the_name_quoted_for_the_shell() -> None:
    name = "9A; rm -rf ~ 'quoted' $HOME"
    words = shlex.split(class_command_line(SCENES, name))
    assert words[-5:] == ["play", "--class", name, "--scenes", str(SCENES.resolve())]
    notes = "\n".join(class_notes(name, 3))
    assert "3 students joined before" in notes
    assert f"moscow1921 class {shlex.quote(name)}" in notes


def test_serve_refuses_a_bad_class_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--class", "   ", "--scenes", str(SCENES)]) == 1
    assert "class name is empty" in capsys.readouterr().err
