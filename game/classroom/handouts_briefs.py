"""Faction briefs, as Markdown: for each faction, its case at every decision point outside
the assemblies (the assemblies' cases are on its role card).  One section per faction,
each printed from a new page; a brief may run over several pages."""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_cards import faction_case, other_decisions
from game.classroom.handouts_facts import decision_points
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Story


@dataclass(frozen=True)
class Brief:
    ident: str  # the faction's id
    name: str
    heading: str  # Markdown: the faction's name and what the brief holds
    cases: str  # Markdown: each decision point and the faction's case there (set in two columns)

    @property
    def markdown(self) -> str:
        return self.heading + "\n" + self.cases


def faction_briefs(story: Story) -> list[Brief]:
    """A brief for every faction heard outside the assemblies, in the story's faction order."""
    points = decision_points(story)
    briefs = []
    for faction in story.factions.values():
        others = other_decisions(story, faction.id, points)
        if not others:
            continue
        heading = Document()
        heading.heading(2, text(faction.name))
        count = f"{len(others)} decision point{'s' * (len(others) != 1)}"
        heading.para(
            f"*Faction brief: your side's case at {count} outside the assemblies, in the order "
            "the story meets them. Your case at the assemblies is on your role card.*"
        )
        cases = Document()
        for decision in others:
            cases.heading(4, text(decision.title))
            faction_case(cases, decision, faction.id)
        briefs.append(Brief(faction.id, faction.name, heading.markdown(), cases.markdown()))
    return briefs


def briefs_intro(story: Story, briefs: list[Brief]) -> str:
    """The opening lines of the briefs: what they are, and the factions that have none."""
    doc = Document()
    doc.heading(1, f"{text(story.title)}: faction briefs")
    doc.para(
        "*Generated from the story files by* `moscow1921 handouts`. *Give each group its faction's "
        "brief with its role card.*"
    )
    briefed = {brief.ident for brief in briefs}
    only = [text(f.name) for f in story.factions.values() if f.id not in briefed]
    if not briefs:
        doc.para("No faction is heard outside the assemblies: everything is on the role cards.")
    elif only:
        doc.para("Not heard outside the assemblies, so no brief: " + ", ".join(only) + ".")
    return doc.markdown()


def briefs_markdown(story: Story, briefs: list[Brief]) -> str:
    """The intro and every brief in one Markdown file, a rule between briefs."""
    return "\n---\n\n".join([briefs_intro(story, briefs), *(brief.markdown for brief in briefs)])
