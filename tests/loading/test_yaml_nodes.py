"""The safe YAML reader: located nodes for good files, located problems (never exceptions) for bad ones."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine.model import Pos
from game.loading import yaml_nodes
from game.loading.problems import Problem, did_you_mean
from game.loading.yaml_nodes import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    YMap,
    YNode,
    YScalar,
    YSeq,
    parse_file,
    parse_text,
)

F = "scenes/10-winter.yaml"  # the display name every message must carry


def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def scalar(node: YNode | None) -> YScalar:
    assert isinstance(node, YScalar), node
    return node


def mapping(node: YNode | None) -> YMap:
    assert isinstance(node, YMap), node
    return node


def seq(node: YNode | None) -> YSeq:
    assert isinstance(node, YSeq), node
    return node


# --------------------------------------------------------------------------- problems.py


def test_problem_str_with_and_without_hint() -> None:
    assert str(Problem(F, 3, 5, "unknown key 'choises'", "did you mean 'choices'?")) == (
        "scenes/10-winter.yaml:3:5: unknown key 'choises' (did you mean 'choices'?)"
    )
    assert str(Problem(F, 1, 1, "file is empty")) == "scenes/10-winter.yaml:1:1: file is empty"


def test_did_you_mean() -> None:
    assert did_you_mean("choises", ["prose", "choices", "title"]) == "did you mean 'choices'?"
    assert did_you_mean("zzz", ["prose", "choices"]) is None
    assert did_you_mean("x", iter([])) is None


# --------------------------------------------------------------------------- good documents

GOOD = """\
story:
  title: Moscow 1921
  version: 1
  about: |
    Line one.
tags: [a, 'b', 2.5, true, ~]
words: {0: fed, 4: hungry}
empty:
date: 1921-02-01
"""


def test_normal_document_values_types_and_positions() -> None:
    node, problems = parse_text(GOOD, F)
    assert problems == []
    root = mapping(node)
    assert root.pos == Pos(F, 1, 1)
    assert root.keys() == ["story", "tags", "words", "empty", "date"]
    assert root.entries[0][0] == YScalar("story", Pos(F, 1, 1), False)

    story = mapping(root.get("story"))
    assert story.pos == Pos(F, 2, 3)
    assert story.get("title") == YScalar("Moscow 1921", Pos(F, 2, 10), False)
    assert story.entries[1][0].pos == Pos(F, 3, 3)
    version = scalar(story.get("version"))
    assert version.value == 1 and type(version.value) is int and version.pos == Pos(F, 3, 12)
    assert story.get("about") == YScalar("Line one.\n", Pos(F, 4, 10), True)  # a block scalar is quoted
    assert story.get("missing") is None

    tags = seq(root.get("tags"))
    assert tags.pos == Pos(F, 6, 7)
    assert tags.items == (
        YScalar("a", Pos(F, 6, 8), False),
        YScalar("b", Pos(F, 6, 11), True),
        YScalar(2.5, Pos(F, 6, 16), False),
        YScalar(True, Pos(F, 6, 21), False),
        YScalar(None, Pos(F, 6, 27), False),
    )
    assert type(scalar(tags.items[2]).value) is float
    assert scalar(tags.items[3]).value is True

    words = mapping(root.get("words"))
    assert words.keys() == ["0", "4"]
    assert scalar(words.entries[0][0]).value == 0 and type(words.entries[0][0].value) is int
    assert words.get("4") == YScalar("hungry", Pos(F, 7, 20), False)

    assert root.get("empty") == YScalar(None, Pos(F, 8, 7), False)


def test_nodes_are_ordinary_frozen_hashable_dataclasses() -> None:
    # The reader builds nodes through a fast path; they must be indistinguishable from normal ones.
    node, _ = parse_text("a: b\n", F)
    key, value = mapping(node).entries[0]
    same = YScalar("a", Pos(F, 1, 1), False)
    assert key == same and hash(key) == hash(same) and repr(key) == repr(same)
    assert hash(key.pos) == hash(Pos(F, 1, 1))
    with pytest.raises(AttributeError):
        key.value = "c"  # type: ignore[misc]
    assert value == YScalar("b", Pos(F, 1, 4), False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date: 1921-02-01", "1921-02-01"),
        ("date: 2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("date: 1921-2-1 10:00:00", "1921-2-1 10:00:00"),
    ],
)
def test_timestamps_stay_strings(text: str, expected: str) -> None:
    node, problems = parse_text(text, F)
    assert problems == []
    assert mapping(node).get("date") == YScalar(expected, Pos(F, 1, 7), False)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("yes", True),
        ("off", False),
        ("null", None),
        ("0x10", 16),
        ("-3", -3),
        ("1_000", 1000),
        ("1.5e+3", 1500.0),
        ("'3'", "3"),
        ('"true"', "true"),
        ("|\n  7\n", "7\n"),
        ("<<", "<<"),
        ("hello world", "hello world"),
    ],
)
def test_plain_scalars_are_resolved_quoted_ones_are_text(written: str, value: object) -> None:
    node, problems = parse_text(f"v: {written}", F)
    assert problems == []
    got = scalar(mapping(node).get("v")).value
    assert got == value and type(got) is type(value)


def test_quoted_flag() -> None:
    node, _ = parse_text("a: x\nb: 'x'\nc: \"x\"\nd: >\n  x\n", F)
    assert [scalar(v).quoted for _, v in mapping(node).entries] == [False, True, True, True]


def test_top_level_list_is_a_sequence() -> None:
    node, problems = parse_text("- a\n- b: 1\n", F)
    assert problems == []
    items = seq(node).items
    assert items[0] == YScalar("a", Pos(F, 1, 3), False)
    assert mapping(items[1]).pos == Pos(F, 2, 3)


def test_utf8_bom_is_stripped_and_columns_count_characters() -> None:
    node, problems = parse_text("\ufeffa: 1\n".encode(), F)
    assert problems == []
    assert mapping(node).entries[0][0] == YScalar("a", Pos(F, 1, 1), False)
    node, problems = parse_text("ёжик: [Чека, x]\n".encode(), F)
    assert problems == []
    assert seq(mapping(node).get("ёжик")).items[1].pos == Pos(F, 1, 14)


def test_pure_python_loader_builds_the_same_tree() -> None:
    # Without libyaml the reader falls back to PyYAML's Python parser; it must agree exactly.
    c_result = yaml_nodes._parse(GOOD, F, yaml_nodes._LOADER, quick=False)
    py_result = yaml_nodes._parse(GOOD, F, yaml.SafeLoader, quick=False)
    assert c_result == py_result
    assert c_result[0] is not None and c_result[1] == []


GC_CHECK = """
import gc
from game.loading.yaml_nodes import parse_text
from tests.loading.test_yaml_nodes import F, GOOD

assert gc.isenabled()
parse_text(GOOD, F)
assert gc.isenabled()
gc.disable()
parse_text(GOOD, F)
assert not gc.isenabled()
gc.enable()
gc.freeze()  # objects the program froze stay frozen
frozen = gc.get_freeze_count()
assert frozen > 0
parse_text(GOOD, F)
assert gc.get_freeze_count() == frozen, (gc.get_freeze_count(), frozen)
print("ok")
"""


def test_garbage_collector_state_is_left_as_it_was() -> None:
    # The reader pauses the collector while building and settles the tree afterwards.
    # Checked in a process of its own: the collector is process-wide, and another test's
    # thread (an app reading its story) could freeze or unfreeze it meanwhile.
    done = subprocess.run(
        [sys.executable, "-c", GC_CHECK],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_parse_file_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    path.write_text("story:\n  title: X\n", encoding="utf-8")
    node, problems = parse_file(path, F)
    assert problems == []
    assert mapping(mapping(node).get("story")).get("title") == YScalar("X", Pos(F, 2, 10), False)


# --------------------------------------------------------------------------- refused constructs


def test_anchors_and_aliases_are_refused() -> None:
    node, problems = parse_text("a: &name Moscow\nb: *name\n", F)
    assert node is None
    assert [(p.file, p.line, p.col) for p in problems] == [(F, 1, 4), (F, 2, 4)]
    for p in problems:
        assert "anchors and aliases (&name, *name) are not allowed" in p.message
        assert p.hint == "write the text out again"
    assert "'&name'" in problems[0].message and "'*name'" in problems[1].message


def test_alias_bomb_is_refused_quickly_and_small() -> None:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):  # nine levels of nine aliases each: 9**10 strings if expanded
        refs = ", ".join([f"*lol{i - 1}"] * 9)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    bomb = "\n".join(lines) + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        node, problems = parse_text(bomb, F)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 5 * 1024 * 1024
    assert node is None
    assert problems[0] == Problem(
        F,
        1,
        7,
        "anchors and aliases (&name, *name) are not allowed: found '&lol0'",
        "write the text out again",
    )
    # 10 anchors and 81 aliases: the first ten are reported, then a count.
    assert len(problems) == 11
    assert problems[-1].message == "...and 81 more anchors or aliases"


def test_python_object_tag_is_refused_and_nothing_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def fake_system(*args: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(os, "system", fake_system)
    marker = tmp_path / "pwned"
    text = f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
    node, problems = parse_text(text, F)
    assert calls == []
    assert not marker.exists()
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 1, 8)
    assert "'!!python/object/apply:os.system'" in p.message and "not allowed" in p.message
    assert p.hint is not None and "remove the tag" in p.hint
    # The refused tag is not applied: what was written is only text, a list of one string.
    (argument,) = seq(mapping(node).get("title")).items
    assert scalar(argument).value == f"touch {marker}"


@pytest.mark.parametrize(
    ("text", "col", "shown"),
    [
        ("a: !!str 3\n", 4, "!!str"),
        ("a: !foo bar\n", 4, "!foo"),
        ("a: !!map {b: 1}\n", 4, "!!map"),
        ("a: !!seq [1]\n", 4, "!!seq"),
        ("a: ! x\n", 4, "'!'"),
    ],
)
def test_every_explicit_tag_is_refused(text: str, col: int, shown: str) -> None:
    _, problems = parse_text(text, F)
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 1, col)
    assert shown in p.message and "tags" in p.message
    assert p.hint is not None


def test_nesting_up_to_max_depth_is_fine_and_one_more_is_refused() -> None:
    node, problems = parse_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, F)
    assert problems == [] and isinstance(node, YSeq)
    node, problems = parse_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), F)
    assert node is None
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 1, MAX_DEPTH + 1)
    assert "nested too deeply" in p.message and str(MAX_DEPTH) in p.message


def test_ten_thousand_deep_flow_nesting_is_a_problem_not_a_crash() -> None:
    node, problems = parse_text("[" * 10_000 + "]" * 10_000, F)
    assert node is None
    p = only_problem(problems)
    assert (p.file, p.line) == (F, 1)
    assert "nested too deeply" in p.message


def test_ten_thousand_deep_block_nesting_is_a_problem_not_a_crash() -> None:
    node, problems = parse_text("- " * 10_000 + "x\n", F)
    assert node is None
    p = only_problem(problems)
    # The 65th "- " starts at column 2 * 64 + 1.
    assert (p.file, p.line, p.col) == (F, 1, 2 * MAX_DEPTH + 1)
    assert "nested too deeply" in p.message


def test_deep_block_mappings_are_refused() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5))
    node, problems = parse_text(text, F)
    assert node is None
    p = only_problem(problems)
    assert (p.line, p.col) == (MAX_DEPTH + 1, MAX_DEPTH + 1)


def test_duplicate_key_is_reported_and_the_first_kept() -> None:
    node, problems = parse_text("id: first\ntitle: x\nid: second\n", F)
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 3, 1)
    assert "duplicate key 'id' (first at line 1)" in p.message
    assert mapping(node).keys() == ["id", "title"]
    assert scalar(mapping(node).get("id")).value == "first"


def test_keys_of_different_types_are_not_duplicates_but_equal_values_are() -> None:
    _, problems = parse_text("{1: a, true: b, '1': c}", F)
    assert problems == []
    _, problems = parse_text("{1: a, 0x1: b}", F)
    assert "duplicate key '1'" in only_problem(problems).message


def test_non_scalar_key_is_refused() -> None:
    node, problems = parse_text("? [a, b]\n: 1\nc: 2\n", F)
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 1, 3)
    assert "key" in p.message and "not a list or mapping" in p.message
    assert mapping(node).keys() == ["c"]


def test_second_document_is_refused() -> None:
    _, problems = parse_text("a: 1\n---\nb: 2\n", F)
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 2, 1)
    assert "only one YAML document" in p.message


def test_one_explicit_document_is_fine() -> None:
    node, problems = parse_text("---\na: 1\n...\n", F)
    assert problems == [] and mapping(node).keys() == ["a"]


def test_file_over_the_limit_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: nothing is written

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(yaml_nodes, "open", no_reading, raising=False)
    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    monkeypatch.setattr(pathlib.Path, "read_bytes", no_reading)
    monkeypatch.setattr(pathlib.Path, "read_text", no_reading)
    node, problems = parse_file(path, F)
    assert node is None
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 1, 1)
    assert "50.0 MB" in p.message and "5 MB" in p.message


def test_text_over_the_limit_is_refused() -> None:
    node, problems = parse_text(b"#" * (MAX_FILE_BYTES + 1), F)
    assert node is None
    assert "the limit is 5 MB" in only_problem(problems).message


def test_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_FILE_BYTES - 6) + b"\n")
    node, problems = parse_file(path, F)
    assert problems == [] and mapping(node).keys() == ["a"]


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    node, problems = parse_file(tmp_path / "nope.yaml", F)
    assert node is None
    p = only_problem(problems)
    assert p.file == F and "cannot read this file" in p.message


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\ntitle: Café\n".encode("latin-1"))
    node, problems = parse_file(path, F)
    assert node is None
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, 2, 11)
    assert "not UTF-8" in p.message and "0xE9" in p.message
    assert p.hint == "save the file as UTF-8"


def test_first_bad_byte_column_counts_characters_before_it() -> None:
    _, problems = parse_text("a: 1\nb: 2\nёж: x".encode() + b"\xff\n", F)
    p = only_problem(problems)
    assert (p.line, p.col) == (3, 6)


def test_problems_after_bad_bytes_are_still_found() -> None:
    _, problems = parse_text(b"a: \xff\nb: &x 1\n", F)
    assert [(p.line, p.col) for p in problems] == [(1, 4), (2, 4)]


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n\n  # and another\n", "\ufeff"])
def test_empty_and_comment_only_files(text: str, tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    node, problems = parse_file(path, F)
    assert node is None
    assert problems == [
        Problem(F, 1, 1, "file is empty", "add a section such as scenes:, or delete the file")
    ]


def test_tabs_in_indentation_are_reported_per_line() -> None:
    node, problems = parse_text("scenes:\n\t- id: a\n  - id: b\n  \ttitle: x\n", F)
    assert node is None
    assert [(p.file, p.line, p.col) for p in problems] == [(F, 2, 1), (F, 4, 3)]
    assert all(p.hint == "indent with spaces" and "tab" in p.message for p in problems)


def test_many_tab_lines_are_capped() -> None:
    text = "a:\n" + "\tb: 1\n" * 13
    _, problems = parse_text(text, F)
    assert [p.line for p in problems] == [*range(2, 12), 12]
    assert problems[-1].message == "...and 3 more lines indented with tabs"


def test_tab_inside_text_is_fine() -> None:
    node, problems = parse_text('a: "x\ty"\nb: c\td\n', F)
    assert problems == []
    assert scalar(mapping(node).get("a")).value == "x\ty"


def test_control_characters_are_located() -> None:
    node, problems = parse_text("a: 1\nb: x\x07y\n", F)
    assert node is None
    p = only_problem(problems)
    assert (p.line, p.col) == (2, 5)
    assert "U+0007" in p.message


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"),
    [
        ("title: Half: a ration\n", 1, 12, "':'", "is there a ':' inside text? put the text in quotes"),
        ("a: 1\nb\nc: 2\n", 3, 1, "line 2, column 1 has no ':'", "add the ':'"),
        (
            'a: "hello\nb: 2\n',
            3,
            1,
            "quoted text that starts at line 1, column 4 is never closed",
            "closing quote",
        ),
        ("a: 'hello\nb: 2\n", 3, 1, "never closed", "closing quote"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "bad indentation", "same column"),
        ("- a\n- b\nc: 1\n", 3, 1, "bad indentation", "list"),
        ("a: [1, 2\nb: 3\n", 2, 2, "'[' at line 1, column 4 is not closed", "']'"),
        ("a: {x: 1\nb: 3\n", 2, 2, "'{' at line 1, column 4 is not closed", "'}'"),
        ("a: - x\n", 1, 4, "list cannot start on the same line", "next line"),
        ("a: @home\n", 1, 4, "cannot start with '@'", "quotes"),
        ("a: *bold* text\n", 1, 9, "alias", "quotes"),
        ('a: "C:\\q"\n', 1, 7, "escape", "single quotes"),
        ('a: "x" y\n', 1, 8, "unexpected text after the value", "quotes"),
        ("a: |x\n", 1, 5, "'|' or '>'", "lines below"),
        ("a: ]\n", 1, 4, "a value was expected", "quotes"),
    ],
)
def test_syntax_errors_are_plain_english(text: str, line: int, col: int, message: str, hint: str) -> None:
    node, problems = parse_text(text, F)
    assert node is None
    p = only_problem(problems)
    assert (p.file, p.line, p.col) == (F, line, col)
    assert message in p.message
    assert p.hint is not None and hint in p.hint
    assert "YAML syntax error" not in p.message  # each of these has its own wording


def test_syntax_error_and_earlier_problems_are_all_reported() -> None:
    _, problems = parse_text("a: &x 1\nb: [1\n", F)
    assert [p.line for p in problems] == [1, 3]


# --------------------------------------------------------------------------- never raises


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    node, problems = parse_text(text, F)
    assert node is not None or problems
    assert all(p.file == F and p.line >= 1 and p.col >= 1 for p in problems)


_YAMLISH = st.lists(
    st.sampled_from([*"ab:-?[]{},&*!|>'\"#%@` \t\n\\.0~é\x00", "---", "...", "  ", "- ", ": ", "\ufeff"]),
    max_size=40,
).map("".join)


@given(st.one_of(_YAMLISH, st.binary(max_size=60)))
def test_yaml_like_text_and_arbitrary_bytes_never_raise(data: str | bytes) -> None:
    node, problems = parse_text(data, F)
    assert node is not None or problems
    assert all(p.file == F and p.line >= 1 and p.col >= 1 for p in problems)
    # Nothing fell through to the last-resort handler.
    assert not any("cannot be read as YAML" in p.message for p in problems)
