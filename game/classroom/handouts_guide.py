"""The teacher's guide, as Markdown: overview, lesson plans, timeline, every decision
point, the assemblies and the glossary, all taken from the story files.

Nothing here is written by hand about the history: where the story leaves a field
out, the guide leaves it out too.
"""

from __future__ import annotations

from game.classroom.handouts_facts import DecisionPoint, decision_points, faction_name, timeline
from game.classroom.handouts_markdown import Document, text
from game.classroom.handouts_plans import lesson_plans
from game.engine.model import GENERAL_NOTE, Assembly, Decision, GlossaryTerm, Role, Story


def teacher_guide(story: Story) -> str:
    points = decision_points(story)
    doc = Document()
    doc.heading(1, f"{text(story.title)}: teacher's guide")
    doc.para(
        "*Generated from the story files by* `moscow1921 handouts` "
        f"*(story version {story.version}). Every section below comes from the scene files; "
        "run the command again after the story changes.*"
    )
    doc.extend(_overview(story))
    doc.extend(lesson_plans(story, points))
    doc.extend(_timeline(story))
    doc.extend(_decision_points(story, points))
    doc.extend(_assemblies(story))
    doc.extend(_glossary(story))
    return doc.markdown()


def _overview(story: Story) -> Document:
    doc = Document()
    doc.heading(2, "Overview")
    if story.about:
        doc.prose(story.about)
    if story.roles:
        doc.heading(3, "The roles")
        for role in story.roles.values():
            doc.extend(_role(role))
    if story.factions:
        doc.heading(3, "The sides at the assemblies")
        doc.bullets(
            [f"**{text(f.name)}**" + (f": {text(f.who)}" if f.who else "") for f in story.factions.values()]
        )
    return doc


def _role(role: Role) -> Document:
    doc = Document()
    doc.heading(4, f"{text(role.name)} (`moscow1921 play --role {role.id}`)")
    if role.description:
        doc.prose(role.description)
    if role.composite:
        doc.para(f"**A composite:** {text(role.composite)}")
    if role.real_people:
        doc.para("**Real people this role meets:**")
        doc.bullets([text(person) for person in role.real_people])
    return doc


def _timeline(story: Story) -> Document:
    doc = Document()
    events = timeline(story)
    if not events:
        return doc
    doc.heading(2, "Timeline")
    several = len(story.roles) > 1
    items = []
    for event in events:
        entry = event.entry
        item = f"**{text(entry.date)}:** {text(entry.text)}"
        if entry.quote:
            item += f" “{text(entry.quote)}”"
            if entry.cite:
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
    doc.para(f"{len(points)} decision point{'s' * (len(points) != 1)}, in the order the story meets them:")
    doc.numbered([_summary(point) for point in points])
    chapter: str | None = ""
    for number, point in enumerate(points, 1):
        if point.chapter != chapter:
            chapter = point.chapter
            if chapter is not None and chapter in story.chapters:
                doc.heading(3, text(story.chapters[chapter].title))
        doc.extend(_decision_point(story, number, point))
    return doc


def _summary(point: DecisionPoint) -> str:
    """``Title (date; roles)`` for the list of decision points."""
    dates = list(dict.fromkeys(m.scene.date for m in point.meetings if m.scene.date))
    roles = ", ".join(text(r.name) for r in point.roles)
    details = "; ".join(part for part in (" / ".join(text(d) for d in dates), roles) if part)
    return text(point.decision.title) + (f" ({details})" if details else "")


def _decision_point(story: Story, number: int, point: DecisionPoint) -> Document:
    decision = point.decision
    doc = Document()
    doc.heading(4, f"{number}. {text(decision.title)}")
    if decision.question:
        doc.para(f"**The question:** {text(decision.question)}")
    if point.meetings:
        doc.para("**Where the players meet it:**")
        doc.bullets([_meeting(m.scene.title, m.scene.date, m.scene.place, m.roles) for m in point.meetings])
    if decision.background:
        doc.para("**Background**")
        doc.prose(decision.background)
    doc.extend(_options(point))
    if decision.cases:
        doc.para("**Each side's case**, in the order heard:")
        doc.bullets([f"**{text(faction_name(story, c.by))}:** {text(c.text)}" for c in decision.cases])
    if decision.discuss:
        doc.para("**For discussion:**")
        doc.numbered([text(q) for q in decision.discuss])
    doc.extend(_happened(decision))
    return doc


def _meeting(title: str, date: str, place: str, roles: tuple[Role, ...]) -> str:
    who = ", ".join(text(r.name) for r in roles) or "no role reaches this scene"
    where = "; ".join(text(part) for part in (date, place) if part)
    return f"“{text(title)}” ({where}): {who}"


def _options(point: DecisionPoint) -> Document:
    doc = Document()
    if not point.meetings:
        return doc
    several = len(point.meetings) > 1
    doc.para("**The options** (*historical* marks what people actually did):")
    for meeting in point.meetings:
        items = [
            text(choice.label) + (" — ***historical***" if choice.historical else "")
            for choice in meeting.scene.choices
        ]
        if several:
            roles = ", ".join(text(r.name) for r in meeting.roles)
            doc.para(f"In “{text(meeting.scene.title)}”" + (f" ({roles})" if roles else "") + ":")
        doc.bullets(items)
    return doc


def _happened(decision: Decision) -> Document:
    doc = Document()
    doc.para("**What happened**")
    doc.prose(decision.happened)
    for source in decision.sources:
        doc.quote(source.quote, source.cite)
    if decision.argument is not None:
        doc.para(
            f"**An interpretation, not a fact: {text(decision.argument.by)} argues:** "
            f"{text(decision.argument.text)}"
        )
    return doc


def _assemblies(story: Story) -> Document:
    doc = Document()
    if not story.assemblies:
        return doc
    doc.heading(2, "The assemblies")
    doc.para(
        "Re-enact each one with the class, on a projector: `moscow1921 assembly ID`. "
        "The sides' cases and what happened are those of its decision point above."
    )
    for assembly in story.assemblies.values():
        doc.extend(_assembly(story, assembly))
    return doc


def _assembly(story: Story, assembly: Assembly) -> Document:
    doc = Document()
    doc.heading(3, f"{text(assembly.title)} (`moscow1921 assembly {assembly.id}`)")
    decision = story.decisions.get(assembly.decision)
    if decision is not None:
        doc.para(f"**Decision point:** {text(decision.title)}")
    if assembly.setting:
        doc.prose(assembly.setting)
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


def _glossary(story: Story) -> Document:
    doc = Document()
    if not story.glossary:
        return doc
    doc.heading(2, "Glossary")
    doc.para(
        "*As students read it in the game. What general knowledge adds is marked "
        f"“{GENERAL_NOTE}”; a note for the teacher follows its entry.*"
    )
    doc.bullets(
        [glossary_item(entry) for entry in sorted(story.glossary.values(), key=lambda e: e.term.casefold())]
    )
    return doc


def glossary_item(entry: GlossaryTerm, *, for_teacher: bool = True) -> str:
    """A glossary entry as one Markdown list item: the note on what is general knowledge in
    italics, and (for the teacher) the entry's teacher note after it."""
    also = f" (also: {', '.join(text(a) for a in entry.also)})" if entry.also else ""
    body = " ".join(f"*{text(piece)}*" if note else text(piece) for piece, note in entry.reading())
    item = f"**{text(entry.term)}**{also}: {body}"
    if for_teacher and entry.teacher_note:
        item += f" — *For the teacher:* {text(entry.teacher_note)}"
    return item
