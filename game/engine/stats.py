"""Word counts and reading time per role and chapter (``moscow1921 stats``)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from game.engine.model import Decision, Ending, Scene, Story, plain_prose

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w[\w'’-]*")  # a word starts with a letter or digit: a spaced dash is not one


def words(text: str) -> int:
    """Words as the reader sees them: ``[[NEP|the new policy]]`` counts the three words shown."""
    return len(_WORD.findall(plain_prose(text)))


def panel_words(decision: Decision) -> int:
    """The what-happened panel: what happened, the quotations and the argument."""
    total = words(decision.happened) + sum(words(s.quote) for s in decision.sources)
    if decision.argument is not None:
        total += words(decision.argument.text)
    return total


def _scene_text_words(scene: Scene) -> int:
    return words(scene.title) + words(scene.prose) + sum(words(c.text) for c in scene.choices)


def scene_words(story: Story, scene: Scene) -> int:
    """What the player reads at a scene, its what-happened panel included."""
    panel = panel_words(story.decisions[scene.decision]) if scene.decision is not None else 0
    return _scene_text_words(scene) + panel


def ending_words(ending: Ending) -> int:
    return (
        words(ending.title)
        + words(ending.epilogue)
        + words(ending.history)
        + sum(words(s.quote) for s in ending.sources)
    )


def target_words(story: Story, target: str) -> int:
    """What the player reads at a scene or an ending (a scene's what-happened panel included)."""
    if target in story.endings:
        return ending_words(story.endings[target])
    return scene_words(story, story.scenes[target])


def story_words(story: Story) -> int:
    """Every word the story can show in play, each decision's panel counted once
    (however many scenes ask that decision)."""
    total = sum(_scene_text_words(scene) for scene in story.scenes.values())
    asked = {scene.decision for scene in story.scenes.values() if scene.decision is not None}
    total += sum(panel_words(story.decisions[decision]) for decision in asked)
    return total + sum(ending_words(e) for e in story.endings.values())


def classroom_words(story: Story) -> int:
    """Words written for the classroom and reference: backgrounds, cases, questions,
    factions, assemblies, the glossary, the timeline, the roles' notes and the about text."""
    total = words(story.about)
    for d in story.decisions.values():
        total += words(d.background) + sum(words(q) for q in d.discuss) + sum(words(c.text) for c in d.cases)
    for f in story.factions.values():
        total += words(f.name) + words(f.who) + words(f.wants) + words(f.fears)
    for a in story.assemblies.values():
        total += words(a.title) + words(a.setting)
        total += sum(words(r.text) + words(r.happened) for r in a.resolutions)
        if a.composition is not None:
            total += words(a.composition.note)
    total += sum(words(t.term) + words(t.definition) for t in story.glossary.values())
    total += sum(words(e.date) + words(e.text) + words(e.quote or "") for e in story.timeline)
    for r in story.roles.values():
        total += words(r.description) + words(r.composite) + words(r.wants) + words(r.fears)
        total += sum(words(p) for p in r.real_people)
    return total


@dataclass(frozen=True)
class Row:
    role: str
    chapter: str
    scenes: int
    words: int

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def reachable_scenes(story: Story, start: str) -> list[str]:
    """Scenes reachable from ``start`` following every choice (conditions ignored), in story order."""
    seen = {start}
    queue = deque([start])
    while queue:
        scene = story.scenes.get(queue.popleft())
        for choice in scene.choices if scene else ():
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append(choice.next)
    return [s for s in story.scenes if s in seen]


def table(story: Story) -> list[Row]:
    rows = []
    for role in story.roles.values():
        reach = reachable_scenes(story, role.start)
        for chapter in story.chapters.values():
            scenes = [story.scenes[s] for s in reach if story.scenes[s].chapter == chapter.id]
            if scenes:
                rows.append(
                    Row(role.name, chapter.title, len(scenes), sum(scene_words(story, s) for s in scenes))
                )
    return rows
