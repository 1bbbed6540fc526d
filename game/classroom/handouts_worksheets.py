"""Student worksheets, one per episode (one or two printed pages), and their marking guide
for the teacher, as Markdown, generated from the scenes.

A worksheet asks, at each decision point of the episode, what the student chose and why
(the options as the game shows them, rendered by the engine in the state of a playthrough
that meets the scene); one source question on a quotation from the episode's panels (what
does it tell us, what can't it tell us); and an essay on the historian's argument at one of
its decision points, given as his argument.  The marking guide sets out, for the same
questions, what happened, what the quotation is evidence of and what it is not, each side's
case, and levels of response.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_appendix import short_account
from game.classroom.handouts_episodes import DecisionScene, EpisodeFacts, decision_scenes, every_episode
from game.classroom.handouts_facts import faction_name, main_reference
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Decision, Source, Story
from game.engine.panel import short_cite

ANSWER_LINE = "_" * 72
"""A line to write on: a paragraph of underscores (the print page draws it as a rule)."""

QUOTE_WORDS = 45
"""The longest quotation a source question is set on, in words."""


@dataclass(frozen=True)
class Essay:
    decision: Decision
    by: str
    argument: str


@dataclass(frozen=True)
class Worksheet:
    ident: str  # "metalworker-2"
    facts: EpisodeFacts
    scenes: tuple[DecisionScene, ...]
    source: tuple[Decision, Source] | None
    essay: Essay | None


def worksheets(story: Story) -> list[Worksheet]:
    sheets = []
    for facts in every_episode(story):
        scenes = tuple(decision_scenes(story, facts.episode))
        decisions = [story.decisions[s.decision] for s in scenes]
        source = _source(decisions)
        essay = _essay(story, decisions)
        sheets.append(Worksheet(facts.ident, facts, scenes, source, essay))
    return sheets


def _source(decisions: list[Decision]) -> tuple[Decision, Source] | None:
    """The longest quotation of the episode's panels that is short enough to set a question on."""
    quotes = [(d, s) for d in decisions for s in d.sources if len(s.quote.split()) <= QUOTE_WORDS]
    return max(quotes, key=lambda pair: len(pair[1].quote.split()), default=None)


def _essay(story: Story, decisions: list[Decision]) -> Essay | None:
    """The argument of the episode's first decision point that has one; the main source's
    author's argument first."""
    reference = main_reference(story)
    argued = [d for d in decisions if d.argument is not None]
    mine = [d for d in argued if d.argument is not None and reference and d.argument.by in reference]
    for chosen in mine or argued:
        if chosen.argument is not None:
            return Essay(chosen, chosen.argument.by, chosen.argument.text)
    return None


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def student_sheet(story: Story, sheet: Worksheet) -> str:
    """One episode's worksheet, as Markdown."""
    facts = sheet.facts
    doc = Document()
    doc.heading(2, f"Worksheet: {text(facts.name)}")
    doc.para(f"**Name:** {'_' * 28} **Class:** {'_' * 12} **Date:** {'_' * 12}".replace("_", "\\_"))
    doc.para(
        f"*{text(story.title)}. Start:* `{facts.command}` "
        f"*({'; '.join(text(t) for t in facts.chapter_titles)})."
        + (f" Stop when you reach “{text(facts.next_title)}”.*" if facts.next_title else " Play to the end.*")
    )
    doc.heading(3, "As you play: what I chose, and why")
    doc.para("*At each decision point, tick what you chose and say why you chose it.*")
    for number, scene in enumerate(sheet.scenes, 1):
        decision = story.decisions[scene.decision]
        question = f" {text(decision.question)}" if decision.question else ""
        doc.para(f"**{number}. {text(decision.title)}.**{question}")
        doc.bullets([f"☐ {text(option.text)}" for option in scene.view.options])
        doc.para("**Why:** " + _line())
        doc.para(_line())
    if sheet.source is not None:
        decision, source = sheet.source
        doc.heading(3, "A source")
        doc.para(f"*From the what-happened panel of “{text(decision.title)}”:*")
        doc.quote(source.quote, short_cite(story, source.cite))
        doc.para("**What does this quotation tell us?**")
        doc.para(_line())
        doc.para(_line())
        doc.para(
            "**What can't it tell us?** *(Who is speaking, and when? What would you need to know besides?)*"
        )
        doc.para(_line())
        doc.para(_line())
    if sheet.essay is not None:
        essay = sheet.essay
        doc.heading(3, "Essay")
        doc.para(
            f"The historian {text(essay.by)} argues, about “{text(essay.decision.title)}”: "
            f"*{text(essay.argument)}* This is {text(_surname(essay.by))}'s argument, an interpretation, "
            "not a fact."
        )
        doc.para(
            f"**How far do you agree with {text(_surname(essay.by))}?** Use what you chose and why, what "
            "happened, and the quotations in the game. Write on a separate sheet."
        )
    return doc.markdown()


def _sentence(value: str) -> str:
    return value if value.rstrip().endswith((".", "!", "?", "…")) else value + "."


def _line() -> str:
    return ANSWER_LINE.replace("_", "\\_")


def marking_sheet(story: Story, sheet: Worksheet) -> str:
    """The marking guide for one episode's worksheet, as Markdown."""
    facts = sheet.facts
    doc = Document()
    doc.heading(2, f"Marking guide: {text(facts.name)}")
    doc.heading(3, "What I chose, and why")
    doc.para(
        "*No choice is wrong: mark the reason, not whether it matched history. A good answer names a "
        "pressure from the scene (what the character needs, fears or owes; what others said or risked). "
        "History's choice and what happened, for the discussion:*"
    )
    items = []
    for scene in sheet.scenes:
        decision = story.decisions[scene.decision]
        historical = [text(o.text) for o in scene.view.options if o.choice.historical]
        marked = (
            f" History: {_sentence(' / '.join(historical))}"
            if historical
            else " No choice is marked historical."
        )
        items.append(f"**{text(decision.title)}.**{marked} {text(short_account(decision))}")
    doc.numbered(items)
    if sheet.source is not None:
        decision, source = sheet.source
        doc.heading(3, "The source")
        doc.quote(source.quote, short_cite(story, source.cite))
        number = next(n for n, scene in enumerate(sheet.scenes, 1) if scene.decision == decision.id)
        doc.para(
            f"**It tells us** what the historian reports of “{text(decision.title)}” ({number} above): "
            "credit "
            "an answer that says it in its own words and links it to what happened in the scene."
        )
        doc.para(
            "**It cannot tell us** on its own: it is a historian's words in a talk, summing up research, "
            "not a record made at the time; it gives one account, and leaves out who disagreed and why. "
            "Credit an answer that asks who said it, when, and for whom, and what else we would need."
        )
    if sheet.essay is not None:
        essay = sheet.essay
        decision = essay.decision
        doc.heading(3, "The essay")
        doc.para(f"**The argument** ({text(essay.by)}'s interpretation): {text(essay.argument)}")
        if decision.cases:
            doc.para("**Each side's case**, evidence a student may weigh for or against it:")
            doc.bullets([f"**{text(faction_name(story, c.by))}:** {text(c.text)}" for c in decision.cases])
        doc.bullets(
            [
                "**Levels 1-2:** retells the game or the events; no view on the argument.",
                "**Levels 3-4:** takes a view of the argument, with evidence from the game or the panels.",
                "**Levels 5-6:** weighs the argument against evidence on more than one side, keeps what "
                f"{text(_surname(essay.by))} argues apart from what happened, and says what the sources "
                "cannot show.",
            ]
        )
    return doc.markdown()


def worksheets_markdown(story: Story, sheets: list[Worksheet]) -> str:
    header = Document()
    header.heading(1, f"{text(story.title)}: student worksheets")
    header.para("*Generated from the story files by* `moscow1921 handouts`. *One worksheet per episode.*")
    return "\n---\n\n".join([header.markdown(), *(student_sheet(story, sheet) for sheet in sheets)])


def marking_markdown(story: Story, sheets: list[Worksheet]) -> str:
    header = Document()
    header.heading(1, f"{text(story.title)}: marking guide for the worksheets")
    header.para("*For the teacher: one section per episode's worksheet, in the same order.*")
    return "\n---\n\n".join([header.markdown(), *(marking_sheet(story, sheet) for sheet in sheets)])
