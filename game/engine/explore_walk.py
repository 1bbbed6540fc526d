"""One role's breadth-first walk over the states a story's choices can observe (see
:mod:`game.engine.explore`).

A state is ``(scene, values, rest)``, where ``values`` numbers a tuple of the variables'
values and ``rest`` a pair of the visit counts and the decisions taken that some
condition reads (both interned: equal tuples get one number, so states hash and compare
as three small objects). What a choice does to the values (its condition, when that reads
only values, and its effects, clamped, then what the target forgets) depends only on the
scene and the values, so it is worked out once per (scene, values) and shared by every
state there; what it does to the rest depends only on the rest, worked out once per
rest. Only conditions and effects that read visit counts or decisions are evaluated at
each state.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import NamedTuple

from game.engine.explore_paths import path_to
from game.engine.explore_report import RoleReport
from game.engine.expr_eval import Context
from game.engine.model import Value

Compiled = Callable[[Context], Value]
Effect = tuple[int, bool, Compiled, int | None, int | None]
"""An effect ready to apply: the variable's slot, whether it adds, its value, the variable's bounds
(None, None for a flag)."""
Forget = tuple[Callable[[tuple[Value, ...]], tuple[Value, ...]] | None, frozenset[int], frozenset[str]]
"""On the way into a scene: what picks the values it keeps from ``(*values, *defaults)`` (None:
all of them), the visit slots it forgets, the decisions it may still ask about."""
Rest = tuple[tuple[int, ...], frozenset[tuple[str, str]]]
"""The visit counts and the (decision, choice) pairs a state keeps."""


class Row(NamedTuple):
    """A choice ready to explore."""

    choice: str
    cond: Compiled | None
    cond_reads: int  # what the condition reads: VALUES (or there is none), REST, or BOTH
    effects_pure: bool  # every effect reads only values (and the role)
    live_effects: list[Effect]  # the effects on values the target does not forget
    target: str
    pair: tuple[str, str] | None  # the (decision, choice) pair to keep (None if nothing asks)
    key: tuple[str, str]  # (scene, choice)
    slot_v: int | None  # the visit slot of the target
    forget: Forget  # what is forgotten on the way into the target


VALUES, REST, BOTH = 0, 1, 2
"""What a condition reads besides the role: only values, only visit counts and decisions, both."""


class Node(NamedTuple):
    """A state as the story can observe it."""

    at: str
    values: tuple[Value, ...]
    visits: tuple[int, ...]
    chosen: frozenset[tuple[str, str]]


class StateCtx:
    """What a condition reads at one state."""

    __slots__ = ("chosen_set", "index", "role_id", "vals", "visit_counts", "visit_index")

    def __init__(
        self,
        values: tuple[Value, ...],
        rest: Rest,
        index: dict[str, int],
        visit_index: dict[str, int],
        role: str,
    ) -> None:
        self.vals, self.index, self.visit_index, self.role_id = values, index, visit_index, role
        self.visit_counts, self.chosen_set = rest

    def value(self, name: str) -> Value:
        return self.vals[self.index[name]]

    def visits(self, scene: str) -> int:
        slot = self.visit_index.get(scene)
        return 0 if slot is None else self.visit_counts[slot]

    def chose(self, decision: str, choice: str) -> bool:
        return (decision, choice) in self.chosen_set

    @property
    def role(self) -> str:
        return self.role_id


class ValuesCtx:
    """What a condition or effect that reads only values (and the role) reads."""

    __slots__ = ("index", "role_id", "vals")

    def __init__(self, values: tuple[Value, ...], index: dict[str, int], role: str) -> None:
        self.vals, self.index, self.role_id = values, index, role

    def value(self, name: str) -> Value:
        return self.vals[self.index[name]]

    def visits(self, scene: str) -> int:
        raise AssertionError(f"a condition said to read only values read the visits of {scene}")

    def chose(self, decision: str, choice: str) -> bool:
        raise AssertionError(f"a condition said to read only values read the decision {decision}")

    @property
    def role(self) -> str:
        return self.role_id


_Way = tuple[Compiled | None, dict[int, bool] | None, int | None, str, dict[int, int], Row]
"""A choice as seen from one (scene, values): the condition still to ask at each state (None:
offered) and, if it reads only the rest, its answers by rest number; the values after it (None:
worked out at each state); the target; what it does to the rest (a memo by rest number); the row."""
_Ways = tuple[list[_Way], bool, list[tuple[str, str]] | None]
"""The choices of a scene at one set of values, whether one is surely offered, and the keys of all
of them when all are (the same list for every state there)."""


@dataclass
class Graph:
    """One role's states, numbered breadth-first, and the edges between them."""

    nodes: list[tuple[str, int, int]]  # (scene, values number, rest number)
    values: list[tuple[Value, ...]]  # by number
    rests: list[Rest]  # by number
    parent: list[int]  # the state each was first reached from
    via: list[str]  # ... and by which choice
    edges: list[list[int]]  # the successors of each state, one per choice offered
    taken: list[list[tuple[str, str]]]  # the (scene, choice) of each edge (empty lists unless kept)
    ending_at: dict[str, int] = field(default_factory=dict)  # ending -> the first state found there

    def node(self, state: int) -> Node:
        at, values, rest = self.nodes[state]
        visits, chosen = self.rests[rest]
        return Node(at, self.values[values], visits, chosen)


class Walker:
    """One role's walk (see the module docstring)."""

    def __init__(
        self,
        rows: dict[str, list[Row]],
        endings: Container[str],
        index: dict[str, int],
        visit_index: dict[str, int],
        defaults: tuple[Value, ...],
        cap: int,
        role: str,
    ) -> None:
        self.rows, self.endings, self.index, self.visit_index = rows, endings, index, visit_index
        self.defaults, self.cap, self.role = defaults, cap, role
        self.value_ids: dict[tuple[Value, ...], int] = {}
        self.values: list[tuple[Value, ...]] = []
        self.rest_ids: dict[Rest, int] = {}
        self.rests: list[Rest] = []
        # Choices that change the rest alike share one memo (by their slot, pair and forgetting).
        rest_memos: dict[tuple[object, ...], dict[int, int]] = {}
        self.ways: dict[str, dict[int, _Ways]] = {scene: {} for scene in rows}
        # Each choice with its memo of the rest after it and, for a condition on the rest only,
        # its answers by rest.
        self.plans: dict[str, list[tuple[Row, dict[int, int], dict[int, bool] | None]]] = {
            scene: [
                (
                    row,
                    rest_memos.setdefault((row.slot_v, row.pair, row.forget[1], row.forget[2]), {}),
                    {} if row.cond is not None and row.cond_reads == REST else None,
                )
                for row in scene_rows
            ]
            for scene, scene_rows in rows.items()
        }

    def value_id(self, values: tuple[Value, ...]) -> int:
        found = self.value_ids.get(values)
        if found is None:
            found = self.value_ids[values] = len(self.values)
            self.values.append(values)
        return found

    def rest_id(self, rest: Rest) -> int:
        found = self.rest_ids.get(rest)
        if found is None:
            found = self.rest_ids[rest] = len(self.rests)
            self.rests.append(rest)
        return found

    def after(self, row: Row, old: tuple[Value, ...], ctx: Context) -> int:
        """The number of the values after ``row``'s effects, less what its target forgets (the
        forgotten values take their defaults, and effects on them are not worked out)."""
        keeps = row.forget[0]
        after = old if keeps is None else keeps(old + self.defaults)
        if row.live_effects:
            values = list(after)
            for slot, adds, fn, bottom, top in row.live_effects:
                result = fn(ctx)
                if adds:
                    result = int(old[slot]) + int(result)
                if bottom is None or top is None:
                    values[slot] = bool(result)
                else:
                    amount = int(result)
                    values[slot] = bottom if amount < bottom else top if amount > top else amount
            after = tuple(values)
        return self.value_id(after)

    def rest_after(self, row: Row, rest: int) -> int:
        """The number of the rest after ``row``: its target's visit counted, its pair kept, less
        what the target forgets."""
        visits, chosen = self.rests[rest]
        slot = row.slot_v
        if slot is not None and visits[slot] < self.cap:
            visits = (*visits[:slot], visits[slot] + 1, *visits[slot + 1 :])
        if row.pair is not None:
            chosen = chosen | {row.pair}
        _, dead_visits, live_decisions = row.forget
        if dead_visits:
            visits = tuple(0 if i in dead_visits else n for i, n in enumerate(visits))
        if chosen and any(decision not in live_decisions for decision, _ in chosen):
            chosen = frozenset(asked for asked in chosen if asked[0] in live_decisions)
        return self.rest_id((visits, chosen))

    def ways_from(self, scene: str, vid: int, seen_available: Callable[[tuple[str, str]], None]) -> _Ways:
        """The choices of ``scene`` at values ``vid`` that may be offered (see :data:`_Ways`)."""
        old = self.values[vid]
        ctx = ValuesCtx(old, self.index, self.role)
        ways: list[_Way] = []
        offered = False
        for row, memo, answers in self.plans[scene]:
            cond = row.cond
            if cond is not None and row.cond_reads == VALUES:
                if not cond(ctx):
                    continue
                cond = None
            if cond is None:
                offered = True
                seen_available(row.key)
            after = self.after(row, old, ctx) if row.effects_pure else None
            ways.append((cond, answers, after, row.target, memo, row))
        certain = all(way[0] is None for way in ways)
        return ways, offered, [way[5].key for way in ways] if certain else None

    def walk(
        self,
        start: Node,
        budget: int,
        report: RoleReport,
        seen_available: Callable[[tuple[str, str]], None],
        keep_keys: bool,
        progress: Callable[[int, int], None] | None,
    ) -> Graph:
        first = (start.at, self.value_id(start.values), self.rest_id((start.visits, start.chosen)))
        ids: dict[tuple[str, int, int], int] = {first: 0}
        graph = Graph([first], self.values, self.rests, [-1], [""], [], [])
        nodes, parent, via, edges, taken = graph.nodes, graph.parent, graph.via, graph.edges, graph.taken
        endings, all_ways, ending_at = self.endings, self.ways, graph.ending_at
        no_keys: list[tuple[str, str]] = []
        index, visit_index, role = self.index, self.visit_index, self.role
        for number in itertools.count():
            if number == len(nodes):
                break
            if progress is not None and (number + 1) % 5000 == 0:
                progress(number + 1, len(nodes) - number - 1)
            at_scene, vid, rid = nodes[number]
            if at_scene in endings:
                ending_at.setdefault(at_scene, number)  # breadth-first: the first found is a shortest
                edges.append([])
                taken.append(no_keys)
                continue
            by_values = all_ways[at_scene]
            found_ways = by_values.get(vid)
            if found_ways is None:
                report.scenes.add(at_scene)
                found_ways = by_values[vid] = self.ways_from(at_scene, vid, seen_available)
            ways, offered, way_keys = found_ways
            successors: list[int] = []
            keys: list[tuple[str, str]] | None = None if way_keys is not None else []  # None: all ways so far
            ctx: Context | None = None
            for cond, answers, after, target, memo, row in ways:
                if cond is not None:
                    if answers is not None:  # the same at every state with this rest: seen once
                        yes = answers.get(rid)
                        if yes is None:
                            ctx = ctx or StateCtx(self.values[vid], self.rests[rid], index, visit_index, role)
                            yes = answers[rid] = bool(cond(ctx))
                            if yes:
                                seen_available(row.key)
                    else:
                        ctx = ctx or StateCtx(self.values[vid], self.rests[rid], index, visit_index, role)
                        yes = bool(cond(ctx))
                        if yes:
                            seen_available(row.key)
                    if not yes:
                        continue
                    offered = True
                if after is None:
                    ctx = ctx or StateCtx(self.values[vid], self.rests[rid], index, visit_index, role)
                    after = self.after(row, self.values[vid], ctx)
                rest = memo.get(rid)
                if rest is None:
                    rest = memo[rid] = self.rest_after(row, rid)
                child = (target, after, rest)
                found = ids.get(child)
                if found is None:
                    if len(nodes) >= budget:
                        report.truncated = True  # never explored, so never counted as reached
                        if keys is None and way_keys is not None:
                            keys = way_keys[: len(successors)]
                        continue
                    found = ids[child] = len(nodes)
                    nodes.append(child)
                    parent.append(number)
                    via.append(row.choice)
                successors.append(found)
                if keys is not None:
                    keys.append(row.key)
            edges.append(successors)
            if not keep_keys:
                taken.append(no_keys)
            else:
                taken.append(keys if keys is not None else way_keys if way_keys is not None else [])
            if not offered:
                report.dead_ends.setdefault(at_scene, path_to(lambda i: nodes[i][0], parent, via, number))
        return graph
