"""What each part of a story reads from the state: the facts its conditions, values and texts depend on.

A *fact* is a variable's name, ``("visit", scene)`` for a ``visited()`` count, or
``("pair", decision, choice)`` for a ``chose()`` answer. Text reads are gathered through
named texts, so ``{fyodor_manner}`` reads whatever the text's cases read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeAlias

from game.engine.expr_tree import Call, Expr, Name, walk
from game.engine.model import Choice, Ending, Scene, Story
from game.engine.passage import Passage
from game.engine.text import alternatives, inserts

Fact: TypeAlias = str | tuple[str, str] | tuple[str, str, str]
"""A variable name, ("visit", scene) or ("pair", decision, choice)."""


def expr_facts(expr: Expr) -> set[Fact]:
    """The facts one condition or value reads."""
    found: set[Fact] = set()
    for node in walk(expr):
        if isinstance(node, Name):
            found.add(node.name)
        elif isinstance(node, Call) and node.func == "visited" and node.args:
            found.add(("visit", node.args[0]))
        elif isinstance(node, Call) and node.func == "chose" and len(node.args) == 2:
            found.add(("pair", node.args[0], node.args[1]))
    return found


def passage_facts(story: Story, passage: Passage, _seen: frozenset[str] = frozenset()) -> set[Fact]:
    """The facts a passage reads: its conditions, printed variables and named texts (recursively)."""
    found: set[Fact] = set()
    for alternative in alternatives(passage):
        for branch in alternative.branches:
            if branch.condition is not None:
                found |= expr_facts(branch.condition)
    for insert in inserts(passage):
        if insert.name in story.variables:
            found.add(insert.name)
        elif insert.name in story.texts and insert.name not in _seen:
            for case in story.texts[insert.name].cases:
                if case.condition is not None:
                    found |= expr_facts(case.condition)
                found |= passage_facts(story, case.passage, _seen | {insert.name})
    return found


def scene_text_facts(story: Story, scene: Scene) -> set[Fact]:
    """What a scene's own text reads (its prose and its choices' texts)."""
    found = passage_facts(story, scene.prose)
    for choice in scene.choices:
        found |= passage_facts(story, choice.text)
    return found


def ending_facts(story: Story, ending: Ending) -> set[Fact]:
    found = passage_facts(story, ending.epilogue) | passage_facts(story, ending.history)
    for fate in ending.fates:
        found |= passage_facts(story, fate.text)
    return found


def choice_facts(choice: Choice) -> set[Fact]:
    """What a choice's condition and effect values read (not the old value an ``add`` reads)."""
    found: set[Fact] = set()
    if choice.condition is not None:
        found |= expr_facts(choice.condition)
    for effect in choice.effects:
        found |= expr_facts(effect.expr)
    return found


def incoming_aftermaths(story: Story) -> dict[str, set[Fact]]:
    """For every scene and ending, what the aftermath lines of the choices leading there read
    (an aftermath is rendered in the state at its target)."""
    out: dict[str, set[Fact]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if not choice.aftermath.is_empty:
                out.setdefault(choice.next, set()).update(passage_facts(story, choice.aftermath))
    return out


def story_passages(story: Story) -> Iterator[Passage]:
    """Every passage of a story (named texts' cases included)."""
    for scene in story.scenes.values():
        yield scene.prose
        for choice in scene.choices:
            yield choice.text
            yield choice.aftermath
    for ending in story.endings.values():
        yield ending.epilogue
        yield ending.history
        yield from (fate.text for fate in ending.fates)
    for text in story.texts.values():
        yield from (case.passage for case in text.cases)


def pairs_named(story: Story) -> set[tuple[str, str]]:
    """Every (decision, choice) some condition or passage asks about with ``chose()``."""
    exprs: list[Expr] = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            exprs += [choice.condition] if choice.condition is not None else []
            exprs += [effect.expr for effect in choice.effects]
    for text in story.texts.values():
        exprs += [case.condition for case in text.cases if case.condition is not None]
    for passage in story_passages(story):
        for alternative in alternatives(passage):
            exprs += [b.condition for b in alternative.branches if b.condition is not None]
    found: set[tuple[str, str]] = set()
    for expr in exprs:
        for fact in expr_facts(expr):
            if isinstance(fact, tuple) and len(fact) == 3:
                found.add((fact[1], fact[2]))
    return found


def variables_in(facts: Iterable[Fact]) -> set[str]:
    return {fact for fact in facts if isinstance(fact, str)}
