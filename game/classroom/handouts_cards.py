"""Role cards, as Markdown: one per faction (the sides argued at the assemblies) and one
per player role.  Each card is printed on one page of its own; a faction's cases at the
decision points outside the assemblies are in the faction briefs
(game/classroom/handouts_briefs.py), not on its card."""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_facts import DecisionPoint, cases_by, decision_points
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Decision, Faction, Role, Story

BRIEFS_FILE = "faction-briefs.html"
"""The handout a faction card points to for its cases outside the assemblies."""


@dataclass(frozen=True)
class Card:
    kind: str  # "faction" or "role"
    ident: str
    name: str
    markdown: str  # the whole card: who you are, wants, fears, the assemblies or the decisions faced


def role_cards(story: Story) -> list[Card]:
    points = decision_points(story)
    cards = [_faction_card(story, faction, points) for faction in story.factions.values()]
    cards += [_role_card(role, points) for role in story.roles.values()]
    return cards


def cards_markdown(story: Story, cards: list[Card]) -> str:
    """All the cards in one Markdown file, a rule between cards."""
    header = Document()
    header.heading(1, f"{text(story.title)}: role cards")
    header.para("*Generated from the story files by* `moscow1921 handouts`. *Print one card per student.*")
    parts = [header.markdown(), *(card.markdown for card in cards)]
    return "\n---\n\n".join(parts)


def assembly_decisions(story: Story) -> set[str]:
    """The decision points argued at an assembly: their cases are on the faction cards."""
    return {assembly.decision for assembly in story.assemblies.values()}


def other_decisions(story: Story, faction_id: str, points: list[DecisionPoint]) -> list[Decision]:
    """The decision points outside the assemblies where ``faction_id`` is heard, in class order."""
    at_assemblies = assembly_decisions(story)
    return [
        p.decision for p in points if p.decision.id not in at_assemblies and cases_by(p.decision, faction_id)
    ]


def _faction_card(story: Story, faction: Faction, points: list[DecisionPoint]) -> Card:
    doc = Document()
    doc.heading(2, text(faction.name))
    doc.para("*Faction card: you argue this side's case at the assemblies.*")
    _fields(
        doc,
        (("Who you are", faction.who), ("What you want", faction.wants), ("What you fear", faction.fears)),
    )
    assemblies = Document()
    heard = False
    for assembly in story.assemblies.values():
        decision = story.decisions.get(assembly.decision)
        if decision is None or not cases_by(decision, faction.id):
            continue
        heard = True
        assemblies.heading(4, text(assembly.title))
        faction_case(assemblies, decision, faction.id)
    if heard:
        doc.heading(3, "Your case at the assemblies")
        doc.extend(assemblies)
    others = other_decisions(story, faction.id, points)
    if others:
        count = f"{len(others)} other decision point{'s' * (len(others) != 1)}"
        doc.para(f"*Your side's case at {count} is in your faction brief* (`{BRIEFS_FILE}`).")
    return Card("faction", faction.id, faction.name, doc.markdown())


def faction_case(doc: Document, decision: Decision, faction_id: str) -> None:
    """The decision's question, then each case ``faction_id`` makes there."""
    if decision.question:
        doc.para(f"*The question:* {text(decision.question)}")
    for case in cases_by(decision, faction_id):
        doc.para(f"**Your case:** {text(case.text)}")


def _role_card(role: Role, points: list[DecisionPoint]) -> Card:
    doc = Document()
    doc.heading(2, text(role.name))
    doc.para(f"*Player's card: play this role with* `moscow1921 play --role {role.id}`")
    _fields(
        doc,
        (
            ("Who you are", role.description),
            ("Who this character is made of", role.composite),
            ("What you want", role.wants),
            ("What you fear", role.fears),
        ),
    )
    if role.real_people:
        doc.heading(3, "Real people you meet")
        doc.bullets([text(person) for person in role.real_people])
    faced = [p.decision for p in points if any(r.id == role.id for r in p.roles)]
    if faced:
        doc.heading(3, "Decisions you may face")
        doc.bullets([f"**{text(d.title)}**" + (f": {text(d.question)}" if d.question else "") for d in faced])
    return Card("role", role.id, role.name, doc.markdown())


def _fields(doc: Document, fields: tuple[tuple[str, str], ...]) -> None:
    for label, value in fields:
        if value:
            doc.para(f"**{label}:** {text(value)}")
