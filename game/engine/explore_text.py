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
    effect_exprs,
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

_Known = tuple[tuple[int, int], frozenset[Outcome]]
"""What a probe shows for one reading: the (fewest, most) words, and its outcomes (None left out)."""
_PlaceKnown = tuple[tuple[int, int], tuple[tuple[int, frozenset[Outcome]], ...]]
"""What a place's probes show for one reading: the (fewest, most) words, and each probe's outcomes."""


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
    readings: dict[tuple[int, object], _Known] = field(
        default_factory=dict
    )  # (probe, reading) -> (fewest, most) words and the outcomes shown, for probes not in asking
    shows: dict[tuple[int, int], Outcome] = field(default_factory=dict)  # (probe, group value) -> outcome
    place_readings: dict[str, dict[tuple[object, int], _PlaceKnown]] = field(
        default_factory=dict
    )  # place -> a reading of its states -> what its probes show, for places where none asks role()
    places: dict[str, _PlaceReader] | None = None  # the probes read at each place (see _readers)
    on_the_way: dict[tuple[str, str], list[Probe]] | None = None  # the aftermath probes of each choice


def plan(story: Story, routing_max: int, reads: ExprReads | None = None) -> TextPlan:
    """Find the probes and their groups (``routing_max``: the largest number choices' conditions
    and effects mention; the probes' own numbers are added)."""
    reads = ExprReads() if reads is None else reads
    probes = find_probes(story, reads)
    cap = max(routing_max, max((abs(n) for n in text_literals(probes)), default=0)) + 1
    written_by = writers(story, reads)
    closures: dict[int, frozenset[Fact]] = {}
    memo: dict[str, frozenset[Fact]] = {}
    kept: dict[str, set[Fact]] = {}
    shapes: dict[frozenset[Fact], tuple[frozenset[Fact], int]] = {}  # facts -> their closure and its size
    for probe in probes:
        shape = shapes.get(probe.facts)
        if shape is None:
            facts = closure(probe.facts, written_by, memo)
            shape = shapes[probe.facts] = (facts, prod(domain(story, fact, cap)[0] for fact in facts))
        facts, space = shape
        if space > MAX_GROUP:
            kept.setdefault(probe.where, set()).update(probe.facts)
        closures[probe.number] = facts
    asks_role = any(reads(e).asks_role for e in effect_exprs(story))
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
    places, on_the_way = _readers(text, lay)
    outcomes: dict[int, set[Outcome]] = {probe.number: set() for probe in text.probes}
    low, high = [0] * len(at), [0] * len(at)
    # What a probe shows depends only on its facts (and the role): (fewest, most) words for each
    # packed set of its group's values, or each reading of its facts from a state, worked out once.
    # Its outcomes are added to ``outcomes`` the first time, which is all that adding again would do.
    read: dict[tuple[int, object], _Known] = {}
    # What a grouped probe shows for one value of its group, and that value's context, worked out once.
    own_shows: dict[tuple[int, int], Outcome] = {}  # the same for the probes that ask role()
    contexts: dict[tuple[int, int], GroupContext] = {}
    direct: dict[int, Callable[[int], object]] = {}  # a direct probe's observer, once per role

    def words_shown(probe: Probe, state: int, field_: int) -> _Known:
        number = probe.number
        group = lay.of_probe.get(number)
        if group is None:
            observe = direct.get(number)
            if observe is None:
                observe = direct[number] = observer(probe.facts)
            key: tuple[int, object] = (number, observe(state))
        else:
            key = (number, (field_ >> group.offset) & group.full)
        found = read.get(key)
        if found is not None:
            return found
        # Unless the probe asks role(), its reading is the same in every role: worked out once.
        asking = number in text.asking
        known = None if asking else text.readings.get(key)
        if known is None:
            seen: set[Outcome] = set()
            if group is None:
                seen.add(probe.outcome(story, ctx_of(state)))
            else:
                rest = key[1]
                assert isinstance(rest, int)
                memo = own_shows if asking else text.shows
                while rest:
                    lowest = rest & -rest
                    rest ^= lowest
                    value = lowest.bit_length() - 1
                    shown = memo.get((number, value), _UNKNOWN)
                    if shown == _UNKNOWN:
                        context = contexts.get((group.offset, value))
                        if context is None:
                            context = contexts[(group.offset, value)] = GroupContext(group, value, role)
                        shown = memo[(number, value)] = probe.outcome(story, context)
                    seen.add(shown)
            if len(seen) == 1:
                (only,) = seen
                count = probe.own_words(story, only)
                known = ((count, count), frozenset() if only is None else frozenset(seen))
            else:
                counts = [probe.own_words(story, o) for o in seen]
                seen.discard(None)
                known = ((min(counts), max(counts)), frozenset(seen))
            if not asking:
                text.readings[key] = known
        outcomes[number].update(known[1])
        read[key] = known
        return known

    # What a place's probes show together depends only on what its states say about the direct
    # probes' facts and on its groups' bits of the field: worked out once per such reading, and
    # (unless a probe there asks role()) once for every role: a role that meets a reading another
    # worked out only adds what its probes show there.
    states_at: dict[str, list[int]] = {}
    for state, place in enumerate(at):
        states_at.setdefault(place, []).append(state)
    for place, states in states_at.items():
        reader = places.get(place)
        if reader is None:
            continue
        probes, mask = reader.probes, reader.mask
        observe = observer(reader.facts)
        cache: dict[tuple[object, int], tuple[int, int]] = {}
        shared = text.place_readings.setdefault(place, {}) if not reader.asks_role else {}
        for state in states:
            field_ = fields[state] if fields else 0
            reading = (observe(state), field_ & mask)
            both = cache.get(reading)
            if both is None:
                entry = shared.get(reading)
                if entry is None:
                    fewest = most = 0
                    shown: list[tuple[int, frozenset[Outcome]]] = []
                    for probe in probes:
                        (least, greatest), outs = words_shown(probe, state, field_)
                        fewest += least
                        most += greatest
                        if outs:
                            shown.append((probe.number, outs))
                    entry = shared[reading] = ((fewest, most), tuple(shown))
                else:
                    for number, outs in entry[1]:
                        outcomes[number] |= outs
                both = cache[reading] = entry[0]
            low[state] = both[0]
            high[state] = both[1]
    if on_the_way:
        arrival = [0] * len(at)  # per state: the most words an aftermath line shows on the way in
        for state in range(len(at)):
            field_ = fields[state] if fields else 0
            for key, child in zip(taken[state], edges[state], strict=False):
                arriving = on_the_way.get(key)
                if not arriving:
                    continue
                after = along(field_, key, moves) if fields else 0
                most = 0
                for probe in arriving:
                    most += words_shown(probe, child, after)[0][1]
                # One way in is taken: the longest, not every way in added up.
                arrival[child] = max(arrival[child], most)
        high = [own + extra for own, extra in zip(high, arrival, strict=True)]
    return RoleText(outcomes, low, high)


_UNKNOWN = -2  # not worked out yet: no probe shows it (a branch or case number is -1 or more)


@dataclass(frozen=True)
class _PlaceReader:
    """The probes read at one place, the facts of the direct ones, and the groups' bits they read."""

    probes: list[Probe]
    facts: frozenset[Fact]
    mask: int
    asks_role: bool  # whether a probe here asks role() (then what they show differs by role)


_Readers = tuple[dict[str, "_PlaceReader"], dict[tuple[str, str], list[Probe]]]


def _readers(text: TextPlan, lay: Layout) -> _Readers:
    """The probes read at each place, and those read on each choice's way (aftermath lines),
    found once per story."""
    if text.places is not None and text.on_the_way is not None:
        return text.places, text.on_the_way
    here: dict[str, list[Probe]] = {}
    on_the_way: dict[tuple[str, str], list[Probe]] = {}
    for probe in text.probes:
        if probe.via is None:
            here.setdefault(probe.where, []).append(probe)
        else:
            on_the_way.setdefault(probe.via, []).append(probe)
    direct = {probe.number for probe in lay.direct}
    places = {}
    for place, probes in here.items():
        facts = frozenset().union(*(probe.facts for probe in probes if probe.number in direct))
        groups = {id(group): group for p in probes if (group := lay.of_probe.get(p.number)) is not None}
        mask = sum(group.full << group.offset for group in groups.values())
        asks = any(probe.number in text.asking for probe in probes)
        places[place] = _PlaceReader(probes, facts, mask, asks)
    text.places, text.on_the_way = places, on_the_way
    return places, on_the_way
