"""The condition language's tree: its nodes, operators, names and the walks over a tree.

See :mod:`game.engine.conditions` for the language itself; :mod:`game.engine.expr_parse`
reads text into these nodes, :mod:`game.engine.expr_check` checks them against a story's
declarations and :mod:`game.engine.expr_eval` evaluates them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

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

FUNCTION_TYPES = {"visited": "int", "chose": "bool", "role": "bool"}
EXAMPLES = {
    "visited": "visited(metal_conference)",
    "chose": "chose(dp_tax_in_kind, vote_for)",
    "role": "role(metalworker)",
}

PREC = {
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
NOT_PREC = 3
CMP_PREC = 4
NEG_PREC = 7
ATOM_PREC = 8

COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
ORDERINGS = frozenset({"<", "<=", ">", ">="})
ARITHMETIC = frozenset({"+", "-", "*", "/", "%"})


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


# ----------------------------------------------------------------------- unparse


def _prec(expr: Expr) -> int:
    if isinstance(expr, Binary):
        return PREC[expr.op]
    if isinstance(expr, Unary):
        return NOT_PREC if expr.op == "not" else NEG_PREC
    if isinstance(expr, Int) and expr.value < 0:
        return NEG_PREC
    return ATOM_PREC


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
            return f"not ({inner})" if _prec(expr.operand) < NOT_PREC else f"not {inner}"
        operand = expr.operand
        if _prec(operand) < NEG_PREC or (isinstance(operand, Int) and operand.value >= 0):
            return f"-({inner})"  # "-5" would read back as the literal -5
        return f"-{inner}"
    prec = PREC[expr.op]
    left, right = unparse(expr.left), unparse(expr.right)
    left_prec = _prec(expr.left)
    if left_prec < prec or (prec == CMP_PREC and left_prec == CMP_PREC):
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


def start_of(expr: Expr) -> int:
    """Where the text of ``expr`` starts (a Binary's own offset is its operator's)."""
    while isinstance(expr, Binary):
        expr = expr.left
    return expr.offset
