"""The located tree a story file is read into: scalars, mappings and lists, each knowing where it was
written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Final, TypeAlias

from game.engine.model import Pos
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


def slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...] | None:
    """Setters that fill a frozen, slotted dataclass's fields directly, or None if it is not one.

    Building hundreds of thousands of nodes, a frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field) is the largest cost after PyYAML itself; setting the
    slots through their descriptors makes equal objects two to three times faster. Used only
    for classes where that is exactly what ``__init__`` would do.
    """
    if not is_dataclass(cls) or tuple(f.name for f in fields(cls)) != names:
        return None
    if "__slots__" not in vars(cls):
        return None
    if "__post_init__" in vars(cls):
        return None
    return tuple(vars(cls)[name].__set__ for name in names)


POS_SETTERS = slot_setters(Pos, ("file", "line", "col"))
SCALAR_SETTERS = slot_setters(YScalar, ("value", "pos", "quoted", "anchors"))
MAP_SETTERS = slot_setters(YMap, ("entries", "pos"))
SEQ_SETTERS = slot_setters(YSeq, ("items", "pos"))
"""The fast setters of the tree's own classes (None where a class stops being a plain slotted
dataclass), shared by both readers (yaml_nodes' event loop and yaml_fast)."""


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
