"""The quick reader's plain values and literal texts (yaml_tree.PlainScalar, LiteralScalar) are
YScalars in all but how they are made.

They keep their position as a tuple and make the :class:`Pos` when asked; a plain value's
``quoted`` and ``anchors`` are its class's, a literal text's anchors are worked out from its
value and margin when asked for. Compared, hashed, printed and frozen, they must be
indistinguishable from the ``YScalar`` PyYAML's path builds for the same text.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.engine.model import Pos
from game.loading import yaml_nodes
from game.loading.yaml_fast import quick_tree
from game.loading.yaml_tree import LiteralScalar, PlainScalar, YMap, YScalar, YSeq, new_literal, new_plain

F = "s.yaml"


def test_a_plain_scalar_is_the_yscalar_it_stands_for() -> None:
    quick = new_plain("x", F, 2, 3)
    made = YScalar("x", Pos(F, 2, 3), False)
    assert isinstance(quick, YScalar) and type(quick) is PlainScalar
    assert quick == made and made == quick
    assert (quick != made, made != quick) == (False, False)
    assert hash(quick) == hash(made) and {made: 1}[quick] == 1
    assert (
        repr(quick)
        == repr(made)
        == "YScalar(value='x', pos=Pos(file='s.yaml', line=2, col=3), quoted=False, anchors=())"
    )
    assert (quick.value, quick.pos, quick.quoted, quick.anchors) == ("x", Pos(F, 2, 3), False, ())
    assert dataclasses.astuple(quick) == dataclasses.astuple(made)
    for other in (
        new_plain("x", F, 2, 4),
        new_plain("y", F, 2, 3),
        new_plain("x", "t.yaml", 2, 3),
        YScalar("x", Pos(F, 2, 3), True),
        YScalar(1, Pos(F, 2, 3), False),
    ):
        assert quick != other and other != quick
    assert quick != "x" and quick != ("x", Pos(F, 2, 3), False)


@pytest.mark.parametrize("name", ["value", "pos", "quoted", "anchors", "where", "other"])
def test_a_plain_scalar_is_frozen(name: str) -> None:
    quick = new_plain(1, F, 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(quick, name, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(quick, name)
    assert quick == YScalar(1, Pos(F, 1, 1), False)


def test_the_quick_tree_equals_the_event_loops_tree_node_for_node() -> None:
    text = (
        "a: plain\nb: 'quoted'\nc: |\n  block\n  text\nd: {k: 1, q: \"x\"}\ne: [x, 'y', 3]\n"
        "f:\n  - g: 1\n    h: ~\n  - plain item\n  - 'quoted item'\n"
    )
    quick = quick_tree(text, F)
    slow, problems = yaml_nodes._parse(text, F, yaml_nodes._LOADER, quick=False)
    assert problems == [] and quick is not None and slow is not None
    assert quick == slow and slow == quick
    kinds: dict[str, set[type]] = {"plain": set(), "quoted": set()}

    def walk(node: object) -> None:
        if isinstance(node, YScalar):
            kinds["quoted" if node.quoted else "plain"].add(type(node))
        elif isinstance(node, YMap):
            for key, value in node.entries:
                walk(key)
                walk(value)
        elif isinstance(node, YSeq):
            for item in node.items:
                walk(item)

    walk(quick)
    assert kinds == {"plain": {PlainScalar}, "quoted": {YScalar, LiteralScalar}}  # every kind was made
    walk_slow: list[object] = [slow]
    while walk_slow:  # PyYAML's path makes only YScalars
        node = walk_slow.pop()
        if isinstance(node, YScalar):
            assert type(node) is YScalar
        elif isinstance(node, YMap):
            walk_slow.extend(x for entry in node.entries for x in entry)
        elif isinstance(node, YSeq):
            walk_slow.extend(node.items)


LITERAL = "a: |\n  first line\n\n    indented\n \n  last\nb: |-\n  x\n"


def test_a_literal_scalar_is_the_yscalar_it_stands_for() -> None:
    quick = quick_tree(LITERAL, F)
    slow, problems = yaml_nodes._parse(LITERAL, F, yaml_nodes._LOADER, quick=False)
    assert isinstance(quick, YMap) and isinstance(slow, YMap) and problems == []
    for (_, fast), (_, made) in zip(quick.entries, slow.entries, strict=True):
        assert type(fast) is LiteralScalar and type(made) is YScalar
        assert fast == made and made == fast and hash(fast) == hash(made)
        assert repr(fast) == repr(made)  # the anchors included
        assert (fast.value, fast.pos, fast.quoted, fast.anchors) == (made.value, made.pos, True, made.anchors)
        assert dataclasses.astuple(fast) == dataclasses.astuple(made)
    first = quick.entries[0][1]
    assert first.anchors == ((0, 2, 3), (14, 4, 5), (24, 6, 3))  # not the blank lines
    assert first != new_literal("other", F, 1, 4, 2, False)
    assert first != YScalar(first.value, Pos(F, 1, 4), False)


@pytest.mark.parametrize("name", ["value", "pos", "quoted", "anchors", "where", "margin", "indented"])
def test_a_literal_scalar_is_frozen(name: str) -> None:
    quick = new_literal("x\ny", F, 1, 4, 2, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(quick, name, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(quick, name)
    assert quick.anchors == ((0, 2, 3), (2, 3, 3))
