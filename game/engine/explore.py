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

from collections.abc import Callable
from operator import itemgetter

from game.engine.collector import collector_paused
from game.engine.conditions import (
    compile_expr,
)
from game.engine.explore_exprs import ExprReads
from game.engine.explore_groups import fact_sort_key
from game.engine.explore_lints import text_lints
from game.engine.explore_live import NOTHING_LIVE, Live, liveness, loose_visits
from game.engine.explore_paths import LazyPaths, count_paths, topological
from game.engine.explore_probes import Probe
from game.engine.explore_report import ExploreReport, RoleReport
from game.engine.explore_text import Layout, RoleText, TextPlan, layout, plan, read_role
from game.engine.explore_walk import BOTH, REST, VALUES, Forget, Graph, Node, Row, StateCtx, Walker
from game.engine.expr_tree import Expr
from game.engine.model import Story
from game.engine.play import start_values
from game.engine.reads import Fact
from game.engine.stats import base_words

__all__ = ["ExploreReport", "ProgressCallback", "RoleReport", "explore"]  # reports: explore_report.py

ProgressCallback = Callable[[int, int], None]  # (states explored, states waiting)


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
        self._forgets: dict[int, Forget] = {}  # by the identity of a scene's liveness (kept in self.live)
        self.compiled: dict[str, list[Row]] = {}
        for scene in story.scenes.values():
            rows: list[Row] = []
            for choice in scene.choices:
                dead = self.live.get(choice.next, NOTHING_LIVE)[0]  # the values forgotten on the way in
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
                    Row(
                        choice.id,
                        cond,
                        self._cond_reads(choice.condition),
                        all(self._reads_values_only(e.expr) for e in choice.effects),
                        [effect for effect in effects if effect[0] not in dead],
                        choice.next,
                        pair if scene.decision is not None and pair in self.watched_pairs else None,
                        (scene.id, choice.id),
                        self.visit_index.get(choice.next),
                        self._forgetting(choice.next),
                    )
                )
            self.compiled[scene.id] = rows
        self.layout: Layout = layout(story, self.text, self._in_states, self.cap)
        self.defaults = tuple(v.default for v in self.variables)
        panels: dict[str, int] = {}
        self.base = {target: base_words(story, target, panels) for target in (*story.scenes, *story.endings)}

    def _cond_reads(self, expr: Expr | None) -> int:
        """What a choice's condition reads (see :data:`game.engine.explore_walk.VALUES`)."""
        if expr is None or self._reads_values_only(expr):
            return VALUES
        return BOTH if self.reads(expr).names else REST

    def _reads_values_only(self, expr: Expr) -> bool:
        """Whether an expression reads nothing but values and the role (no visits, no decisions)."""
        found = self.reads(expr)
        return not found.visited and not found.decisions

    def _forgetting(self, target: str) -> Forget:
        """What a state keeps on its way into ``target`` (see :data:`_Forget`); targets alike in
        what is live there (most are: they share one answer of liveness) share one."""
        live = self.live.get(target, NOTHING_LIVE)
        known = self._forgets.get(id(live))
        if known is None:
            known = self._forgets[id(live)] = self._forget(live)
        return known

    def _forget(self, live: Live) -> Forget:
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

    def _observer(self, graph: Graph, facts: frozenset[Fact]) -> Callable[[int], object]:
        """What a state (by number) says about ``facts``, all of which the states keep at its scene."""
        if not facts:
            return _nothing
        ordered = sorted(facts, key=fact_sort_key)
        slots = [self.index[fact] for fact in ordered if isinstance(fact, str)]
        visits = [
            self.visit_index[fact[1]] for fact in ordered if not isinstance(fact, str) and fact[0] == "visit"
        ]
        pairs = [(fact[1], fact[2]) for fact in ordered if not isinstance(fact, str) and len(fact) == 3]
        nodes, values_of, rests = graph.nodes, graph.values, graph.rests
        if not visits and not pairs:
            if len(slots) == 1:
                slot = slots[0]
                return lambda state: values_of[nodes[state][1]][slot]
            values = itemgetter(*slots)
            return lambda state: values(values_of[nodes[state][1]])

        def observe(state: int) -> object:
            _, vid, rid = nodes[state]
            values, (counts, chosen) = values_of[vid], rests[rid]
            return (
                tuple(values[slot] for slot in slots),
                tuple(counts[slot] for slot in visits),
                tuple(pair in chosen for pair in pairs),
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
        index, visit_index = self.index, self.visit_index
        start_visits = tuple(min(cap, 1) if s == start_at else 0 for s in self.watched_scenes)
        begins = start_values(story, role)
        start = Node(start_at, tuple(begins[name] for name in self.names), start_visits, frozenset())
        walker = Walker(self.compiled, story.endings, index, visit_index, self.defaults, cap, role)
        # Only text needs to know which choice an edge is.
        graph = walker.walk(start, budget, report, available_seen.add, bool(self.text.probes), self.progress)
        nodes, values_of, rests = graph.nodes, graph.values, graph.rests
        edges, taken, parent, via = graph.edges, graph.taken, graph.parent, graph.via
        report.states = len(nodes)
        at = [node[0] for node in nodes]
        observers: dict[frozenset[Fact], Callable[[int], object]] = {}

        def observer(facts: frozenset[Fact]) -> Callable[[int], object]:
            found = observers.get(facts)
            if found is None:
                found = observers[facts] = self._observer(graph, facts)
            return found

        report.ending_paths = LazyPaths(at, parent, via, graph.ending_at)
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
            lambda state: StateCtx(
                values_of[nodes[state][1]], rests[nodes[state][2]], index, visit_index, role
            ),
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


def _nothing(state: int) -> object:
    """What a state says about no facts."""
    return None


def _bounds(story: Story, variable: str) -> tuple[int | None, int | None]:
    """A number's (minimum, maximum), where its values are clamped; (None, None) for a flag."""
    found = story.variables[variable]
    return (None, None) if found.is_flag else (found.minimum, found.maximum)
