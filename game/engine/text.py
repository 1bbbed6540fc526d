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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from game.engine.expr_eval import Context, evaluate
from game.engine.expr_parse import parse
from game.engine.expr_tree import Expr, ExprError
from game.engine.model import Pos, Variable
from game.engine.passage import Alternatives, Branch, Insert, NamedText, Part, Passage, TextCase

MAX_NESTING = 16
"""Deepest nesting of alternatives within alternatives."""


class TextError(Exception):
    """A problem in a passage's syntax, at a 0-based character offset into its text."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message, offset, hint)
        self.message = message
        self.offset = offset
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


# ------------------------------------------------------------------------- parser

_BLOCK_TAG = re.compile(r"[ \t]*\{(if|elif)[ \t]+([^:{}\n]*)\}[ \t]*$|[ \t]*\{(else|end)\}[ \t]*$")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_WORD_AFTER_BRACE = re.compile(r"\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class _Open:
    """A block ``{if}`` being read: its branches so far and the current branch's parts."""

    offset: int
    branches: list[Branch]
    condition: Expr | None
    condition_text: str
    condition_offset: int
    parts: list[Part]
    seen_else: bool = False


def parse_passage(source: str) -> Passage:
    """Parse story text; raises :class:`TextError` (or :class:`ExprError` for a bad condition,
    with its offset already made relative to ``source``) at the first syntax problem."""
    if "{" not in source and "}" not in source:
        return Passage(source, (source,) if source else ())
    return Passage(source, tuple(_parse_blocks(source)))


def _parse_blocks(source: str) -> list[Part]:
    stack: list[_Open] = []
    top: list[Part] = []

    def current() -> list[Part]:
        return stack[-1].parts if stack else top

    position = 0
    while position < len(source):
        end = source.find("\n", position)
        line_end = len(source) if end < 0 else end + 1
        line = source[position : (len(source) if end < 0 else end)]
        tag = _BLOCK_TAG.fullmatch(line)
        if tag is None:
            _add_parts(current(), _parse_inline(source, position, line_end, depth=len(stack)))
            position = line_end
            continue
        brace = position + line.index("{")
        keyword = tag.group(1) or tag.group(3)
        if keyword in ("if", "elif"):
            cond_offset = position + tag.start(2)
            cond_text = tag.group(2).strip()
            condition = _condition(cond_text, cond_offset)
        if keyword == "if":
            if len(stack) >= MAX_NESTING:
                raise TextError(f"alternatives are nested too deeply (more than {MAX_NESTING})", brace)
            stack.append(_Open(brace, [], condition, cond_text, cond_offset, []))
        elif not stack:
            raise TextError(
                f"{{{keyword}}} without an {{if ...}} before it",
                brace,
                "start the passage with {if CONDITION} on a line of its own",
            )
        else:
            block = stack[-1]
            if keyword == "end":
                _close_branch(block)
                stack.pop()
                current().append(Alternatives(tuple(block.branches), block.offset, True))
            elif block.seen_else:
                raise TextError(f"{{{keyword}}} after {{else}}", brace, "{else} must be the last branch")
            else:
                _close_branch(block)
                block.parts = []
                if keyword == "elif":
                    block.condition, block.condition_text, block.condition_offset = (
                        condition,
                        cond_text,
                        cond_offset,
                    )
                else:
                    block.condition, block.condition_text, block.condition_offset = None, "else", brace
                    block.seen_else = True
        position = line_end
    if stack:
        raise TextError("{if ...} is never closed", stack[-1].offset, "add {end} on a line of its own")
    return top


def _close_branch(block: _Open) -> None:
    block.branches.append(
        Branch(block.condition, block.condition_text, tuple(block.parts), block.condition_offset)
    )


def _add_parts(into: list[Part], parts: list[Part]) -> None:
    for part in parts:
        if isinstance(part, str) and into and isinstance(into[-1], str):
            into[-1] += part
        elif part != "":
            into.append(part)


def _condition(text: str, offset: int) -> Expr:
    try:
        return parse(text)
    except ExprError as err:
        raise ExprError(err.message, offset + err.offset, err.hint) from None


def _parse_inline(source: str, start: int, stop: int, depth: int) -> list[Part]:
    """The parts of ``source[start:stop]``, which holds no block tag."""
    parts, position = _inline_until(source, start, stop, depth, inside=False)
    assert position == stop
    return parts


def _inline_until(source: str, start: int, stop: int, depth: int, *, inside: bool) -> tuple[list[Part], int]:
    """Parts from ``start`` up to ``stop``, or (``inside`` an alternative) up to its top-level
    ``|`` or ``}``; returns them and the offset where reading stopped."""
    parts: list[Part] = []
    buffer: list[str] = []
    position = start

    def flush() -> None:
        if buffer:
            parts.append("".join(buffer))
            buffer.clear()

    while position < stop:
        char = source[position]
        if char == "[" and source.startswith("[[", position):
            close = source.find("]]", position + 2, stop)
            if close < 0:
                buffer.append(source[position:stop] if not inside else char)
                position = stop if not inside else position + 1
                continue
            buffer.append(source[position : close + 2])
            position = close + 2
        elif char == "{":
            if source.startswith("{{", position):
                buffer.append("{")
                position += 2
                continue
            flush()
            part, position = _brace(source, position, stop, depth)
            parts.append(part)
        elif char == "}":
            if source.startswith("}}", position):
                buffer.append("}")
                position += 2
                continue
            if inside:
                break
            raise TextError("'}' without a '{' before it", position, "write }} for a literal brace")
        elif char == "|" and inside:
            break
        else:
            buffer.append(char)
            position += 1
    flush()
    return parts, position


def _brace(source: str, brace: int, stop: int, depth: int) -> tuple[Part, int]:
    """The construct opened by the ``{`` at ``brace``: an inline alternative or an insert."""
    word = _WORD_AFTER_BRACE.match(source, brace, stop)
    if word is None:
        raise TextError(
            "unexpected '{'",
            brace,
            "{if CONDITION: text} shows text when the condition holds, {name} prints a value; "
            "write {{ for a literal brace",
        )
    keyword = word.group(1)
    after = word.end()
    if keyword == "if" and after < stop and source[after] in " \t(":
        return _inline_alternatives(source, brace, after, stop, depth)
    if keyword in ("elif", "else", "end"):
        raise TextError(
            f"{{{keyword}...}} here is not on a line of its own",
            brace,
            "inside an inline {if ...: ...} write '| elif CONDITION: ...' or '| else: ...'; "
            "block tags stand alone on their lines",
        )
    close = source.find("}", after, stop)
    if close < 0 or source[after:close].strip():
        if keyword == "if":
            raise TextError("expected a condition after 'if'", after, "e.g. {if hunger > 5: You are hungry.}")
        raise TextError(
            f"'{{{keyword}' is not closed",
            brace,
            "{name} prints a value; {if CONDITION: text} shows text when the condition holds",
        )
    if not _NAME.fullmatch(keyword):
        raise TextError(
            f"names are written in lower case: '{keyword}'", word.start(1), f"write {{{keyword.lower()}}}"
        )
    return Insert(keyword, word.start(1)), close + 1


def _inline_alternatives(source: str, brace: int, after: int, stop: int, depth: int) -> tuple[Part, int]:
    if depth + 1 > MAX_NESTING:
        raise TextError(f"alternatives are nested too deeply (more than {MAX_NESTING})", brace)
    branches: list[Branch] = []
    keyword_end = after
    is_else = False
    while True:
        if is_else:
            condition, condition_text, cond_offset = None, "else", keyword_end
            colon = keyword_end
            while colon < stop and source[colon] in " \t":
                colon += 1
            if colon >= stop or source[colon] != ":":
                raise TextError("expected ':' after 'else'", colon, "e.g. {if x: this | else: that}")
        else:
            colon = _find_colon(source, keyword_end, stop)
            raw = source[keyword_end:colon]
            cond_offset = keyword_end + (len(raw) - len(raw.lstrip()))
            condition_text = raw.strip()
            if not condition_text:
                raise TextError("expected a condition", keyword_end, "e.g. {if hunger > 5: You are hungry.}")
            condition = _condition(condition_text, cond_offset)
        body_start = colon + 1
        body, position = _inline_until(source, body_start, stop, depth + 1, inside=True)
        branches.append(Branch(condition, condition_text, tuple(_trim(body)), cond_offset))
        if position >= stop:
            raise TextError("'{if' is not closed", brace, "end the alternative with '}' on the same line")
        if source[position] == "}":
            return Alternatives(tuple(branches), brace, False), position + 1
        # a '|': the next branch
        if is_else:
            raise TextError("a branch after '| else:'", position, "else must be the last branch")
        nxt = _WORD_AFTER_BRACE.match("{" + source[position + 1 : stop])
        keyword = nxt.group(1) if nxt else ""
        if keyword == "elif":
            keyword_end = position + 1 + (nxt.end() - 1 if nxt else 0)
        elif keyword == "else":
            keyword_end = position + 1 + (nxt.end() - 1 if nxt else 0)
            is_else = True
        else:
            raise TextError(
                "expected 'elif CONDITION:' or 'else:' after '|'",
                position,
                "e.g. {if x: this | elif y: that | else: other}",
            )


def _find_colon(source: str, start: int, stop: int) -> int:
    for position in range(start, stop):
        char = source[position]
        if char == ":":
            return position
        if char in "{}|\n":
            break
    raise TextError("expected ':' after the condition", start, "e.g. {if hunger > 5: You are hungry.}")


def _trim(parts: list[Part]) -> list[Part]:
    """A branch's parts without the spaces next to its ':' and its '|' or '}'."""
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip(" \t")
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(" \t")
    return [part for part in parts if part != ""]


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


def located(passage: Passage, locate: Callable[[int], Pos]) -> Passage:
    """``passage`` with every alternative, branch and insert given its place in the file
    (``locate`` turns an offset into the passage's text into a position)."""
    return Passage(passage.source, _locate_parts(passage.parts, locate), locate(0))


def _locate_parts(parts: tuple[Part, ...], locate: Callable[[int], Pos]) -> tuple[Part, ...]:
    out: list[Part] = []
    for part in parts:
        if isinstance(part, Alternatives):
            branches = tuple(
                replace(branch, body=_locate_parts(branch.body, locate), pos=locate(branch.offset))
                for branch in part.branches
            )
            out.append(replace(part, branches=branches, pos=locate(part.offset)))
        elif isinstance(part, Insert):
            out.append(replace(part, pos=locate(part.offset)))
        else:
            out.append(part)
    return tuple(out)


# ---------------------------------------------------------------------- rendering

_SEAM = "\x00"  # marks where an alternative or an insert met the text around it, while rendering
_SEAMS = re.compile(r"[ \t]*\x00[ \t\x00]*")
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

    def seam(match: re.Match[str]) -> str:
        spaced = any(char in " \t" for char in match.group())
        before = match.string[match.start() - 1] if match.start() else "\n"
        after = match.string[match.end()] if match.end() < len(match.string) else "\n"
        return " " if spaced and before != "\n" and after not in _CLOSES_UP else ""

    text = _SEAMS.sub(seam, text)
    return _BLANK_LINES.sub("\n\n", text).strip("\n")
