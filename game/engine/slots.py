"""Making many small frozen dataclass objects quickly: setting their slots directly.

Loading a story makes hundreds of thousands of small frozen, slotted dataclass objects
(the YAML tree's nodes and positions, a passage's parts). A frozen dataclass's
``__init__`` sets each field with ``object.__setattr__``; setting the slots through
their own descriptors makes equal objects two to three times faster. The loader's and
the passage parser's quick constructors are built on :func:`slot_setters`, and each
falls back to the class itself where a class stops being such a dataclass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

__all__ = ["slot_setters"]


def slot_setters(
    cls: type, names: tuple[str, ...], *, post_init: bool = False
) -> tuple[Callable[[Any, Any], None], ...] | None:
    """Setters that fill a frozen, slotted dataclass's fields (``names``, all of them, in
    order) directly, or None if it is not one: used only for classes where that is exactly
    what ``__init__`` does. ``post_init``: the class has a ``__post_init__``, which the
    caller does itself (it must say so; a new ``__post_init__`` turns the setters off)."""
    if not is_dataclass(cls) or tuple(f.name for f in fields(cls)) != names:
        return None
    if "__slots__" not in vars(cls):
        return None
    if ("__post_init__" in vars(cls)) != post_init:
        return None
    return tuple(vars(cls)[name].__set__ for name in names)
