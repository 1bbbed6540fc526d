"""What the handouts need to know about a story beyond its own fields: which scenes and
roles meet each decision point, and the order a class meets them in."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.model import Case, Decision, Role, Scene, Story
from game.engine.stats import reachable_scenes


@dataclass(frozen=True)
class Meeting:
    """A scene where a decision point is met, and the roles that can reach that scene."""

    scene: Scene
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class DecisionPoint:
    decision: Decision
    meetings: tuple[Meeting, ...]
    chapter: str | None  # the chapter of the first scene that meets it

    @property
    def roles(self) -> tuple[Role, ...]:
        """Every role that meets this decision point, in the story's role order."""
        seen: dict[str, Role] = {}
        for meeting in self.meetings:
            for role in meeting.roles:
                seen.setdefault(role.id, role)
        return tuple(seen.values())


def decision_points(story: Story) -> list[DecisionPoint]:
    """Every decision point in the order a class meets them: by chapter, then timeline, then file."""
    reach = {role.id: set(reachable_scenes(story, role.start)) for role in story.roles.values()}
    chapter_order = {chapter: n for n, chapter in enumerate(story.chapters)}
    timeline_order: dict[str, int] = {}
    for n, entry in enumerate(story.timeline):
        if entry.decision is not None:
            timeline_order.setdefault(entry.decision, n)
    points = []
    for decision in story.decisions.values():
        scenes = [s for s in story.scenes.values() if s.decision == decision.id]
        meetings = tuple(
            Meeting(s, tuple(r for r in story.roles.values() if s.id in reach[r.id])) for s in scenes
        )
        points.append(DecisionPoint(decision, meetings, scenes[0].chapter if scenes else None))
    declared = {d: n for n, d in enumerate(story.decisions)}
    unplaced = len(chapter_order)

    def key(point: DecisionPoint) -> tuple[int, int, int]:
        ident = point.decision.id
        chapter = chapter_order.get(point.chapter, unplaced) if point.chapter else unplaced
        return chapter, timeline_order.get(ident, len(story.timeline)), declared[ident]

    return sorted(points, key=key)


def faction_name(story: Story, faction_id: str) -> str:
    faction = story.factions.get(faction_id)
    return faction.name if faction is not None else faction_id


def cases_by(decision: Decision, faction_id: str) -> list[Case]:
    return [case for case in decision.cases if case.by == faction_id]
