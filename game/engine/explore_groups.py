"""Groups: the facts some probes read, packed one bit per value into an integer per state.

A group's facts are closed under what the effects that change them read, so its values
change along a choice by a rule of the group alone (:func:`transfers`); the least fixpoint
of those rules over explore's graph (:func:`propagate`) is, at every state, exactly the
set of values the group can have there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from math import prod

from game.engine.explore_exprs import ExprReads
from game.engine.expr_eval import evaluate
from game.engine.expr_tree import Bool, Expr, Int
from game.engine.model import Choice, Story, Value
from game.engine.reads import Fact

MAX_GROUP = 256
"""Largest number of values a group may take and still be packed into the states' bit fields."""


@dataclass(frozen=True, eq=False)
class Group:
    """Facts read together by some probes, packed as one bit per value at ``offset``."""

    members: tuple[Fact, ...]
    sizes: tuple[int, ...]
    lows: tuple[int, ...]  # the smallest value of each member (a number's min, else 0)
    offset: int
    space: int = field(init=False)  # how many values the group can take
    full: int = field(init=False)  # a mask of all of them

    def __post_init__(self) -> None:
        object.__setattr__(self, "space", prod(self.sizes))
        object.__setattr__(self, "full", (1 << self.space) - 1)

    def index(self, values: Sequence[int]) -> int:
        number = 0
        for value, size, low in zip(values, self.sizes, self.lows, strict=True):
            number = number * size + (value - low)
        return number

    def values(self, number: int) -> list[int]:
        out = []
        for size, low in zip(reversed(self.sizes), reversed(self.lows), strict=True):
            number, value = divmod(number, size)
            out.append(value + low)
        return out[::-1]


def writers(story: Story, reads: ExprReads) -> dict[str, set[Fact]]:
    """For every variable, the facts read by the effects that change it."""
    out: dict[str, set[Fact]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            for effect in choice.effects:
                out.setdefault(effect.variable, set()).update(reads(effect.expr).facts)
    return out


def closure(
    facts: frozenset[Fact], written_by: dict[str, set[Fact]], memo: dict[str, frozenset[Fact]] | None = None
) -> frozenset[Fact]:
    """``facts`` and everything the effects that change them read, repeatedly (``memo`` keeps
    each variable's own closure between calls)."""
    memo = {} if memo is None else memo
    found = set(facts)
    for fact in facts:
        if isinstance(fact, str):
            found |= _variable_closure(fact, written_by, memo)
    return frozenset(found)


def _variable_closure(
    variable: str, written_by: dict[str, set[Fact]], memo: dict[str, frozenset[Fact]]
) -> frozenset[Fact]:
    known = memo.get(variable)
    if known is not None:
        return known
    found: set[Fact] = set()
    work = [variable]
    while work:
        for fact in written_by.get(work.pop(), ()):
            if fact not in found:
                found.add(fact)
                if isinstance(fact, str):
                    work.append(fact)
    memo[variable] = frozenset(found)
    return memo[variable]


def domain(story: Story, fact: Fact, cap: int) -> tuple[int, int]:
    """(number of values, lowest value) a fact can take."""
    if isinstance(fact, str):
        variable = story.variables[fact]
        if variable.is_flag:
            return 2, 0
        assert variable.minimum is not None and variable.maximum is not None
        return variable.maximum - variable.minimum + 1, variable.minimum
    if fact[0] == "visit":
        return cap + 1, 0
    return 2, 0


def fact_sort_key(fact: Fact) -> tuple[str, ...]:
    return (fact,) if isinstance(fact, str) else tuple(fact)


class GroupContext:
    """A probe's view of one value of its group (and the role being explored)."""

    __slots__ = ("_chosen", "_values", "_visits", "role_id")

    def __init__(self, group: Group, number: int, role: str) -> None:
        self._values: dict[str, Value] = {}
        self._visits: dict[str, int] = {}
        self._chosen: set[tuple[str, str]] = set()
        self.role_id = role
        for fact, value in zip(group.members, group.values(number), strict=True):
            if isinstance(fact, str):
                self._values[fact] = value
            elif fact[0] == "visit":
                self._visits[fact[1]] = value
            elif value:
                assert len(fact) == 3
                self._chosen.add((fact[1], fact[2]))

    def value(self, name: str) -> Value:
        return self._values[name]

    def visits(self, scene: str) -> int:
        return self._visits.get(scene, 0)

    def chose(self, decision: str, choice: str) -> bool:
        return (decision, choice) in self._chosen

    @property
    def role(self) -> str:
        return self.role_id


Evaluate = Callable[[Choice, Group, int], int]
"""The group value after a choice, from the group value before it."""


class GroupTransfer:
    """How one group's packed values change along the choices that share one table."""

    __slots__ = ("cache", "full", "group", "offset", "table")

    def __init__(self, group: Group, table: list[int]) -> None:
        self.group, self.table = group, table  # table: the value after, by the value before
        self.offset, self.full = group.offset, group.full
        self.cache: dict[int, int] = {}  # a set of values before -> the set after

    def apply(self, mask: int) -> int:
        """The set of values after the choice (packed), from the set before it."""
        found = self.cache.get(mask)
        if found is not None:
            return found
        table = self.table
        out = 0
        rest = mask
        while rest:
            lowest = rest & -rest
            out |= 1 << table[lowest.bit_length() - 1]
            rest ^= lowest
        if len(self.cache) < 200_000:
            self.cache[mask] = out
        return out


Tables = dict[tuple[object, ...], list[int]]
"""Transfer tables already worked out, by what they depend on (kept across a story's roles)."""

_NOTHING = Group((), (), (), 0)  # a context for effects that read no fact


class Step:
    """How every group's packed values change along the choices whose groups move alike: the
    moves of the groups they touch and, per set of those groups' values before (the field's bits
    under ``mask``), the set after, worked out once (the same few sets recur at many states)."""

    __slots__ = ("cache", "mask", "moves", "parts")

    def __init__(self, moves: Sequence[GroupTransfer]) -> None:
        self.moves = tuple(moves)  # of distinct groups, so their bits never overlap
        self.mask = sum(move.full << move.offset for move in self.moves)
        self.cache: dict[int, int] = {}
        self.parts = (self.mask, self.cache, self)  # what propagate unpacks at each edge

    def apply(self, field_: int) -> int:
        """Every group's values (packed in ``field_``) after the choice."""
        touched = field_ & self.mask
        after = self.cache.get(touched)
        if after is None:
            after = self.work_out(touched)
        return (field_ ^ touched) | after

    def work_out(self, touched: int) -> int:
        """The bits under ``mask`` after the choice, from ``touched``: those before it."""
        after = 0
        for move in self.moves:
            sub = (touched >> move.offset) & move.full
            found = move.cache.get(sub)
            after |= (move.apply(sub) if found is None else found) << move.offset
        if len(self.cache) < 200_000:
            self.cache[touched] = after
        return after


Moves = dict[tuple[str, str], Step]
"""For every (scene, choice) that touches a group, how the groups' values change along it."""


def transfers(
    story: Story,
    groups: Sequence[Group],
    role: str,
    cap: int,
    tables: Tables | None = None,
    reads: ExprReads | None = None,
) -> Moves:
    """For every choice that touches a group, how that group's values change along it."""
    tables = {} if tables is None else tables
    reads = ExprReads() if reads is None else reads
    of_fact: dict[Fact, list[int]] = {}  # a fact -> the groups (by number) it is a member of
    for number, group in enumerate(groups):
        for member in group.members:
            of_fact.setdefault(member, []).append(number)
    positions = [{fact: i for i, fact in enumerate(group.members)} for group in groups]
    shapes = [(group.members, group.sizes, group.lows) for group in groups]  # what a table depends on
    out: dict[tuple[str, str], list[GroupTransfer]] = {}
    shared: dict[tuple[int, int], GroupTransfer] = {}  # (group offset, id of table) -> its transfer
    # (group, a choice's changes, its visit and pair slots) -> the transfer, when every change is a
    # constant (then nothing else about the choice matters); most choices change their groups alike.
    same: dict[tuple[object, ...], GroupTransfer] = {}
    same_choice: dict[tuple[object, ...], list[GroupTransfer]] = {}  # the same, for all of a choice's groups
    nothing = GroupContext(_NOTHING, 0, role)  # what an effect that reads no fact is worked out in
    for scene in story.scenes.values():
        decision = scene.decision
        for choice in scene.choices:
            touched_at: set[int] = set()
            for effect in choice.effects:
                touched_at.update(of_fact.get(effect.variable, ()))
            visit_fact = ("visit", choice.next)
            touched_at.update(of_fact.get(visit_fact, ()))
            pair_fact = ("pair", decision, choice.id) if decision is not None else None
            if pair_fact is not None:
                touched_at.update(of_fact.get(pair_fact, ()))
            if not touched_at:
                continue
            change = _changes(choice, nothing, reads)
            constant = all(result is not None for _, result in change.values())
            signature = tuple(sorted(change.items())) if constant else ()
            into_scene = choice.next in story.scenes
            if constant:  # then the changes and the visit and pair facts decide every group's move
                kind: tuple[object, ...] = (
                    signature,
                    visit_fact if visit_fact in of_fact else None,
                    into_scene,
                    pair_fact if pair_fact in of_fact else None,
                )
                known = same_choice.get(kind)
                if known is not None:
                    out[(scene.id, choice.id)] = known
                    continue
            moves = out[(scene.id, choice.id)] = []
            if constant:
                same_choice[kind] = moves
            for number in sorted(touched_at):
                group, position = groups[number], positions[number]
                visit = position.get(visit_fact) if into_scene else None
                pair = position.get(pair_fact) if pair_fact is not None else None
                memo = (number, signature, visit, pair)
                move = same.get(memo) if constant else None
                if move is None:
                    table = _table(
                        story,
                        group,
                        shapes[number],
                        position,
                        choice,
                        decision,
                        change,
                        role,
                        cap,
                        tables,
                    )
                    move = shared.get((group.offset, id(table)))
                    if move is None:
                        move = shared[(group.offset, id(table))] = GroupTransfer(group, table)
                    if constant:
                        same[memo] = move
                moves.append(move)
    steps: dict[tuple[int, ...], Step] = {}  # choices whose groups move alike share one step (and its cache)
    result: Moves = {}
    for key, moves in out.items():
        alike = tuple(map(id, moves))
        step = steps.get(alike)
        if step is None:
            step = steps[alike] = Step(moves)
        result[key] = step
    return result


def effect_exprs(story: Story) -> Iterator[Expr]:
    """The value of every choice's every effect."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            for effect in choice.effects:
                yield effect.expr


def _changes(choice: Choice, nothing: GroupContext, reads: ExprReads) -> dict[str, tuple[str, Value | None]]:
    """Per variable a choice changes: the last effect's kind and, when it reads no fact, its value
    (each effect is worked out from the values before the choice, so the last one counts;
    ``nothing``: a context of no facts, in the role explored). The key ``""`` is there when an
    effect asks ``role()``."""
    out: dict[str, tuple[str, Value | None]] = {}
    for effect in choice.effects:
        expr = effect.expr
        if isinstance(expr, Int | Bool):
            out[effect.variable] = (effect.kind, expr.value)
            continue
        found = reads(expr)
        if found.asks_role:
            out[""] = ("role", None)
        out[effect.variable] = (effect.kind, None if found.facts else evaluate(expr, nothing))
    return out


def _table(
    story: Story,
    group: Group,
    shape: tuple[object, ...],
    position: dict[Fact, int],
    choice: Choice,
    decision: str | None,
    change: dict[str, tuple[str, Value | None]],
    role: str,
    cap: int,
    tables: Tables,
) -> list[int]:
    """The group value after ``choice``, by the group value before it.

    When every effect on the group's members sets or adds a constant, each member changes on
    its own and the table is the sum of per-member strides; otherwise each value is worked out."""
    last = {position[name]: done for name, done in change.items() if name in position}
    visit = position.get(("visit", choice.next)) if choice.next in story.scenes else None
    pair = position.get(("pair", decision, choice.id)) if decision is not None else None
    if any(result is None for _, result in last.values()):
        asks = "" in change  # the table depends on the role only if an effect asks it
        # The table depends on the effects on the group's members (each worked out from the
        # values before the choice, the last on a member counting), not on where the choice is.
        effects = tuple((e.variable, e.kind, e.expr) for e in choice.effects if e.variable in position)
        signature: tuple[object, ...] = ("worked out", shape, effects, visit, pair, role if asks else "")
        known = tables.get(signature)
        if known is None:
            known = tables[signature] = [
                _after(story, group, number, choice, decision, role, cap, position)
                for number in range(group.space)
            ]
        return known
    signature = (shape, tuple(sorted(last.items())), visit, pair)
    known = tables.get(signature)
    if known is not None:
        return known
    strides = [1] * len(group.sizes)
    for slot in range(len(group.sizes) - 2, -1, -1):
        strides[slot] = strides[slot + 1] * group.sizes[slot + 1]
    parts = []
    for slot, (size, low) in enumerate(zip(group.sizes, group.lows, strict=True)):
        olds = range(low, low + size)
        if slot in last:
            kind, result = last[slot]
            variable = story.variables[group.members[slot]]  # type: ignore[index]
            if kind == "add":
                news = [int(variable.clamp(old + int(result or 0))) for old in olds]
            else:
                news = [int(variable.clamp(result or 0))] * size
        elif slot == visit:
            news = [min(cap, old + 1) for old in olds]
        elif slot == pair:
            news = [1] * size
        else:
            news = list(olds)
        parts.append([(new - low) * strides[slot] for new in news])
    tables[signature] = [sum(values) for values in product(*parts)]
    return tables[signature]


def _after(
    story: Story,
    group: Group,
    number: int,
    choice: Choice,
    decision: str | None,
    role: str,
    cap: int,
    position: dict[Fact, int],
) -> int:
    """The group value after ``choice`` is taken from the group value ``number``."""
    ctx = GroupContext(group, number, role)
    values = group.values(number)
    new = list(values)
    for effect in choice.effects:
        slot = position.get(effect.variable)
        if slot is None:
            continue
        variable = story.variables[effect.variable]
        result = evaluate(effect.expr, ctx)
        if effect.kind == "add":
            result = int(values[slot]) + int(result)
        new[slot] = int(variable.clamp(result))
    slot = position.get(("visit", choice.next))
    if slot is not None and choice.next in story.scenes:
        new[slot] = min(cap, new[slot] + 1)
    if decision is not None:
        slot = position.get(("pair", decision, choice.id))
        if slot is not None:
            new[slot] = 1
    return group.index(new)


def start_field(groups: Sequence[Group], begins: Mapping[str, Value], start: str, cap: int) -> int:
    """Every group's value at the start of a role (``begins``: its variables' values), packed."""
    field_ = 0
    for group in groups:
        values = []
        for fact in group.members:
            if isinstance(fact, str):
                values.append(int(begins[fact]))
            elif fact[0] == "visit":
                values.append(min(cap, 1) if fact[1] == start else 0)
            else:
                values.append(0)
        field_ |= 1 << (group.offset + group.index(values))
    return field_


def along(field_: int, key: tuple[str, str], moves: Moves) -> int:
    """Every group's values (packed in ``field_``) after the choice ``key`` = (scene, choice)."""
    step = moves.get(key)
    return field_ if step is None else step.apply(field_)


def propagate(
    size: int,
    edges: list[list[int]],
    taken: list[list[tuple[str, str]]],
    order: list[int],
    looped: list[int],
    start: int,
    moves: Moves,
) -> list[int]:
    """The least fixpoint of the groups' values over the graph: for every state, every value
    each group can have there (packed)."""
    fields = [0] * size
    fields[0] = start
    get = moves.get
    for number in order:
        here = fields[number]
        if not here:
            continue
        for key, child in zip(taken[number], edges[number], strict=True):
            step = get(key)
            if step is None:
                new = here
            else:  # Step.apply, written out: most of explore's text reading is here
                mask, cache, whole = step.parts
                touched = here & mask
                after = cache.get(touched)
                if after is None:
                    after = whole.work_out(touched)
                new = (here ^ touched) | after
            old = fields[child]
            fields[child] = old | new if old else new
    if looped:  # states on or after a loop: round and round until nothing grows
        work = deque(looped)
        queued = set(looped)
        while work:
            number = work.popleft()
            queued.discard(number)
            here = fields[number]
            for key, child in zip(taken[number], edges[number], strict=True):
                step = moves.get(key)
                grown = fields[child] | (here if step is None else step.apply(here))
                if grown != fields[child]:
                    fields[child] = grown
                    if child not in queued:
                        queued.add(child)
                        work.append(child)
    return fields
