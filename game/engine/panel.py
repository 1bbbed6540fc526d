"""The "what happened" panel in layers, and the words every front end uses to set a choice beside history.

After a decision point a player first reads a short layer that fits a small screen (their
choice, history's, the short account and one quotation); one key opens the full account
(what happened, the background, each side's case, every source, the argument, the questions).
Which text goes in which layer is decided here, once, for the Textual player, the plain
player, the browser and the debrief.  Pure: no rendering, no markup; glossary marks are kept
for each front end to show its own way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from game.engine.model import Argument, Decision, Source, Story
from game.engine.view import JournalEntry

YOU_CHOSE = "You chose"
HISTORY = "History"
SAME = "History went the same way."
OTHER = "History went another way:"
OPEN = "The record gives no single answer to set beside yours."
FULL_ACCOUNT = "The full account"
REFLECTION = (
    "This is not a score. Where your road and history's part, ask why people chose as they did "
    "then, and what your choice would have asked of them."
)

SUMMARY_FALLBACK = 300
"""Characters of ``happened`` the short account may borrow when a decision has no ``summary``."""

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(\[]*[A-Z0-9])")

Kind = Literal["same", "other", "open"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The player's choice against history's: the same, another way, or no single answer."""

    kind: Kind
    words: str  # SAME, OTHER or OPEN
    historical: tuple[str, ...]  # history's choices, as they read then

    @property
    def listed(self) -> tuple[str, ...]:
        """History's choices to list under the words: only when history went another way."""
        return self.historical if self.kind == "other" else ()


@dataclass(frozen=True, slots=True)
class Citation:
    """A quotation with its citation as play shows it (short)."""

    source: Source
    cite: str


@dataclass(frozen=True, slots=True)
class Case:
    side: str  # the faction's name
    text: str


@dataclass(frozen=True, slots=True)
class FirstLayer:
    """What a player reads first: it fits an 80x24 terminal."""

    title: str
    chosen: str
    verdict: Verdict
    summary: str
    quotation: Citation | None


@dataclass(frozen=True, slots=True)
class FullAccount:
    """Everything else, on request."""

    question: str
    happened: str
    background: str
    cases: tuple[Case, ...]
    sources: tuple[Citation, ...]
    references: tuple[str, ...]  # the full references of those sources, each once
    argument: Argument | None
    discuss: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    first: FirstLayer
    full: FullAccount


def panel(story: Story, entry: JournalEntry) -> Panel:
    """The two layers of the what-happened panel for one decision taken."""
    decision = entry.decision
    sources = tuple(Citation(source, short_cite(story, source.cite)) for source in decision.sources)
    first = FirstLayer(
        decision.title, entry.chosen_text, verdict(entry), summary(decision), sources[0] if sources else None
    )
    cases = tuple(
        Case(story.factions[case.by].name if case.by in story.factions else case.by, case.text)
        for case in decision.cases
    )
    full = FullAccount(
        decision.question,
        decision.happened,
        decision.background,
        cases,
        sources,
        references(story, decision.sources),
        decision.argument,
        decision.discuss,
    )
    return Panel(first, full)


def verdict(entry: JournalEntry) -> Verdict:
    if not entry.historical:
        return Verdict("open", OPEN, ())
    if entry.matched:
        return Verdict("same", SAME, entry.historical_texts)
    return Verdict("other", OTHER, entry.historical_texts)


def summary(decision: Decision) -> str:
    """The short account: the decision's ``summary``, else the first sentences of ``happened``
    (as many as fit in :data:`SUMMARY_FALLBACK` characters, at least one)."""
    if decision.summary.strip():
        return " ".join(decision.summary.split())
    happened = " ".join(decision.happened.split())
    taken = ""
    for sentence in _SENTENCE_END.split(happened):
        candidate = f"{taken} {sentence}".strip()
        if taken and len(candidate) > SUMMARY_FALLBACK:
            break
        taken = candidate
    return taken


def short_cite(story: Story, cite: str) -> str:
    """A citation as play shows it: a reference's short form and the rest of the cite."""
    flat = " ".join(cite.split())
    for reference in story.references:
        if flat.startswith(reference.cite):
            return reference.short + flat[len(reference.cite) :]
    return flat


def references(story: Story, sources: Iterable[Source]) -> tuple[str, ...]:
    """The full references of ``sources``, in order of first use, each once (cites matching no
    reference are shown in full already, so they are not listed again)."""
    found: dict[str, None] = {}
    for source in sources:
        flat = " ".join(source.cite.split())
        for reference in story.references:
            if flat.startswith(reference.cite):
                found.setdefault(reference.full)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A run's decisions beside history's, counted once so every front end says the same."""

    same: int
    other: int
    open: int

    @property
    def total(self) -> int:
        return self.same + self.other + self.open

    def sentence(self) -> str:
        """One sentence that counts every decision listed, none left out."""
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
        decisions = "decision" if self.total == 1 else "decisions"
        return f"You took {self.total} {decisions}: {counted}."


def comparison(entries: Sequence[JournalEntry]) -> Comparison:
    kinds = [verdict(entry).kind for entry in entries]
    return Comparison(kinds.count("same"), kinds.count("other"), kinds.count("open"))
