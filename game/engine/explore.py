"""Exhaustive exploration of a story's state space (ChoiceScript's Quicktest and
Randomtest in one, but complete).

Every reachable state of every role is visited once: states are deduplicated on
what the story can observe (position, variables, and only those visit counts and
decisions that some condition reads).  Visit counts are saturated just above the
largest number any condition mentions, so loops cannot make the space infinite.

The report lists every ending with the number of distinct choice paths that reach
it, unreachable scenes, dead ends (a scene that is not an ending where no choice
is available), choices never available, and endings never reached.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from game.engine.collector import collector_paused
from game.engine.conditions import (
    Binary,
    Call,
    Context,
    Expr,
    Int,
    Unary,
    chosen_decisions,
    compile_expr,
    int_literals,
    names,
    visited_scenes,
    walk,
)
from game.engine.model import Story, Value
from game.engine.stats import target_words

ProgressCallback = Callable[[int, int], None]  # (states explored, states waiting)
_Compiled = Callable[[Context], Value]
_Row = tuple[str, _Compiled | None, list[tuple[int, str, _Compiled]], str, str | None]
"""A choice ready to explore: id, condition, effects (slot, kind, value), next, decision."""


class _Node(NamedTuple):
    """A state as the story can observe it (a tuple: hashed and compared in C)."""

    at: str
    values: tuple[Value, ...]
    visits: tuple[int, ...]
    chosen: frozenset[tuple[str, str]]


@dataclass
class RoleReport:
    role: str
    states: int = 0
    endings: dict[str, int | None] = field(default_factory=dict)  # ending -> distinct paths (None: unbounded)
    dead_ends: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # scene -> example path
    ending_paths: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # ending -> a shortest path
    reading: dict[str, tuple[int, int]] = field(default_factory=dict)  # ending -> fewest, most words read
    scenes: set[str] = field(default_factory=set)  # the scenes this role can reach
    cyclic: bool = False
    truncated: bool = False


@dataclass
class ExploreReport:
    roles: list[RoleReport]
    unreachable_scenes: list[str]
    unreached_endings: list[str]
    never_available: list[tuple[str, str]]  # (scene, choice) never available in any reached state
    approximate_visits: list[str] = field(default_factory=list)  # see _loose_visits

    @property
    def defects(self) -> list[str]:
        out = [f"unreachable scene '{s}'" for s in self.unreachable_scenes]
        out += [f"ending '{e}' is never reached" for e in self.unreached_endings]
        out += [f"choice '{c}' in scene '{s}' is never available" for s, c in self.never_available]
        for role in self.roles:
            out += [f"dead end in scene '{s}' (role {role.role})" for s in sorted(role.dead_ends)]
            if role.truncated:
                out.append(f"role {role.role}: exploration stopped at the state limit ({role.states} states)")
        return out

    @property
    def states(self) -> int:
        return sum(role.states for role in self.roles)


class _Ctx:
    __slots__ = ("chosen_set", "index", "node", "role_id", "visit_index")

    def __init__(self, node: _Node, index: dict[str, int], visit_index: dict[str, int], role: str) -> None:
        self.node, self.index, self.visit_index, self.role_id = node, index, visit_index, role
        self.chosen_set = node.chosen

    def value(self, name: str) -> Value:
        return self.node.values[self.index[name]]

    def visits(self, scene: str) -> int:
        slot = self.visit_index.get(scene)
        return 0 if slot is None else self.node.visits[slot]

    def chose(self, decision: str, choice: str) -> bool:
        return (decision, choice) in self.chosen_set

    @property
    def role(self) -> str:
        return self.role_id


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def _loose_visits(expr: Expr, top: bool) -> set[str]:
    """Scenes whose visit count is used other than compared directly with a number.

    Saturating a visit count just above the largest number in any condition keeps
    ``visited(x) > 2`` exact; ``visited(x) - visited(y)``, or a count stored with
    ``set:``, can tell saturated counts apart, so exploring it is approximate.
    """
    if isinstance(expr, Call):
        return {expr.args[0]} if expr.func == "visited" and expr.args and not top else set()
    if isinstance(expr, Unary):
        return _loose_visits(expr.operand, top and expr.op == "not")
    if isinstance(expr, Binary):
        if expr.op in _COMPARISONS and (isinstance(expr.left, Int) or isinstance(expr.right, Int)):
            return _loose_visits(expr.left, True) | _loose_visits(expr.right, True)
        inner = top and expr.op in ("and", "or")
        return _loose_visits(expr.left, inner) | _loose_visits(expr.right, inner)
    return set()


def explore(
    story: Story, *, max_states: int = 2_000_000, progress: ProgressCallback | None = None
) -> ExploreReport:
    """Visit every reachable state of every role; see the module docstring."""
    with collector_paused():  # the state graph holds no cycles; collections would only walk it
        return _explore(story, max_states, progress)


def _explore(story: Story, max_states: int, progress: ProgressCallback | None) -> ExploreReport:
    choices = [choice for scene in story.scenes.values() for choice in scene.choices]
    condition_exprs = [choice.condition for choice in choices if choice.condition is not None]
    effect_exprs = [effect.expr for choice in choices for effect in choice.effects]
    exprs = condition_exprs + effect_exprs
    watched_scenes = sorted(set().union(*(visited_scenes(e) for e in exprs))) if exprs else []
    watched_decisions = set().union(*(chosen_decisions(e) for e in exprs)) if exprs else set()
    # Only the (decision, choice) pairs some chose() names are told apart; other answers are not kept.
    watched_pairs = {
        (node.args[0], node.args[1])
        for e in exprs
        for node in walk(e)
        if isinstance(node, Call) and node.func == "chose" and len(node.args) == 2
    }
    cap = max((abs(n) for e in exprs for n in int_literals(e)), default=0) + 1
    names = list(story.variables)
    index = {name: i for i, name in enumerate(names)}
    visit_index = {scene: i for i, scene in enumerate(watched_scenes)}
    variables = [story.variables[name] for name in names]

    compiled: dict[str, list[_Row]] = {}
    for scene in story.scenes.values():
        rows: list[_Row] = []
        for choice in scene.choices:
            cond = compile_expr(choice.condition) if choice.condition is not None else None
            effects = [(index[e.variable], e.kind, compile_expr(e.expr)) for e in choice.effects]
            rows.append((choice.id, cond, effects, choice.next, scene.decision))
        compiled[scene.id] = rows

    live = _liveness(story, index, watched_scenes, watched_decisions)
    defaults = tuple(v.default for v in variables)
    weights = {target: target_words(story, target) for target in (*story.scenes, *story.endings)}
    reached_scenes: set[str] = set()
    reached_endings: set[str] = set()
    available_seen: set[tuple[str, str]] = set()
    reports = []
    budget = max_states
    for role in story.roles.values():
        report = RoleReport(role.id)
        start_visits = tuple(min(cap, 1) if s == role.start else 0 for s in watched_scenes)
        start = _Node(role.start, defaults, start_visits, frozenset())
        # States are numbered as they are found; breadth-first, they are explored in that order.
        ids: dict[_Node, int] = {start: 0}
        nodes: list[_Node] = [start]
        parent: list[int] = [-1]  # the state each was first reached from, and by which choice
        via: list[str] = [""]
        edges: list[list[int]] = []  # edges[i]: the successors of state i, one per choice offered
        for number in itertools.count():
            if number == len(nodes):
                break
            node = nodes[number]
            report.states += 1
            if progress is not None and report.states % 5000 == 0:
                progress(report.states, len(nodes) - number - 1)
            if node.at in story.endings:
                reached_endings.add(node.at)
                if node.at not in report.ending_paths:  # breadth-first: the first found is a shortest
                    report.ending_paths[node.at] = _path(nodes, parent, via, number)
                edges.append([])
                continue
            reached_scenes.add(node.at)
            report.scenes.add(node.at)
            ctx = _Ctx(node, index, visit_index, role.id)
            successors: list[int] = []
            offered = False
            for choice_id, cond, effects, target, decision in compiled[node.at]:
                if cond is not None and not cond(ctx):
                    continue
                offered = True
                available_seen.add((node.at, choice_id))
                values = list(node.values)
                for slot, kind, fn in effects:
                    result = fn(ctx)
                    if kind == "add":
                        result = int(node.values[slot]) + int(result)
                    values[slot] = variables[slot].clamp(result)
                visits = node.visits
                slot_v = visit_index.get(target)
                if slot_v is not None and visits[slot_v] < cap:
                    visits = (*visits[:slot_v], visits[slot_v] + 1, *visits[slot_v + 1 :])
                chosen = node.chosen
                if decision is not None and (decision, choice_id) in watched_pairs:
                    chosen = chosen | {(decision, choice_id)}
                # Forget what nothing from the target on can read: states that differ only there behave alike.
                dead_values, dead_visits, live_decisions = live.get(target, _NOTHING_LIVE)
                for slot in dead_values:
                    values[slot] = defaults[slot]
                if dead_visits:
                    visits = tuple(0 if i in dead_visits else n for i, n in enumerate(visits))
                if chosen and any(asked not in live_decisions for asked, _ in chosen):
                    chosen = frozenset(pair for pair in chosen if pair[0] in live_decisions)
                child = _Node(target, tuple(values), visits, chosen)
                found = ids.get(child)
                if found is None:
                    if len(nodes) >= budget:
                        report.truncated = True  # never explored, so never counted as reached
                        continue
                    found = ids[child] = len(nodes)
                    nodes.append(child)
                    parent.append(number)
                    via.append(choice_id)
                successors.append(found)
            edges.append(successors)
            if not offered:
                report.dead_ends.setdefault(node.at, _path(nodes, parent, via, number))
        budget = max(0, budget - len(nodes))
        at = [node.at for node in nodes]
        counts, looped, reading = _count_paths(edges, [weights[a] for a in at])
        report.cyclic = bool(looped)
        for number, place in enumerate(at):
            if place not in story.endings:
                continue
            previous = report.endings.get(place, 0)
            # Only an ending downstream of a loop has unboundedly many paths.
            if number in looped or previous is None:
                report.endings[place] = None
                continue
            report.endings[place] = previous + counts[number]
            fewest, most = reading[number]
            low, high = report.reading.get(place, (fewest, most))
            report.reading[place] = (min(low, fewest), max(high, most))
        reports.append(report)

    truncated = any(report.truncated for report in reports)
    never = (
        []
        if truncated
        else [
            (scene.id, choice.id)
            for scene in story.scenes.values()
            if scene.id in reached_scenes
            for choice in scene.choices
            if (scene.id, choice.id) not in available_seen
        ]
    )
    return ExploreReport(
        roles=reports,
        # A run cut short by the state limit cannot know what is unreachable.
        unreachable_scenes=[] if truncated else sorted(set(story.scenes) - reached_scenes),
        unreached_endings=[] if truncated else sorted(set(story.endings) - reached_endings),
        never_available=never,
        approximate_visits=sorted(
            set().union(*(_loose_visits(e, False) for e in effect_exprs))
            | set().union(*(_loose_visits(c, True) for c in condition_exprs))
        ),
    )


_Live = tuple[tuple[int, ...], frozenset[int], frozenset[str]]
"""At a scene: the variable and visit slots nothing from there on reads; the decisions it may ask about."""
_NOTHING_LIVE: _Live = ((), frozenset(), frozenset())


def _liveness(
    story: Story, index: dict[str, int], watched_scenes: list[str], watched_decisions: set[str]
) -> dict[str, _Live]:
    """Live-variable analysis over the scene graph (a backward data-flow fixpoint).

    A variable is live at a scene if some condition or effect on a path from that
    scene reads it before a ``set:`` overwrites it; likewise ``visited()`` counts and
    ``chose()`` answers.  Dead values can be forgotten without changing what the
    explorer finds, and forgetting them merges states that only differ there.
    """
    reads: dict[str, set[str]] = {}  # scene -> variables, "visited:<scene>" and "chose:<decision>" it reads
    edges: dict[str, list[tuple[str, frozenset[str]]]] = {}  # scene -> (next, variables overwritten)
    for authored in story.scenes.values():
        read: set[str] = set()
        out = []
        for choice in authored.choices:
            exprs = [choice.condition] if choice.condition is not None else []
            exprs += [effect.expr for effect in choice.effects]
            added = {effect.variable for effect in choice.effects if effect.kind == "add"}
            for expr in exprs:
                read |= names(expr)
                read |= {f"visited:{s}" for s in visited_scenes(expr)}
                read |= {f"chose:{d}" for d in chosen_decisions(expr)}
            read |= added  # an add reads the old value
            overwritten = {e.variable for e in choice.effects if e.kind == "set"} - added
            out.append((choice.next, frozenset(overwritten)))
        reads[authored.id], edges[authored.id] = read, out
    preds: dict[str, list[str]] = {}
    for source, out in edges.items():
        for target, _ in out:
            preds.setdefault(target, []).append(source)
    live: dict[str, set[str]] = {scene: set() for scene in story.scenes}
    work = deque(story.scenes)
    queued = set(work)
    while work:
        scene = work.popleft()
        queued.discard(scene)
        now = set(reads[scene])
        for target, killed in edges[scene]:
            now.update(live.get(target, set()) - killed)
        if now != live[scene]:
            live[scene] = now
            for pred in preds.get(scene, ()):
                if pred not in queued:
                    queued.add(pred)
                    work.append(pred)
    visit_slots = {scene: i for i, scene in enumerate(watched_scenes)}
    everything_dead: _Live = (tuple(index.values()), frozenset(visit_slots.values()), frozenset())
    result: dict[str, _Live] = dict.fromkeys(story.endings, everything_dead)
    for scene, names_live in live.items():
        dead_values = tuple(slot for name, slot in index.items() if name not in names_live)
        dead_visits = frozenset(i for s, i in visit_slots.items() if f"visited:{s}" not in names_live)
        decisions = frozenset(d for d in watched_decisions if f"chose:{d}" in names_live)
        result[scene] = (dead_values, dead_visits, decisions)
    return result


def _path(nodes: list[_Node], parent: list[int], via: list[str], number: int) -> list[tuple[str, str]]:
    steps: list[tuple[str, str]] = []
    while parent[number] >= 0:
        steps.append((nodes[parent[number]].at, via[number]))
        number = parent[number]
    return steps[::-1]


def _count_paths(
    edges: list[list[int]], weight: list[int]
) -> tuple[list[int], set[int], list[tuple[int, int]]]:
    """Distinct paths from state 0 to every state, in Kahn's order.

    Also returns the states Kahn's order never reaches (those on a loop or downstream
    of one, which have unboundedly many paths), and for every state the fewest and the
    most words read on a path from state 0 to it, both ends included.
    """
    size = len(edges)
    indegree = [0] * size
    for children in edges:
        for child in children:
            indegree[child] += 1
    counts = [0] * size
    counts[0] = 1
    fewest = [0] * size
    most = [0] * size
    fewest[0] = most[0] = weight[0]
    reached = [False] * size
    reached[0] = True
    ready = deque(number for number in range(size) if indegree[number] == 0)
    finished = [False] * size
    while ready:
        number = ready.popleft()
        finished[number] = True
        count, low, high = counts[number], fewest[number], most[number]
        for child in edges[number]:
            counts[child] += count
            extra = weight[child]
            if reached[child]:
                fewest[child] = min(fewest[child], low + extra)
                most[child] = max(most[child], high + extra)
            else:
                reached[child] = True
                fewest[child], most[child] = low + extra, high + extra
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    looped = {number for number in range(size) if not finished[number]}
    return counts, looped, list(zip(fewest, most, strict=True))
