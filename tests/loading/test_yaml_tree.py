"""The quick reader's plain values (yaml_tree.PlainScalar) are YScalars in all but how they are made.

They keep their position as a tuple and make the :class:`Pos` when asked; ``quoted`` and
``anchors`` are their class's. Compared, hashed, printed and frozen, they must be
indistinguishable from the ``YScalar`` PyYAML's path builds for the same text.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.engine.model import Pos
from game.loading import yaml_nodes
from game.loading.yaml_fast import quick_tree
from game.loading.yaml_tree import PlainScalar, YMap, YScalar, YSeq, new_plain

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
    assert kinds == {"plain": {PlainScalar}, "quoted": {YScalar}}  # both kinds were made
    walk_slow: list[object] = [slow]
    while walk_slow:  # PyYAML's path makes only YScalars
        node = walk_slow.pop()
        if isinstance(node, YScalar):
            assert type(node) is YScalar
        elif isinstance(node, YMap):
            walk_slow.extend(x for entry in node.entries for x in entry)
        elif isinstance(node, YSeq):
            walk_slow.extend(node.items)
