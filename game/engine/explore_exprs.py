"""What explore needs to know of each condition and effect value, worked out in one walk.

Explore asks every expression of a story, many times over, which variables, ``visited()``
counts and ``chose()`` answers it reads, which numbers it mentions and whether it asks
``role()``; :class:`ExprReads` walks each expression once and remembers the answers.
"""

from __future__ import annotations

from typing import NamedTuple

from game.engine.expr_tree import Call, Expr, Int, Name, walk
from game.engine.reads import Fact, expr_facts


class Reads(NamedTuple):
    """What one expression reads (``facts`` as :func:`game.engine.reads.expr_facts` gives them)."""

    names: frozenset[str]
    visited: frozenset[str]  # the scenes of its visited() calls
    decisions: frozenset[str]  # the decisions of its chose() calls
    pairs: frozenset[tuple[str, str]]  # the (decision, choice) of its two-argument chose() calls
    ints: frozenset[int]
    asks_role: bool
    facts: frozenset[Fact]


class ExprReads:
    """Each expression's :class:`Reads`, worked out once (kept by identity for one exploration)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Expr, Reads]] = {}

    def __call__(self, expr: Expr) -> Reads:
        found = self._memo.get(id(expr))
        if found is not None and found[0] is expr:
            return found[1]
        names: set[str] = set()
        visited: set[str] = set()
        decisions: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        ints: set[int] = set()
        asks_role = False
        for node in walk(expr):
            if isinstance(node, Name):
                names.add(node.name)
            elif isinstance(node, Int):
                ints.add(node.value)
            elif isinstance(node, Call) and node.args:
                if node.func == "visited":
                    visited.add(node.args[0])
                elif node.func == "chose":
                    decisions.add(node.args[0])
                    if len(node.args) == 2:
                        pairs.add((node.args[0], node.args[1]))
                elif node.func == "role":
                    asks_role = True
            elif isinstance(node, Call) and node.func == "role":
                asks_role = True
        reads = Reads(
            frozenset(names),
            frozenset(visited),
            frozenset(decisions),
            frozenset(pairs),
            frozenset(ints),
            asks_role,
            frozenset(expr_facts(expr)),  # the one rule of what a condition reads, as check's lints use it
        )
        self._memo[id(expr)] = (expr, reads)
        return reads
