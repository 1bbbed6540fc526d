"""The path a player has taken: an immutable sequence of steps that grows in constant time.

A game's state holds every choice taken so far; each choice makes a new state one
step longer. Copying the path into a new tuple at every choice made a step cost grow
with the length of the game. A :class:`StepLog` is a view of the first ``n`` steps of
a list it may share with the logs it was extended from: extending the newest log
appends to the shared list (amortised O(1)); extending an older one (after an undo,
say) copies its steps first. Either way no log ever changes what it shows. Each step's
JSON is made once and kept beside it, so writing a long game's save does not encode
every earlier step again.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, overload


@dataclass(frozen=True, slots=True)
class Step:
    """One choice taken: in which scene, which choice, and at which decision point."""

    scene: str
    choice: str
    decision: str | None = None
    historical: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scene": self.scene, "choice": self.choice}
        if self.decision is not None:
            out["decision"] = self.decision
            out["historical"] = self.historical
        return out


class _Buffer:
    """The list a family of logs shares, with each step's JSON, and a lock for extending it."""

    __slots__ = ("json", "lock", "steps")

    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.json: list[str] = []  # the JSON of steps[0], steps[1], ... as far as made
        self.lock = threading.Lock()


class StepLog(Sequence[Step]):
    """The first ``len(self)`` steps of a shared buffer; see the module docstring."""

    __slots__ = ("_buffer", "_length")

    def __init__(self, steps: Iterable[Step] = ()) -> None:
        self._buffer = _Buffer(list(steps))
        self._length = len(self._buffer.steps)

    @classmethod
    def _view(cls, buffer: _Buffer, length: int) -> StepLog:
        log = cls.__new__(cls)
        log._buffer, log._length = buffer, length
        return log

    def plus(self, step: Step) -> StepLog:
        """This log with ``step`` after its last one (this log itself is unchanged)."""
        buffer = self._buffer
        with buffer.lock:
            if len(buffer.steps) == self._length:
                buffer.steps.append(step)
                return StepLog._view(buffer, self._length + 1)
        return StepLog((*self, step))

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Step: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...

    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("step index out of range")
        return self._buffer.steps[index]

    def __iter__(self) -> Iterator[Step]:
        return islice(self._buffer.steps, self._length)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StepLog):
            if other._buffer is self._buffer:
                return other._length == self._length
            return other._length == self._length and tuple(self) == tuple(other)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"StepLog({list(self)!r})"

    def json_items(self) -> list[str]:
        """Each step's canonical JSON (sorted keys, compact), made once per step and kept."""
        buffer = self._buffer
        with buffer.lock:
            made = buffer.json
            for step in islice(buffer.steps, len(made), self._length):
                made.append(
                    json.dumps(step.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                )
            return made[: self._length]


def as_log(steps: Sequence[Step] | StepLog) -> StepLog:
    """``steps`` as a :class:`StepLog` (itself, if it is one)."""
    return steps if isinstance(steps, StepLog) else StepLog(steps)
