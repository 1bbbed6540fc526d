"""What the what-happened panel shows first, and what it shows on request (issue 11, items 1-3).

The first layer: your choice, history's (as words: the same way, another way, or no single
answer), the short account (the decision's ``summary``, else the first sentences of
``happened``) and one quotation with a short citation.  The full account: the question, what
happened, the background, each side's case, every source, the argument and the questions.
The end of the game sets the decisions beside history's as something to think about, not a
score, counting every decision listed.

Pure: no HTML here (game.webapp.story_html turns the texts into markup).  This is the web
edition's own small copy until the engine's headless panel (game/engine/panel.py, being built
for the terminal by the same rules) lands on main; then the pages use that one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.model import Argument, Decision, Source, Story
from game.engine.view import JournalEntry

__all__ = ["JournalEntry", "Panel", "citation", "comparison", "panel"]

SAME = "History went the same way."
OTHER = "History went another way:"
OPEN = "The record gives no single answer to set beside yours."
REFLECTION = (
    "This is not a score. Where your road and history's part, ask why people chose as they did "
    "then, and what your choice would have asked of them."
)
SHORT_CITE = ("Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006", "Pirani, 2006 talk")
FULL_REFERENCE = "Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006."
SUMMARY_FALLBACK = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(\[]*[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Citation:
    source: Source
    cite: str  # short, as play shows it


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str  # "same", "other" or "open"
    words: str
    listed: tuple[str, ...]  # history's choices, shown when it went another way


@dataclass(frozen=True, slots=True)
class Case:
    side: str
    text: str


@dataclass(frozen=True, slots=True)
class FirstLayer:
    title: str
    chosen: str
    verdict: Verdict
    summary: str
    quotation: Citation | None


@dataclass(frozen=True, slots=True)
class FullAccount:
    question: str
    happened: str
    background: str
    cases: tuple[Case, ...]
    sources: tuple[Citation, ...]
    references: tuple[str, ...]
    argument: Argument | None
    discuss: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    first: FirstLayer
    full: FullAccount


def short_cite(cite: str) -> str:
    flat = " ".join(cite.split())
    long, short = SHORT_CITE
    return short + flat[len(long) :] if flat.startswith(long) else flat


def citation(story: Story, source: Source) -> Citation:
    return Citation(source, short_cite(source.cite))


def verdict(entry: JournalEntry) -> Verdict:
    if not entry.historical:
        return Verdict("open", OPEN, ())
    if entry.matched:
        return Verdict("same", SAME, ())
    return Verdict("other", OTHER, entry.historical_texts)


def summary(decision: Decision) -> str:
    if decision.summary.strip():
        return " ".join(decision.summary.split())
    taken = ""
    for sentence in _SENTENCE_END.split(" ".join(decision.happened.split())):
        candidate = f"{taken} {sentence}".strip()
        if taken and len(candidate) > SUMMARY_FALLBACK:
            break
        taken = candidate
    return taken


def panel(story: Story, entry: JournalEntry) -> Panel:
    decision = entry.decision
    sources = tuple(citation(story, source) for source in decision.sources)
    first = FirstLayer(
        decision.title, entry.chosen_text, verdict(entry), summary(decision), sources[0] if sources else None
    )
    cases = tuple(
        Case(story.factions[case.by].name if case.by in story.factions else case.by, case.text)
        for case in decision.cases
    )
    cited = any(" ".join(s.cite.split()).startswith(SHORT_CITE[0]) for s in decision.sources)
    full = FullAccount(
        decision.question,
        decision.happened,
        decision.background,
        cases,
        sources,
        (FULL_REFERENCE,) if cited else (),
        decision.argument,
        decision.discuss,
    )
    return Panel(first, full)


@dataclass(frozen=True, slots=True)
class Comparison:
    same: int
    other: int
    open: int

    @property
    def total(self) -> int:
        return self.same + self.other + self.open

    def sentence(self) -> str:
        if not self.total:
            return "No decisions taken yet."
        parts = []
        if self.same:
            parts.append(f"at {self.same} history went the same way")
        if self.other:
            parts.append(f"at {self.other} it went another way")
        if self.open:
            parts.append(f"at {self.open} the record gives no single answer")
        counted = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"You took {self.total} decision{'s' * (self.total != 1)}: {counted}."


def comparison(entries: Sequence[JournalEntry]) -> Comparison:
    kinds = [verdict(entry).kind for entry in entries]
    return Comparison(kinds.count("same"), kinds.count("other"), kinds.count("open"))
