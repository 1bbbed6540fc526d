"""The small language of choices' ``if:`` conditions and ``set:`` values.

No code is ever run: text is read by a hand-written tokenizer and a
precedence-climbing parser into a tiny immutable tree (:data:`Expr`), checked
against the story's declarations with :func:`check`, and evaluated with
:func:`evaluate` or a closure built once by :func:`compile_expr`.

Grammar, lowest precedence first::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not"* comparison
    comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?     # never chained
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/" | "%") unary)*
    unary      := "-"* atom
    atom       := INT | "true" | "false" | NAME | NAME "(" [NAME ("," NAME)*] ")" | "(" expr ")"

``-`` written directly before an integer literal folds into it (``-5`` is
``Int(-5)``).  Offsets are 0-based character indexes into the text; a
:class:`Binary` node's offset is its operator's, every other node's is where it
starts.

Arithmetic is on whole numbers: ``/`` rounds toward zero, ``%`` takes the
dividend's sign so that ``a == (a / b) * b + a % b`` for any ``b != 0``, and
dividing or taking the remainder by zero gives 0 (a story never crashes on it).

Nesting is capped at :data:`MAX_DEPTH` levels (brackets within brackets, and
the depth of the tree, so also long chains like ``1 + 1 + ...``): everything
that walks a parsed tree may recurse without fear of :class:`RecursionError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

Value = int | bool

MAX_DEPTH = 64
"""Deepest allowed nesting of brackets, and deepest allowed expression tree."""

MAX_INT = 10**9
"""Largest integer literal; keeps story arithmetic in a sane range."""

KEYWORDS = frozenset({"and", "or", "not", "true", "false"})

FUNCTIONS: Mapping[str, tuple[str, ...]] = {
    "visited": ("scene",),
    "chose": ("decision", "choice"),
    "role": ("role",),
}
"""Each function and what its bare-id arguments name."""

_FUNCTION_TYPES = {"visited": "int", "chose": "bool", "role": "bool"}
_EXAMPLES = {
    "visited": "visited(metal_conference)",
    "chose": "chose(dp_tax_in_kind, vote_for)",
    "role": "role(metalworker)",
}

_PREC = {
    "or": 1,
    "and": 2,
    "==": 4,
    "!=": 4,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}
_NOT_PREC = 3
_CMP_PREC = 4
_NEG_PREC = 7
_ATOM_PREC = 8

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_ORDERINGS = frozenset({"<", "<=", ">", ">="})
_ARITHMETIC = frozenset({"+", "-", "*", "/", "%"})


class ExprError(Exception):
    """A problem in an expression, at a 0-based character offset into its text."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message, offset, hint)
        self.message = message
        self.offset = offset
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True, slots=True)
class Int:
    value: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Expr
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Expr
    right: Expr
    offset: int = 0  # the operator's offset


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[str, ...]
    arg_offsets: tuple[int, ...] = ()
    offset: int = 0


Expr = Int | Bool | Name | Unary | Binary | Call


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
            prec = _PREC.get(tok.text) if tok.kind in ("op", "name") else None
            if prec is None or prec < min_prec:
                return left, depth
            self.take()
            right, right_depth = self.expr(prec + 1)
            if prec == _CMP_PREC and chained is not None:
                raise ExprError(
                    "comparisons cannot be chained",
                    tok.offset,
                    f"write '{unparse(chained)} and {unparse(chained.right)} {tok.text} {unparse(right)}'",
                )
            left = Binary(tok.text, left, right, tok.offset)
            depth = 1 + max(depth, right_depth)
            if depth > MAX_DEPTH:
                raise _too_deep(tok.offset)
            chained = left if prec == _CMP_PREC else None

    def prefix(self, min_prec: int) -> tuple[Expr, int]:
        if self.is_keyword("not"):
            if min_prec > _NOT_PREC:
                raise self.expected_value(self.peek())
            nots: list[int] = []
            while self.is_keyword("not"):
                nots.append(self.take().offset)
                if len(nots) > MAX_DEPTH:
                    raise _too_deep(nots[-1])
            operand, depth = self.expr(_CMP_PREC)
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
        example = _EXAMPLES.get(name)
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


def parse(text: str) -> Expr:
    """Parse an expression; raises :class:`ExprError` (and nothing else) for any bad text."""
    return _Parser(text).parse()


# ----------------------------------------------------------------------- unparse


def _prec(expr: Expr) -> int:
    if isinstance(expr, Binary):
        return _PREC[expr.op]
    if isinstance(expr, Unary):
        return _NOT_PREC if expr.op == "not" else _NEG_PREC
    if isinstance(expr, Int) and expr.value < 0:
        return _NEG_PREC
    return _ATOM_PREC


def unparse(expr: Expr) -> str:
    """Canonical text for ``expr``, with the fewest brackets.

    ``parse(unparse(e))`` equals ``e`` but for offsets.
    """
    if isinstance(expr, Int):
        return str(expr.value)
    if isinstance(expr, Bool):
        return "true" if expr.value else "false"
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(expr.args)})"
    if isinstance(expr, Unary):
        inner = unparse(expr.operand)
        if expr.op == "not":
            return f"not ({inner})" if _prec(expr.operand) < _NOT_PREC else f"not {inner}"
        operand = expr.operand
        if _prec(operand) < _NEG_PREC or (isinstance(operand, Int) and operand.value >= 0):
            return f"-({inner})"  # "-5" would read back as the literal -5
        return f"-{inner}"
    prec = _PREC[expr.op]
    left, right = unparse(expr.left), unparse(expr.right)
    left_prec = _prec(expr.left)
    if left_prec < prec or (prec == _CMP_PREC and left_prec == _CMP_PREC):
        left = f"({left})"
    if _prec(expr.right) <= prec:
        right = f"({right})"
    return f"{left} {expr.op} {right}"


# --------------------------------------------------------------------- traversal


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of an expression, the expression itself first."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Unary):
            stack.append(node.operand)
        elif isinstance(node, Binary):
            stack.append(node.right)
            stack.append(node.left)


def names(expr: Expr) -> frozenset[str]:
    """Every variable the expression reads."""
    return frozenset(node.name for node in walk(expr) if isinstance(node, Name))


def visited_scenes(expr: Expr) -> frozenset[str]:
    """Every scene named in a ``visited(...)`` call."""
    return frozenset(
        arg
        for node in walk(expr)
        if isinstance(node, Call) and node.func == "visited"
        for arg in node.args[:1]
    )


def chosen_decisions(expr: Expr) -> frozenset[str]:
    """Every decision named in a ``chose(...)`` call."""
    return frozenset(
        arg for node in walk(expr) if isinstance(node, Call) and node.func == "chose" for arg in node.args[:1]
    )


def int_literals(expr: Expr) -> frozenset[int]:
    """Every integer literal (a written ``-5`` is the literal -5)."""
    return frozenset(node.value for node in walk(expr) if isinstance(node, Int))


def _start(expr: Expr) -> int:
    """Where the text of ``expr`` starts (a Binary's own offset is its operator's)."""
    while isinstance(expr, Binary):
        expr = expr.left
    return expr.offset


# ------------------------------------------------------------------------- check


@dataclass(frozen=True)
class CheckEnv:
    """What a story declares, for :func:`check`."""

    variables: Mapping[str, str] = field(default_factory=dict)  # name -> "int" | "bool"
    scenes: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    decisions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # decision -> its choice ids


def _did_you_mean(word: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, sorted(options), n=1)
    return f"did you mean '{matches[0]}'?" if matches else None


def _kind(type_: str) -> str:
    return "a number" if type_ == "int" else "true/false"


class _Checker:
    def __init__(self, env: CheckEnv) -> None:
        self.env = env
        self.problems: list[ExprError] = []

    def problem(self, message: str, offset: int, hint: str | None = None) -> None:
        self.problems.append(ExprError(message, offset, hint))

    def need_bool(self, expr: Expr, type_: str | None) -> None:
        if type_ == "int":
            text = unparse(expr)
            self.problem(f"'{text}' is a number; compare it, e.g. {text} > 0", _start(expr))

    def need_int(self, expr: Expr, type_: str | None, op: str) -> None:
        if type_ == "bool":
            self.problem(
                f"'{unparse(expr)}' is true/false, not a number",
                _start(expr),
                f"'{op}' works on numbers only",
            )

    def type_of(self, expr: Expr) -> str | None:
        """The expression's type, "int" or "bool", or None when a problem makes it unknown."""
        if isinstance(expr, Int):
            return "int"
        if isinstance(expr, Bool):
            return "bool"
        if isinstance(expr, Name):
            return self.name(expr)
        if isinstance(expr, Call):
            return self.call(expr)
        if isinstance(expr, Unary):
            operand = self.type_of(expr.operand)
            if expr.op == "not":
                self.need_bool(expr.operand, operand)
                return "bool"
            self.need_int(expr.operand, operand, "-")
            return "int"
        left, right = self.type_of(expr.left), self.type_of(expr.right)
        if expr.op in ("and", "or"):
            self.need_bool(expr.left, left)
            self.need_bool(expr.right, right)
            return "bool"
        if expr.op in ("==", "!="):
            if left is not None and right is not None and left != right:
                self.problem(
                    f"'{expr.op}' compares a number with true/false",
                    expr.offset,
                    f"'{unparse(expr.left)}' is {_kind(left)} but '{unparse(expr.right)}' is {_kind(right)}",
                )
            return "bool"
        self.need_int(expr.left, left, expr.op)
        self.need_int(expr.right, right, expr.op)
        return "bool" if expr.op in _ORDERINGS else "int"

    def name(self, expr: Name) -> str | None:
        type_ = self.env.variables.get(expr.name)
        if type_ is not None:
            return type_
        name = expr.name
        if name in self.env.scenes:
            hint: str | None = f"'{name}' is a scene: to count visits to it, write visited({name})"
        elif name in self.env.roles:
            hint = f"'{name}' is a role: write role({name})"
        elif name in self.env.decisions:
            hint = f"'{name}' is a decision: write chose({name}, choice_id)"
        elif name in FUNCTIONS:
            hint = f"{name} needs brackets and ids, e.g. {_EXAMPLES[name]}"
        else:
            hint = _did_you_mean(name, self.env.variables)
        self.problem(f"unknown variable '{name}'", expr.offset, hint)
        return None

    def call(self, expr: Call) -> str | None:
        func, env = expr.func, self.env
        params = FUNCTIONS.get(func)
        if params is None:
            hint = _did_you_mean(func, FUNCTIONS)
            if hint is None and func in env.variables:
                hint = f"'{func}' is a variable, not a function"
            self.problem(
                f"unknown function '{func}'", expr.offset, hint or "the functions are visited, chose and role"
            )
            return None
        type_ = _FUNCTION_TYPES[func]
        if len(expr.args) != len(params):
            count = "1 id" if len(params) == 1 else f"{len(params)} ids"
            self.problem(
                f"{func}() takes {count} ({', '.join(params)}), got {len(expr.args)}",
                expr.offset,
                f"e.g. {_EXAMPLES[func]}",
            )
            return type_

        def offset(i: int) -> int:
            return expr.arg_offsets[i] if i < len(expr.arg_offsets) else expr.offset

        arg = expr.args[0]
        if func == "visited" and arg not in env.scenes:
            self.problem(f"unknown scene '{arg}'", offset(0), _did_you_mean(arg, env.scenes))
        elif func == "role" and arg not in env.roles:
            self.problem(f"unknown role '{arg}'", offset(0), _did_you_mean(arg, env.roles))
        elif func == "chose":
            if arg not in env.decisions:
                self.problem(f"unknown decision '{arg}'", offset(0), _did_you_mean(arg, env.decisions))
            else:
                valid = env.decisions[arg]
                choice = expr.args[1]
                if choice not in valid:
                    hint = _did_you_mean(choice, valid)
                    if hint is None and valid:
                        hint = f"its choices are: {', '.join(sorted(valid))}"
                    self.problem(f"'{choice}' is not a choice at decision '{arg}'", offset(1), hint)
        return type_


def check(expr: Expr, env: CheckEnv, want: str | None) -> list[ExprError]:
    """Every problem with ``expr`` in ``env``, in text order.

    ``want`` is the type the place needs: "bool" for ``if:``, "int" or "bool" for ``set:``
    of a variable of that type, None for anything.
    """
    checker = _Checker(env)
    type_ = checker.type_of(expr)
    if want is not None and type_ is not None and type_ != want:
        if want == "bool":
            checker.need_bool(expr, type_)
        else:
            checker.problem(f"'{unparse(expr)}' is true/false, but a number is needed here", _start(expr))
    return sorted(checker.problems, key=lambda problem: problem.offset)


# ---------------------------------------------------------------------- evaluate


class Context(Protocol):
    """What an expression can read from a game in progress."""

    def value(self, name: str) -> int | bool: ...

    def visits(self, scene: str) -> int: ...

    def chose(self, decision: str, choice: str) -> bool: ...

    @property
    def role(self) -> str: ...


def _div(a: Value, b: Value) -> int:
    """Whole-number division rounding toward zero; by zero gives 0."""
    if b == 0:
        return 0
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


def _mod(a: Value, b: Value) -> int:
    """The remainder matching :func:`_div`: it takes the dividend's sign; by zero gives 0."""
    if b == 0:
        return 0
    return int(a - b * _div(a, b))


def _add(a: Value, b: Value) -> int:
    return int(a + b)


def _sub(a: Value, b: Value) -> int:
    return int(a - b)


def _mul(a: Value, b: Value) -> int:
    return int(a * b)


def _eq(a: Value, b: Value) -> bool:
    return a == b


def _ne(a: Value, b: Value) -> bool:
    return a != b


def _lt(a: Value, b: Value) -> bool:
    return a < b


def _le(a: Value, b: Value) -> bool:
    return a <= b


def _gt(a: Value, b: Value) -> bool:
    return a > b


def _ge(a: Value, b: Value) -> bool:
    return a >= b


_BINARY: Mapping[str, Callable[[Value, Value], Value]] = {
    "==": _eq,
    "!=": _ne,
    "<": _lt,
    "<=": _le,
    ">": _gt,
    ">=": _ge,
    "+": _add,
    "-": _sub,
    "*": _mul,
    "/": _div,
    "%": _mod,
}


def _bad_call(expr: Call) -> ExprError | None:
    params = FUNCTIONS.get(expr.func)
    if params is None:
        return ExprError(f"unknown function '{expr.func}'", expr.offset)
    if len(expr.args) != len(params):
        return ExprError(f"{expr.func}() takes {len(params)} argument(s), got {len(expr.args)}", expr.offset)
    return None


def evaluate(expr: Expr, ctx: Context) -> int | bool:
    """The value of a checked expression in a game in progress.

    Never raises for a checked expression; an unknown function or a wrong number of
    arguments (which :func:`check` reports) raises :class:`ExprError`.
    """
    if isinstance(expr, Int | Bool):
        return expr.value
    if isinstance(expr, Name):
        return ctx.value(expr.name)
    if isinstance(expr, Unary):
        value = evaluate(expr.operand, ctx)
        return (not value) if expr.op == "not" else -value
    if isinstance(expr, Binary):
        if expr.op == "and":
            return bool(evaluate(expr.left, ctx)) and bool(evaluate(expr.right, ctx))
        if expr.op == "or":
            return bool(evaluate(expr.left, ctx)) or bool(evaluate(expr.right, ctx))
        return _BINARY[expr.op](evaluate(expr.left, ctx), evaluate(expr.right, ctx))
    error = _bad_call(expr)
    if error is not None:
        raise error
    if expr.func == "visited":
        return ctx.visits(expr.args[0])
    if expr.func == "chose":
        return ctx.chose(expr.args[0], expr.args[1])
    return ctx.role == expr.args[0]


Compiled = Callable[[Context], int | bool]


def compile_expr(expr: Expr) -> Compiled:
    """A closure computing the same as ``evaluate(expr, ctx)``, but faster when called often."""
    if isinstance(expr, Int | Bool):
        constant = expr.value
        return lambda ctx: constant
    if isinstance(expr, Name):
        name = expr.name
        return lambda ctx: ctx.value(name)
    if isinstance(expr, Unary):
        operand = compile_expr(expr.operand)
        if expr.op == "not":
            return lambda ctx: not operand(ctx)
        return lambda ctx: -operand(ctx)
    if isinstance(expr, Binary):
        return _compile_binary(expr)
    error = _bad_call(expr)
    if error is not None:
        raised = error

        def fail(ctx: Context) -> int | bool:
            raise raised

        return fail
    first = expr.args[0]
    if expr.func == "visited":
        return lambda ctx: ctx.visits(first)
    if expr.func == "chose":
        second = expr.args[1]
        return lambda ctx: ctx.chose(first, second)
    return lambda ctx: ctx.role == first


def _compile_binary(expr: Binary) -> Compiled:
    left = compile_expr(expr.left)
    right = compile_expr(expr.right)
    if expr.op == "and":
        return lambda ctx: bool(left(ctx)) and bool(right(ctx))
    if expr.op == "or":
        return lambda ctx: bool(left(ctx)) or bool(right(ctx))
    fn = _BINARY[expr.op]
    if isinstance(expr.right, Int | Bool):
        constant = expr.right.value
        if isinstance(expr.left, Name):
            name = expr.left.name
            return lambda ctx: fn(ctx.value(name), constant)
        return lambda ctx: fn(left(ctx), constant)
    return lambda ctx: fn(left(ctx), right(ctx))
