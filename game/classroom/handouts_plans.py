"""Lesson plans for a 45-minute and a 90-minute class, built from the story's assemblies
and decision points (which assembly to run, which questions to discuss, for how long)."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.classroom.handouts_facts import DecisionPoint, faction_name, timeline
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Assembly, Story
from game.engine.stats import WORDS_PER_MINUTE, reachable_scenes, scene_words

ASSEMBLY_MINUTES = 15  # one assembly in the 90-minute plan: cards, cases, votes, reveal
DISCUSSION_MINUTES = 5  # one decision point's questions in a debrief
MAX_ASSEMBLIES = 3


@dataclass(frozen=True)
class Step:
    minutes: int
    title: str  # Markdown
    lines: list[str] = field(default_factory=list)  # Markdown, one bullet each


@dataclass(frozen=True)
class Plan:
    minutes: int
    title: str
    steps: list[Step]

    def __post_init__(self) -> None:
        total = sum(step.minutes for step in self.steps)
        assert total == self.minutes, f"{self.title}: steps take {total} minutes, not {self.minutes}"


def plans(story: Story, points: list[DecisionPoint]) -> list[Plan]:
    return [_plan_45(story, points), _plan_90(story, points)]


def lesson_plans(story: Story, points: list[DecisionPoint]) -> Document:
    doc = Document()
    doc.heading(2, "Lesson plans")
    for plan in plans(story, points):
        doc.heading(3, text(plan.title))
        items = []
        start = 0
        for step in plan.steps:
            end = start + step.minutes
            item = f"**{_clock(start)}–{_clock(end)} ({step.minutes} min): {step.title}**"
            item += "".join(f"\n  - {line}" for line in step.lines)
            items.append(item)
            start = end
        doc.bullets(items)
    return doc


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _assemblies_in_order(story: Story) -> list[Assembly]:
    """The assemblies with the most sides heard first (ties: story order)."""
    order = list(story.assemblies.values())
    return sorted(order, key=lambda a: -len(_decision_cases(story, a)))


def _decision_cases(story: Story, assembly: Assembly) -> list[str]:
    decision = story.decisions.get(assembly.decision)
    return [case.by for case in decision.cases] if decision is not None else []


def _intro(story: Story, minutes: int, with_timeline: bool) -> Step:
    lines = ["Read out the overview."]
    if any(role.composite for role in story.roles.values()):
        lines.append("The characters are invented composites: say who each one is made of.")
    events = timeline(story)
    if with_timeline and events:
        first, last = events[0].entry.date, events[-1].entry.date
        lines.append(f"Walk through the timeline ({len(events)} events, {text(first)} to {text(last)}).")
    return Step(minutes, "Introduction", lines)


def _play(story: Story, minutes: int) -> Step:
    lines = ["Students play in pairs, half the class in each role:"]
    for role in story.roles.values():
        reach = reachable_scenes(story, role.start)
        words = sum(scene_words(story, story.scenes[s]) for s in reach if s in story.scenes)
        lines.append(
            f"`moscow1921 play --role {role.id}` ({text(role.name)}: every scene of this role reads in "
            f"about {round(words / WORDS_PER_MINUTE)} minutes; one playthrough reads fewer)"
        )
    return Step(minutes, "Play", lines)


def _assembly_steps(story: Story, assembly: Assembly, short: bool) -> list[Step]:
    """Cards, the assembly itself, the reveal: 15 minutes in the short form, 30 in the long."""
    decision = story.decisions.get(assembly.decision)
    sides = list(dict.fromkeys(_decision_cases(story, assembly)))
    names = ", ".join(text(faction_name(story, f)) for f in sides)
    cards = f"Hand each group its faction's role card: {names}." if sides else "Hand out the role cards."
    run = [
        f"Project `moscow1921 assembly {assembly.id}` and read the setting aloud.",
    ]
    if sides:
        run.append(f"Each group puts its case, in this order: {names}.")
    if assembly.resolutions:
        run.append("The class votes on: " + " / ".join(f"“{text(r.text)}”" for r in assembly.resolutions))
    reveal = ["Reveal what happened beside the class's vote."]
    if decision is not None and decision.sources:
        reveal.append("Read the quotation" + "s" * (len(decision.sources) > 1) + " aloud.")
    title = f"Assembly: {text(assembly.title)}"
    if short:
        return [Step(ASSEMBLY_MINUTES, title, [cards, *run, *reveal])]
    return [
        Step(5, "Groups and role cards", [cards, "Groups read their cards and choose a speaker."]),
        Step(15, title, run),
        Step(10, "What happened", reveal),
    ]


def _discussion(points: list[DecisionPoint], minutes: int, title: str) -> Step:
    """The discussion questions of as many decision points as fit, DISCUSSION_MINUTES each."""
    chosen = [p for p in points if p.decision.discuss][: max(1, minutes // DISCUSSION_MINUTES)]
    if not chosen:  # no discussion questions in the story: discuss the decision points' own questions
        chosen = points[: max(1, minutes // DISCUSSION_MINUTES)]
    lines = []
    for point in chosen:
        questions = point.decision.discuss or ((point.decision.question,) if point.decision.question else ())
        asked = " ".join(text(q) for q in questions)
        lines.append(f"*{text(point.decision.title)}:* {asked}")
    return Step(minutes, title, lines)


def _points_of(points: list[DecisionPoint], assemblies: list[Assembly]) -> list[DecisionPoint]:
    wanted = {a.decision for a in assemblies}
    return [p for p in points if p.decision.id in wanted]


def _others(points: list[DecisionPoint], assemblies: list[Assembly]) -> list[DecisionPoint]:
    wanted = {a.decision for a in assemblies}
    return [p for p in points if p.decision.id not in wanted]


def _plan_45(story: Story, points: list[DecisionPoint]) -> Plan:
    title = "A 45-minute class"
    assemblies = _assemblies_in_order(story)
    if not assemblies:
        return Plan(
            45,
            title,
            [
                _intro(story, 5, with_timeline=False),
                _play(story, 20),
                _discussion(points, 20, "Discussion"),
            ],
        )
    chosen = assemblies[0]
    steps = [_intro(story, 5, with_timeline=False), *_assembly_steps(story, chosen, short=False)]
    own = _points_of(points, [chosen])
    discussion = _discussion(own or points, 10, "Discussion")
    others = assemblies[1:]
    if others:
        alternatives = ", ".join(f"`moscow1921 assembly {a.id}` ({text(a.title)})" for a in others)
        discussion.lines.append(f"Another lesson, the same way: {alternatives}.")
    return Plan(45, title, [*steps, discussion])


def _plan_90(story: Story, points: list[DecisionPoint]) -> Plan:
    title = "A 90-minute class"
    assemblies = list(story.assemblies.values())[:MAX_ASSEMBLIES]
    steps = [_intro(story, 10, with_timeline=True), _play(story, 20)]
    for assembly in assemblies:
        steps.extend(_assembly_steps(story, assembly, short=True))
    left = 90 - sum(step.minutes for step in steps)
    own = _points_of(points, assemblies)
    debrief = _discussion(own + _others(points, assemblies), left, "Debrief and discussion")
    return Plan(90, title, [*steps, debrief])
