"""Checking a parsed condition against what a story declares: names, ids and types."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from game.engine.expr_tree import (
    EXAMPLES,
    FUNCTION_TYPES,
    FUNCTIONS,
    ORDERINGS,
    Bool,
    Call,
    Expr,
    ExprError,
    Int,
    Name,
    Unary,
    start_of,
    unparse,
)

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
            self.problem(f"'{text}' is a number; compare it, e.g. {text} > 0", start_of(expr))

    def need_int(self, expr: Expr, type_: str | None, op: str) -> None:
        if type_ == "bool":
            self.problem(
                f"'{unparse(expr)}' is true/false, not a number",
                start_of(expr),
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
        return "bool" if expr.op in ORDERINGS else "int"

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
            hint = f"{name} needs brackets and ids, e.g. {EXAMPLES[name]}"
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
        type_ = FUNCTION_TYPES[func]
        if len(expr.args) != len(params):
            count = "1 id" if len(params) == 1 else f"{len(params)} ids"
            self.problem(
                f"{func}() takes {count} ({', '.join(params)}), got {len(expr.args)}",
                expr.offset,
                f"e.g. {EXAMPLES[func]}",
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
            checker.problem(f"'{unparse(expr)}' is true/false, but a number is needed here", start_of(expr))
    return sorted(checker.problems, key=lambda problem: problem.offset)
