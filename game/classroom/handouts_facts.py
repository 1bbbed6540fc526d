"""What the handouts need to know about a story beyond its own fields: which scenes and
roles meet each decision point, the order a class meets them in, and one timeline
merged from what each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.dates import BARE_YEAR, date_key
from game.engine.model import Case, Decision, Role, Scene, Story, TimelineEntry
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


def _reach(story: Story) -> dict[str, set[str]]:
    return {role.id: set(reachable_scenes(story, role.start)) for role in story.roles.values()}


AFTER = 0.001
"""How far (in months) a scene dated only by its year sorts after the scene before it."""


def scene_dates(story: Story) -> dict[str, tuple[float, float]]:
    """Each scene's date as a sort key.  A scene dated only by its year ("1921") is placed
    just after the scene written before it in the same chapter, when that falls in the
    same year: authors write a role's scenes in the order they are played."""
    dates: dict[str, tuple[float, float]] = {}
    last: dict[str, tuple[float, float]] = {}
    for scene in story.scenes.values():
        key = date_key(scene.date)
        before = last.get(scene.chapter)
        if key[1] == BARE_YEAR and before is not None and before[0] == key[0]:
            key = (before[0], before[1] + AFTER)
        dates[scene.id] = last[scene.chapter] = key
    return dates


def decision_points(story: Story) -> list[DecisionPoint]:
    """Every decision point in the order a class meets them: by chapter, then date, then file."""
    reach = _reach(story)
    chapter_order = {chapter: n for n, chapter in enumerate(story.chapters)}
    points = []
    for decision in story.decisions.values():
        scenes = [s for s in story.scenes.values() if s.decision == decision.id]
        meetings = tuple(
            Meeting(s, tuple(r for r in story.roles.values() if s.id in reach[r.id])) for s in scenes
        )
        points.append(DecisionPoint(decision, meetings, scenes[0].chapter if scenes else None))

    dates = scene_dates(story)

    def key(point: DecisionPoint) -> tuple[int, tuple[float, float]]:
        if not point.meetings or point.chapter is None:
            return len(chapter_order), date_key("")
        return chapter_order.get(point.chapter, len(chapter_order)), dates[point.meetings[0].scene.id]

    return sorted(points, key=key)  # stable: equal keys keep the order they were written in


@dataclass(frozen=True)
class Event:
    """A timeline entry and the roles that see it."""

    entry: TimelineEntry
    roles: tuple[Role, ...]


def timeline(story: Story) -> list[Event]:
    """The timeline entries of every role in date order, each event once: entries that quote
    the same words of the source are one event, seen by each of their roles."""
    reach = _reach(story)
    points = decision_points(story)
    meets = {p.decision.id: p.roles for p in points}
    dates = scene_dates(story)
    first_scene = {p.decision.id: p.meetings[0].scene.id for p in points if p.meetings}

    def when(entry: TimelineEntry) -> tuple[float, float]:
        """The entry's own date; a bare year is placed by the scene it belongs to, in that year."""
        key = date_key(entry.date)
        scene = entry.scene or first_scene.get(entry.decision or "")
        if key[1] == BARE_YEAR and scene in dates and dates[scene][0] == key[0]:
            return dates[scene]
        return key

    events: list[Event] = []
    for entry in story.timeline:
        if entry.scene is not None:
            roles = tuple(r for r in story.roles.values() if entry.scene in reach[r.id])
        else:
            roles = meets.get(entry.decision or "", ())
        index = next((n for n, event in enumerate(events) if same_event(event.entry, entry)), None)
        if index is None:
            events.append(Event(entry, roles))
            continue
        seen = events[index]  # the same event written for two roles: one entry, both roles
        merged = {r.id: r for r in (*seen.roles, *roles)}
        roles = tuple(r for r in story.roles.values() if r.id in merged)
        kept = seen.entry if len(seen.entry.text) >= len(entry.text) else entry  # the fuller account
        events[index] = Event(kept, roles)
    return sorted(events, key=lambda e: when(e.entry))


def _words(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def same_event(one: TimelineEntry, other: TimelineEntry) -> bool:
    """Two timeline entries are one event when they quote the same words of the source (one
    quotation inside the other: each role's writer words the event for that role, and may quote
    a little more or less), or have the same date and text."""
    a, b = _words(one.quote), _words(other.quote)
    if a and b and (a in b or b in a):
        return True
    return one.date == other.date and _words(one.text) == _words(other.text)


def faction_name(story: Story, faction_id: str) -> str:
    faction = story.factions.get(faction_id)
    return faction.name if faction is not None else faction_id


def cases_by(decision: Decision, faction_id: str) -> list[Case]:
    return [case for case in decision.cases if case.by == faction_id]


def main_reference(story: Story) -> str:
    """The full reference of the work the story's quotations cite (its first ``references:``
    entry): given in full once, each quotation then cited short (:func:`short_cite`)."""
    return story.references[0].full if story.references else ""


def cited_short(story: Story, cite: str) -> bool:
    """Whether ``cite`` begins with one of the story's references (so play shows it short)."""
    flat = " ".join(cite.split())
    return any(flat.startswith(reference.cite) for reference in story.references)
