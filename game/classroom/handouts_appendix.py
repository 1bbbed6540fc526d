"""The teacher's guide's appendix, as Markdown: every decision point in full (background,
each side's case, what happened, every source and the interpretation) under the guide's
numbers, and the glossary as students read it, with the notes for the teacher."""

from __future__ import annotations

from collections.abc import Iterator

from game.classroom.handouts_facts import DecisionPoint, faction_name, main_reference
from game.classroom.handouts_markdown import Document, text
from game.engine.model import GENERAL_NOTE, Decision, GlossaryTerm, Story
from game.engine.model import paragraphs as story_paragraphs
from game.engine.panel import short_cite

APPENDIX_FILE = "teacher-guide-appendix.html"


def chapter_headed(
    story: Story, points: list[DecisionPoint], doc: Document
) -> Iterator[tuple[int, DecisionPoint]]:
    """The decision points numbered from 1, with a chapter heading added to ``doc`` before the
    first point of each chapter (the guide and the appendix number them alike)."""
    chapter: str | None = ""
    for number, point in enumerate(points, 1):
        if point.chapter != chapter:
            chapter = point.chapter
            if chapter is not None and chapter in story.chapters:
                doc.heading(3, text(story.chapters[chapter].title))
        yield number, point


def short_account(decision: Decision) -> str:
    """What happened in short: the decision's ``summary``, else the first paragraph of ``happened``."""
    if decision.summary.strip():
        return decision.summary
    parts = story_paragraphs(decision.happened)
    return parts[0] if parts else ""


def appendix(story: Story, points: list[DecisionPoint]) -> str:
    doc = Document()
    doc.heading(1, f"{text(story.title)}: teacher's guide, appendix")
    reference = main_reference(story)
    intro = (
        "*Generated from the story files by* `moscow1921 handouts`. "
        "*The decision points in full, numbered as in the guide"
    )
    if reference:
        intro += f"; quotations from {text(reference)} unless another source is named"
    doc.para(intro + ".*")
    if points:
        doc.heading(2, "The decision points in full")
    for number, point in chapter_headed(story, points, doc):
        doc.extend(_full(story, number, point.decision))
    doc.extend(_sides(story))
    doc.extend(_glossary(story))
    return doc.markdown()


def _sides(story: Story) -> Document:
    doc = Document()
    if story.factions:
        doc.heading(2, "The sides at the assemblies")
        doc.bullets(
            [f"**{text(f.name)}**" + (f": {text(f.who)}" if f.who else "") for f in story.factions.values()]
        )
    settings = [a for a in story.assemblies.values() if a.setting]
    if settings:
        doc.heading(2, "The assemblies' settings")
        for assembly in settings:
            doc.heading(3, f"{text(assembly.title)} (`moscow1921 assembly {assembly.id}`)")
            doc.prose(assembly.setting)
    return doc


def _full(story: Story, number: int, decision: Decision) -> Document:
    doc = Document()
    doc.heading(4, f"{number}. {text(decision.title)}")
    if decision.background:
        doc.para("**Background**")
        doc.prose(decision.background)
    if decision.cases:
        doc.para("**Each side's case**, in the order heard:")
        doc.bullets([f"**{text(faction_name(story, c.by))}:** {text(c.text)}" for c in decision.cases])
    doc.para("**What happened**")
    doc.prose(decision.happened)
    for source in decision.sources:
        doc.quote(source.quote, short_cite(story, source.cite))
    if decision.argument is not None:
        doc.para(
            f"**An interpretation, not a fact: {text(decision.argument.by)} argues:** "
            f"{text(decision.argument.text)}"
        )
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
