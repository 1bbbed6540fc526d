"""A literal block text's places are worked out from its margin (build_base._literal_positions),
and must be exactly what its anchors say (the general rule, build_base._anchored_positions),
at every offset: on lines at the margin (the quick way), and on blank lines, at the end and in
texts with lines indented past the margin (where the anchors are asked)."""

from __future__ import annotations

import pytest

from game.loading import build_base
from game.loading.build_base import positions
from game.loading.yaml_fast import quick_tree
from game.loading.yaml_nodes import _LOADER, _parse
from game.loading.yaml_tree import LiteralScalar, YMap

F = "s.yaml"

TEXTS = [
    "a: |\n  one line\n",
    "a: |-\n  one line\n",
    "top:\n  a: |\n    two\n    lines {if x: y}\nb: 1\n",
    "a: |\n  para one\n\n  para two\n\n\n  three [[Cheka]]\n",
    "a: |\n  short blank below\n \n  after\n",
    "a: |\n  indented below\n    more {x}\n  back\n",
    "a: |-\n  ends without a break\nb: |\n  x\n\n",
    "list:\n  - |\n    in a list\n    item\n  - k: |\n      nested\n      map\n",
]


def _value_nodes(text: str) -> list[tuple[object, object]]:
    quick = quick_tree(text, F)
    slow, problems = _parse(text, F, _LOADER, quick=False)
    assert problems == [] and quick == slow

    def literals(node: object) -> list[object]:
        if isinstance(node, YMap):
            return [x for _, v in node.entries for x in literals(v)]
        items = getattr(node, "items", None)
        if items is not None:
            return [x for item in items for x in literals(item)]
        return [node] if getattr(node, "quoted", False) else []

    pairs = list(zip(literals(quick), literals(slow), strict=True))
    assert pairs and all(type(fast) is LiteralScalar for fast, _ in pairs)
    for fast, _ in pairs:  # the reader noted whether a line is indented past the margin
        value = fast.value  # type: ignore[attr-defined]
        assert fast.indented == (value.startswith(" ") or "\n " in value)  # type: ignore[attr-defined]
    return pairs


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("strip", [False, True])
def test_every_offset_is_where_the_anchors_put_it(text: str, strip: bool) -> None:
    for fast, slow in _value_nodes(text):
        value = fast.value  # type: ignore[attr-defined]
        shown = value.strip("\n") if strip else value
        quick_at = positions(fast, shown)  # type: ignore[arg-type]
        general_at = build_base._anchored_positions(slow, shown)  # type: ignore[arg-type]
        for offset in range(len(shown) + 1):
            assert quick_at(offset) == general_at(offset), (text, offset)


def test_lines_at_the_margin_are_placed_without_the_anchors(monkeypatch: pytest.MonkeyPatch) -> None:
    (fast, slow), *_ = _value_nodes(TEXTS[3])
    value = fast.value  # type: ignore[attr-defined]
    general_at = build_base._anchored_positions(slow, value)  # type: ignore[arg-type]

    def refuse(self: object) -> None:
        raise AssertionError("the anchors were asked for")

    monkeypatch.setattr(LiteralScalar, "anchors", property(refuse))
    at = positions(fast, value)  # type: ignore[arg-type]
    on_text = [i for i, char in enumerate(value) if char != "\n" or (i and value[i - 1] != "\n")]
    assert on_text and all(at(i) == general_at(i) for i in on_text)
    with pytest.raises(AssertionError, match="anchors were asked"):
        at(value.index("\n\n") + 1)  # a blank line: the anchors' rule
    indented = _value_nodes(TEXTS[5])[0][0]
    with pytest.raises(AssertionError, match="anchors were asked"):
        positions(indented, indented.value)  # type: ignore[arg-type, attr-defined]
