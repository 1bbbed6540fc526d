"""Where each line of a multi-line scalar starts (game/loading/yaml_lines.py).

Block scalars (``|``, ``>``), most of a story file, have a path of their own in
:func:`anchors`; it must give what the general rule (:func:`scanned_anchors`) gives for them.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from game.loading.yaml_lines import anchors, scanned_anchors


def multi_line_scalars(text: str) -> list[tuple[list[str], int, int, int, str, str]]:
    """The arguments anchors() is called with for each scalar of ``text`` written over several lines."""
    lines = text.split("\n")
    out = []
    try:
        events: list[Any] = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return out
    for ev in events:
        if isinstance(ev, yaml.ScalarEvent) and ev.end_mark.line != ev.start_mark.line:
            start = ev.start_mark
            out.append((lines, start.line, ev.end_mark.line, start.column, ev.style or "", ev.value))
    return out


_PIECES = st.sampled_from(
    ["a", "b c", " ", "\t", "\r", "  ", "{if x}", "[[NEP]]", "x \r", "\r \r", "é", "  deeper", ""]
)
_BODY = st.lists(st.lists(_PIECES, max_size=4).map("".join), min_size=1, max_size=8)


@settings(deadline=None)
@given(st.sampled_from(["|", ">", "|-", "|+", ">-", "|2", ">+"]), _BODY, st.booleans())
def test_block_scalars_agree_with_the_general_rule(indicator: str, body: list[str], in_list: bool) -> None:
    text = "\n".join("  " + line for line in body)
    text = f"- {indicator}\n{text}" if in_list else f"k: {indicator}\n{text}\nnext: 1\n"
    for args in multi_line_scalars(text):
        assert anchors(*args) == scanned_anchors(*args)


def test_prose_lines_are_anchored_where_they_are_written() -> None:
    text = "prose: |\n  First line.\n    Indented line.  \n\n  Last line.\r\nnext: 1\n"
    ((lines, first, last, column, style, value),) = multi_line_scalars(text)
    assert anchors(lines, first, last, column, style, value) == ((0, 2, 3), (14, 3, 5), (32, 5, 3))
