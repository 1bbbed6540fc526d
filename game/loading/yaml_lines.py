"""Where each character of a multi-line scalar was written, so problems inside prose are located exactly.

A block scalar (``|``, ``>``) or a plain or quoted scalar that runs over several lines
loses its indentation and (folded) its line breaks on the way to its value, so an
offset into the value is not an offset into the file. :func:`anchors` lines the two up
once, when the file is read: for every source line of the scalar, the offset in the
value where that line's text begins and the file line and column it begins at.
:func:`locate` turns a value offset into a (line, column) with them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

Anchor = tuple[int, int, int]
"""(offset in the value, 1-based file line, 1-based file column) where one source line's text starts."""


def anchors(
    lines: Sequence[str], first: int, last: int, column: int, style: str, value: str
) -> tuple[Anchor, ...]:
    """Anchors for a scalar written from 0-based line ``first`` (at 0-based ``column``) to ``last``.

    ``style`` is PyYAML's: ``""`` plain, ``"'"``, ``'"'``, ``"|"`` or ``">"``. Lines whose
    text cannot be found in the value in order (double-quoted escapes) end the anchors:
    offsets past the last anchor are then located from it, approximately.
    """
    if style in ("|", ">"):
        return _block_anchors(lines, first + 1, min(last, len(lines) - 1) + 1, value)
    return scanned_anchors(lines, first, last, column, style, value)


def scanned_anchors(
    lines: Sequence[str], first: int, last: int, column: int, style: str, value: str
) -> tuple[Anchor, ...]:
    """The general rule, for a scalar of any style: each source line stripped as its style strips
    it, then found in the value in order.  (:func:`anchors` takes a quicker path of its own for
    block scalars, which must give the same anchors: tests/loading/test_yaml_lines.py.)"""
    out: list[Anchor] = []
    searched = 0
    for number in range(first, min(last, len(lines) - 1) + 1):
        line = lines[number].rstrip("\r")
        start = column if number == first else 0
        if number == first and style in ("|", ">"):
            continue  # the indicator's line: the text starts on the next line
        if number == first and style in ("'", '"'):
            start += 1  # past the opening quote
        text = line[start:]
        content = text.lstrip(" \t")
        lead = len(text) - len(content)
        content = content.rstrip(" \t")
        if style in ("'", '"') and number == last:
            content = content[: content.rfind(style)] if style in content else content
        if style == "'":
            content = content.replace("''", "'")
        if not content:
            continue
        found = value.find(content, searched)
        if found < 0:
            break
        out.append((found, number + 1, start + lead + 1))
        searched = found + len(content)
    return tuple(out)


def _block_anchors(lines: Sequence[str], start: int, stop: int, value: str) -> tuple[Anchor, ...]:
    """:func:`anchors` for lines ``start:stop``, the text of a block scalar (``|``, ``>``).

    The same steps as the general loop, for the case that is most of a story file (prose):
    no first line to skip into and no quotes, and a line's end stripped only when it has
    blanks or a carriage return to strip."""
    out: list[Anchor] = []
    searched = 0
    for number in range(start, stop):
        text = lines[number]
        content = text.lstrip(" \t")
        if not content:
            continue
        if content[-1] in " \t\r":
            text = text.rstrip("\r")
            content = text.lstrip(" \t")
            lead = len(text) - len(content)
            content = content.rstrip(" \t")
            if not content:
                continue
        else:
            lead = len(text) - len(content)
        found = value.find(content, searched)
        if found < 0:
            break
        out.append((found, number + 1, lead + 1))
        searched = found + len(content)
    return tuple(out)


def locate(marks: tuple[Anchor, ...], offset: int) -> tuple[int, int] | None:
    """The file (line, column) of ``offset`` into the value, or None without anchors before it."""
    if not marks:
        return None
    at = bisect_right(marks, (offset, 1 << 62, 0)) - 1
    if at < 0:
        return None
    value_offset, line, col = marks[at]
    return line, col + offset - value_offset
