"""Live-variable analysis for explore: what a state must remember at each scene.

A fact is live at a scene if some condition or effect (or a text explore keeps in its
states, see :mod:`game.engine.explore_text`) on a path from that scene reads it before
a ``set:`` overwrites it. Dead facts can be forgotten without changing what the
explorer finds, and forgetting them merges states that only differ there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from game.engine.explore_exprs import ExprReads
from game.engine.expr_tree import Binary, Call, Expr, Int, Unary
from game.engine.model import Story
from game.engine.reads import Fact

Live = tuple[tuple[int, ...], frozenset[int], frozenset[str]]
"""At a scene: the variable and visit slots nothing from there on reads; the decisions it may ask about."""
NOTHING_LIVE: Live = ((), frozenset(), frozenset())

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def liveness(
    story: Story,
    index: dict[str, int],
    watched_scenes: list[str],
    watched_decisions: set[str],
    extra: Mapping[str, set[Fact]],
    expr_reads: ExprReads | None = None,
) -> dict[str, Live]:
    """Live-variable analysis over the scene graph (a backward data-flow fixpoint).

    ``extra`` adds reads at scenes or endings (the texts explore keeps in its states).
    Only the facts a state keeps are tracked (variables, watched visit counts and decisions),
    one bit each: a fact's liveness never depends on another's."""
    expr_reads = ExprReads() if expr_reads is None else expr_reads
    bit: dict[str, int] = {name: 1 << slot for name, slot in index.items()}
    size = len(index)
    bit.update({f"visited:{scene}": 1 << (size + i) for i, scene in enumerate(watched_scenes)})
    decisions = sorted(watched_decisions)
    size += len(watched_scenes)
    bit.update({f"chose:{d}": 1 << (size + i) for i, d in enumerate(decisions)})

    def bits(tokens: set[str]) -> int:
        return sum(bit.get(token, 0) for token in tokens)

    of_reads: dict[tuple[frozenset[str], ...], int] = {}  # what an expression reads -> its bits

    def read_bits(expr: Expr) -> int:
        found = expr_reads(expr)
        key = (found.names, found.visited, found.decisions)
        known = of_reads.get(key)
        if known is None:
            tokens = set(found.names)
            tokens |= {f"visited:{s}" for s in found.visited}
            tokens |= {f"chose:{d}" for d in found.decisions}
            known = of_reads[key] = bits(tokens)
        return known

    reads: dict[str, int] = {}  # scene -> the facts it reads
    edges: dict[str, list[tuple[str, int]]] = {}  # scene -> (next, every fact but the variables overwritten)
    for authored in story.scenes.values():
        extra_here = extra.get(authored.id)
        read = bits(_tokens(extra_here)) if extra_here else 0
        out = []
        for choice in authored.choices:
            if choice.condition is not None:
                read |= read_bits(choice.condition)
            if not choice.effects:
                out.append((choice.next, -1))  # ~0: nothing overwritten
                continue
            added = 0
            overwritten = 0
            for effect in choice.effects:
                read |= read_bits(effect.expr)
                if effect.kind == "add":
                    added |= bit.get(effect.variable, 0)  # an add reads the old value
                else:
                    overwritten |= bit.get(effect.variable, 0)
            read |= added
            out.append((choice.next, ~(overwritten & ~added)))
        reads[authored.id], edges[authored.id] = read, out
    preds: dict[str, list[str]] = {}
    for source, out in edges.items():
        for target, _ in out:
            preds.setdefault(target, []).append(source)
    live: dict[str, int] = {scene: 0 for scene in story.scenes}
    live.update({ending: bits(_tokens(extra.get(ending, set()))) for ending in story.endings})
    work = deque(list(story.scenes)[::-1])  # backward: the last scenes first, so most are done once
    queued = set(work)
    while work:
        scene = work.popleft()
        queued.discard(scene)
        now = reads[scene]
        for target, kept in edges[scene]:
            now |= live.get(target, 0) & kept
        if now != live[scene]:
            live[scene] = now
            for pred in preds.get(scene, ()):
                if pred in story.scenes and pred not in queued:
                    queued.add(pred)
                    work.append(pred)
    visit_bits = [(i, bit[f"visited:{s}"]) for i, s in enumerate(watched_scenes)]
    decision_bits = [(d, bit[f"chose:{d}"]) for d in decisions]
    result: dict[str, Live] = {}
    of_mask: dict[int, Live] = {}  # scenes alike in what is live share one answer
    for scene, mask in live.items():
        known = of_mask.get(mask)
        if known is None:
            dead_values = tuple(slot for slot in range(len(index)) if not mask >> slot & 1)
            dead_visits = frozenset(i for i, b in visit_bits if not mask & b)
            decided = frozenset(d for d, b in decision_bits if mask & b)
            known = of_mask[mask] = (dead_values, dead_visits, decided)
        result[scene] = known
    return result


def _tokens(facts: set[Fact]) -> set[str]:
    out: set[str] = set()
    for fact in facts:
        if isinstance(fact, str):
            out.add(fact)
        elif fact[0] == "visit":
            out.add(f"visited:{fact[1]}")
        else:
            out.add(f"chose:{fact[1]}")
    return out


def loose_visits(expr: Expr, top: bool) -> set[str]:
    """Scenes whose visit count is used other than compared directly with a number.

    Saturating a visit count just above the largest number in any condition keeps
    ``visited(x) > 2`` exact; ``visited(x) - visited(y)``, or a count stored with
    ``set:``, can tell saturated counts apart, so exploring it is approximate.
    """
    if isinstance(expr, Call):
        return {expr.args[0]} if expr.func == "visited" and expr.args and not top else set()
    if isinstance(expr, Unary):
        return loose_visits(expr.operand, top and expr.op == "not")
    if isinstance(expr, Binary):
        if expr.op in _COMPARISONS and (isinstance(expr.left, Int) or isinstance(expr.right, Int)):
            return loose_visits(expr.left, True) | loose_visits(expr.right, True)
        inner = top and expr.op in ("and", "or")
        return loose_visits(expr.left, inner) | loose_visits(expr.right, inner)
    return set()
