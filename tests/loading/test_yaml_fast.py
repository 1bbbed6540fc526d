"""The quick reader (game/loading/yaml_fast.py) builds exactly the event loop's tree, or gives up.

Whatever :func:`quick_tree` accepts must come out as PyYAML's path builds it (values,
types, positions, quoting and a multi-line text's anchors) with no problem reported there;
whatever it does not know, it must leave to that path, which reports the problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.synthetic import write_story
from game.loading import yaml_nodes
from game.loading.yaml_fast import QUICK_DEPTH, quick_tree
from game.loading.yaml_nodes import YMap, YNode, YScalar, YSeq, parse_text

F = "scenes/10-winter.yaml"
SCENES = Path(__file__).resolve().parents[2] / "scenes"


def tree(node: YNode | None) -> Any:
    """Everything a node holds, anchors included (which ``==`` on nodes leaves out)."""
    if isinstance(node, YScalar):
        value = node.value
        return ("scalar", type(value).__name__, value, node.pos, node.quoted, node.anchors)
    if isinstance(node, YMap):
        return ("map", node.pos, tuple((tree(k), tree(v)) for k, v in node.entries))
    if isinstance(node, YSeq):
        return ("list", node.pos, tuple(tree(item) for item in node.items))
    return ("none", node)


def events_tree(text: str) -> tuple[Any, list[Any]]:
    """The tree and problems of PyYAML's path (the event loop), never the quick reader."""
    node, problems = yaml_nodes._parse(text, F, yaml_nodes._LOADER, quick=False)
    return tree(node), problems


def assert_same(text: str) -> None:
    quick = quick_tree(text, F)
    assert quick is not None, "the quick reader gave up"
    slow, problems = events_tree(text)
    assert problems == []
    assert tree(quick) == slow


# ------------------------------------------------------------------ what it reads


def test_the_shipped_story_files_are_read_quickly_and_exactly() -> None:
    files = sorted(SCENES.glob("*.yaml"))
    assert files
    for path in files:
        assert_same(path.read_text(encoding="utf-8"))


def test_the_synthetic_story_files_are_read_quickly_and_exactly(tmp_path: Path) -> None:
    for path in write_story(tmp_path, 103):
        assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: two words\nc: yes\nd: ~\ne: 1.5\nf: 1921-02-01\ng: -3\nh: a:b # comment\n",
        "0: fed\n2: hungry\ntrue: x\ntax in kind: A share\nWorkers' Opposition: x\n",
        "k: 'it''s'\nq: \"double # not a comment\"  # a comment\nr: ''\n",
        "m: {a: 1, b: -2, c: 'x y', d: \"z\"}\nn: [a, 'b''c', \"d\", 3]\no: {}\np: [ ]\n",
        "list:\n- a\n- b: 1\n  c: 2\n-   d: 3\nafter: 1\n",
        "list:\n  - id: x\n    choices:\n      - id: y\n        next: z\n  - id: w\n",
        "# a comment\n\nkey:   # a comment\n  # another\n  inner: 1\n\n# end\n",
        "p: |\n  First line.\n    Indented line.  \n\n  Last line.\nnext: 1\n",
        "p: |-\n  no final break\n\n\nnext: 1\n",
        "p: >\n  folded\n  lines\n\n  a new paragraph\n\n\n  another\nq: >-\n  x\n  y\n",
        "l:\n- |\n  in a list\n- >-\n  folded\n  in a list\nm:\n  - |-\n    x\n",
        "p: |\n  at the end of the text without a line break",
        "p: |\n  text\n \n  more\n",
        "a:\n  b:\n    c:\n      d: [1]\n",
        "é: ёжик [[Чека]] — «x»\nk: {ё: 1, a: Чека}\nёжик: [Чека, x]\n",
        "a:    spaced\nb:   # a comment\n  c: 1\nd:\n  - x\nlong key text: 1\nk" + "k" * 999 + ": 2\n",
        "x: {a: 1}\ny: [1]\na-b: 1\na.b: 2\nWorkers' Opposition (1921): 3\n0x1F: 4\n1_000: 5\n",
    ],
)
def test_what_the_quick_reader_reads_comes_out_as_the_event_loop_builds_it(text: str) -> None:
    assert_same(text)


# ----------------------------------------------------------- what it gives up on


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "- a top level list\n",
        "  a: indented top level\n",
        "a: &anchor 1\nb: *anchor\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "a: {x: 1, x: 2}\n",
        "a: 1\n  b: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "a: plain text\n  over two lines\n",
        "a: 'quoted\n  over two lines'\n",
        'a: "an \\t escape"\n',
        "a: b: c\n",
        "a: text:\n",
        "a:\n",
        "a:\nb: 1\n",
        "a: {x: 1,}\n",
        "a: {x: 1\n",
        "a: [x, [y]]\n",
        "a: |+\n  keep\n",
        "a: |2\n    indented\n",
        "a: | # comment\n  x\n",
        "a: |\n\n  leading blank\n",
        "a: |\n  x\n      \n",
        "a: >\n  folded\n    more indented\n",
        "a: |\nb: 1\n",
        "a:\tb\n",
        "a: 1\r\nb: 2\r\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.1\n---\na: 1\n",
        "? complex\n: key\n",
        "a: - x\n",
        "list:\n- - nested\n",
        "list:\n-\n  a: 1\n",
        "list:\n- a\n  b\n",
        "a: 'x' trailing\n",
        "a: 'x'#no space\n",
        "a: @x\n",
        "a: `x`\n",
        '"quoted key": 1\n',
        "key with: colon: 1\n",
        "a:b: 1\n",
        "key:x\n",
        "a b : 1\n",
        "a]: 1\n",
        "[a]: 1\n",
        "{a}: 1\n",
        "a#b: 1\n",
        "-a: 1\n",
        "no colon at all\n",
        "a: 1\nb\n",
        "a: 1\nb:x\n",
        "k" * 1001 + ": 1\n",
        "a: x\u2028y\n",
        "a: \ufeffx\n",
        "deep:" + "".join(f"\n{'  ' * (n + 1)}k{n}:" for n in range(QUICK_DEPTH + 2)) + " 1\n",
    ],
)
def test_what_the_quick_reader_does_not_know_is_left_to_pyyaml(text: str) -> None:
    assert quick_tree(text, F) is None
    # parse_text then reads it with PyYAML's events: the same tree and the same problems.
    node, problems = parse_text(text, F)
    assert (tree(node), problems) == events_tree(text)


def test_parse_text_takes_the_quick_path_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real_build = yaml_nodes._build

    def build(*args: Any) -> Any:
        calls.append("events")
        return real_build(*args)

    monkeypatch.setattr(yaml_nodes, "_build", build)
    node, problems = parse_text("a: 1\nb: [x]\n", F)
    assert problems == [] and isinstance(node, YMap)
    assert calls == []  # the quick path read it
    node, problems = parse_text("a: &x 1\n", F)
    assert calls == ["events"]
    assert problems[0].message.startswith("anchors and aliases")


# ------------------------------------------------------------------ properties

_KEYS = st.sampled_from(["id", "text", "k", "tax in kind", "Workers' Opposition", "0", "true", "a-b", "id"])
_VALUES = st.sampled_from(
    [
        "x",
        "two words",
        "3",
        "-1",
        "yes",
        "~",
        "1.5",
        "1921-02-01",
        "a:b",
        "a #c",
        "'q'",
        "'it''s'",
        '"dq"',
        '"a\\"b"',
        "[a, b]",
        "{a: 1, b: -2}",
        "{}",
        "[]",
        "{a: 1,}",
        "&a x",
        "*a",
        "!!str x",
        "a: b",
        "x:",
        "é ü",
        "[[NEP]]",
        "{if x: y}",
        "- x",
        "-",
        "? x",
        "x   ",
        "x # c",
    ]
)
_BODY_LINES = st.sampled_from(
    ["text", "more text  ", "", "   ", "  deeper", "{if x}", "[[NEP|new]]", "# not a comment"]
)
_HEADERS = st.sampled_from(["|", "|-", ">", ">-", "|+", "| ", ">2"])


@st.composite
def _node_lines(draw: Any, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping at ``indent``, mostly valid YAML, sometimes not."""
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(_KEYS)
        kind = draw(st.sampled_from(["value", "value", "block", "map", "list", "comment"]))
        if kind == "comment":
            lines.append(draw(st.sampled_from(["", "# c", pad + "# c", "   "])))
            continue
        if kind == "value" or depth > 2:
            lines.append(f"{pad}{key}: {draw(_VALUES)}")
        elif kind == "block":
            lines.append(f"{pad}{key}: {draw(_HEADERS)}")
            inner = " " * (indent + draw(st.integers(1, 3)))
            lines.extend(
                inner + line if line.strip() else line for line in draw(st.lists(_BODY_LINES, max_size=5))
            )
        elif kind == "map":
            lines.append(f"{pad}{key}:")
            lines.extend(draw(_node_lines(indent + draw(st.integers(1, 3)), depth + 1)))
        else:
            lines.append(f"{pad}{key}:")
            item_pad = " " * (indent + draw(st.integers(0, 2)))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    lines.append(f"{item_pad}- {draw(_VALUES)}")
                else:
                    inner = draw(_node_lines(len(item_pad) + 2, depth + 1))
                    lines.append(f"{item_pad}- {inner[0].lstrip(' ')}")
                    lines.extend(inner[1:])
    return lines


@given(_node_lines(0, 0), st.booleans(), st.data())
def test_whatever_the_quick_reader_accepts_is_what_the_event_loop_builds(
    lines: list[str], final_break: bool, data: st.DataObject
) -> None:
    text = "\n".join(lines) + ("\n" if final_break else "")
    if data.draw(st.booleans()):  # a stray character anywhere
        at = data.draw(st.integers(0, len(text)))
        text = (
            text[:at] + data.draw(st.sampled_from([" ", ":", "-", "#", "'", "\n", "{", "|", "x"])) + text[at:]
        )
    quick = quick_tree(text, F)
    if quick is not None:
        slow, problems = events_tree(text)
        assert problems == []
        assert tree(quick) == slow
