"""Paths through explore's graph of states: a shortest path to a state, and counting paths."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any


def path_to(
    at: Callable[[int], str], parent: list[int], via: list[str], number: int
) -> list[tuple[str, str]]:
    """The (scene, choice) steps by which state ``number`` was first reached (``at``: a state's scene)."""
    steps: list[tuple[str, str]] = []
    while parent[number] >= 0:
        steps.append((at(parent[number]), via[number]))
        number = parent[number]
    return steps[::-1]


class LazyPaths(Mapping[str, list[tuple[str, str]]]):
    """Shortest paths to named states, each traced back only when someone reads it (a story of
    thousands of endings needs none of them unless a test or a message asks)."""

    def __init__(self, at: list[str], parent: list[int], via: list[str], targets: dict[str, int]) -> None:
        self._at, self._parent, self._via, self._targets = at, parent, via, targets
        self._done: dict[str, list[tuple[str, str]]] = {}

    def __getitem__(self, name: str) -> list[tuple[str, str]]:
        found = self._done.get(name)
        if found is None:
            found = self._done[name] = path_to(
                self._at.__getitem__, self._parent, self._via, self._targets[name]
            )
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as the plain dict it stands for
        return (dict, (dict(self.items()),))

    def __repr__(self) -> str:
        return f"LazyPaths({dict(self.items())!r})"


def count_paths(
    edges: list[list[int]], order: list[int], looped: list[int], low: Sequence[int], high: Sequence[int]
) -> tuple[list[int], set[int], list[tuple[int, int]]]:
    """Distinct paths from state 0 to every state, along ``order`` and ``looped`` as
    :func:`topological` gives them.

    Also returns the states on a loop or downstream of one (``looped``, which have
    unboundedly many paths), and for every state the fewest and the most words read on a
    path from state 0 to it, both ends included (``low`` and ``high``: the fewest and most
    words each state itself shows).
    """
    size = len(edges)
    counts = [0] * size
    counts[0] = 1
    fewest = [0] * size
    most = [0] * size
    fewest[0], most[0] = low[0], high[0]
    reached = [False] * size
    reached[0] = True
    for number in order:
        count, least, greatest = counts[number], fewest[number], most[number]
        for child in edges[number]:
            counts[child] += count
            if reached[child]:
                if least + low[child] < fewest[child]:
                    fewest[child] = least + low[child]
                if greatest + high[child] > most[child]:
                    most[child] = greatest + high[child]
            else:
                reached[child] = True
                fewest[child], most[child] = least + low[child], greatest + high[child]
    return counts, set(looped), list(zip(fewest, most, strict=True))


def topological(edges: list[list[int]]) -> tuple[list[int], list[int]]:
    """States in an order where each comes after every state with an edge to it, and the
    states on or after a loop (which no such order can place)."""
    size = len(edges)
    indegree = [0] * size
    for children in edges:
        for child in children:
            indegree[child] += 1
    order: list[int] = []
    ready = deque(number for number in range(size) if indegree[number] == 0)
    while ready:
        number = ready.popleft()
        order.append(number)
        for child in edges[number]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    placed = set(order)
    return order, [number for number in range(size) if number not in placed]
