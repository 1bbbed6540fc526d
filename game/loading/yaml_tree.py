"""The located tree a story file is read into: scalars, mappings and lists, each knowing where it was
written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, TypeAlias

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
