"""The teacher's guide, as Markdown: the two-page quick start at the front, then the roles
and sides, the episodes, the lesson plans, the timeline (each event once), every decision
point in short and the assemblies; the full accounts (background, each side's case, every
source, the argument) and the glossary are in the appendix
(:mod:`game.classroom.handouts_appendix`).  All of it is taken from the story files.

Nothing here is written by hand about the history: where the story leaves a field
out, the guide leaves it out too.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_appendix import APPENDIX_FILE, appendix, chapter_headed, short_account
from game.classroom.handouts_episodes import episode_table, every_episode
from game.classroom.handouts_facts import (
    DecisionPoint,
    cited_short,
    decision_points,
    faction_name,
    main_reference,
    timeline,
)
from game.classroom.handouts_markdown import Document, text
from game.classroom.handouts_plans import plan_markdown, plans
from game.classroom.handouts_quickstart import quick_start
from game.engine.model import Assembly, Role, Story
from game.engine.panel import short_cite


@dataclass(frozen=True)
class Guide:
    """The guide's three Markdown documents."""

    quick_start: str
    body: str  # the guide after the quick start
    appendix: str

    @property
    def markdown(self) -> str:
        """The guide as one Markdown file: the quick start, a rule, the rest."""
        return f"{self.quick_start}\n---\n\n{self.body}"


def teacher_guide(story: Story) -> Guide:
    points = decision_points(story)
    short, long = plans(story, points)
    doc = Document()
    doc.heading(1, f"{text(story.title)}: teacher's guide")
    doc.para(
        "*Generated from the story files by* `moscow1921 handouts` "
        f"*(story version {story.version}); run it again after the story changes. The full account of "
        f"each decision point, each side's case, every source and the glossary are in the appendix* "
        f"(`{APPENDIX_FILE}`)."
    )
    doc.extend(_overview(story))
    doc.extend(episode_table(story))
    doc.heading(2, "Lesson plans")
    doc.para("*The 45-minute plan is in the quick start, at the front of this guide.*")
    doc.extend(plan_markdown(long))
    doc.extend(_timeline(story))
    doc.extend(_decision_points(story, points))
    doc.extend(_assemblies(story))
    return Guide(quick_start(story, points, short).markdown(), doc.markdown(), appendix(story, points))


def _overview(story: Story) -> Document:
    doc = Document()
    if story.roles:
        doc.heading(2, "The roles")
        for role in story.roles.values():
            doc.extend(_role(role))
    return doc


def _role(role: Role) -> Document:
    doc = Document()
    doc.heading(3, f"{text(role.name)} (`moscow1921 play --role {role.id}`)")
    if role.description:
        doc.prose(role.description)
    if role.composite:
        doc.para(f"**A composite:** {text(role.composite)}")
    if role.real_people:
        doc.para("**Real people this role meets:** " + " ".join(f"{text(p)}." for p in _people(role)))
    return doc


def _people(role: Role) -> list[str]:
    return [person.rstrip(". ") for person in role.real_people]


def _timeline(story: Story) -> Document:
    doc = Document()
    events = timeline(story)
    if not events:
        return doc
    doc.heading(2, "Timeline")
    several = len(story.roles) > 1
    reference = main_reference(story)
    intro = "Each event once, in date order"
    if several:
        intro += ", with the roles that see it in their game's timeline"
    if reference:
        intro += f"; quotations from {text(reference)} unless another source is named"
    doc.para(f"*{intro}.*")
    items = []
    for event in events:
        entry = event.entry
        item = f"**{text(entry.date)}:** {text(entry.text)}"
        if entry.quote:
            item += f" “{text(entry.quote)}”"
            if entry.cite and not cited_short(story, entry.cite):
                item += f" ({text(entry.cite)})"
        if several and event.roles:
            item += " — *" + ", ".join(text(r.name) for r in event.roles) + "*"
        items.append(item)
    doc.bullets(items)
    return doc


def _decision_points(story: Story, points: list[DecisionPoint]) -> Document:
    doc = Document()
    if not points:
        return doc
    doc.heading(2, "The decision points")
    doc.para(
        f"{len(points)} decision point{'s' * (len(points) != 1)}, in the order the story meets them: "
        "where each is met, the options (*historical* marks what most people in that position did), "
        "what happened in short with one quotation, and questions for discussion. "
        f"The full account of each is in the appendix (`{APPENDIX_FILE}`), under the same number."
    )
    episodes = _episodes_by_decision(story)
    for number, point in chapter_headed(story, points, doc):
        doc.extend(_decision_point(story, number, point, episodes))
    return doc


def _episodes_by_decision(story: Story) -> dict[tuple[str, str], int]:
    """(role, decision) -> the number of the role's episode that meets it."""
    found: dict[tuple[str, str], int] = {}
    for facts in every_episode(story):
        for decision in facts.episode.decisions:
            found.setdefault((facts.episode.role, decision), facts.episode.number)
    return found


def _decision_point(
    story: Story, number: int, point: DecisionPoint, episodes: dict[tuple[str, str], int]
) -> Document:
    decision = point.decision
    doc = Document()
    doc.heading(4, f"{number}. {text(decision.title)}")
    if decision.question:
        doc.para(f"**The question:** {text(decision.question)}")
    for meeting in point.meetings:
        where = "; ".join(text(part) for part in (meeting.scene.date, meeting.scene.place) if part)
        who = ", ".join(
            text(r.name)
            + (f" (episode {episodes[(r.id, decision.id)]})" if (r.id, decision.id) in episodes else "")
            for r in meeting.roles
        )
        items = [
            text(choice.label) + (" — ***historical***" if choice.historical else "")
            for choice in meeting.scene.choices
        ]
        doc.para(f"**In “{text(meeting.scene.title)}”** ({where}): {who or 'no role reaches this scene'}")
        doc.bullets(items)
    doc.para(f"**What happened, in short:** {text(short_account(decision))}")
    if decision.sources:
        source = decision.sources[0]
        doc.quote(source.quote, short_cite(story, source.cite))
    if decision.teacher_note:
        doc.para(f"*For the teacher:* {text(decision.teacher_note)}")
    if decision.discuss:
        doc.para("**For discussion:**")
        doc.numbered([text(q) for q in decision.discuss])
    return doc


def _assemblies(story: Story) -> Document:
    doc = Document()
    if not story.assemblies:
        return doc
    doc.heading(2, "The assemblies")
    doc.para(
        "Re-enact each one with the class, on a projector: `moscow1921 assembly ID`. "
        "The sides' cases and what happened are those of its decision point above; who each side was "
        f"and each assembly's setting are in the appendix (`{APPENDIX_FILE}`)."
    )
    for assembly in story.assemblies.values():
        doc.extend(_assembly(story, assembly))
    return doc


def _assembly(story: Story, assembly: Assembly) -> Document:
    doc = Document()
    doc.heading(3, f"{text(assembly.title)} (`moscow1921 assembly {assembly.id}`)")
    decision = story.decisions.get(assembly.decision)
    if decision is not None:
        sides = ", ".join(dict.fromkeys(text(faction_name(story, c.by)) for c in decision.cases))
        doc.para(f"**Decision point:** {text(decision.title)}" + (f". **Sides:** {sides}." if sides else ""))
    if assembly.resolutions:
        doc.para("**Put to the vote:**")
        items = []
        for resolution in assembly.resolutions:
            outcome = {True: " *Passed.*", False: " *Not passed.*", None: ""}[resolution.passed]
            happened = f" {text(resolution.happened)}" if resolution.happened else ""
            items.append(f"{text(resolution.text)} — **what happened:**{outcome}{happened}")
        doc.numbered(items)
    if assembly.composition is not None:
        composition = assembly.composition
        groups = "; ".join(f"{text(g.name)}: {g.count:,}" for g in composition.groups)
        line = f"**The real body:** {composition.total:,} in all" + (f"; {groups}" if groups else "") + "."
        doc.para(line + (f" {text(composition.note)}" if composition.note else ""))
    return doc
