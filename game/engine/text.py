"""Text that follows the state: passages, their parser, and the one function that renders them.

Story text (a scene's prose, a choice's text and aftermath, an ending's epilogue,
history and fates, the story's named texts) is parsed once, when the story loads,
into a :class:`Passage`: literal text with conditional alternatives and printed
values in it.  :func:`render` turns a passage into the text a player reads in one
state of a game; every front end, the debrief, the handouts and the statistics
call it (through :mod:`game.engine.view` for what a player sees), so there is one
renderer.  Nothing rendered is ever saved: text is derived from the state.

The syntax (documented for authors in docs/scene-format.md)::

    {if COND: text}                       inline, anywhere in a sentence
    {if COND: text | elif COND: text | else: text}
    {name}                                a variable's label, or a named text
    {if COND}  ...  {elif COND}  ...  {else}  ...  {end}
                                          block tags, each on a line of its own
    {{  }}                                a literal brace

``COND`` is the condition language of :mod:`game.engine.conditions`.  Inside an
inline alternative, the spaces next to ``:`` and ``|`` are not part of the text
(write the spaces outside the braces), a ``|`` inside a glossary mark
(``[[NEP|the new policy]]``) does not separate branches, and alternatives nest.

Rendered text keeps glossary marks (each front end shows them its own way) and the
author's paragraphs (a blank line between them); runs of spaces left by an empty
alternative are closed up, as is a space left before ``, . ; : ! ?``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from game.engine.expr_eval import Context, evaluate
from game.engine.expr_tree import Expr
from game.engine.model import Variable
from game.engine.passage import Alternatives, Insert, NamedText, Part, Passage, TextCase
from game.engine.text_parse import MAX_NESTING, TextError, parse_passage

__all__ = [
    "MAX_NESTING",
    "Lookup",
    "StartContext",
    "TextError",
    "TextLookup",
    "alternatives",
    "chosen_branch",
    "chosen_case",
    "conditions",
    "holds",
    "inserts",
    "outside_play",
    "parse_passage",
    "render",
]


# ------------------------------------------------------------------------ walking


def alternatives(passage: Passage) -> Iterator[Alternatives]:
    """Every alternative in a passage, outer ones first, in the order written."""
    stack = list(reversed(passage.parts))
    while stack:
        part = stack.pop()
        if isinstance(part, Alternatives):
            yield part
            for branch in reversed(part.branches):
                stack.extend(reversed(branch.body))


def inserts(passage: Passage) -> Iterator[Insert]:
    """Every ``{name}`` in a passage, in every branch."""
    stack = list(reversed(passage.parts))
    while stack:
        part = stack.pop()
        if isinstance(part, Insert):
            yield part
        elif isinstance(part, Alternatives):
            for branch in reversed(part.branches):
                stack.extend(reversed(branch.body))


def conditions(passage: Passage) -> Iterator[Expr]:
    """Every condition in a passage's alternatives (named texts' conditions are not included)."""
    for alternative in alternatives(passage):
        for branch in alternative.branches:
            if branch.condition is not None:
                yield branch.condition


# ---------------------------------------------------------------------- rendering

_SEAM = "\x00"  # marks where an alternative or an insert met the text around it, while rendering
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_CLOSES_UP = frozenset(",.;:!?\n")


def holds(condition: Expr, ctx: Context) -> bool:
    """Whether a text's condition holds in the state ``ctx`` reads from."""
    return bool(evaluate(condition, ctx))


class Lookup(Protocol):
    """What rendering reads from a story (a :class:`~game.engine.model.Story` is one)."""

    @property
    def variables(self) -> Mapping[str, Variable]: ...

    @property
    def texts(self) -> Mapping[str, NamedText]: ...


@dataclass(frozen=True)
class TextLookup:
    """A :class:`Lookup` made of its two mappings (for a story still being built)."""

    variables: Mapping[str, Variable]
    texts: Mapping[str, NamedText]


class StartContext:
    """The state before anything has happened, for text shown outside play (reports,
    handouts, maps): every variable at its default, nothing visited or chosen, no role."""

    __slots__ = ("_variables",)

    def __init__(self, variables: Mapping[str, Variable]) -> None:
        self._variables = variables

    def value(self, name: str) -> int | bool:
        return self._variables[name].default

    def visits(self, scene: str) -> int:
        return 0

    def chose(self, decision: str, choice: str) -> bool:
        return False

    @property
    def role(self) -> str:
        return ""


def outside_play(passage: Passage, lookup: Lookup) -> str:
    """A passage as shown outside play: rendered in :class:`StartContext`."""
    return render(passage, lookup, StartContext(lookup.variables))


def chosen_branch(alternative: Alternatives, ctx: Context) -> int | None:
    """The index of the branch an alternative shows in ``ctx`` (None: no branch holds)."""
    for number, branch in enumerate(alternative.branches):
        if branch.condition is None or holds(branch.condition, ctx):
            return number
    return None


def chosen_case(text: NamedText, ctx: Context) -> TextCase | None:
    for case in text.cases:
        if case.condition is None or holds(case.condition, ctx):
            return case
    return None


def render(passage: Passage, lookup: Lookup, ctx: Context) -> str:
    """The text a player reads: ``passage`` rendered in the state ``ctx`` reads from."""
    if passage.is_static:
        return passage.source.strip("\n")
    out: list[str] = []
    _render_parts(passage.parts, lookup, ctx, out, 0)
    return _tidy("".join(out))


def _render_parts(parts: tuple[Part, ...], lookup: Lookup, ctx: Context, out: list[str], depth: int) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Alternatives):
            out.append(_SEAM)
            number = chosen_branch(part, ctx)
            if number is not None:
                _render_parts(part.branches[number].body, lookup, ctx, out, depth)
            out.append(_SEAM)
        else:
            out.extend((_SEAM, _insert(part, lookup, ctx, depth), _SEAM))


def _insert(part: Insert, lookup: Lookup, ctx: Context, depth: int) -> str:
    variable = lookup.variables.get(part.name)
    if variable is not None:
        return variable.describe(ctx.value(part.name))
    text = lookup.texts.get(part.name)
    if text is None or depth > MAX_NESTING:  # the loader refuses both; never crash on them
        return ""
    case = chosen_case(text, ctx)
    if case is None:
        return ""
    inner: list[str] = []
    _render_parts(case.passage.parts, lookup, ctx, inner, depth + 1)
    return "".join(inner).strip()


def _tidy(text: str) -> str:
    """Close up what alternatives leave where they meet the text around them: one space
    where there were spaces (none before ``, . ; : ! ?`` or at a line's ends), and at most
    one blank line between paragraphs. Text the author wrote elsewhere is left alone."""

    pieces = text.split(_SEAM)
    out = [pieces[0].rstrip(" \t")]
    spaced = len(out[0]) != len(pieces[0])
    for piece in pieces[1:]:
        rest = piece.lstrip(" \t")
        spaced = spaced or len(rest) != len(piece)
        if not rest:  # seams side by side, or spaces only between them: the gap goes on
            continue
        before = out[-1][-1] if out[-1] else (out[-2][-1] if len(out) > 1 and out[-2] else "\n")
        if spaced and before != "\n" and rest[0] not in _CLOSES_UP:
            out.append(" ")
        trimmed = rest.rstrip(" \t")
        spaced = len(trimmed) != len(rest)
        out.append(trimmed)
    joined = "".join(out)
    return _BLANK_LINES.sub("\n\n", joined).strip("\n")
