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

from game.engine.explore_exprs import ExprReads
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
    reads: ExprReads  # what each expression reads, worked out once
    tables: Tables = field(default_factory=dict)  # transfer tables, shared by the roles
    moves: dict[str, Moves] = field(default_factory=dict)  # by role ("" when no effect asks the role)
    asks_role: bool = False  # whether some choice's effect asks role() (so the moves differ by role)
    asking: frozenset[int] = frozenset()  # the probes whose own conditions ask role()
    readings: dict[tuple[int, object], tuple[tuple[int, int], frozenset[Outcome]]] = field(
        default_factory=dict
    )  # (probe, reading) -> (fewest, most) words and the outcomes shown, for probes not in asking


def plan(story: Story, routing_max: int, reads: ExprReads | None = None) -> TextPlan:
    """Find the probes and their groups (``routing_max``: the largest number choices' conditions
    and effects mention; the probes' own numbers are added)."""
    reads = ExprReads() if reads is None else reads
    probes = find_probes(story, reads)
    cap = max(routing_max, max((abs(n) for n in text_literals(probes, reads)), default=0)) + 1
    written_by = writers(story, reads)
    closures: dict[int, frozenset[Fact]] = {}
    memo: dict[str, frozenset[Fact]] = {}
    kept: dict[str, set[Fact]] = {}
    for probe in probes:
        facts = closure(probe.facts, written_by, memo)
        space = prod(domain(story, fact, cap)[0] for fact in facts)
        if space > MAX_GROUP:
            kept.setdefault(probe.where, set()).update(probe.facts)
        closures[probe.number] = facts
    asks_role = any(
        effects_ask_role(choice, reads) for scene in story.scenes.values() for choice in scene.choices
    )
    asking = frozenset(probe.number for probe in probes if probe.asks_role)
    return TextPlan(probes, closures, kept, cap, reads, asks_role=asks_role, asking=asking)


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
    observer: Callable[[frozenset[Fact]], Callable[[int], object]],
) -> RoleText:
    """Read every probe at every state of one role's graph (see the module docstring)."""
    groups = list(lay.groups.values())
    asks = role if text.asks_role else ""
    moves = text.moves.get(asks)
    if moves is None:
        moves = text.moves[asks] = (
            transfers(story, groups, role, cap, text.tables, text.reads) if groups else {}
        )
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
    direct = {probe.number for probe in lay.direct}
    observers = {probe.number: _observer(probe.facts) for probe in lay.direct}

    def words_shown(probe: Probe, ctx: Context | None, state: int, field_: int) -> tuple[int, int]:
        group = lay.of_probe.get(probe.number)
        if group is None:
            ctx = ctx_of(state) if ctx is None else ctx
            key: tuple[int, object] = (probe.number, observers[probe.number](ctx))
        else:
            key = (probe.number, (field_ >> group.offset) & group.full)
        found = read.get(key)
        if found is not None:
            return found
        # Unless the probe asks role(), its reading is the same in every role: worked out once.
        known = None if probe.number in text.asking else text.readings.get(key)
        if known is None:
            seen: set[Outcome] = set()
            if group is None:
                assert ctx is not None
                seen.add(probe.outcome(story, ctx))
            else:
                rest, number = key[1], 0
                assert isinstance(rest, int)
                while rest:
                    if rest & 1:
                        seen.add(probe.outcome(story, GroupContext(group, number, role)))
                    rest >>= 1
                    number += 1
            counts = [probe.own_words(story, o) for o in seen]
            known = ((min(counts), max(counts)), frozenset(o for o in seen if o is not None))
            if probe.number not in text.asking:
                text.readings[key] = known
        outcomes[probe.number].update(known[1])
        read[key] = known[0]
        return known[0]

    # What a place's probes show together depends only on what its states say about the direct
    # probes' facts and on its groups' bits of the field: worked out once per such reading.
    places = {place: _PlaceReader(probes, direct, lay, observer) for place, probes in here.items()}
    arrival = [0] * len(at)  # per state: the most words an aftermath line shows on the way in
    for state, place in enumerate(at):
        field_ = fields[state] if fields else 0
        reader = places.get(place)
        if reader is not None:
            reading = (reader.observe(state), field_ & reader.mask)
            both = reader.cache.get(reading)
            if both is None:
                ctx = ctx_of(state) if reader.observe is not _NO_OBSERVER else None
                fewest = most = 0
                for probe in reader.probes:
                    least, greatest = words_shown(probe, ctx, state, field_)
                    fewest += least
                    most += greatest
                both = reader.cache[reading] = (fewest, most)
            low[state] += both[0]
            high[state] += both[1]
        if not on_the_way:
            continue
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


def _no_observer(state: int) -> object:
    return None


_NO_OBSERVER = _no_observer


class _PlaceReader:
    """The probes read at one place, what tells its states apart for them, and their words per reading."""

    __slots__ = ("cache", "mask", "observe", "probes")

    def __init__(
        self,
        probes: list[Probe],
        direct: set[int],
        lay: Layout,
        observer: Callable[[frozenset[Fact]], Callable[[int], object]],
    ) -> None:
        self.probes = probes
        facts = frozenset().union(*(probe.facts for probe in probes if probe.number in direct))
        self.observe = observer(facts) if facts else _NO_OBSERVER
        groups = {id(group): group for p in probes if (group := lay.of_probe.get(p.number)) is not None}
        self.mask = sum(group.full << group.offset for group in groups.values())
        self.cache: dict[tuple[object, int], tuple[int, int]] = {}


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
