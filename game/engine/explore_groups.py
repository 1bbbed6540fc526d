"""Groups: the facts some probes read, packed one bit per value into an integer per state.

A group's facts are closed under what the effects that change them read, so its values
change along a choice by a rule of the group alone (:func:`transfers`); the least fixpoint
of those rules over explore's graph (:func:`propagate`) is, at every state, exactly the
set of values the group can have there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from math import prod

from game.engine.expr_eval import evaluate
from game.engine.model import Choice, Story, Value
from game.engine.reads import Fact, expr_facts

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


def writers(story: Story) -> dict[str, list[tuple[Choice, int]]]:
    """For every variable, the choices that change it (with the effect's index)."""
    out: dict[str, list[tuple[Choice, int]]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            for number, effect in enumerate(choice.effects):
                out.setdefault(effect.variable, []).append((choice, number))
    return out


def closure(facts: frozenset[Fact], written_by: dict[str, list[tuple[Choice, int]]]) -> frozenset[Fact]:
    """``facts`` and everything the effects that change them read, repeatedly."""
    found = set(facts)
    work = [fact for fact in facts if isinstance(fact, str)]
    while work:
        variable = work.pop()
        for choice, number in written_by.get(variable, ()):
            for fact in expr_facts(choice.effects[number].expr):
                if fact not in found:
                    found.add(fact)
                    if isinstance(fact, str):
                        work.append(fact)
    return frozenset(found)


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


@dataclass
class GroupTransfer:
    """How one group's packed values change along each choice that touches it."""

    group: Group
    tables: dict[tuple[str, str], list[int]]  # (scene, choice) -> the value after, by the value before
    cache: dict[tuple[tuple[str, str], int], int] = field(default_factory=dict)

    def apply(self, key: tuple[str, str], mask: int) -> int:
        found = self.cache.get((key, mask))
        if found is not None:
            return found
        table = self.tables[key]
        out = 0
        rest, number = mask, 0
        while rest:
            if rest & 1:
                out |= 1 << table[number]
            rest >>= 1
            number += 1
        if len(self.cache) < 200_000:
            self.cache[(key, mask)] = out
        return out


def transfers(
    story: Story, groups: Sequence[Group], role: str, cap: int
) -> dict[tuple[str, str], list[GroupTransfer]]:
    """For every choice that touches a group, how that group's values change along it."""
    out: dict[tuple[str, str], list[GroupTransfer]] = {}
    for group in groups:
        member_set = set(group.members)
        for scene in story.scenes.values():
            for choice in scene.choices:
                writes = {e.variable for e in choice.effects} & member_set
                visit = ("visit", choice.next) in member_set
                pair = scene.decision is not None and ("pair", scene.decision, choice.id) in member_set
                if not (writes or visit or pair):
                    continue
                table = [
                    _after(story, group, number, choice, scene.decision, role, cap)
                    for number in range(group.space)
                ]
                out.setdefault((scene.id, choice.id), []).append(
                    GroupTransfer(group, {(scene.id, choice.id): table})
                )
    return out


def _after(
    story: Story, group: Group, number: int, choice: Choice, decision: str | None, role: str, cap: int
) -> int:
    """The group value after ``choice`` is taken from the group value ``number``."""
    ctx = GroupContext(group, number, role)
    values = group.values(number)
    position = {fact: i for i, fact in enumerate(group.members)}
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


def start_field(story: Story, groups: Sequence[Group], start: str, cap: int) -> int:
    """Every group's value at the start of a role, packed."""
    field_ = 0
    for group in groups:
        values = []
        for fact in group.members:
            if isinstance(fact, str):
                values.append(int(story.variables[fact].default))
            elif fact[0] == "visit":
                values.append(min(cap, 1) if fact[1] == start else 0)
            else:
                values.append(0)
        field_ |= 1 << (group.offset + group.index(values))
    return field_


def along(field_: int, key: tuple[str, str], moves: dict[tuple[str, str], list[GroupTransfer]]) -> int:
    """Every group's values (packed in ``field_``) after the choice ``key`` = (scene, choice)."""
    for move in moves.get(key, ()):
        group = move.group
        sub = (field_ >> group.offset) & group.full
        field_ = (field_ & ~(group.full << group.offset)) | (move.apply(key, sub) << group.offset)
    return field_


def propagate(
    size: int,
    edges: list[list[int]],
    taken: list[list[tuple[str, str]]],
    order: list[int],
    looped: list[int],
    start: int,
    moves: dict[tuple[str, str], list[GroupTransfer]],
) -> list[int]:
    """The least fixpoint of the groups' values over the graph: for every state, every value
    each group can have there (packed)."""
    fields = [0] * size
    fields[0] = start

    for number in order:
        here = fields[number]
        if not here:
            continue
        for key, child in zip(taken[number], edges[number], strict=True):
            fields[child] |= here if key not in moves else along(here, key, moves)
    if looped:  # states on or after a loop: round and round until nothing grows
        work = deque(looped)
        queued = set(looped)
        while work:
            number = work.popleft()
            queued.discard(number)
            here = fields[number]
            for key, child in zip(taken[number], edges[number], strict=True):
                grown = fields[child] | along(here, key, moves)
                if grown != fields[child]:
                    fields[child] = grown
                    if child not in queued:
                        queued.add(child)
                        work.append(child)
    return fields
