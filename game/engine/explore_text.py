"""Exploring text that follows the state, exactly, without multiplying the states explore visits.

A *probe* is one place where story text reads the state: an alternative (``{if ...}``),
a printed variable or a named text, inside a scene's prose or a choice's text (read at
that scene), an aftermath line (read on one choice's way to its target) or an ending.

Text never changes where a player can go, so :mod:`game.engine.explore` builds its graph
of states from what choices' conditions and effects need only. What a probe reads is
kept apart, in a *group*: the probe's facts (variables, ``visited()`` counts, ``chose()``
answers) closed under what the effects that change them read. A group's values change
along a choice by a rule that depends on the group alone, so the set of the group's
values that can be met at a state of the graph is the least fixpoint of those rules
over the graph's edges; this is exact (it is the projection of the full state space
onto the graph and the group), and it costs one bit per value of the group per state
(every group of a story is packed into one integer per state).

A probe whose facts the graph already keeps at its scene is read from the graph's
states directly. A group too large to pack (more than :data:`MAX_GROUP` values) has its
facts kept in the graph's states instead: exact again, but the states multiply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import prod

from game.engine.explore_groups import (
    MAX_GROUP,
    Group,
    GroupContext,
    Moves,
    Tables,
    along,
    closure,
    domain,
    effects_ask_role,
    fact_sort_key,
    propagate,
    start_field,
    transfers,
    writers,
)
from game.engine.explore_probes import Outcome, Probe, find_probes, text_literals
from game.engine.expr_eval import Context
from game.engine.model import Story
from game.engine.play import start_values
from game.engine.reads import Fact


@dataclass
class TextPlan:
    """Which probes explore reads from its states, which from packed groups, and what its states
    must keep for the probes whose groups are too large to pack."""

    probes: list[Probe]
    closures: dict[int, frozenset[Fact]]  # probe number -> its group's facts
    kept: dict[str, set[Fact]]  # scene or ending -> facts the states must keep there (groups too large)
    cap: int  # where visit counts saturate: just above the largest number any condition mentions
    tables: Tables = field(default_factory=dict)  # transfer tables, shared by the roles
    moves: dict[str, Moves] = field(default_factory=dict)  # by role ("" when no effect asks the role)
    asks_role: bool = False  # whether some choice's effect asks role() (so the moves differ by role)


def plan(story: Story, routing_max: int) -> TextPlan:
    """Find the probes and their groups (``routing_max``: the largest number choices' conditions
    and effects mention; the probes' own numbers are added)."""
    probes = find_probes(story)
    cap = max(routing_max, max((abs(n) for n in text_literals(probes)), default=0)) + 1
    written_by = writers(story)
    closures: dict[int, frozenset[Fact]] = {}
    memo: dict[str, frozenset[Fact]] = {}
    kept: dict[str, set[Fact]] = {}
    for probe in probes:
        facts = closure(probe.facts, written_by, memo)
        space = prod(domain(story, fact, cap)[0] for fact in facts)
        if space > MAX_GROUP:
            kept.setdefault(probe.where, set()).update(probe.facts)
        closures[probe.number] = facts
    asks_role = any(effects_ask_role(choice) for scene in story.scenes.values() for choice in scene.choices)
    return TextPlan(probes, closures, kept, cap, asks_role=asks_role)


@dataclass
class Layout:
    """The groups of one story's grouped probes, packed one after another."""

    groups: dict[frozenset[Fact], Group]
    of_probe: dict[int, Group]  # grouped probe number -> its group
    direct: list[Probe]  # probes read from the states themselves

    @property
    def bits(self) -> int:
        return sum(group.space for group in self.groups.values())


def layout(story: Story, text: TextPlan, in_states: Callable[[Probe], bool], cap: int) -> Layout:
    """Pack the groups of every probe the states cannot answer (``in_states``: they can)."""
    groups: dict[frozenset[Fact], Group] = {}
    of_probe: dict[int, Group] = {}
    direct: list[Probe] = []
    offset = 0
    for probe in text.probes:
        if in_states(probe):
            direct.append(probe)
            continue
        facts = text.closures[probe.number]
        group = groups.get(facts)
        if group is None:
            members = tuple(sorted(facts, key=fact_sort_key))
            shapes = [domain(story, fact, cap) for fact in members]
            group = Group(members, tuple(s for s, _ in shapes), tuple(low for _, low in shapes), offset)
            groups[facts] = group
            offset += group.space
        of_probe[probe.number] = group
    return Layout(groups, of_probe, direct)


@dataclass
class RoleText:
    """What the probes showed over one role's states, and the words text adds at each state."""

    outcomes: dict[int, set[Outcome]]  # probe number -> what it showed (never None: not shown)
    low: list[int]  # per state: the fewest words its probes can show there
    high: list[int]  # per state: the most


def read_role(
    story: Story,
    text: TextPlan,
    lay: Layout,
    role: str,
    start: str,
    cap: int,
    at: list[str],
    edges: list[list[int]],
    taken: list[list[tuple[str, str]]],
    order: list[int],
    looped: list[int],
    ctx_of: Callable[[int], Context],
) -> RoleText:
    """Read every probe at every state of one role's graph (see the module docstring)."""
    groups = list(lay.groups.values())
    asks = role if text.asks_role else ""
    moves = text.moves.get(asks)
    if moves is None:
        moves = text.moves[asks] = transfers(story, groups, role, cap, text.tables) if groups else {}
    fields = (
        propagate(
            len(at),
            edges,
            taken,
            order,
            looped,
            start_field(groups, start_values(story, role), start, cap),
            moves,
        )
        if groups
        else []
    )
    here: dict[str, list[Probe]] = {}
    on_the_way: dict[tuple[str, str], list[Probe]] = {}
    for probe in text.probes:
        if probe.via is None:
            here.setdefault(probe.where, []).append(probe)
        else:
            on_the_way.setdefault(probe.via, []).append(probe)
    outcomes: dict[int, set[Outcome]] = {probe.number: set() for probe in text.probes}
    low, high = [0] * len(at), [0] * len(at)
    # What a probe shows depends only on its facts (and the role): (fewest, most) words for each
    # packed set of its group's values, or each reading of its facts from a state, worked out once.
    # Its outcomes are added to ``outcomes`` the first time, which is all that adding again would do.
    read: dict[tuple[int, object], tuple[int, int]] = {}
    observers = {probe.number: _observer(probe.facts) for probe in lay.direct}

    def words_shown(probe: Probe, ctx: Context | None, state: int, field_: int) -> tuple[int, int]:
        group = lay.of_probe.get(probe.number)
        seen: set[Outcome] = set()
        if group is None:
            ctx = ctx_of(state) if ctx is None else ctx
            key: tuple[int, object] = (probe.number, observers[probe.number](ctx))
            found = read.get(key)
            if found is not None:
                return found
            seen.add(probe.outcome(story, ctx))
        else:
            rest = (field_ >> group.offset) & group.full
            key = (probe.number, rest)
            found = read.get(key)
            if found is not None:
                return found
            number = 0
            while rest:
                if rest & 1:
                    seen.add(probe.outcome(story, GroupContext(group, number, role)))
                rest >>= 1
                number += 1
        outcomes[probe.number].update(o for o in seen if o is not None)
        counts = [probe.own_words(story, o) for o in seen]
        found = read[key] = (min(counts), max(counts))
        return found

    arrival = [0] * len(at)  # per state: the most words an aftermath line shows on the way in
    for state, place in enumerate(at):
        field_ = fields[state] if fields else 0
        probes_here = here.get(place)
        if probes_here:
            ctx = ctx_of(state) if any(p.number in observers for p in probes_here) else None
            fewest = most = 0
            for probe in probes_here:
                least, greatest = words_shown(probe, ctx, state, field_)
                fewest += least
                most += greatest
            low[state] += fewest
            high[state] += most
        for key, child in zip(taken[state], edges[state], strict=False):
            arriving = on_the_way.get(key)
            if not arriving:
                continue
            after = along(field_, key, moves) if fields else 0
            most = 0
            for probe in arriving:
                most += words_shown(probe, None, child, after)[1]
            # One way in is taken: the longest, not every way in added up.
            arrival[child] = max(arrival[child], most)
    high = [own + extra for own, extra in zip(high, arrival, strict=True)]
    return RoleText(outcomes, low, high)


def _observer(facts: frozenset[Fact]) -> Callable[[Context], tuple[object, ...]]:
    """What a state says about ``facts`` (which decide what a probe reading them shows)."""
    ordered = sorted(facts, key=fact_sort_key)

    def observe(ctx: Context) -> tuple[object, ...]:
        return tuple(
            ctx.value(fact)
            if isinstance(fact, str)
            else ctx.visits(fact[1])
            if fact[0] == "visit"
            else ctx.chose(fact[1], fact[2])  # type: ignore[misc]
            for fact in ordered
        )

    return observe
