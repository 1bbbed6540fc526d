"""Every output neutralises control characters, whatever their source (issue 13, item 8).

The story checker refuses control characters in story text; these tests feed the outputs
text from the other sources (a save's name, a typed line, a results file's name, a class
database edited by hand) and from the writers' own callers, and read what reaches the
terminal or the file.
"""

from __future__ import annotations

import ast
import io
import sqlite3
from pathlib import Path

import pytest

from game.classroom import joining
from game.classroom.classdb import ClassDB, Progress
from game.classroom.results import results_from_session, write_results
from game.cli import main
from game.engine.model import Story
from game.loading import load_story
from game.plain import PlainPlayer, _Quit
from game.saves import SaveStore
from game.session import Session
from game.ui import story_text

GOOD = Path(__file__).resolve().parent.parent / "data" / "cli" / "good"
GAME = Path(__file__).resolve().parent.parent.parent / "game"
OSC_TITLE = "\x1b]2;PWNED-CHOICE\x1b\\"
ATTACK = f"{OSC_TITLE}\x07\x9b2J\u202eevil\ud800"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MOSCOW1921_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def story() -> Story:
    loaded = load_story(GOOD).story
    assert loaded is not None
    return loaded


def _assert_neutral(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\ud800"):
        assert bad not in text, f"{bad!r} reached the output"


def utf8_stream(data: str = "") -> io.TextIOWrapper:
    """A stream that encodes as a real terminal's does: UTF-8, strict (a lone surrogate raises)."""
    return io.TextIOWrapper(io.BytesIO(data.encode("utf-8", "surrogatepass")), encoding="utf-8")


def test_the_plain_players_writer_neutralises_what_it_is_given(story: Story, tmp_path: Path) -> None:
    out = utf8_stream()
    player = PlainPlayer(story, SaveStore(tmp_path / "saves"), utf8_stream(), out)
    player.say(f"Prose {ATTACK}\n\nnext paragraph")
    with pytest.raises(_Quit):  # the end of input
        player.ask(f"prompt {ATTACK} > ")
    out.flush()
    written = out.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    _assert_neutral(written)
    assert "Prose ␛]2;PWNED-CHOICE␛\\␇\ufffd2J\ufffdevil\ufffd" in written
    assert "next paragraph" in written and "prompt ␛]2;" in written


def test_a_typed_escape_is_not_echoed_raw(story: Story, tmp_path: Path) -> None:
    typed = f"s {OSC_TITLE}\nq\n"
    out = utf8_stream()
    PlainPlayer(story, SaveStore(tmp_path / "saves"), io.StringIO(typed), out).run(role="worker")
    out.flush()
    written = out.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    _assert_neutral(written)
    assert "Saved as '␛]2;PWNED-CHOICE␛\\'." in written


def test_the_textual_text_helpers_neutralise(story: Story) -> None:
    for content in (
        story_text.text(ATTACK),
        story_text.text(ATTACK, "bold"),
        story_text.prose(ATTACK, story),
    ):
        _assert_neutral(content.plain)
        assert "␛]2;PWNED-CHOICE" in content.plain


def _results_folder(story: Story, tmp_path: Path) -> Path:
    session = Session.new(story, SaveStore(tmp_path / "saves"), "worker")
    session.choose(session.options()[0].choice.id)
    folder = tmp_path / "class"
    written = write_results(results_from_session(session, "Anna"), folder)
    written.rename(folder / f"anna{OSC_TITLE}.json")
    (folder / f"notes{OSC_TITLE}\udcff.json").write_bytes(b"not json")  # a name that is not UTF-8
    return folder


def test_report_text_neutralises_file_names(
    story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _results_folder(story, tmp_path)
    assert main(["report", str(folder), "--text", "--scenes", str(GOOD)]) == 0
    printed = capsys.readouterr()
    _assert_neutral(printed.out + printed.err)
    assert "notes␛]2;PWNED-CHOICE␛\\\ufffd.json: skipped" in printed.err


def test_report_html_neutralises_file_names(
    story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _results_folder(story, tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(folder), "--out", str(out), "--scenes", str(GOOD)]) == 0
    html = out.read_text(encoding="utf-8")
    _assert_neutral(html)
    assert "notes␛]2;PWNED-CHOICE" in html
    _assert_neutral(capsys.readouterr().err)


def test_the_class_database_reader_neutralises_names(tmp_path: Path) -> None:
    with ClassDB.create(tmp_path / "class.sqlite3", "7B") as db:
        student = joining.join(db, "Anna").student  # the one way in (game/classroom/joining.py)
        assert student is not None
        db.record(student, Progress("worker", "queue", "winter", None, 0), new_run=True)
        with sqlite3.connect(db.path) as raw:  # edited by hand, or by a tool that checks nothing
            raw.execute("UPDATE students SET name = ?", (f"Anna{OSC_TITLE}",))
            raw.execute("UPDATE runs SET scene = ?", (f"queue{OSC_TITLE}",))
        snapshot = db.snapshot()
        _assert_neutral(snapshot.students[0].name + (snapshot.students[0].scene or ""))
        assert snapshot.students[0].name == "Anna␛]2;PWNED-CHOICE␛\\"
        _assert_neutral(db.playthroughs()[0].student)


# --------------------------------------------------- one way to write a text file
WRITERS_OF_JSON = {"atomic.py", "saves.py", "results.py", "settings.py"}
"""Modules that write JSON (json.dumps escapes every control character) with write_atomic."""


def _calls(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                names.append(func.attr)
            elif isinstance(func, ast.Name):
                names.append(func.id)
    return names


def test_text_files_are_written_only_through_atomic_write_text() -> None:
    """A report, a handout or a debrief cannot be written without printable(): the game has no other
    way to write a text file (write_atomic takes bytes, and only the JSON writers call it)."""
    offenders = []
    for path in sorted(GAME.rglob("*.py")):
        calls = _calls(ast.parse(path.read_text(encoding="utf-8")))
        if "write_atomic" in calls and path.name not in WRITERS_OF_JSON:
            offenders.append(f"{path.relative_to(GAME)} calls write_atomic (use atomic.write_text)")
        for raw in ("write_text", "write_bytes"):
            if (
                raw in calls
                and path.name != "atomic.py"
                and f"from game.atomic import {raw}" not in (path.read_text(encoding="utf-8"))
            ):
                offenders.append(f"{path.relative_to(GAME)} calls Path.{raw}")
    assert offenders == []
