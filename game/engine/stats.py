"""Word counts and reading time per role and chapter (``moscow1921 stats``)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from game.engine.conditions import Context
from game.engine.model import Decision, Ending, Scene, Story, plain_prose
from game.engine.passage import Alternatives, Part, Passage
from game.engine.text import StartContext, render

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w[\w'’-]*")  # a word starts with a letter or digit: a spaced dash is not one
# On ASCII text a word is a run of letters, digits, _, ' and - holding at least one letter, digit or
# _ (the pattern's match starts at the run's first such character and takes the rest of the run).
# Deleting ' and - and writing "a" for every word character and " " for anything else leaves one
# run of "a" per word, counted without making a string per word (five times faster than findall).
_ASCII_CLASSES = bytes(
    ord("a") if chr(c).isascii() and (chr(c).isalnum() or chr(c) == "_") else ord(" ") for c in range(256)
)


def words(text: str) -> int:
    """Words as the reader sees them: ``[[NEP|the new policy]]`` counts the three words shown."""
    shown = plain_prose(text) if "[[" in text else text
    if not shown.isascii():
        return len(_WORD.findall(shown))
    runs = shown.encode("ascii").translate(_ASCII_CLASSES, b"'-")
    return runs.count(b" a") + runs.startswith(b"a")


def written_words(passage: Passage) -> int:
    """Every word written in a passage, in every branch (a printed ``{name}`` counts as one)."""
    return _parts_words(passage.parts)


def _parts_words(parts: tuple[Part, ...]) -> int:
    total = 0
    for part in parts:
        if isinstance(part, str):
            total += words(part)
        elif isinstance(part, Alternatives):
            total += sum(_parts_words(branch.body) for branch in part.branches)
        else:
            total += 1
    return total


def shown_words(story: Story, passage: Passage, ctx: Context | None = None) -> int:
    """The words a passage shows in the state ``ctx`` reads from (outside play: at the start)."""
    if passage.is_static:
        return words(passage.source)
    return words(render(passage, story, ctx if ctx is not None else StartContext(story.variables)))


def panel_words(decision: Decision) -> int:
    """The what-happened panel: what happened, the quotations and the argument."""
    total = words(decision.happened) + sum(words(s.quote) for s in decision.sources)
    if decision.argument is not None:
        total += words(decision.argument.text)
    return total


def _literal(passage: Passage) -> int:
    return sum(words(part) for part in passage.parts if isinstance(part, str))


def base_words(story: Story, target: str, panels: dict[str, int] | None = None) -> int:
    """What a scene or an ending shows whatever the state: its title, the literal text of its
    passages (not their alternatives and printed values), a scene's panel, an ending's sources
    (``panels``: each decision's panel words, kept between calls)."""
    if target in story.endings:
        ending = story.endings[target]
        total = words(ending.title) + _literal(ending.epilogue) + _literal(ending.history)
        return (
            total + sum(_literal(f.text) for f in ending.fates) + sum(words(s.quote) for s in ending.sources)
        )
    scene = story.scenes[target]
    panel = 0
    if scene.decision is not None:
        panels = {} if panels is None else panels
        panel = panels.get(scene.decision, -1)
        if panel < 0:
            panel = panels[scene.decision] = panel_words(story.decisions[scene.decision])
    return words(scene.title) + _literal(scene.prose) + sum(_literal(c.text) for c in scene.choices) + panel


def scene_words(story: Story, scene: Scene, ctx: Context | None = None) -> int:
    """What the player reads at a scene in one state (outside play: at the start), its
    what-happened panel included. Every choice's text counts, even one not offered."""
    panel = panel_words(story.decisions[scene.decision]) if scene.decision is not None else 0
    shown = shown_words(story, scene.prose, ctx) + sum(shown_words(story, c.text, ctx) for c in scene.choices)
    return words(scene.title) + shown + panel


def ending_words(story: Story, ending: Ending, ctx: Context | None = None) -> int:
    """What the player reads at an ending in one state (outside play: at the start)."""
    return (
        words(ending.title)
        + shown_words(story, ending.epilogue, ctx)
        + shown_words(story, ending.history, ctx)
        + sum(shown_words(story, fate.text, ctx) for fate in ending.fates)
        + sum(words(s.quote) for s in ending.sources)
    )


def target_words(story: Story, target: str, ctx: Context | None = None) -> int:
    """What the player reads at a scene or an ending (a scene's what-happened panel included)."""
    if target in story.endings:
        return ending_words(story, story.endings[target], ctx)
    return scene_words(story, story.scenes[target], ctx)


def story_words(story: Story) -> int:
    """Every word the story can show in play, in every branch of its passages, each decision's
    panel counted once (however many scenes ask that decision)."""
    total = 0
    for scene in story.scenes.values():
        total += words(scene.title) + written_words(scene.prose)
        total += sum(written_words(c.text) + written_words(c.aftermath) for c in scene.choices)
    asked = {scene.decision for scene in story.scenes.values() if scene.decision is not None}
    total += sum(panel_words(story.decisions[decision]) for decision in asked)
    for e in story.endings.values():
        total += words(e.title) + written_words(e.epilogue) + written_words(e.history)
        total += sum(written_words(f.text) for f in e.fates) + sum(words(s.quote) for s in e.sources)
    for text in story.texts.values():
        total += sum(written_words(case.passage) for case in text.cases)
    return total


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
    total += sum(words(t.term) + words(t.definition) + words(t.general) for t in story.glossary.values())
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


class RoleStart(StartContext):
    """The start of one role's game, for text outside play that a role reads: every variable
    at its default, nothing visited or chosen, ``role(...)`` true of that role only."""

    __slots__ = ("_role",)

    def __init__(self, story: Story, role: str) -> None:
        super().__init__(story.variables)
        self._role = role

    @property
    def role(self) -> str:
        return self._role


def table(story: Story) -> list[Row]:
    """Each role's chapters: the scenes it can reach there and their words, each passage
    rendered as that role reads it at the start (``role(...)`` holds for the row's role)."""
    rows = []
    for role in story.roles.values():
        reach = reachable_scenes(story, role.start)
        ctx = RoleStart(story, role.id)
        for chapter in story.chapters.values():
            scenes = [story.scenes[s] for s in reach if story.scenes[s].chapter == chapter.id]
            if scenes:
                words = sum(scene_words(story, s, ctx) for s in scenes)
                rows.append(Row(role.name, chapter.title, len(scenes), words))
    return rows
