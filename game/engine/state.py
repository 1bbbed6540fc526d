"""All of a player's progress in one immutable object, serialised to versioned JSON.

The story (:class:`game.engine.model.Story`) never changes while a game is played;
a :class:`GameState` says where the player is in it.  A state names scenes and
choices only by their stable ids, so editing prose never breaks a save, and a save
made against an older story is repaired on load with a notice for each repair
(see :func:`state_from_dict`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import immutables

from game.engine.model import Story, Value, Variable
from game.engine.steps import Step, StepLog, as_log

__all__ = [
    "MIN_READABLE_VERSION",
    "STATE_VERSION",
    "GameState",
    "Origin",
    "Start",
    "StateError",
    "Step",
    "StepLog",
    "state_from_dict",
    "state_from_json",
]

STATE_VERSION = 3
"""Version of the JSON this module writes. Version 2 leaves out the visit counts, which follow
from the path (every step's scene, and where the player is now): a long game's save is written
without encoding thousands of counts after every choice. Version 3 adds the optional ``start``
(a game begun at a chapter, see :class:`Start`), which a version-2 reader may ignore: a save
without it is a game begun at its role's start."""

MIN_READABLE_VERSION = 1
"""Oldest state version this module can still read."""

WRITTEN_MIN_VERSION = 2
"""The oldest reader that can read what this module writes (a version 1 reader needs the visits)."""


class StateError(Exception):
    """A saved state that cannot be used; the message says why, in plain words."""


_STEPS_HERE = "\x00steps\x00"
"""Stands in for the steps while the rest of a state is encoded (no id or value can hold it)."""
_STEPS_JSON = json.dumps(_STEPS_HERE)


def _freeze(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(mapping.items())))


def _persistent(mapping: Mapping[str, int]) -> immutables.Map[str, int]:
    """Visit counts as a persistent map: a new state changes one count without copying the rest."""
    return mapping if isinstance(mapping, immutables.Map) else immutables.Map(mapping)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where undo stops: the state a repaired save was loaded into (see :func:`state_from_dict`)."""

    at: str
    values: tuple[tuple[str, Value], ...]
    visits: tuple[tuple[str, int], ...]
    turn: int
    steps: int  # how many of the state's steps lie before the origin

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "values": dict(self.values),
            "visits": dict(self.visits),
            "turn": self.turn,
            "steps": self.steps,
        }


@dataclass(frozen=True, slots=True)
class Start:
    """Where a game began when it did not begin at its role's start: at a chapter, reached by
    replaying a preset way of playing (see game/classroom/episodes.py)."""

    chapter: str
    preset: str
    steps: int  # how many of the state's steps the preset took; the player's own come after

    def to_dict(self) -> dict[str, Any]:
        return {"chapter": self.chapter, "preset": self.preset, "steps": self.steps}


@dataclass(frozen=True)
class GameState:
    """Where a player is: role, position, variables, visit counts, turn and path."""

    role: str
    at: str  # the current scene id, or an ending id once the game is over
    values: Mapping[str, Value]
    visits: Mapping[str, int]
    turn: int = 0
    steps: Sequence[Step] = ()  # always a StepLog once made: it grows in constant time
    story_version: int = 0
    origin: Origin | None = None  # None: undo may go back to the start of the role
    start: Start | None = None  # None: the game began at the start of its role
    notices: tuple[str, ...] = field(default=(), compare=False)
    answers: immutables.Map[tuple[str, str], bool] | None = field(default=None, compare=False, repr=False)
    """Every (decision, choice) taken, for chose(): derived from ``steps`` (never saved)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _freeze(self.values))
        object.__setattr__(self, "visits", _persistent(self.visits))
        object.__setattr__(self, "steps", as_log(self.steps))
        if self.answers is None:
            answers = {(step.decision, step.choice): True for step in self.steps if step.decision is not None}
            object.__setattr__(self, "answers", immutables.Map(answers))

    @property
    def decisions(self) -> tuple[Step, ...]:
        """The log of decisions taken, oldest first."""
        return tuple(step for step in self.steps if step.decision is not None)

    def evolve(self, **changes: Any) -> GameState:
        if "steps" in changes and "answers" not in changes:
            changes["answers"] = None  # derived again from the new steps
        return replace(self, **changes)

    def after(self, step: Step, at: str, values: Mapping[str, Value], *, count_visit: bool) -> GameState:
        """The state once ``step`` is taken: at ``at`` with ``values``, one more turn, the step
        logged (and its answer, for chose()), ``at``'s visit counted when ``count_visit``.
        Every other field is carried over; notices belong to the screen before and are dropped.
        (Built directly, not by evolve(): dataclasses.replace() costs more than the rest of a step.)"""
        visits = self.visits
        if count_visit:  # a persistent map: one count changes, nothing is copied
            visits = visits.set(at, visits.get(at, 0) + 1)  # type: ignore[attr-defined]
        answers = self.answers
        if step.decision is not None and answers is not None:
            answers = answers.set((step.decision, step.choice), True)
        assert isinstance(self.steps, StepLog)
        return GameState(
            role=self.role,
            at=at,
            values=values,
            visits=visits,
            turn=self.turn + 1,
            steps=self.steps.plus(step),
            story_version=self.story_version,
            origin=self.origin,
            start=self.start,
            answers=answers,
        )

    def chose(self, decision: str, choice: str) -> bool:
        assert self.answers is not None
        return (decision, choice) in self.answers

    # ----------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        out = self._without_steps()
        out["steps"] = [step.to_dict() for step in self.steps]
        return out

    def _without_steps(self) -> dict[str, Any]:
        out = {
            "version": STATE_VERSION,
            "min_version": WRITTEN_MIN_VERSION,
            "story_version": self.story_version,
            "role": self.role,
            "at": self.at,
            "turn": self.turn,
            "values": dict(self.values),
        }
        if self.origin is not None:
            out["origin"] = self.origin.to_dict()
        if self.start is not None:
            out["start"] = self.start.to_dict()
        return out

    def to_json(self) -> str:
        """Canonical JSON: the same state always gives byte-identical text.

        The same text as ``json.dumps(self.to_dict(), sort_keys=True, ...)``, but each step's
        JSON is made once, when the step is first written, so a long game saves quickly."""
        doc = self._without_steps()
        doc["steps"] = _STEPS_HERE
        text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert isinstance(self.steps, StepLog)
        return text.replace(_STEPS_JSON, "[" + ",".join(self.steps.json_items()) + "]", 1)


def state_from_json(text: str, story: Story) -> GameState:
    """Read a state written by :meth:`GameState.to_json` (see :func:`state_from_dict`)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise StateError(f"the saved game is not valid JSON ({exc})") from None
    return state_from_dict(data, story)


def _expect(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise StateError(f"the saved game is damaged: '{key}' is missing or of the wrong kind")
    return value


def state_from_dict(data: object, story: Story) -> GameState:
    """Rebuild a state against ``story``, repairing what a story update broke.

    * a removed scene: the player goes back to the start of the save's chapter;
    * a removed ending: back to the start of the role;
    * a removed variable is dropped; a new one takes its default; values are clamped;
    * steps whose scene or choice no longer exists are dropped from the history.

    Each repair adds a sentence to ``notices``.  A state that cannot be repaired
    (another role, a newer save format, damaged data) raises :class:`StateError`.
    """
    if not isinstance(data, Mapping):
        raise StateError("the saved game is damaged: expected a JSON object")
    version = _expect(data, "version", int)
    min_version = data.get("min_version", version)
    if not isinstance(min_version, int) or min_version > STATE_VERSION:
        raise StateError(
            f"this game was saved by a newer version of Moscow 1921 (state format {version}); "
            "update the game to load it"
        )
    role = _expect(data, "role", str)
    at = _expect(data, "at", str)
    turn = _expect(data, "turn", int)
    raw_values = _expect(data, "values", Mapping)
    raw_steps = _expect(data, "steps", list)
    raw_visits = _expect(data, "visits", Mapping) if "visits" in data or version < 2 else _path_visits(data)
    story_version = data.get("story_version", 0)
    if not isinstance(story_version, int) or isinstance(story_version, bool):
        story_version = 0
    if role not in story.roles:
        raise StateError(f"this game was saved as the role '{role}', which the story no longer has")

    notices: list[str] = []
    at = _repair_position(story, role, at, raw_steps, notices)

    values: dict[str, Value] = {}
    hidden_new = 0
    for name, variable in story.variables.items():
        if name not in raw_values:
            values[name] = variable.default
            if variable.hidden:  # never shown to the player: named in no notice
                hidden_new += 1
            else:
                notices.append(
                    f"'{variable.name}' is new in this version of the story; it starts at its default"
                )
            continue
        raw = raw_values[name]
        if not _fits(variable, raw):
            values[name] = variable.default
            notices.append(f"'{variable.name}' changed kind in this version of the story; it was reset")
            continue
        clamped = variable.clamp(raw)
        if clamped != raw:
            notices.append(f"'{variable.name}' was outside its new range and was set to {clamped}")
        values[name] = clamped
    if hidden_new == 1:
        notices.append("one hidden detail of the story is new in this version; it starts at its default")
    elif hidden_new:
        notices.append(
            f"{hidden_new} hidden details of the story are new in this version; they start at their defaults"
        )
    dropped = sorted(set(raw_values) - set(story.variables))
    if dropped:
        notices.append("the story no longer tracks: " + ", ".join(dropped))

    visits = {
        scene: count
        for scene, count in raw_visits.items()
        if scene in story.scenes and isinstance(count, int) and not isinstance(count, bool) and count > 0
    }

    steps: list[Step] = []
    lost = 0
    for raw in raw_steps:
        step = _read_step(raw, story)
        if step is None:
            lost += 1
        else:
            steps.append(step)
    if lost:
        notices.append(
            f"{lost} earlier choice{'s' if lost != 1 else ''} no longer exist in the story; "
            "they are left out of your journal and undo stops before them"
        )
    origin = _read_origin(data.get("origin"), story, len(steps)) if not notices else None
    state = GameState(
        role=role,
        at=at,
        values=values,
        visits=visits,
        turn=max(0, turn),
        steps=tuple(steps),
        story_version=story.version,
        origin=origin,
        start=_read_start(data.get("start"), len(steps)),
    )
    if notices:  # repaired: undo must not replay a path that no longer fits the story
        state = state.evolve(origin=_origin_of(state))
    elif story_version != story.version:
        notices.append("this game was saved with an earlier version of the story; it loaded unchanged")
    return state.evolve(notices=tuple(notices))


def _fits(variable: Variable, raw: object) -> bool:
    """Whether a saved value is of the variable's kind (true/false for a flag, else a whole number)."""
    return isinstance(raw, int) and variable.is_flag == isinstance(raw, bool)


def _path_visits(data: Mapping[str, Any]) -> dict[str, int]:
    """The visit counts of a version 2 state, from its path: every step's scene and where the
    player is now; with an origin (a repaired save), the origin's counts and the path after it."""
    steps: list[Any] = data["steps"]
    origin = data.get("origin")
    counts: Counter[str] = Counter()
    rest, here = steps, True
    if isinstance(origin, Mapping) and isinstance(origin.get("visits"), Mapping):
        floor = origin.get("steps")
        if isinstance(floor, int) and not isinstance(floor, bool) and 0 <= floor <= len(steps):
            counts.update({k: v for k, v in origin["visits"].items() if isinstance(k, str) and _count(v)})
            rest = steps[floor + 1 :]  # the first step after the origin leaves the origin's scene
            here = len(steps) > floor
    counts.update(
        raw["scene"] for raw in rest if isinstance(raw, Mapping) and isinstance(raw.get("scene"), str)
    )
    if here:
        counts[data["at"]] += 1
    return dict(counts)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _origin_of(state: GameState) -> Origin:
    return Origin(
        state.at,
        tuple(state.values.items()),
        tuple(sorted(state.visits.items())),
        state.turn,
        len(state.steps),
    )


def _read_origin(raw: object, story: Story, steps: int) -> Origin | None:
    """An origin saved by an earlier repair; an unusable one makes the whole path the origin."""
    if raw is None:
        return None
    ok = (
        isinstance(raw, Mapping)
        and isinstance(raw.get("at"), str)
        and raw["at"] in story.scenes
        and isinstance(raw.get("values"), Mapping)
        and set(raw["values"]) == set(story.variables)
        and all(_fits(story.variables[k], v) for k, v in raw["values"].items())
        and isinstance(raw.get("visits"), Mapping)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in raw["visits"].values())
        and isinstance(raw.get("turn"), int)
        and isinstance(raw.get("steps"), int)
        and 0 <= raw["steps"] <= steps
    )
    if not ok:
        raise StateError("the saved game is damaged: its undo history ('origin') cannot be read")
    assert isinstance(raw, Mapping)
    values = tuple(sorted((k, story.variables[k].clamp(v)) for k, v in raw["values"].items()))
    visits = tuple(sorted((k, int(v)) for k, v in raw["visits"].items() if k in story.scenes))
    return Origin(raw["at"], values, visits, raw["turn"], raw["steps"])


def _read_start(raw: object, steps: int) -> Start | None:
    """The mark of a game begun at a chapter (the chapter may since have been renamed: kept as written)."""
    if raw is None:
        return None
    ok = (
        isinstance(raw, Mapping)
        and isinstance(raw.get("chapter"), str)
        and isinstance(raw.get("preset"), str)
        and isinstance(raw.get("steps"), int)
        and not isinstance(raw.get("steps"), bool)
        and raw["steps"] >= 0
    )
    if not ok:
        raise StateError("the saved game is damaged: where it began ('start') cannot be read")
    assert isinstance(raw, Mapping)
    return Start(raw["chapter"], raw["preset"], min(raw["steps"], steps))


def _repair_position(story: Story, role: str, at: str, raw_steps: list[Any], notices: list[str]) -> str:
    if at in story.scenes or at in story.endings:
        return at
    chapter = None
    for raw in reversed(raw_steps):
        if isinstance(raw, Mapping) and raw.get("scene") in story.scenes:
            chapter = story.scenes[raw["scene"]].chapter
            break
    if chapter is not None and chapter in story.chapters:
        start = story.chapters[chapter].start
        notices.append(
            f"the scene you were in ('{at}') is no longer in the story; "
            f"you are back at the start of the chapter '{story.chapters[chapter].title}'"
        )
        return start
    notices.append(
        f"the scene you were in ('{at}') is no longer in the story; you are back at the start of your role"
    )
    return story.roles[role].start


def _read_step(raw: object, story: Story) -> Step | None:
    if not isinstance(raw, Mapping):
        return None
    scene_id, choice_id = raw.get("scene"), raw.get("choice")
    if not isinstance(scene_id, str) or not isinstance(choice_id, str):
        return None
    scene = story.scenes.get(scene_id)
    if scene is None:
        return None
    choice = scene.choice(choice_id)
    if choice is None:
        return None
    return Step(scene_id, choice_id, scene.decision, choice.historical if scene.decision else False)
