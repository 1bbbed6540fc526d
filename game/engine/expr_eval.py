"""Evaluating a checked condition in a game in progress, directly or through a compiled closure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from game.engine.expr_tree import FUNCTIONS, Binary, Bool, Call, Expr, ExprError, Int, Name, Unary, Value

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
