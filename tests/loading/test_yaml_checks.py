"""The checks made on a story file's text before it is parsed (game/loading/yaml_checks.py)."""

from __future__ import annotations

import pytest

from game.loading.problems import Problem
from game.loading.yaml_checks import control_characters, surely_printable
from game.loading.yaml_nodes import parse_text

F = "scenes/10-winter.yaml"


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


@pytest.mark.parametrize("char", ["\x07", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"])
def test_control_characters_in_bytes_are_located(char: str) -> None:
    """A file read as bytes (as story files are) goes through the byte-level check first."""
    node, problems = parse_text(f"a: \u2013 1\nb: x{char}y\n".encode(), F)
    assert node is None
    p = only_problem(problems)
    assert (p.line, p.col) == (2, 5)
    assert f"U+{ord(char):04X}" in p.message


@pytest.mark.parametrize("char", ["\xa0", "\xab", "\ufffd", "\U0001f600"])
def test_characters_yaml_allows_pass_either_check(char: str) -> None:
    node, problems = parse_text(f"a: x{char}y\n".encode(), F)
    assert problems == []
    assert node is not None


def test_the_byte_check_never_passes_what_the_character_check_refuses() -> None:
    """surely_printable is only a short cut: whatever it passes, control_characters finds nothing in.

    Both look at one character at a time (a lead byte cannot be made across two characters),
    so checking characters one by one covers every text: all of the first planes' rows where
    anything is refused or nearly so, and a sample of the rest."""
    points = [*range(0x3000), *range(0xD000, 0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]
    passed = 0
    for point in points:
        char = chr(point)
        if surely_printable(char.encode("utf-8")):
            passed += 1
            assert control_characters(char, F, []) == char, f"U+{point:04X}"
    assert passed > len(points) // 2  # and it is a short cut for most text
