"""Probes: the places where story text reads the state, found once per story for explore.

A probe is one alternative (``{if ...}``), printed variable or named text, inside a scene's
prose or a choice's text (read at that scene), an aftermath line (read on one choice's way
to its target) or an ending. Its *outcome* in a state is what it shows there; its *facts*
are what it reads (its conditions and those of the branches that enclose it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from game.engine.explore_exprs import ExprReads
from game.engine.expr_eval import Context
from game.engine.expr_tree import Expr
from game.engine.model import Pos, Story
from game.engine.passage import Alternatives, Insert, NamedText, Part, Passage
from game.engine.reads import Fact
from game.engine.stats import words
from game.engine.text import chosen_branch, chosen_case

Guard = tuple[Alternatives | NamedText, int]
"""An enclosing branch (or named text case) that must be the one shown for a probe to be read."""
Outcome = int | str | None
"""What a probe shows: a branch or case number (-1: no branch holds), a printed value, or None
when it is not shown at all (an enclosing branch is not the one shown)."""


@dataclass(frozen=True, eq=False)
class Probe:
    """One place where text reads the state, at one scene or ending (or on one choice's way)."""

    number: int
    target: Alternatives | Insert
    named: NamedText | None  # for an Insert of a named text: the text
    where: str  # the scene or ending where it is read
    via: tuple[str, str] | None  # for an aftermath: (scene, choice) of the choice that leads here
    guards: tuple[Guard, ...]
    facts: frozenset[Fact]
    label: str  # "the prose of 'mw_start'", for messages
    asks_role: bool = (
        False  # whether a condition it evaluates asks role() (else it reads alike in every role)
    )
    ints: frozenset[int] = frozenset()  # the whole numbers its conditions mention
    _words: dict[Outcome, int] = field(default_factory=dict, repr=False)  # own_words, once per outcome

    @property
    def pos(self) -> Pos | None:
        return self.target.pos

    def outcome(self, story: Story, ctx: Context) -> Outcome:
        for guarded, number in self.guards:
            if isinstance(guarded, Alternatives):
                if chosen_branch(guarded, ctx) != number:
                    return None
            else:
                case = chosen_case(guarded, ctx)
                if case is None or guarded.cases.index(case) != number:
                    return None
        target = self.target
        if isinstance(target, Alternatives):
            shown = chosen_branch(target, ctx)
            return -1 if shown is None else shown
        if self.named is not None:
            case = chosen_case(self.named, ctx)
            return -1 if case is None else self.named.cases.index(case)
        return story.variables[target.name].describe(ctx.value(target.name))

    def own_words(self, story: Story, outcome: Outcome) -> int:
        """The words this probe itself shows for ``outcome`` (nested probes count their own)."""
        counted = self._words.get(outcome)
        if counted is None:
            counted = self._words[outcome] = self._count_words(story, outcome)
        return counted

    def _count_words(self, story: Story, outcome: Outcome) -> int:
        if outcome is None or outcome == -1:
            return 0
        if isinstance(outcome, str):
            return words(outcome)
        if isinstance(self.target, Alternatives):
            return literal_words(self.target.branches[outcome].body)
        assert self.named is not None
        return literal_words(self.named.cases[outcome].passage.parts)


def _conditions(guarded: Alternatives | Insert | NamedText) -> Iterator[Expr]:
    """The conditions of an alternative's branches or a named text's cases."""
    if isinstance(guarded, Alternatives):
        yield from (b.condition for b in guarded.branches if b.condition is not None)
    elif isinstance(guarded, NamedText):
        yield from (c.condition for c in guarded.cases if c.condition is not None)


def literal_words(parts: Sequence[Part]) -> int:
    """Words in the literal text of ``parts`` (not inside alternatives or printed values)."""
    return sum(words(part) for part in parts if isinstance(part, str))


# ---------------------------------------------------------------- finding probes


def _guard_facts(guards: tuple[Guard, ...], reads: ExprReads) -> set[Fact]:
    found: set[Fact] = set()
    for guarded, _ in guards:
        for condition in _conditions(guarded):
            found |= reads(condition).facts
    return found


@dataclass
class _Finder:
    story: Story
    reads: ExprReads
    probes: list[Probe] = field(default_factory=list)

    def passage(
        self,
        passage: Passage,
        where: str,
        via: tuple[str, str] | None,
        label: str,
        guards: tuple[Guard, ...] = (),
    ) -> None:
        self._parts(passage.parts, where, via, label, guards, frozenset())

    def _parts(
        self,
        parts: Sequence[Part],
        where: str,
        via: tuple[str, str] | None,
        label: str,
        guards: tuple[Guard, ...],
        inside: frozenset[str],
    ) -> None:
        for part in parts:
            if isinstance(part, str):
                continue
            if isinstance(part, Alternatives):
                facts = _guard_facts(((part, 0), *guards), self.reads)
                self._add(part, None, where, via, guards, facts, label)
                for number, branch in enumerate(part.branches):
                    self._parts(branch.body, where, via, label, (*guards, (part, number)), inside)
                continue
            variable = self.story.variables.get(part.name)
            if variable is not None:
                self._add(
                    part, None, where, via, guards, _guard_facts(guards, self.reads) | {part.name}, label
                )
                continue
            named = self.story.texts.get(part.name)
            if named is None or part.name in inside:
                continue
            facts = _guard_facts(((named, 0), *guards), self.reads)
            self._add(part, named, where, via, guards, facts, label)
            for number, case in enumerate(named.cases):
                self._parts(
                    case.passage.parts, where, via, label, (*guards, (named, number)), inside | {named.id}
                )

    def _add(
        self,
        target: Alternatives | Insert,
        named: NamedText | None,
        where: str,
        via: tuple[str, str] | None,
        guards: tuple[Guard, ...],
        facts: set[Fact],
        label: str,
    ) -> None:
        asks = False
        ints: set[int] = set()
        for condition in _evaluated(target, named, guards):
            found = self.reads(condition)
            asks = asks or found.asks_role
            ints |= found.ints
        self.probes.append(
            Probe(
                len(self.probes),
                target,
                named,
                where,
                via,
                guards,
                frozenset(facts),
                label,
                asks,
                frozenset(ints),
            )
        )


def find_probes(story: Story, reads: ExprReads | None = None) -> list[Probe]:
    """Every probe of a story, in story order (a passage that reads nothing holds none)."""
    finder = _Finder(story, ExprReads() if reads is None else reads)
    for scene in story.scenes.values():
        if not scene.prose.is_static:
            finder.passage(scene.prose, scene.id, None, f"the prose of '{scene.id}'")
        for choice in scene.choices:
            if not choice.text.is_static:
                label = f"the text of the choice '{choice.id}' in '{scene.id}'"
                finder.passage(choice.text, scene.id, None, label)
            if not choice.aftermath.is_static:
                label = f"the aftermath of the choice '{choice.id}' in '{scene.id}'"
                finder.passage(choice.aftermath, choice.next, (scene.id, choice.id), label)
    for ending in story.endings.values():
        if not ending.epilogue.is_static:
            finder.passage(ending.epilogue, ending.id, None, f"the epilogue of '{ending.id}'")
        if not ending.history.is_static:
            finder.passage(ending.history, ending.id, None, f"the history of '{ending.id}'")
        for fate in ending.fates:
            if not fate.text.is_static:
                label = f"the fate of '{fate.character}' in '{ending.id}'"
                finder.passage(fate.text, ending.id, None, label)
    return finder.probes


def text_literals(probes: Sequence[Probe]) -> Iterator[int]:
    """Every whole number the probes' conditions mention (for saturating visit counts)."""
    for probe in probes:
        yield from probe.ints


def _evaluated(
    target: Alternatives | Insert, named: NamedText | None, guards: tuple[Guard, ...]
) -> Iterator[Expr]:
    """Every condition a probe evaluates: its own, its named text's and its guards'."""
    for guarded, _ in ((target, 0), *guards):
        yield from _conditions(guarded)
    if named is not None:
        yield from _conditions(named)
