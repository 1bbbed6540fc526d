"""The parsed form of story text that follows the state (see :mod:`game.engine.text`).

A :class:`Passage` is literal text with :class:`Alternatives` (``{if ...}`` chains) and
:class:`Insert` (``{name}``) parts; a :class:`NamedText` is a story's ``texts:`` entry.
Data only: parsing and rendering are in :mod:`game.engine.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
