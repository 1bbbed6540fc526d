"""Role cards, as Markdown: one per faction (the sides argued at the assemblies) and one
per player role.  Each card is printed on a page of its own."""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_facts import DecisionPoint, cases_by, decision_points
from game.classroom.handouts_markdown import Document, text
from game.engine.model import Decision, Faction, Role, Story


@dataclass(frozen=True)
class Card:
    kind: str  # "faction" or "role"
    ident: str
    name: str
    main: str  # Markdown: who you are, wants, fears, the assemblies
    more: str = ""  # Markdown: a faction's cases at the other decision points (set in two columns)

    @property
    def markdown(self) -> str:
        return self.main + ("\n" + self.more if self.more else "")


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


def _faction_card(story: Story, faction: Faction, points: list[DecisionPoint]) -> Card:
    doc = Document()
    doc.heading(2, text(faction.name))
    doc.para("*Faction card: you argue this side's case at the assemblies.*")
    _fields(
        doc,
        (("Who you are", faction.who), ("What you want", faction.wants), ("What you fear", faction.fears)),
    )
    at_assemblies = set()
    assemblies = Document()
    for assembly in story.assemblies.values():
        decision = story.decisions.get(assembly.decision)
        if decision is None or not cases_by(decision, faction.id):
            continue
        at_assemblies.add(decision.id)
        assemblies.heading(4, text(assembly.title))
        _case(assemblies, decision, faction.id)
    if at_assemblies:
        doc.heading(3, "Your case at the assemblies")
        doc.extend(assemblies)
    others = [
        p.decision for p in points if p.decision.id not in at_assemblies and cases_by(p.decision, faction.id)
    ]
    more = Document()
    if others:
        more.heading(3, "Your case at other decision points")
        for decision in others:
            cases = " ".join(text(case.text) for case in cases_by(decision, faction.id))
            more.para(f"**{text(decision.title)}.** {cases}")
    return Card("faction", faction.id, faction.name, doc.markdown(), more.markdown() if others else "")


def _case(doc: Document, decision: Decision, faction_id: str) -> None:
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
