"""The parsed form of story text that follows the state (see :mod:`game.engine.text`).

A :class:`Passage` is literal text with :class:`Alternatives` (``{if ...}`` chains) and
:class:`Insert` (``{name}``) parts; a :class:`NamedText` is a story's ``texts:`` entry.
Data only: parsing and rendering are in :mod:`game.engine.text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from game.engine.slots import slot_setters

if TYPE_CHECKING:
    from game.engine.expr_tree import Expr
    from game.engine.model import Pos


@dataclass(frozen=True, slots=True)
class Branch:
    """One branch of an alternative: shown when ``condition`` holds (None: the ``else``)."""

    condition: Expr | None
    condition_text: str
    body: tuple[Part, ...]
    offset: int  # where the condition's text starts (the 'else' for an else branch)
    pos: Pos | None = field(default=None, compare=False)  # the same place in its file, once loaded


@dataclass(frozen=True, slots=True)
class Alternatives:
    """An ``if``/``elif``/``else`` chain: the first branch whose condition holds is shown."""

    branches: tuple[Branch, ...]
    offset: int  # the opening '{'
    block: bool  # written as block tags on lines of their own
    pos: Pos | None = field(default=None, compare=False)  # the opening '{' in its file, once loaded

    @property
    def has_else(self) -> bool:
        return self.branches[-1].condition is None


@dataclass(frozen=True, slots=True)
class Insert:
    """``{name}``: a variable's display label, or a named text."""

    name: str
    offset: int
    pos: Pos | None = field(default=None, compare=False)


Part = str | Alternatives | Insert


@dataclass(frozen=True, slots=True)
class Passage:
    """Story text as written (``source``) and as parsed (``parts``)."""

    source: str
    parts: tuple[Part, ...]
    pos: Pos | None = field(default=None, compare=False)  # where the text starts in its file
    is_static: bool = field(init=False, compare=False)
    """True if the passage reads nothing from the state (it always renders the same)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_static", all(isinstance(part, str) for part in self.parts))

    @property
    def is_empty(self) -> bool:
        return not self.source.strip()


EMPTY = Passage("", ())


# ------------------------------------------------- quick constructors (see game/engine/slots.py)
# The passage parser makes one of these for every part of every passage of a story. Each
# makes exactly the object its class would (tests/loading/test_passage_makers.py); which
# one is used is chosen once, here: the quick maker, or the class itself where the class
# stops being a plain slotted dataclass (slot_setters gives None).

_new = object.__new__
_BRANCH = slot_setters(Branch, ("condition", "condition_text", "body", "offset", "pos"))
_ALTERNATIVES = slot_setters(Alternatives, ("branches", "offset", "block", "pos"))
_INSERT = slot_setters(Insert, ("name", "offset", "pos"))
_PASSAGE = slot_setters(Passage, ("source", "parts", "pos", "is_static"), post_init=True)


def branch_maker(setters: tuple[Callable[[Any, Any], None], ...] | None) -> Callable[..., Branch]:
    """``Branch(condition, condition_text, body, offset, pos)``: quick with ``setters``."""
    if setters is None:
        return Branch
    set_condition, set_text, set_body, set_offset, set_pos = setters

    def new_branch(
        condition: Expr | None, condition_text: str, body: tuple[Part, ...], offset: int, pos: Pos | None
    ) -> Branch:
        branch: Branch = _new(Branch)
        set_condition(branch, condition)
        set_text(branch, condition_text)
        set_body(branch, body)
        set_offset(branch, offset)
        set_pos(branch, pos)
        return branch

    return new_branch


def alternatives_maker(setters: tuple[Callable[[Any, Any], None], ...] | None) -> Callable[..., Alternatives]:
    """``Alternatives(branches, offset, block, pos)``: quick with ``setters``."""
    if setters is None:
        return Alternatives
    set_branches, set_offset, set_block, set_pos = setters

    def new_alternatives(
        branches: tuple[Branch, ...], offset: int, block: bool, pos: Pos | None
    ) -> Alternatives:
        made: Alternatives = _new(Alternatives)
        set_branches(made, branches)
        set_offset(made, offset)
        set_block(made, block)
        set_pos(made, pos)
        return made

    return new_alternatives


def insert_maker(setters: tuple[Callable[[Any, Any], None], ...] | None) -> Callable[..., Insert]:
    """``Insert(name, offset, pos)``: quick with ``setters``."""
    if setters is None:
        return Insert
    set_name, set_offset, set_pos = setters

    def new_insert(name: str, offset: int, pos: Pos | None) -> Insert:
        insert: Insert = _new(Insert)
        set_name(insert, name)
        set_offset(insert, offset)
        set_pos(insert, pos)
        return insert

    return new_insert


def passage_maker(setters: tuple[Callable[[Any, Any], None], ...] | None) -> Callable[..., Passage]:
    """``Passage(source, parts, pos)``, its ``is_static`` worked out as ``__post_init__``
    does: quick with ``setters``."""
    if setters is None:
        return Passage
    set_source, set_parts, set_pos, set_static = setters

    def new_passage(source: str, parts: tuple[Part, ...], pos: Pos | None) -> Passage:
        passage: Passage = _new(Passage)
        set_source(passage, source)
        set_parts(passage, parts)
        set_pos(passage, pos)
        for part in parts:
            if not isinstance(part, str):
                set_static(passage, False)
                break
        else:
            set_static(passage, True)
        return passage

    return new_passage


new_branch: Final = branch_maker(_BRANCH)
new_alternatives: Final = alternatives_maker(_ALTERNATIVES)
new_insert: Final = insert_maker(_INSERT)
new_passage: Final = passage_maker(_PASSAGE)


@dataclass(frozen=True, slots=True)
class TextCase:
    """One entry of a named text: its condition (None: the default, always last) and passage."""

    condition: Expr | None
    condition_text: str
    passage: Passage
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class NamedText:
    """An author-defined text chosen by state, printed with ``{id}``."""

    id: str
    cases: tuple[TextCase, ...]
    pos: Pos | None = field(default=None, compare=False)
