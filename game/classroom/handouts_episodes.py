"""The episodes in the handouts: which one the lesson plans play, the command that starts
each, what a student meets in it, and the decision scenes as a player reads them.

Episodes and their reading times come from :mod:`game.classroom.episodes` (what ``stats``
prints), never from numbers written by hand, so the plans follow the story as it changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.classroom.episodes import (
    DEFAULT_PRESET,
    PRESETS,
    Episode,
    all_episodes,
    playthrough,
    role_reading,
)
from game.classroom.handouts_markdown import Document, text
from game.engine import play
from game.engine.model import Story
from game.engine.view import SceneView, scene_view

LESSON_PLAY_MINUTES = 20
"""The longest play the 45-minute plan allots: the lesson's episode reads in this time at
the 14-16-year-olds' speed (a longer one only when no episode is this short)."""


@dataclass(frozen=True)
class EpisodeFacts:
    """An episode as the handouts name it."""

    episode: Episode
    role_name: str
    first_number: int  # the number of its first chapter among the role's chapters
    last_number: int
    chapter_titles: tuple[str, ...]
    next_title: str | None  # the chapter after it, where the lesson stops (None: it plays to an ending)
    decision_titles: tuple[str, ...]

    @property
    def name(self) -> str:
        """``Metalworker, episode 2 (chapters 3-4)``"""
        span = (
            f"chapter {self.first_number}"
            if self.first_number == self.last_number
            else f"chapters {self.first_number}-{self.last_number}"
        )
        return f"{self.role_name}, episode {self.episode.number} ({span})"

    @property
    def command(self) -> str:
        """The command that starts it (the first episode is the role's own start)."""
        base = f"moscow1921 play --role {self.episode.role}"
        return base if self.first_number == 1 else f"{base} --chapter {self.first_number}"

    @property
    def ident(self) -> str:
        return f"{self.episode.role}-{self.episode.number}"

    def play_minutes(self, least: int = 15) -> int:
        """The play the plans allot it: its reading time for 14-16-year-olds, rounded up to
        five minutes (time to think at each decision point is in the rounding), at least ``least``."""
        return max(least, 5 * math.ceil(self.episode.minutes / 5))


def episode_facts(story: Story, episode: Episode) -> EpisodeFacts:
    chapters = list(role_reading(story, episode.role))
    numbers = [chapters.index(c) + 1 for c in episode.chapters]
    after = chapters[numbers[-1]] if numbers[-1] < len(chapters) else None
    return EpisodeFacts(
        episode,
        story.roles[episode.role].name,
        numbers[0],
        numbers[-1],
        tuple(story.chapters[c].title for c in episode.chapters),
        story.chapters[after].title if after is not None else None,
        tuple(story.decisions[d].title for d in episode.decisions if d in story.decisions),
    )


def every_episode(story: Story) -> list[EpisodeFacts]:
    return [episode_facts(story, episode) for episode in all_episodes(story)]


def lesson_episode(story: Story) -> EpisodeFacts | None:
    """The episode the lesson plans play: of those that read within
    :data:`LESSON_PLAY_MINUTES`, the one with the most decision points (then one re-enacted at
    an assembly, then the shorter); if none is that short, the shortest."""
    facts = every_episode(story)
    if not facts:
        return None
    assembled = {assembly.decision for assembly in story.assemblies.values()}
    fitting = [f for f in facts if f.episode.minutes <= LESSON_PLAY_MINUTES]
    if not fitting:
        return min(facts, key=lambda f: f.episode.minutes)
    return max(
        fitting,
        key=lambda f: (
            len(f.episode.decisions),
            any(d in assembled for d in f.episode.decisions),
            -f.episode.minutes,
        ),
    )


def minutes(value: float) -> str:
    return f"{max(1, round(value))} min"


def meets_line(story: Story, facts: EpisodeFacts) -> str:
    """What a student meets: where they begin and the decision points, as Markdown."""
    start = (
        "from the role's beginning"
        if facts.first_number == 1
        else f"at “{text(facts.chapter_titles[0])}”, having done what most people in their position did "
        "until then (the game lists those choices; `--preset dissent` starts them against the current)"
    )
    decisions = "; ".join(f"*{text(t)}*" for t in facts.decision_titles) or "no decision point"
    return f"They begin {start}, and meet {len(facts.decision_titles)} decision points: {decisions}."


def episode_table(story: Story) -> Document:
    """Every role's episodes: chapters, reading time, decision points and the start command."""
    doc = Document()
    facts = every_episode(story)
    if not facts:
        return doc
    doc.heading(2, "Episodes: a lesson's play")
    doc.para(
        "A whole role is longer than a lesson, so a class plays one *episode*: a run of chapters, "
        "started from the command shown (or from the title screen: *Start at a chapter*). A later "
        "chapter begins from a state reached by real play. Reading times are what one playthrough "
        "reads, for adults and for 14-16-year-olds (`moscow1921 stats` prints them)."
    )
    rows = ["| Episode | Chapters | Reading | Decision points | Start |", "| --- | --- | --- | --- | --- |"]
    for f in facts:
        rows.append(
            f"| {text(f.name)} | {'; '.join(text(t) for t in f.chapter_titles)} | "
            f"{minutes(f.episode.adult_minutes)} / {minutes(f.episode.minutes)} | "
            f"{'; '.join(text(t) for t in f.decision_titles)} | `{f.command}` |"
        )
    doc.para("\n".join(rows))
    return doc


@dataclass(frozen=True)
class DecisionScene:
    """A decision point of an episode as a player reads it: the scene rendered by the engine
    in the state of a playthrough that meets it."""

    decision: str
    view: SceneView


def decision_scenes(story: Story, episode: Episode) -> list[DecisionScene]:
    """Each decision point of ``episode``, in the order met, rendered where a preset's
    playthrough first meets it (the default preset's first, then the others')."""
    found: dict[str, DecisionScene] = {}
    order = [DEFAULT_PRESET, *(p for p in PRESETS if p != DEFAULT_PRESET)]
    for preset in order:
        for state in playthrough(story, episode.role, preset):
            scene = play.current_scene(story, state)
            if scene is None or scene.chapter not in episode.chapters or scene.decision is None:
                continue
            if scene.decision in found:
                continue
            view = scene_view(story, state)
            if view is not None:
                found[scene.decision] = DecisionScene(scene.decision, view)
    return [found[d] for d in episode.decisions if d in found]
