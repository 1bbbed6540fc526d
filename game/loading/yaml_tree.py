"""The located tree a story file is read into: scalars, mappings and lists, each knowing where it was
written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any, Final, TypeAlias

from game.engine.model import Pos
from game.engine.slots import slot_setters
from game.loading.yaml_lines import Anchor

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""A story file larger than this is refused before it is read."""

MAX_DEPTH: Final = 64
"""Lists and mappings may be nested this many levels deep, no deeper."""

MAX_REPORTS: Final = 10
"""Of one kind of repeated problem (tabs, tags, aliases...) report this many, then a count."""

ScalarValue: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class YScalar:
    """A single value. ``quoted`` is true if it was written in quotes or as a block (``|``, ``>``)."""

    value: ScalarValue
    pos: Pos
    quoted: bool
    anchors: tuple[Anchor, ...] = field(default=(), compare=False)
    """For text written over several lines: where each line starts (see yaml_lines.locate)."""


@dataclass(frozen=True, slots=True)
class YMap:
    """A mapping, its entries in written order. Keys are always scalars, and unique."""

    entries: tuple[tuple[YScalar, YNode], ...]
    pos: Pos

    def get(self, key: str) -> YNode | None:
        """The value under ``key`` (compared as the key is shown by :meth:`keys`), or None."""
        for k, v in self.entries:
            if key_text(k.value) == key:
                return v
        return None

    def keys(self) -> list[str]:
        """The keys as text, in written order: ``0`` and ``true`` read as ``"0"`` and ``"true"``."""
        return [key_text(k.value) for k, _ in self.entries]


@dataclass(frozen=True, slots=True)
class YSeq:
    """A list, its items in written order."""

    items: tuple[YNode, ...]
    pos: Pos


YNode: TypeAlias = YScalar | YMap | YSeq


def key_text(value: ScalarValue) -> str:
    if type(value) is str:
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


POS_SETTERS = slot_setters(Pos, ("file", "line", "col"))
SCALAR_SETTERS = slot_setters(YScalar, ("value", "pos", "quoted", "anchors"))
MAP_SETTERS = slot_setters(YMap, ("entries", "pos"))
SEQ_SETTERS = slot_setters(YSeq, ("items", "pos"))
"""The fast setters of the tree's own classes (None where a class stops being a plain slotted
dataclass), shared by both readers (yaml_nodes' event loop and yaml_fast)."""


class _QuickScalar(YScalar):
    """A :class:`YScalar` as the quick reader makes it: it equals, hashes and prints as the
    ``YScalar`` with the same value and position, and is as frozen; only how it is made
    differs. Its position is kept as a ``(file, line, column)`` tuple and made into a
    :class:`Pos` when asked for (most positions of a story's values never are)."""

    __slots__ = ("where",)

    where: tuple[str, int, int]

    @property
    def pos(self) -> Pos:
        return new_pos(*self.where)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, YScalar):
            return (self.value, self.pos, self.quoted) == (other.value, other.pos, other.quoted)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.value, self.pos, self.quoted))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class PlainScalar(_QuickScalar):
    """A value written plain (not quoted, on one line), as the quick reader makes it.

    A story file is mostly such values and their keys, and most of their positions are
    never asked for (a key's, unless it is wrong); ``quoted`` and ``anchors`` are the
    class's own (False and empty): made with :func:`new_plain`, one object and one value
    set instead of two objects and seven. (Building hundreds of thousands of values, that
    is most of a file's reading time.)
    """

    __slots__ = ()
    quoted = False  # the class's, shadowing YScalar's slot
    anchors = ()


class LiteralScalar(_QuickScalar):
    """A literal block text (``|``, ``|-``) as the quick reader makes it: its lines cut at
    ``margin``, which is all its anchors depend on, so they are worked out from the value
    when asked for (:func:`literal_anchors`) instead of for every line as it is read: a
    passage locates its parts from the margin alone (``build_base.positions``)."""

    __slots__ = ("indented", "margin")
    quoted = True

    margin: int
    indented: bool  # some line of it is indented past the margin

    @property
    def anchors(self) -> tuple[Anchor, ...]:
        return literal_anchors(self.value, self.where[1] + 1, self.margin)  # type: ignore[arg-type]


def literal_anchors(value: str, first_line: int, margin: int) -> tuple[Anchor, ...]:
    """The anchors of a literal block text ``value`` whose first line is ``first_line``
    (1-based) in its file and whose lines were cut at column ``margin`` (0-based): for each
    line with text, where that text starts in the value and in the file."""
    anchors: list[Anchor] = []
    start = 0
    line_number = first_line
    for line in value.split("\n"):
        content = line.lstrip(" ")
        if content:
            lead = len(line) - len(content)
            anchors.append((start + lead, line_number, margin + lead + 1))
        start += len(line) + 1
        line_number += 1
    return tuple(anchors)


for _quick in (PlainScalar, LiteralScalar):
    _quick.__qualname__ = _quick.__name__ = "YScalar"  # its repr is YScalar's
_set_value = vars(YScalar)["value"].__set__
SET_WHERE: Final[Callable[[Any, tuple[str, int, int]], None]] = vars(_QuickScalar)["where"].__set__
"""Sets a quick scalar's position (for the quick reader's innermost loop)."""
_SET_MARGIN: Final = vars(LiteralScalar)["margin"].__set__
_SET_INDENTED: Final = vars(LiteralScalar)["indented"].__set__


def new_plain(value: ScalarValue, file: str, line: int, col: int) -> YScalar:
    """``YScalar(value, Pos(file, line, col), False)``, made quickly (see :class:`PlainScalar`)."""
    node: YScalar = object.__new__(PlainScalar)
    _set_value(node, value)
    SET_WHERE(node, (file, line, col))
    return node


def new_literal(value: str, file: str, line: int, col: int, margin: int, indented: bool) -> YScalar:
    """``YScalar(value, Pos(file, line, col), True, literal_anchors(value, line + 1, margin))``,
    made quickly (see :class:`LiteralScalar`); ``indented``: some line of it starts with a blank."""
    node: YScalar = object.__new__(LiteralScalar)
    _set_value(node, value)
    SET_WHERE(node, (file, line, col))
    _SET_MARGIN(node, margin)
    _SET_INDENTED(node, indented)
    return node


def _new_pos(file: str, line: int, col: int) -> Pos:
    pos: Pos = object.__new__(Pos)
    set_file, set_line, set_col = POS_SETTERS  # type: ignore[misc]
    set_file(pos, file)
    set_line(pos, line)
    set_col(pos, col)
    return pos


new_pos: Callable[[str, int, int], Pos] = Pos if POS_SETTERS is None else _new_pos
"""``Pos(file, line, col)``, made faster (see :func:`slot_setters`): the loader makes one
for every value it reads and for every place inside a passage."""


def _new_map(entries: tuple[tuple[YScalar, YNode], ...], pos: Pos) -> YMap:
    node: YMap = object.__new__(YMap)
    set_entries, set_pos = MAP_SETTERS  # type: ignore[misc]
    set_entries(node, entries)
    set_pos(node, pos)
    return node


def _new_seq(items: tuple[YNode, ...], pos: Pos) -> YSeq:
    node: YSeq = object.__new__(YSeq)
    set_items, set_pos = SEQ_SETTERS  # type: ignore[misc]
    set_items(node, items)
    set_pos(node, pos)
    return node


new_map: Callable[[tuple[tuple[YScalar, YNode], ...], Pos], YMap] = YMap if MAP_SETTERS is None else _new_map
new_seq: Callable[[tuple[YNode, ...], Pos], YSeq] = YSeq if SEQ_SETTERS is None else _new_seq
"""``YMap(entries, pos)`` and ``YSeq(items, pos)``, made faster (for the quick reader)."""
