"""Lesson plans for a 45-minute and a 90-minute class.

Both play one episode (:func:`game.classroom.handouts_episodes.lesson_episode`): the play
step allots the episode's reading time for 14-16-year-olds, as ``stats`` computes it,
rounded up; the 90-minute plan adds the assembly that re-enacts one of the episode's
decision points (before the class plays it, so the vote is the class's own), and more time
for the worksheet and the debrief.  A story without episodes or assemblies still gets
plans that fill the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.classroom.handouts_episodes import EpisodeFacts, lesson_episode, meets_line, minutes
from game.classroom.handouts_facts import DecisionPoint, faction_name, timeline
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Assembly, Story

WORKSHEET_FILE = "worksheets.html"
MIN_DISCUSSION = 5


@dataclass(frozen=True)
class Step:
    minutes: int
    title: str  # Markdown
    lines: list[str] = field(default_factory=list)  # Markdown, one bullet each
    kind: str = ""  # "play" for the step that plays the episode


@dataclass(frozen=True)
class Plan:
    minutes: int
    title: str
    steps: list[Step]
    episode: EpisodeFacts | None = None

    def __post_init__(self) -> None:
        total = sum(step.minutes for step in self.steps)
        assert total == self.minutes, f"{self.title}: steps take {total} minutes, not {self.minutes}"

    @property
    def play_minutes(self) -> int:
        return sum(step.minutes for step in self.steps if step.kind == "play")


def plans(story: Story, points: list[DecisionPoint]) -> list[Plan]:
    episode = lesson_episode(story)
    return [plan_45(story, points, episode), plan_90(story, points, episode)]


def plan_markdown(plan: Plan, heading: int = 3) -> Document:
    doc = Document()
    doc.heading(heading, text(plan.title))
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


def _clock(minutes_in: int) -> str:
    return f"{minutes_in // 60}:{minutes_in % 60:02d}"


def _intro(story: Story, minutes_: int, with_timeline: bool) -> Step:
    lines = ["Say what the game is (the quick start's first paragraph)."]
    if any(role.composite for role in story.roles.values()):
        lines.append("The characters are invented composites: say who each one is made of.")
    if story.content_note:
        lines.append("Give the content note, and say students may step out of a scene.")
    events = timeline(story)
    if with_timeline and events:
        first, last = events[0].entry.date, events[-1].entry.date
        lines.append(f"Walk through the timeline ({len(events)} events, {text(first)} to {text(last)}).")
    return Step(minutes_, "Introduction", lines)


def _play(story: Story, episode: EpisodeFacts | None, least: int, most: int) -> Step:
    if episode is None:  # a story without chapters to start from: the whole game, as far as it goes
        lines = ["Students play, alone or in pairs:"]
        lines += [f"`moscow1921 play --role {r.id}` ({text(r.name)})" for r in story.roles.values()]
        return Step(least, "Play", lines, "play")
    lines = [
        f"Everyone plays **{text(episode.name)}**, alone or in pairs: `{episode.command}` "
        f"(or the title screen's *Start at a chapter*).",
        f"It reads in about {minutes(episode.episode.minutes)} at 14-16-year-olds' speed "
        f"({minutes(episode.episode.adult_minutes)} for adults).",
        meets_line(story, episode),
        "At each decision point they note on the worksheet what they chose and why.",
    ]
    if episode.next_title is not None:
        lines.append(f"Stop when the header reaches “{text(episode.next_title)}”.")
    allotted = episode.play_minutes(least)
    if allotted > most:
        lines.append("It reads longer than this lesson allows: students finish it at home or next lesson.")
    return Step(min(allotted, most), f"Play: {text(episode.name)}", lines, "play")


def _worksheet(minutes_: int) -> Step:
    return Step(
        minutes_,
        "Worksheet",
        [
            f"Students finish the episode's worksheet (`{WORKSHEET_FILE}`): what they chose and why, "
            "and the source question on a quotation.",
        ],
    )


def _discussion(points: list[DecisionPoint], wanted: set[str], minutes_: int, title: str) -> Step:
    """The discussion questions of the episode's decision points, as many as fit (five minutes each)."""
    own = [p for p in points if p.decision.id in wanted and p.decision.discuss]
    chosen = (own or [p for p in points if p.decision.discuss] or points)[: max(1, minutes_ // 5)]
    lines = []
    for point in chosen:
        questions = point.decision.discuss or ((point.decision.question,) if point.decision.question else ())
        asked = " ".join(text(q) for q in questions)
        lines.append(f"*{text(point.decision.title)}:* {asked}")
    lines.append("Set the worksheet's essay question for homework.")
    return Step(minutes_, title, lines)


def plan_45(story: Story, points: list[DecisionPoint], episode: EpisodeFacts | None) -> Plan:
    intro = _intro(story, 5, with_timeline=False)
    play_step = _play(story, episode, least=15, most=45 - intro.minutes - MIN_DISCUSSION)
    worksheet = _worksheet(10)
    left = 45 - intro.minutes - play_step.minutes - worksheet.minutes
    if left < MIN_DISCUSSION:  # a long episode: the worksheet is finished at home
        worksheet = _worksheet(max(0, 10 - (MIN_DISCUSSION - left)))
        left = 45 - intro.minutes - play_step.minutes - worksheet.minutes
    wanted = set(episode.episode.decisions) if episode is not None else set()
    steps = [intro, play_step, *([worksheet] if worksheet.minutes else [])]
    steps.append(_discussion(points, wanted, left, "Discussion"))
    return Plan(45, "A 45-minute class", steps, episode)


def _assembly_for(story: Story, episode: EpisodeFacts | None) -> Assembly | None:
    """The assembly that re-enacts a decision point of the episode, else the one most sides argue."""
    if not story.assemblies:
        return None
    if episode is not None:
        for assembly in story.assemblies.values():
            if assembly.decision in episode.episode.decisions:
                return assembly
    return max(story.assemblies.values(), key=lambda a: len(_sides(story, a)))


def _sides(story: Story, assembly: Assembly) -> list[str]:
    decision = story.decisions.get(assembly.decision)
    return list(dict.fromkeys(case.by for case in decision.cases)) if decision is not None else []


def _assembly_steps(story: Story, assembly: Assembly) -> list[Step]:
    """Cards, then the assembly itself: 20 minutes.  Its what-happened is met in the game."""
    sides = _sides(story, assembly)
    names = ", ".join(text(faction_name(story, f)) for f in sides)
    cards = f"Hand each group its faction's role card: {names}." if sides else "Hand out the role cards."
    run = [f"Project `moscow1921 assembly {assembly.id}` and read the setting aloud."]
    if sides:
        run.append(f"Each group puts its case, in this order: {names}.")
    if assembly.resolutions:
        run.append("The class votes on: " + " / ".join(f"“{text(r.text)}”" for r in assembly.resolutions))
    run.append("Reveal what happened beside the class's vote, and read the quotation aloud.")
    return [
        Step(5, "Groups and role cards", [cards, "Groups read their cards and choose a speaker."]),
        Step(15, f"Assembly: {text(assembly.title)}", run),
    ]


def plan_90(story: Story, points: list[DecisionPoint], episode: EpisodeFacts | None) -> Plan:
    steps = [_intro(story, 10, with_timeline=True)]
    assembly = _assembly_for(story, episode)
    if assembly is not None:
        steps += _assembly_steps(story, assembly)
    steps.append(_play(story, episode, least=20, most=90 - sum(s.minutes for s in steps) - MIN_DISCUSSION))
    steps.append(_worksheet(15))
    left = 90 - sum(step.minutes for step in steps)
    if left < MIN_DISCUSSION:  # only a very long episode: the worksheet goes home
        steps.pop()
        left = 90 - sum(step.minutes for step in steps)
    wanted = set(episode.episode.decisions) if episode is not None else set()
    if assembly is not None:
        wanted.add(assembly.decision)
    steps.append(_discussion(points, wanted, left, "Debrief and discussion"))
    return Plan(90, "A 90-minute class", steps, episode)
