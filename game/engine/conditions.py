"""The small language of conditions (a choice's ``if:``, a passage's ``{if ...}``) and ``set:`` values.

No code is ever run: text is read by a hand-written tokenizer and a
precedence-climbing parser (:mod:`~game.engine.expr_parse`) into a tiny immutable
tree (:data:`Expr`, :mod:`~game.engine.expr_tree`), checked against the story's
declarations with :func:`check` (:mod:`~game.engine.expr_check`), and evaluated with
:func:`evaluate` or a closure built once by :func:`compile_expr`
(:mod:`~game.engine.expr_eval`). This module gathers their public names.

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

from game.engine.expr_check import CheckEnv, check
from game.engine.expr_eval import Compiled, Context, compile_expr, evaluate
from game.engine.expr_parse import parse
from game.engine.expr_tree import (
    FUNCTIONS,
    KEYWORDS,
    MAX_DEPTH,
    MAX_INT,
    Binary,
    Bool,
    Call,
    Expr,
    ExprError,
    Int,
    Name,
    Unary,
    Value,
    chosen_decisions,
    int_literals,
    names,
    unparse,
    visited_scenes,
    walk,
)

__all__ = [
    "FUNCTIONS",
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_INT",
    "Binary",
    "Bool",
    "Call",
    "CheckEnv",
    "Compiled",
    "Context",
    "Expr",
    "ExprError",
    "Int",
    "Name",
    "Unary",
    "Value",
    "check",
    "chosen_decisions",
    "compile_expr",
    "evaluate",
    "int_literals",
    "names",
    "parse",
    "unparse",
    "visited_scenes",
    "walk",
]
