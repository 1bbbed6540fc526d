"""`check` refuses control characters in story text, wherever the text is, with a located problem.

The attack (issue 13, item 8): YAML's double-quoted escapes (``"\\e"``, ``"\\a"``, ``"\\x9b"``,
``"\\u202e"``) put an escape sequence, a bell, a one-byte CSI or a bidirectional override into
prose or a choice's text; before this check they passed with 0 problems and the players wrote
them to the terminal (tmux's pane title became ``PWNED-CHOICE``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.loading import load_story
from tests.loading.test_story_errors import GOOD, line_of

ATTACKS = {
    "escape sequence": r"\e]2;PWNED-CHOICE\e\\",
    "bell": r"ding\a",
    "one-byte CSI": r"\x9b2J",
    "C1 as \\u": r"\u009b31m",
    "bidi override": r"abc\u202Edef",
    "backspace": r"safe\b\b\b\bevil",
    "carriage return": r"all is well\rALL IS LOST",
    "delete": r"x\x7f",
}


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.story is None, "the story with a control character loaded"
    return [str(problem) for problem in result.problems]


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_control_character_in_a_choice_is_refused_where_it_is(tmp_path: Path, attack: str) -> None:
    text = GOOD.replace("text: Stay.", f'text: "Stay.{attack}"')
    problems = _problems(tmp_path, text)
    line = line_of(text, 'text: "Stay.')
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(f"{tmp_path / 's.yaml'}:{line}:"), problem
    assert "the choice's text holds" in problem and "U+" in problem
    assert "remove it" in problem  # the hint
    assert problem.isprintable(), "the problem itself must not carry the control character"


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("prose: The [[Cheka]] watches.", 'prose: "The [[Cheka]] \\e]0;X\\a watches."', "prose"),
        ("story: {title: T, version: 1}", 'story: {title: "T\\e[2J", version: 1}', "title"),
        ("    title: Vote\n", '    title: "Vote\\a"\n', "title"),
        ("happened: It passed.", 'happened: "It\\x9bpassed."', "happened"),
        ("cite: Pirani}", 'cite: "Pirani\\u202e"}', "cite"),
        ("  Cheka: The political police.", '  Cheka: "The \\e[5m police."', "definition"),
        ("epilogue: Over.", 'epilogue: "Over.\\e[?1049h"', "epilogue"),
        ("description: A worker.", 'description: "A \\x07 worker."', "description"),
    ],
)
def test_every_story_text_field_is_checked(tmp_path: Path, old: str, new: str, what: str) -> None:
    assert old in GOOD
    problems = _problems(tmp_path, GOOD.replace(old, new))
    assert any(what in problem and "holds" in problem for problem in problems), problems


def test_tabs_and_line_breaks_in_block_prose_are_fine(tmp_path: Path) -> None:
    text = GOOD.replace(
        "prose: The [[Cheka]] watches.", "prose: |\n      The [[Cheka]]\twatches.\n\n      Still."
    )
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == []


def test_check_exits_1_and_prints_no_control_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "story"
    shutil.copytree(Path(__file__).parent.parent / "data" / "cli" / "good", folder)
    scenes = folder / "10-scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace(
            "text: Stay home.", 'text: "Stay home.\\e]2;PWNED-CHOICE\\e\\\\"'
        ),
        encoding="utf-8",
    )
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "\x1b" not in printed
    assert "an escape (ESC), U+001B" in printed
    assert f"{scenes}:" in printed
