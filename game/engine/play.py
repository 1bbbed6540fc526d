"""Playing a story: the options a state offers, choosing one, and undo.

Every function takes the immutable :class:`Story` and a :class:`GameState` and
returns a new state; nothing is changed in place.  Undo replays the path from
the start of the role, so a state never needs to carry copies of itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.engine.conditions import Context, evaluate
from game.engine.model import Choice, Ending, Scene, Story, Value
from game.engine.state import GameState, Step
from game.engine.text import render


class PlayError(Exception):
    """A request the current state cannot satisfy (an unknown or unavailable choice)."""


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as offered to the player in one state."""

    number: int  # 1-based position among the visible options
    choice: Choice
    available: bool
    text: str  # the choice's text as it reads in this state (see game.engine.text)

    @property
    def reason(self) -> str | None:
        """Why the choice cannot be taken (only for visible, unavailable choices)."""
        return None if self.available else self.choice.unavailable


class _Context:
    """The view of a state that conditions and effects may read."""

    __slots__ = ("_state", "_values")

    def __init__(self, state: GameState, values: Mapping[str, Value] | None = None) -> None:
        self._state = state
        self._values = state.values if values is None else values

    def value(self, name: str) -> Value:
        return self._values[name]

    def visits(self, scene: str) -> int:
        return self._state.visits.get(scene, 0)

    def chose(self, decision: str, choice: str) -> bool:
        return self._state.chose(decision, choice)

    @property
    def role(self) -> str:
        return self._state.role


def context(state: GameState) -> Context:
    """What conditions and story text may read from ``state``."""
    return _Context(state)


def new_game(story: Story, role: str) -> GameState:
    """A fresh state at the start scene of ``role``."""
    if role not in story.roles:
        known = ", ".join(sorted(story.roles))
        raise PlayError(f"there is no role '{role}' (the roles are: {known})")
    start = story.roles[role].start
    return GameState(
        role=role,
        at=start,
        values=start_values(story, role),
        visits={start: 1},
        story_version=story.version,
    )


def start_values(story: Story, role: str) -> dict[str, Value]:
    """Every variable's value when ``role`` begins: its default, or what the role starts with."""
    values: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
    values.update(story.roles[role].starts_with)
    return values


def current_scene(story: Story, state: GameState) -> Scene | None:
    """The scene the player is in, or None once the game has reached an ending."""
    return story.scenes.get(state.at)


def current_ending(story: Story, state: GameState) -> Ending | None:
    return story.endings.get(state.at)


def is_over(story: Story, state: GameState) -> bool:
    return state.at in story.endings


def options(story: Story, state: GameState) -> list[Option]:
    """The choices the player sees: available ones, plus unavailable ones the author shows dimmed."""
    scene = current_scene(story, state)
    if scene is None:
        return []
    ctx = _Context(state)
    shown: list[Option] = []
    for choice in scene.choices:
        available = choice.condition is None or bool(evaluate(choice.condition, ctx))
        if available or choice.unavailable is not None:
            shown.append(Option(len(shown) + 1, choice, available, render(choice.text, story, ctx)))
    return shown


def available_choices(story: Story, state: GameState) -> list[Choice]:
    return [option.choice for option in options(story, state) if option.available]


def choose(story: Story, state: GameState, choice_id: str) -> GameState:
    """Take the choice ``choice_id`` in the current scene and return the new state."""
    scene = current_scene(story, state)
    if scene is None:
        raise PlayError("the story is over; there is nothing left to choose")
    choice = scene.choice(choice_id)
    if choice is None:
        raise PlayError(f"there is no choice '{choice_id}' in the scene '{scene.id}'")
    ctx = _Context(state)
    if choice.condition is not None and not evaluate(choice.condition, ctx):
        raise PlayError(f"the choice '{choice_id}' is not available now")
    return _apply(story, state, scene, choice, ctx)


def _apply(story: Story, state: GameState, scene: Scene, choice: Choice, ctx: _Context) -> GameState:
    values = dict(state.values)
    # Every effect reads the values as they were before the choice, so their order never matters.
    for effect in choice.effects:
        variable = story.variables[effect.variable]
        result = evaluate(effect.expr, ctx)
        if effect.kind == "add":
            result = int(values[effect.variable]) + int(result)
        values[effect.variable] = variable.clamp(result)
    step = Step(scene.id, choice.id, scene.decision, choice.historical if scene.decision else False)
    return state.after(step, choice.next, values, count_visit=choice.next in story.scenes)


def replay(story: Story, role: str, path: list[tuple[str, str]] | tuple[Step, ...]) -> GameState:
    """Play ``path`` (scene id, choice id pairs) from the start of ``role``."""
    steps = tuple(item if isinstance(item, Step) else Step(item[0], item[1]) for item in path)
    return _replay_from(story, new_game(story, role), steps)


def walk(story: Story, state: GameState) -> list[tuple[Step, GameState | None]]:
    """Every step of ``state``'s path with the state just before it was taken.

    Steps before a repaired save's ``origin`` have no state to show (None): the path
    before a repair may no longer fit the story."""
    floor = 0 if state.origin is None else state.origin.steps
    out: list[tuple[Step, GameState | None]] = [(step, None) for step in state.steps[:floor]]
    current: GameState | None = _base(story, state)
    for step in state.steps[floor:]:
        if current is None or current.at != step.scene:
            current = None
            out.append((step, None))
            continue
        out.append((step, current))
        try:
            current = choose(story, current, step.choice)
        except PlayError:
            current = None
    return out


def undo(story: Story, state: GameState) -> GameState | None:
    """The state before the last choice, or None if there is nothing to undo.

    Undo replays the path from the role's start, or from the state's ``origin``
    (where a save from an older story was repaired on load): it never walks back
    past a repair, since the old path may no longer fit the story.
    """
    origin = state.origin
    floor = 0 if origin is None else origin.steps
    if len(state.steps) <= floor:
        return None
    try:
        return _replay_from(story, _base(story, state), state.steps[floor:-1])
    except PlayError:
        return None


def _base(story: Story, state: GameState) -> GameState:
    """Where replaying ``state``'s path starts: the role's start, or the state's origin."""
    origin = state.origin
    if origin is None:
        return new_game(story, state.role)
    return GameState(
        role=state.role,
        at=origin.at,
        values=dict(origin.values),
        visits=dict(origin.visits),
        turn=origin.turn,
        steps=state.steps[: origin.steps],
        story_version=state.story_version,
        origin=origin,
        start=state.start,
    )


def _replay_from(story: Story, state: GameState, path: Sequence[Step]) -> GameState:
    for step in path:
        if state.at != step.scene:
            raise PlayError(f"the path left the story at '{step.scene}' (the game was at '{state.at}')")
        state = choose(story, state, step.choice)
    return state
