"""Lints that prove a story remembers the player: warnings with a location and a hint, never errors.

Found from the story alone (``check`` runs them):

* **indistinguishable choices**: two choices of one scene that go to the same place with
  the same effects and the same aftermath, whose ids no condition or passage reads;
* **effects nobody feels**: a choice sets or changes a variable that no later condition,
  passage, value or ending reads on any path from there (an ``add`` reading the old
  value to change it again does not count: nobody *sees* that);
* **unacknowledged decision choices** (reported by ``stats``): a choice at a decision
  point whose taking nothing later shows: no aftermath, no later ``chose()`` of it, no
  felt effect and the same next scene as the others.

Found by playing every state (``explore`` runs them, see :mod:`game.engine.explore_text`):
a passage that reads the same in every state its scene is reached in, and dead text.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.engine.expr_tree import Bool, Int, unparse
from game.engine.model import Choice, Effect, Pos, Scene, Story
from game.engine.reads import (
    Fact,
    choice_facts,
    ending_facts,
    incoming_aftermaths,
    pairs_named,
    scene_text_facts,
)


@dataclass(frozen=True, slots=True)
class Lint:
    """One warning about how a story uses the state."""

    kind: str  # "indistinguishable" | "unfelt" | "unacknowledged" | "never-varies" | "dead-text"
    pos: Pos | None
    message: str
    hint: str
    scene: str = ""  # the scene and choice it is about, where it is about one
    choice: str = ""

    def __str__(self) -> str:
        where = f"{self.pos}: " if self.pos is not None else ""
        return f"{where}warning: {self.message} ({self.hint})"


def felt_live(story: Story) -> dict[str, set[Fact]]:
    """For every scene and ending, the facts something from there on *shows* or tests.

    A backward data-flow fixpoint over the scene graph, as explore's liveness, but an
    ``add`` does not read the value it changes, and passages, printed values, named
    texts, aftermath lines and endings all read."""
    aftermaths = incoming_aftermaths(story)
    reads: dict[str, set[Fact]] = {}
    out_edges: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for scene in story.scenes.values():
        read = scene_text_facts(story, scene) | aftermaths.get(scene.id, set())
        edges: list[tuple[str, frozenset[str]]] = []
        for choice in scene.choices:
            read |= choice_facts(choice)
            killed = frozenset(e.variable for e in choice.effects if e.kind == "set")
            edges.append((choice.next, killed))
        reads[scene.id], out_edges[scene.id] = read, edges
    live: dict[str, set[Fact]] = {
        ending.id: ending_facts(story, ending) | aftermaths.get(ending.id, set())
        for ending in story.endings.values()
    }
    live.update({scene: set() for scene in story.scenes})
    preds: dict[str, list[str]] = {}
    for source, edges in out_edges.items():
        for target, _ in edges:
            preds.setdefault(target, []).append(source)
    work: deque[str] = deque(story.scenes)
    queued = set(story.scenes)
    while work:
        at = work.popleft()
        queued.discard(at)
        now = set(reads[at])
        for target, killed in out_edges[at]:
            now |= {fact for fact in live.get(target, set()) if fact not in killed}
        if now != live[at]:
            live[at] = now
            for pred in preds.get(at, []):
                if pred not in queued:
                    queued.add(pred)
                    work.append(pred)
    return live


def _forgets(story: Story, effect: Effect) -> bool:
    """``set:`` back to the default: forgetting a value once read (so explore need not carry it)."""
    return (
        effect.kind == "set"
        and isinstance(effect.expr, Int | Bool)
        and effect.expr.value == story.variables[effect.variable].default
    )


def _effects_key(choice: Choice) -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted((e.variable, e.kind, unparse(e.expr)) for e in choice.effects))


def indistinguishable(story: Story) -> list[Lint]:
    asked = pairs_named(story)
    lints = []
    for scene in story.scenes.values():
        seen: dict[tuple[object, ...], Choice] = {}
        for choice in scene.choices:
            key = (choice.next, _effects_key(choice), choice.aftermath.source, choice.historical)
            first = seen.setdefault(key, choice)
            if first is choice:
                continue
            read = scene.decision is not None and any(
                (scene.decision, c.id) in asked for c in (first, choice)
            )
            if not read:
                lints.append(
                    Lint(
                        "indistinguishable",
                        choice.pos,
                        f"the choices '{first.id}' and '{choice.id}' in '{scene.id}' do the same thing: "
                        f"same next scene ('{choice.next}'), same effects, and nothing reads which was taken",
                        "make one matter (an aftermath:, an effect something later reads, another next:), "
                        "or merge them into one",
                    )
                )
    return lints


def unfelt_effects(story: Story, live: dict[str, set[Fact]] | None = None) -> list[Lint]:
    live = felt_live(story) if live is None else live
    lints = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            later = live.get(choice.next, set())
            for variable in sorted({e.variable for e in choice.effects if not _forgets(story, e)}):
                if variable not in later:
                    lints.append(
                        Lint(
                            "unfelt",
                            choice.pos,
                            f"the choice '{choice.id}' in '{scene.id}' changes '{variable}', "
                            f"which nothing from '{choice.next}' on reads",
                            f"read {variable} in a later passage, condition or ending, or drop the effect",
                        )
                    )
    return lints


def acknowledged(story: Story, scene: Scene, choice: Choice, live: dict[str, set[Fact]]) -> bool:
    """Whether taking ``choice`` at the decision scene ``scene`` is shown by anything later."""
    if not choice.aftermath.is_empty:
        return True
    later = live.get(choice.next, set())
    if scene.decision is not None and ("pair", scene.decision, choice.id) in later:
        return True

    def felt(c: Choice) -> tuple[object, ...]:
        effects = tuple(
            sorted((e.variable, e.kind, unparse(e.expr)) for e in c.effects if e.variable in later)
        )
        return (c.next, effects)

    mine = felt(choice)
    return any(felt(other) != mine for other in scene.choices if other is not choice)


def unacknowledged(story: Story, live: dict[str, set[Fact]] | None = None) -> list[Lint]:
    """Decision choices nothing later acknowledges (see the module docstring)."""
    live = felt_live(story) if live is None else live
    lints = []
    for scene in story.scenes.values():
        if scene.decision is None:
            continue
        for choice in scene.choices:
            if not acknowledged(story, scene, choice, live):
                lints.append(
                    Lint(
                        "unacknowledged",
                        choice.pos,
                        f"nothing after '{scene.id}' shows that the player chose '{choice.id}'",
                        f"add an aftermath:, or read chose({scene.decision}, {choice.id}) or one of its "
                        "effects in a later passage, option or ending",
                        scene.id,
                        choice.id,
                    )
                )
    return lints


def static_lints(story: Story) -> list[Lint]:
    """The lints ``check`` reports, in file order."""
    live = felt_live(story)
    found = indistinguishable(story) + unfelt_effects(story, live)
    return sorted(found, key=where)


def where(lint: Lint) -> tuple[str, int, int]:
    return (lint.pos.file, lint.pos.line, lint.pos.col) if lint.pos is not None else ("", 0, 0)
