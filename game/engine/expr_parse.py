"""Reading a condition's text into a tree: a hand-written tokenizer and a precedence-climbing parser.

Never raises anything but :class:`~game.engine.expr_tree.ExprError` for bad text; see
:mod:`game.engine.conditions` for the grammar.
"""

from __future__ import annotations

from typing import NamedTuple

from game.engine.expr_tree import (
    CMP_PREC,
    EXAMPLES,
    KEYWORDS,
    MAX_DEPTH,
    MAX_INT,
    NOT_PREC,
    PREC,
    Binary,
    Bool,
    Call,
    Expr,
    ExprError,
    Int,
    Name,
    Unary,
    unparse,
)

# ---------------------------------------------------------------------- tokenizer


class _Tok(NamedTuple):
    kind: str  # "int" | "name" | "op" | "end"
    text: str
    offset: int


_WHITESPACE = frozenset(" \t\r\n")
_DIGITS = frozenset("0123456789")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz_")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD = _LOWER | _UPPER | _DIGITS
_TWO_CHAR_OPS = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS = frozenset("<>+-*/%(),")
_MISTAKES = {
    "&&": "write 'and'",
    "||": "write 'or'",
    "=>": "write '>='",
    "=<": "write '<='",
    "<>": "write '!='",
    "**": "there is no power operator; multiply instead, e.g. x * x",
    "//": "'/' already divides and rounds toward zero",
    "=": "use '==' to compare",
    "!": "write 'not'",
    "&": "write 'and'",
    "|": "write 'or'",
}
_QUOTES = frozenset("'\"‘’“”`")
_BRACKETS = frozenset("[]{}")


def _scan(text: str, pos: int) -> tuple[_Tok, int]:
    """The token starting at or after ``pos``, and the position just after it."""
    n = len(text)
    while pos < n and text[pos] in _WHITESPACE:
        pos += 1
    if pos >= n:
        return _Tok("end", "", n), n
    start = pos
    c = text[pos]
    if c in _DIGITS:
        while pos < n and text[pos] in _DIGITS:
            pos += 1
        digits = text[start:pos]
        if pos < n and text[pos] in _WORD:
            while pos < n and text[pos] in _WORD:
                pos += 1
            raise ExprError(
                f"'{text[start:pos]}' is not a number or a name", start, "names start with a letter or '_'"
            )
        if pos + 1 < n and text[pos] == "." and text[pos + 1] in _DIGITS:
            raise ExprError("only whole numbers are allowed", start)
        significant = digits.lstrip("0")
        if len(significant) > len(str(MAX_INT)) or int(significant or "0") > MAX_INT:
            raise ExprError(f"number too large: the limit is {MAX_INT}", start)
        return _Tok("int", digits, start), pos
    if c in _WORD:
        while pos < n and text[pos] in _WORD:
            pos += 1
        word = text[start:pos]
        if any(ch in _UPPER for ch in word):
            raise ExprError("names are written in lower case", start, f"write '{word.lower()}'")
        return _Tok("name", word, start), pos
    pair = text[start : start + 2]
    if pair in _TWO_CHAR_OPS:
        return _Tok("op", pair, start), start + 2
    if pair in _MISTAKES:
        raise ExprError(f"unexpected '{pair}'", start, _MISTAKES[pair])
    if c in _ONE_CHAR_OPS:
        return _Tok("op", c, start), start + 1
    if c in _MISTAKES:
        raise ExprError(f"unexpected '{c}'", start, _MISTAKES[c])
    if c in _QUOTES:
        raise ExprError(
            "quotes are not used in conditions",
            start,
            "name scenes, choices and roles by their bare ids, e.g. visited(metal_conference)",
        )
    if c in _BRACKETS:
        raise ExprError(f"unexpected {c!r}", start, "group with '(' and ')'")
    raise ExprError(f"unexpected character {c!r}", start)


# ------------------------------------------------------------------------- parser


def _too_deep(offset: int) -> ExprError:
    return ExprError(
        f"expression is nested too deeply (more than {MAX_DEPTH} levels)",
        offset,
        "split it into simpler conditions",
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.peeked: _Tok | None = None
        self.last: _Tok | None = None  # the last token taken
        self.parens = 0

    def peek(self) -> _Tok:
        if self.peeked is None:
            self.peeked, self.pos = _scan(self.text, self.pos)
        return self.peeked

    def take(self) -> _Tok:
        tok = self.peek()
        self.peeked = None
        self.last = tok
        return tok

    def is_op(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text == text

    def is_keyword(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind == "name" and tok.text == text

    def parse(self) -> Expr:
        tok = self.peek()
        if tok.kind == "end":
            raise ExprError("empty expression", tok.offset, "write a condition or a value, e.g. hunger > 5")
        expr, _ = self.expr(1)
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "op" and tok.text == ")":
                raise ExprError("unexpected ')'", tok.offset, "there is no '(' for it to close")
            raise ExprError(
                f"expected an operator before '{tok.text}'", tok.offset, "join conditions with 'and' or 'or'"
            )
        return expr

    def expected_value(self, tok: _Tok) -> ExprError:
        after = f" after '{self.last.text}'" if self.last is not None else ""
        found = "" if tok.kind == "end" else f", found '{tok.text}'"
        hint = "put 'not ...' in brackets: (not ...)" if tok.kind == "name" and tok.text == "not" else None
        return ExprError(f"expected a value{after}{found}", tok.offset, hint)

    def expr(self, min_prec: int) -> tuple[Expr, int]:
        """Parse operators binding at least as tightly as ``min_prec``; return the tree and its depth."""
        left, depth = self.prefix(min_prec)
        chained: Binary | None = None  # a comparison just built at this level, not in brackets
        while True:
            tok = self.peek()
            prec = PREC.get(tok.text) if tok.kind in ("op", "name") else None
            if prec is None or prec < min_prec:
                return left, depth
            self.take()
            right, right_depth = self.expr(prec + 1)
            if prec == CMP_PREC and chained is not None:
                raise ExprError(
                    "comparisons cannot be chained",
                    tok.offset,
                    f"write '{unparse(chained)} and {unparse(chained.right)} {tok.text} {unparse(right)}'",
                )
            left = Binary(tok.text, left, right, tok.offset)
            depth = 1 + max(depth, right_depth)
            if depth > MAX_DEPTH:
                raise _too_deep(tok.offset)
            chained = left if prec == CMP_PREC else None

    def prefix(self, min_prec: int) -> tuple[Expr, int]:
        if self.is_keyword("not"):
            if min_prec > NOT_PREC:
                raise self.expected_value(self.peek())
            nots: list[int] = []
            while self.is_keyword("not"):
                nots.append(self.take().offset)
                if len(nots) > MAX_DEPTH:
                    raise _too_deep(nots[-1])
            operand, depth = self.expr(CMP_PREC)
            for offset in reversed(nots):
                operand = Unary("not", operand, offset)
            depth += len(nots)
            if depth > MAX_DEPTH:
                raise _too_deep(nots[0])
            return operand, depth
        if self.is_op("-"):
            minuses: list[int] = []
            while self.is_op("-"):
                minuses.append(self.take().offset)
                if len(minuses) > MAX_DEPTH:
                    raise _too_deep(minuses[-1])
            operand, depth, literal = self.atom()
            if literal:
                assert isinstance(operand, Int)
                operand = Int(-operand.value, minuses.pop())
            for offset in reversed(minuses):
                operand = Unary("-", operand, offset)
            depth += len(minuses)
            if depth > MAX_DEPTH:
                raise _too_deep(minuses[0] if minuses else operand.offset)
            return operand, depth
        expr, depth, _ = self.atom()
        return expr, depth

    def atom(self) -> tuple[Expr, int, bool]:
        """An atom, its depth, and whether it was a bare integer literal."""
        tok = self.peek()
        if tok.kind == "int":
            self.take()
            return Int(int(tok.text), tok.offset), 1, True
        if tok.kind == "name":
            if tok.text in ("true", "false"):
                self.take()
                return Bool(tok.text == "true", tok.offset), 1, False
            if tok.text in KEYWORDS:
                raise self.expected_value(tok)
            self.take()
            if self.is_op("("):
                return self.call(tok.text, tok.offset), 1, False
            return Name(tok.text, tok.offset), 1, False
        if tok.kind == "op" and tok.text == "(":
            self.take()
            self.parens += 1
            if self.parens > MAX_DEPTH:
                raise _too_deep(tok.offset)
            inner, depth = self.expr(1)
            close = self.peek()
            if close.kind == "end":
                raise ExprError("unclosed '('", tok.offset, "add ')' to close it")
            if close.kind != "op" or close.text != ")":
                raise ExprError(f"expected ')' or an operator before '{close.text}'", close.offset)
            self.take()
            self.parens -= 1
            return inner, depth, False
        raise self.expected_value(tok)

    def call(self, name: str, offset: int) -> Call:
        opening = self.take()
        example = EXAMPLES.get(name)
        args: list[str] = []
        offsets: list[int] = []
        if self.is_op(")"):
            self.take()
            return Call(name, (), (), offset)
        while True:
            tok = self.peek()
            if tok.kind == "end":
                raise ExprError("unclosed '('", opening.offset, "add ')' to close it")
            if tok.kind == "name" and tok.text in KEYWORDS:
                raise ExprError(f"'{tok.text}' is a reserved word, not an id", tok.offset)
            if tok.kind != "name":
                raise ExprError(
                    f"expected an id in {name}(...), found '{tok.text}'",
                    tok.offset,
                    f"ids are written bare, e.g. {example}" if example else None,
                )
            self.take()
            args.append(tok.text)
            offsets.append(tok.offset)
            tok = self.peek()
            if tok.kind == "op" and tok.text == ")":
                self.take()
                return Call(name, tuple(args), tuple(offsets), offset)
            if tok.kind == "op" and tok.text == ",":
                self.take()
                continue
            if tok.kind == "end":
                raise ExprError("unclosed '('", opening.offset, "add ')' to close it")
            raise ExprError(f"expected ',' or ')' after '{args[-1]}', found '{tok.text}'", tok.offset)


_PARSED: dict[str, Expr | tuple[str, int, str | None]] = {}
"""Trees (or the error's message, offset and hint) of texts parsed already: a story repeats
its conditions (``role(...)``, ``visited(...)``) many times, and a tree is immutable."""

_PARSED_MAX = 20_000
"""Forget every remembered text past this many (a long-running server reads many stories)."""


def parse(text: str) -> Expr:
    """Parse an expression; raises :class:`ExprError` (and nothing else) for any bad text."""
    known = _PARSED.get(text)
    if known is None:
        try:
            known = _Parser(text).parse()
        except ExprError as err:
            known = (err.message, err.offset, err.hint)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[text] = known
    if type(known) is tuple:
        raise ExprError(*known)
    return known  # type: ignore[return-value]
