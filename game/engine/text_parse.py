"""Reading story text into a :class:`~game.engine.passage.Passage`: the passage syntax's parser.

The syntax is described in :mod:`game.engine.text` and, for authors, in docs/scene-format.md.
:func:`parse_passage` raises :class:`TextError` (or :class:`~game.engine.expr_tree.ExprError`
for a bad condition) at the first problem, with an offset into the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.expr_parse import parse
from game.engine.expr_tree import Expr, ExprError
from game.engine.passage import (
    Branch,
    Part,
    Passage,
    new_alternatives,
    new_branch,
    new_insert,
    new_passage,
)

if TYPE_CHECKING:
    from game.engine.model import Pos

Locate = Callable[[int], "Pos"]
"""Turns an offset into a passage's text into where it was written (see :func:`parse_passage`)."""

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


_BLOCK_TAG = re.compile(r"[ \t]*\{(if|elif)[ \t]+([^:{}\n]*)\}[ \t]*$|[ \t]*\{(else|end)\}[ \t]*$")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_WORD_AFTER_BRACE = re.compile(r"\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)")
_BRACE = re.compile(r"[{}]")
_SPECIAL = re.compile(r"\[\[|[{}]")
_SPECIAL_INSIDE = re.compile(r"\[\[|[{}|]")
"""The characters that mean something in inline text (and, inside an alternative, ``|``)."""
_COLON_OR_STOP = re.compile(r"[:{}|\n]")
"""What ends a condition inside ``{if ...}``: its ':', or a character it cannot hold."""
_BRANCH_WORD = re.compile(r"\|[ \t]*([A-Za-z_][A-Za-z0-9_]*)")
"""The word after a ``|`` inside an inline alternative (``elif`` or ``else``)."""


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


def parse_passage(source: str, locate: Locate | None = None) -> Passage:
    """Parse story text; raises :class:`TextError` (or :class:`ExprError` for a bad condition,
    with its offset already made relative to ``source``) at the first syntax problem.

    With ``locate`` (an offset into ``source`` to its place in the file), the passage, its
    alternatives, their branches and its inserts are given their ``pos`` as they are read."""
    pos = None if locate is None else locate(0)
    if "{" not in source and "}" not in source:
        return new_passage(source, (source,) if source else (), pos)
    return new_passage(source, tuple(_parse_blocks(source, locate)), pos)


def _parse_blocks(source: str, locate: Locate | None) -> list[Part]:
    stack: list[_Open] = []
    top: list[Part] = []

    def current() -> list[Part]:
        return stack[-1].parts if stack else top

    position = 0
    size = len(source)
    while position < size:
        # Lines with no brace are literal text: take them all up to the next line with one.
        found = _BRACE.search(source, position)
        if found is None:
            _add_parts(current(), [source[position:]])
            break
        line_start = source.rfind("\n", position, found.start()) + 1
        if line_start > position:
            _add_parts(current(), [source[position:line_start]])
            position = line_start
        end = source.find("\n", position)
        line_end = len(source) if end < 0 else end + 1
        line = source[position : (len(source) if end < 0 else end)]
        tag = _BLOCK_TAG.fullmatch(line)
        if tag is None:
            _add_parts(current(), _parse_inline(source, position, line_end, len(stack), locate))
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
                _close_branch(block, locate)
                stack.pop()
                at = None if locate is None else locate(block.offset)
                current().append(new_alternatives(tuple(block.branches), block.offset, True, at))
            elif block.seen_else:
                raise TextError(f"{{{keyword}}} after {{else}}", brace, "{else} must be the last branch")
            else:
                _close_branch(block, locate)
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


def _close_branch(block: _Open, locate: Locate | None) -> None:
    offset = block.condition_offset
    at = None if locate is None else locate(offset)
    block.branches.append(new_branch(block.condition, block.condition_text, tuple(block.parts), offset, at))


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


def _parse_inline(source: str, start: int, stop: int, depth: int, locate: Locate | None) -> list[Part]:
    """The parts of ``source[start:stop]``, which holds no block tag."""
    parts, position = _inline_until(source, start, stop, depth, locate, inside=False)
    assert position == stop
    return parts


def _inline_until(
    source: str, start: int, stop: int, depth: int, locate: Locate | None, *, inside: bool
) -> tuple[list[Part], int]:
    """Parts from ``start`` up to ``stop``, or (``inside`` an alternative) up to its top-level
    ``|`` or ``}``; returns them and the offset where reading stopped.

    Literal text between the characters that mean something is taken a run at a time
    (a regular expression finds the next one), never a character at a time."""
    parts: list[Part] = []
    buffer: list[str] = []
    special = _SPECIAL_INSIDE if inside else _SPECIAL
    position = start
    while position < stop:
        found = special.search(source, position, stop)
        if found is None:
            buffer.append(source[position:stop])
            position = stop
            break
        at = found.start()
        if at > position:
            buffer.append(source[position:at])
        char = source[at]
        if char == "[":  # a glossary mark, kept whole: nothing inside it has a meaning here
            close = source.find("]]", at + 2, stop)
            if close < 0:
                if inside:
                    buffer.append(char)
                    position = at + 1
                else:
                    buffer.append(source[at:stop])
                    position = stop
                continue
            buffer.append(source[at : close + 2])
            position = close + 2
        elif char == "{":
            if source.startswith("{{", at):
                buffer.append("{")
                position = at + 2
                continue
            if buffer:
                parts.append("".join(buffer))
                buffer.clear()
            part, position = _brace(source, at, stop, depth, locate)
            parts.append(part)
        elif char == "}":
            if source.startswith("}}", at):
                buffer.append("}")
                position = at + 2
                continue
            if inside:
                position = at
                break
            raise TextError("'}' without a '{' before it", at, "write }} for a literal brace")
        else:  # a '|' inside an alternative: the end of its branch
            position = at
            break
    if buffer:
        parts.append("".join(buffer))
    return parts, position


def _brace(source: str, brace: int, stop: int, depth: int, locate: Locate | None) -> tuple[Part, int]:
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
        return _inline_alternatives(source, brace, after, stop, depth, locate)
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
    offset = word.start(1)
    return new_insert(keyword, offset, None if locate is None else locate(offset)), close + 1


def _inline_alternatives(
    source: str, brace: int, after: int, stop: int, depth: int, locate: Locate | None
) -> tuple[Part, int]:
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
        body, position = _inline_until(source, body_start, stop, depth + 1, locate, inside=True)
        at = None if locate is None else locate(cond_offset)
        branches.append(new_branch(condition, condition_text, tuple(_trim(body)), cond_offset, at))
        if position >= stop:
            raise TextError("'{if' is not closed", brace, "end the alternative with '}' on the same line")
        if source[position] == "}":
            at = None if locate is None else locate(brace)
            return new_alternatives(tuple(branches), brace, False, at), position + 1
        # a '|': the next branch
        if is_else:
            raise TextError("a branch after '| else:'", position, "else must be the last branch")
        nxt = _BRANCH_WORD.match(source, position, stop)
        keyword = nxt.group(1) if nxt else ""
        if keyword == "elif":
            keyword_end = nxt.end() if nxt else position + 1
        elif keyword == "else":
            keyword_end = nxt.end() if nxt else position + 1
            is_else = True
        else:
            raise TextError(
                "expected 'elif CONDITION:' or 'else:' after '|'",
                position,
                "e.g. {if x: this | elif y: that | else: other}",
            )


def _find_colon(source: str, start: int, stop: int) -> int:
    found = _COLON_OR_STOP.search(source, start, stop)
    if found is not None and found.group() == ":":
        return found.start()
    raise TextError("expected ':' after the condition", start, "e.g. {if hunger > 5: You are hungry.}")


def _trim(parts: list[Part]) -> list[Part]:
    """A branch's parts without the spaces next to its ':' and its '|' or '}'."""
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip(" \t")
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(" \t")
    return [part for part in parts if part != ""]
