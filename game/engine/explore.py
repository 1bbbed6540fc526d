"""Exhaustive exploration of a story's state space (ChoiceScript's Quicktest and
Randomtest in one, but complete).

Every reachable state of every role is visited once: states are deduplicated on
what the story's choices can observe (position, variables, and only those visit
counts and decisions that some condition reads).  Visit counts are saturated just
above the largest number any condition mentions, so loops cannot make the space
infinite.  Text that follows the state is read exactly at every state without being
kept in it (see :mod:`game.engine.explore_text`): explore proves that every
alternative can show each of its branches, and reports the ones that cannot.

The report lists every ending with the number of distinct choice paths that reach
it, unreachable scenes, dead ends (a scene that is not an ending where no choice
is available), choices never available, endings never reached, the fewest and most
words read on the way to each ending, the scenes whose text varies with the state,
and the passages that never vary or never show.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from operator import itemgetter
from typing import NamedTuple

from game.engine.collector import collector_paused
from game.engine.conditions import (
    Context,
    compile_expr,
)
from game.engine.explore_exprs import ExprReads
from game.engine.explore_groups import fact_sort_key
from game.engine.explore_lints import text_lints
from game.engine.explore_live import NOTHING_LIVE, Live, liveness, loose_visits
from game.engine.explore_paths import LazyPaths, count_paths, path_to, topological
from game.engine.explore_probes import Probe
from game.engine.explore_report import ExploreReport, RoleReport
from game.engine.explore_text import Layout, RoleText, TextPlan, layout, plan, read_role
from game.engine.expr_tree import Bool, Expr, Int
from game.engine.model import Story, Value
from game.engine.play import start_values
from game.engine.reads import Fact
from game.engine.stats import base_words

__all__ = ["ExploreReport", "ProgressCallback", "RoleReport", "explore"]  # reports: explore_report.py

ProgressCallback = Callable[[int, int], None]  # (states explored, states waiting)
_Compiled = Callable[[Context], Value]
_Effect = tuple[int, bool, _Compiled, int | None, int | None]
"""An effect ready to apply: the variable's slot, whether it adds, its value, the variable's bounds
(None, None for a flag)."""
_Forget = tuple[Callable[[tuple[Value, ...]], tuple[Value, ...]] | None, frozenset[int], frozenset[str]]
"""On the way into a scene: what picks the values it keeps from ``(*values, *defaults)`` (None:
all of them), the visit slots it forgets, the decisions it may still ask about."""
_Row = tuple[
    str, _Compiled | None, list[_Effect], str, tuple[str, str] | None, tuple[str, str], int | None, _Forget
]
"""A choice ready to explore: id, condition, effects, next, the (decision, choice) pair to keep
(None if nothing asks), (scene, id), the visit slot of next, what is forgotten on the way into next."""


class _Node(NamedTuple):
    """A state as the story can observe it (a tuple: hashed and compared in C)."""

    at: str
    values: tuple[Value, ...]
    visits: tuple[int, ...]
    chosen: frozenset[tuple[str, str]]


_new_node = tuple.__new__  # makes a _Node without NamedTuple's Python-level __new__ (4x faster)


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


class _NoState:
    """The context of a scene whose choices read nothing from the state (their effects are literals)."""

    def value(self, name: str) -> Value:
        raise AssertionError(f"a literal read the value of {name}")

    def visits(self, scene: str) -> int:
        raise AssertionError(f"a literal read the visits of {scene}")

    def chose(self, decision: str, choice: str) -> bool:
        raise AssertionError(f"a literal read the decision {decision}")

    @property
    def role(self) -> str:
        raise AssertionError("a literal read the role")


_NO_STATE = _NoState()


def explore(
    story: Story, *, max_states: int = 2_000_000, progress: ProgressCallback | None = None
) -> ExploreReport:
    """Visit every reachable state of every role; see the module docstring."""
    with collector_paused():  # the state graph holds no cycles; collections would only walk it
        return _Explorer(story, max_states, progress).run()


class _Explorer:
    """One exploration of one story: what every role's states must keep, then each role's graph."""

    def __init__(self, story: Story, max_states: int, progress: ProgressCallback | None) -> None:
        self.story, self.max_states, self.progress = story, max_states, progress
        choices = [choice for scene in story.scenes.values() for choice in scene.choices]
        self.condition_exprs = [choice.condition for choice in choices if choice.condition is not None]
        self.effect_exprs = [effect.expr for choice in choices for effect in choice.effects]
        exprs = self.condition_exprs + self.effect_exprs
        self.reads = ExprReads()
        read = [self.reads(e) for e in exprs]
        routing_cap = max((abs(n) for r in read for n in r.ints), default=0)
        self.text: TextPlan = plan(story, routing_cap, self.reads)
        self.cap = self.text.cap
        kept = [fact for facts in self.text.kept.values() for fact in facts]
        self.watched_scenes = sorted(
            set().union(*(r.visited for r in read))
            | {f[1] for f in kept if isinstance(f, tuple) and f[0] == "visit"}
        )
        watched_decisions = set().union(*(r.decisions for r in read))
        watched_decisions |= {f[1] for f in kept if isinstance(f, tuple) and f[0] == "pair"}
        # Only the (decision, choice) pairs some chose() names are told apart; other answers are not kept.
        self.watched_pairs = set().union(*(r.pairs for r in read)) | {
            (f[1], f[2]) for f in kept if isinstance(f, tuple) and len(f) == 3
        }
        self.names = list(story.variables)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.visit_index = {scene: i for i, scene in enumerate(self.watched_scenes)}
        self.variables = [story.variables[name] for name in self.names]
        self.live = liveness(
            story, self.index, self.watched_scenes, watched_decisions, self.text.kept, self.reads
        )
        self._forgets: dict[int, _Forget] = {}  # by the identity of a scene's liveness (kept in self.live)
        self.compiled: dict[str, list[_Row]] = {}
        self.asks: set[str] = set()  # the scenes where a choice's condition or effect reads the state
        for scene in story.scenes.values():
            rows: list[_Row] = []
            for choice in scene.choices:
                cond = compile_expr(choice.condition) if choice.condition is not None else None
                effects = [
                    (
                        self.index[e.variable],
                        e.kind == "add",
                        compile_expr(e.expr),
                        *_bounds(story, e.variable),
                    )
                    for e in choice.effects
                ]
                pair = (scene.decision, choice.id)
                rows.append(
                    (
                        choice.id,
                        cond,
                        effects,
                        choice.next,
                        pair if scene.decision is not None and pair in self.watched_pairs else None,
                        (scene.id, choice.id),
                        self.visit_index.get(choice.next),
                        self._forgetting(choice.next),
                    )
                )
            self.compiled[scene.id] = rows
            if any(
                c.condition is not None or any(_reads_state(e.expr) for e in c.effects) for c in scene.choices
            ):
                self.asks.add(scene.id)
        self.layout: Layout = layout(story, self.text, self._in_states, self.cap)
        self.defaults = tuple(v.default for v in self.variables)
        panels: dict[str, int] = {}
        self.base = {target: base_words(story, target, panels) for target in (*story.scenes, *story.endings)}

    def _forgetting(self, target: str) -> _Forget:
        """What a state keeps on its way into ``target`` (see :data:`_Forget`); targets alike in
        what is live there (most are: they share one answer of liveness) share one."""
        live = self.live.get(target, NOTHING_LIVE)
        known = self._forgets.get(id(live))
        if known is None:
            known = self._forgets[id(live)] = self._forget(live)
        return known

    def _forget(self, live: Live) -> _Forget:
        dead_values, dead_visits, decisions = live
        if not dead_values:
            return None, dead_visits, decisions
        dead = set(dead_values)
        size = len(self.names)
        # A default stands at slot size + i of (*values, *defaults): take each dead value from there.
        picks = [size + slot if slot in dead else slot for slot in range(size)]
        if size == 1:
            return (lambda both: (both[picks[0]],)), dead_visits, decisions
        return itemgetter(*picks), dead_visits, decisions

    def _in_states(self, probe: Probe) -> bool:
        """Whether the states at the probe's scene keep every fact it reads, exactly."""
        dead_values, dead_visits, decisions = self.live.get(probe.where, NOTHING_LIVE)
        for fact in probe.facts:
            if isinstance(fact, str):
                if self.index[fact] in dead_values:
                    return False
            elif fact[0] == "visit":
                slot = self.visit_index.get(fact[1])
                if slot is None or slot in dead_visits:
                    return False
            elif len(fact) == 3 and (
                (fact[1], fact[2]) not in self.watched_pairs or fact[1] not in decisions
            ):
                return False
        return True

    def _observer(self, nodes: list[_Node], facts: frozenset[Fact]) -> Callable[[int], object]:
        """What a state (by number) says about ``facts``, all of which the states keep at its scene."""
        if not facts:
            return _nothing
        ordered = sorted(facts, key=fact_sort_key)
        slots = [self.index[fact] for fact in ordered if isinstance(fact, str)]
        visits = [
            self.visit_index[fact[1]] for fact in ordered if not isinstance(fact, str) and fact[0] == "visit"
        ]
        pairs = [(fact[1], fact[2]) for fact in ordered if not isinstance(fact, str) and len(fact) == 3]
        if not visits and not pairs:
            if len(slots) == 1:
                slot = slots[0]
                return lambda state: nodes[state].values[slot]
            values = itemgetter(*slots)
            return lambda state: values(nodes[state].values)

        def observe(state: int) -> object:
            node = nodes[state]
            return (
                tuple(node.values[slot] for slot in slots),
                tuple(node.visits[slot] for slot in visits),
                tuple(pair in node.chosen for pair in pairs),
            )

        return observe

    def run(self) -> ExploreReport:
        story = self.story
        reached_scenes: set[str] = set()
        reached_endings: set[str] = set()
        available_seen: set[tuple[str, str]] = set()
        shown: dict[int, set[object]] = {probe.number: set() for probe in self.text.probes}
        reports = []
        budget = self.max_states
        for role in story.roles.values():
            report = RoleReport(role.id)
            if budget <= 0:
                report.truncated = report.limited = True
                reports.append(report)
                continue
            used, texts = self._role(role.id, role.start, budget, report, available_seen)
            budget = max(0, budget - used)
            reached_scenes |= report.scenes
            reached_endings |= set(report.endings)
            for number, outcomes in texts.outcomes.items():
                shown[number] |= outcomes
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
        reached = reached_scenes | reached_endings
        return ExploreReport(
            roles=reports,
            # A run cut short by the state limit cannot know what is unreachable.
            unreachable_scenes=[] if truncated else sorted(set(story.scenes) - reached_scenes),
            unreached_endings=[] if truncated else sorted(set(story.endings) - reached_endings),
            never_available=never,
            approximate_visits=sorted(
                set().union(*(loose_visits(e, False) for e in self.effect_exprs))
                | set().union(*(loose_visits(c, True) for c in self.condition_exprs))
            ),
            text_lints=[] if truncated else text_lints(self.text.probes, shown, reached),
            kept_for_text=sum(len(facts) for facts in self.text.kept.values()),
        )

    def _role(
        self, role: str, start_at: str, budget: int, report: RoleReport, available_seen: set[tuple[str, str]]
    ) -> tuple[int, RoleText]:
        story, cap = self.story, self.cap
        index, visit_index, defaults = self.index, self.visit_index, self.defaults
        start_visits = tuple(min(cap, 1) if s == start_at else 0 for s in self.watched_scenes)
        begins = start_values(story, role)
        start = _Node(start_at, tuple(begins[name] for name in self.names), start_visits, frozenset())
        # States are numbered as they are found; breadth-first, they are explored in that order.
        ids: dict[_Node, int] = {start: 0}
        nodes: list[_Node] = [start]
        parent: list[int] = [-1]  # the state each was first reached from, and by which choice
        via: list[str] = [""]
        edges: list[list[int]] = []  # edges[i]: the successors of state i, one per choice offered
        taken: list[list[tuple[str, str]]] = []  # taken[i][k]: the (scene, choice) of edges[i][k]
        keep_keys = bool(self.text.probes)  # only text needs to know which choice an edge is
        ending_at: dict[str, int] = {}  # ending -> the first state found there
        # What is left of visit counts, and of decisions taken, once the dead ones are forgotten.
        forget: dict[tuple[frozenset[int], tuple[int, ...]], tuple[int, ...]] = {}
        keep: dict[tuple[frozenset[str], frozenset[tuple[str, str]]], frozenset[tuple[str, str]]] = {}
        progress, endings, compiled, asks = self.progress, story.endings, self.compiled, self.asks
        reached, seen_available = report.scenes.add, available_seen.add
        for number in itertools.count():
            if number == len(nodes):
                break
            node = nodes[number]
            if progress is not None and (number + 1) % 5000 == 0:
                progress(number + 1, len(nodes) - number - 1)
            at_scene = node.at
            if at_scene in endings:
                ending_at.setdefault(at_scene, number)  # breadth-first: the first found is a shortest
                edges.append([])
                taken.append([])
                continue
            reached(at_scene)
            # Conditions and effects that read the state read it here (constant effects need none).
            ctx: Context = _Ctx(node, index, visit_index, role) if at_scene in asks else _NO_STATE
            successors: list[int] = []
            keys: list[tuple[str, str]] = []
            offered = False
            old = node.values
            for choice_id, cond, effects, target, pair, key, slot_v, live in compiled[at_scene]:
                if cond is not None and not cond(ctx):
                    continue
                offered = True
                seen_available(key)
                if effects:
                    values = list(old)
                    for slot, adds, fn, bottom, top in effects:
                        result = fn(ctx)
                        if adds:
                            result = int(old[slot]) + int(result)
                        if bottom is None or top is None:
                            values[slot] = bool(result)
                        else:
                            amount = int(result)
                            values[slot] = bottom if amount < bottom else top if amount > top else amount
                    after: tuple[Value, ...] = tuple(values)
                else:
                    after = old
                visits = node.visits
                if slot_v is not None and visits[slot_v] < cap:
                    visits = (*visits[:slot_v], visits[slot_v] + 1, *visits[slot_v + 1 :])
                chosen = node.chosen
                if pair is not None:
                    chosen = chosen | {pair}
                # Forget what nothing from the target on can read: states that differ only there behave alike.
                live_values, dead_visits, live_decisions = live
                if live_values is not None:
                    after = live_values((*after, *defaults))
                if dead_visits:
                    forgotten = forget.get((dead_visits, visits))
                    if forgotten is None:
                        forgotten = forget[(dead_visits, visits)] = tuple(
                            0 if i in dead_visits else n for i, n in enumerate(visits)
                        )
                    visits = forgotten
                if chosen:
                    kept = keep.get((live_decisions, chosen))
                    if kept is None:
                        kept = keep[(live_decisions, chosen)] = (
                            frozenset(asked for asked in chosen if asked[0] in live_decisions)
                            if any(asked not in live_decisions for asked, _ in chosen)
                            else chosen
                        )
                    chosen = kept
                child = _new_node(_Node, (target, after, visits, chosen))
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
                if keep_keys:
                    keys.append(key)
            edges.append(successors)
            taken.append(keys)
            if not offered:
                report.dead_ends.setdefault(node.at, path_to(lambda i: nodes[i].at, parent, via, number))
        report.states = len(nodes)
        at = [node.at for node in nodes]
        observers: dict[frozenset[Fact], Callable[[int], object]] = {}

        def observer(facts: frozenset[Fact]) -> Callable[[int], object]:
            found = observers.get(facts)
            if found is None:
                found = observers[facts] = self._observer(nodes, facts)
            return found

        report.ending_paths = LazyPaths(at, parent, via, ending_at)
        order, looped_states = topological(edges)
        texts = read_role(
            story,
            self.text,
            self.layout,
            role,
            start_at,
            cap,
            at,
            edges,
            taken,
            order,
            looped_states,
            lambda state: _Ctx(nodes[state], index, visit_index, role),
            observer,
        )
        low = [self.base[place] + extra for place, extra in zip(at, texts.low, strict=True)]
        high = [self.base[place] + extra for place, extra in zip(at, texts.high, strict=True)]
        counts, looped, reading = count_paths(edges, order, looped_states, low, high)
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
            least, greatest = report.reading.get(place, (fewest, most))
            report.reading[place] = (min(least, fewest), max(greatest, most))
        report.varying = {
            probe.where for probe in self.text.probes if len(texts.outcomes[probe.number]) > 1
        } & (report.scenes | set(report.endings))
        return len(nodes), texts


def _reads_state(expr: Expr) -> bool:
    """Whether an effect's value depends on the state (a literal does not)."""
    return not isinstance(expr, Int | Bool)


def _nothing(state: int) -> object:
    """What a state says about no facts."""
    return None


def _bounds(story: Story, variable: str) -> tuple[int | None, int | None]:
    """A number's (minimum, maximum), where its values are clamped; (None, None) for a flag."""
    found = story.variables[variable]
    return (None, None) if found.is_flag else (found.minimum, found.maximum)
