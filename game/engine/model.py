"""The immutable story: what authors wrote, checked and frozen.

Nothing here changes while a game is played; all progress lives in
:class:`game.engine.state.GameState`.  Authored choices (:class:`Choice`) are
distinct from the runtime view of a choice offered to the player
(:class:`game.engine.play.Option`), as ink separates ChoicePoint and Choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from game.engine.passage import EMPTY, NamedText, Passage

if TYPE_CHECKING:
    from game.engine.expr_tree import Expr

Value = int | bool
"""A variable's value: a whole number or a flag."""

DEFAULT_ROLE_PROMPT = "Who will you be?"
"""The question over the roles of a story that does not write its own ``role_prompt``."""

SUMMARY_WORDS = 70
"""The most words a decision's ``summary`` may have: the what-happened panel's first view, which
holds it beside the player's choice, history's and one quotation, fits an 80x24 terminal."""

FORMAT_VERSION = 1
"""Version of the scene format this engine reads."""

GLOSSARY_MARK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]")
"""A glossary mark in story text: ``[[term]]``, or ``[[term|words shown]]``."""


def plain_prose(text: str) -> str:
    """Story text as the reader sees it: ``[[NEP|the new policy]]`` reads "the new policy"."""
    return GLOSSARY_MARK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)


def plain_line(text: str) -> str:
    """Story text as the reader sees it, on one line: line breaks and runs of spaces become one space."""
    return " ".join(plain_prose(text).split())


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Story text split where the author left a blank line, each paragraph on one line
    (glossary marks are left in: each front end shows them its own way)."""
    return [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


@dataclass(frozen=True, slots=True)
class Pos:
    """Where something was written: a file and a 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Source:
    """A verbatim quotation from the talk and its attribution."""

    quote: str
    cite: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A work the story quotes: how its sources cite it, how play shows that citation, and in full.

    A source whose ``cite`` starts with :attr:`cite` is shown in play as :attr:`short` followed
    by the rest of its cite ("Pirani, 2006 talk (quoting Lenin)"); the full reference is shown
    once, in a sources list and on the about screen."""

    cite: str
    short: str
    full: str


@dataclass(frozen=True, slots=True)
class Argument:
    """An interpretation, always attributed to whoever holds it."""

    by: str
    text: str


@dataclass(frozen=True, slots=True)
class Variable:
    id: str
    name: str
    default: Value
    minimum: int | None = None
    maximum: int | None = None
    words: tuple[tuple[int, str], ...] = ()
    hidden: bool = False

    @property
    def is_flag(self) -> bool:
        return isinstance(self.default, bool)

    def clamp(self, value: Value) -> Value:
        if self.is_flag:
            return bool(value)
        assert self.minimum is not None and self.maximum is not None
        return max(self.minimum, min(self.maximum, int(value)))

    def describe(self, value: Value) -> str:
        """The value as a player reads it: a word if the author gave words."""
        if self.is_flag:
            return "yes" if value else "no"
        shown = str(value)
        for lowest, word in self.words:
            if value >= lowest:
                shown = word
        return shown


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    description: str
    start: str
    composite: str = ""  # who the invented character is made of
    real_people: tuple[str, ...] = ()  # "Name: who they were", one per real person met
    wants: str = ""
    fears: str = ""
    starts_with: tuple[tuple[str, int | bool], ...] = ()  # values this role begins with, over the defaults


@dataclass(frozen=True, slots=True)
class Faction:
    """A side argued at the assemblies; the classroom handouts give each a role card."""

    id: str
    name: str
    who: str
    wants: str
    fears: str


@dataclass(frozen=True, slots=True)
class Case:
    """One faction's case at a decision point, in its strongest form."""

    by: str  # a faction id
    text: str


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    start: str  # the scene a save falls back to when its own scene was removed


@dataclass(frozen=True, slots=True)
class Effect:
    """One change a choice makes: ``set`` a variable to an expression or ``add`` to it."""

    variable: str
    kind: str  # "set" | "add"
    expr: Expr


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: Passage  # rendered for the player by game.engine.view (options carry the text)
    next: str
    condition: Expr | None = None
    condition_text: str | None = None
    unavailable: str | None = None  # reason shown when the condition is false
    effects: tuple[Effect, ...] = ()
    historical: bool = False
    pos: Pos | None = field(default=None, compare=False)
    aftermath: Passage = EMPTY  # shown at the top of the scene or ending this choice leads to
    label: str = ""  # the text as written, outside play (reports, handouts, maps): its default rendering


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    chapter: str
    date: str
    place: str
    title: str
    prose: Passage
    choices: tuple[Choice, ...]
    decision: str | None = None
    pos: Pos | None = field(default=None, compare=False)

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    title: str
    question: str
    happened: str
    sources: tuple[Source, ...]
    argument: Argument | None = None
    background: str = ""  # a paragraph setting the scene for a class
    discuss: tuple[str, ...] = ()  # discussion questions
    cases: tuple[Case, ...] = ()  # each side's case, in the order heard
    summary: str = ""  # the short account: what the what-happened panel shows first
    teacher_note: str = ""  # for the teacher's guide only: notes to teachers and authors


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolution put to the vote at an assembly, and what became of it."""

    id: str
    text: str
    happened: str
    passed: bool | None = None  # None: the source does not say


@dataclass(frozen=True, slots=True)
class CompositionGroup:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Composition:
    """The real body's make-up, only as far as the source gives it."""

    total: int
    groups: tuple[CompositionGroup, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Assembly:
    """An assembly a class can re-enact: its setting, the cases heard, the votes, the outcome."""

    id: str
    title: str
    decision: str
    setting: str
    resolutions: tuple[Resolution, ...]
    composition: Composition | None = None


@dataclass(frozen=True, slots=True)
class Character:
    """A named person of a role's story (a composite), whose fate every ending of that role tells."""

    id: str
    name: str
    roles: tuple[str, ...]
    who: str = ""


@dataclass(frozen=True, slots=True)
class Fate:
    """What became of one character, in one ending (rendered by state, like all story text)."""

    character: str  # a character id
    text: Passage


@dataclass(frozen=True, slots=True)
class Ending:
    id: str
    title: str
    epilogue: Passage
    history: Passage
    sources: tuple[Source, ...] = ()
    fates: tuple[Fate, ...] = ()


GENERAL_NOTE = "general knowledge, not from the talk"
"""The quiet note after the part of a glossary entry that the story's source does not give."""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A word of the period, as students read it: ``general`` (if any) is what general knowledge
    adds, shown first and marked with :data:`GENERAL_NOTE`; ``definition`` is what the talk says.
    ``teacher_note`` is for the teacher's guide only (what the talk leaves out, say)."""

    term: str
    definition: str
    also: tuple[str, ...] = ()
    general: str = ""
    teacher_note: str = ""

    def reading(self) -> tuple[tuple[str, bool], ...]:
        """The entry as students read it, in pieces to be joined with a space: ``(text, is_note)``.
        The general part comes first, the note in brackets takes its full stop, then the talk's part."""
        if not self.general:
            return ((self.definition, False),)
        general = self.general.strip()
        stop = general[-1] if general[-1:] in ".!?" else "."
        pieces = [(general.removesuffix(stop), False), (f"({GENERAL_NOTE}){stop}", True)]
        if self.definition:
            pieces.append((self.definition, False))
        return tuple(pieces)

    @property
    def text(self) -> str:
        """The entry as one paragraph of plain text, the note in brackets."""
        return " ".join(piece for piece, _ in self.reading())


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    text: str
    scene: str | None = None
    decision: str | None = None
    quote: str | None = None
    cite: str | None = None


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Story:
    """A whole checked story.  Build one with :func:`game.loading.load_story`."""

    title: str
    version: int
    about: str
    variables: Mapping[str, Variable]
    roles: Mapping[str, Role]
    chapters: Mapping[str, Chapter]
    scenes: Mapping[str, Scene]
    decisions: Mapping[str, Decision]
    endings: Mapping[str, Ending]
    glossary: Mapping[str, GlossaryTerm]
    timeline: tuple[TimelineEntry, ...] = ()
    factions: Mapping[str, Faction] = field(default_factory=dict)
    assemblies: Mapping[str, Assembly] = field(default_factory=dict)
    texts: Mapping[str, NamedText] = field(default_factory=dict)
    characters: Mapping[str, Character] = field(default_factory=dict)
    subtitle: str = ""  # under the title on the title screen
    note: str = ""  # one line at the foot of the title screen and the debrief
    role_prompt: str = DEFAULT_ROLE_PROMPT  # the role screen's question
    references: tuple[Reference, ...] = ()  # the works quoted, for short citations in play
    content_note: str = ""  # what may distress a reader and the age it suits (about screen, teacher's guide)

    def __post_init__(self) -> None:
        for name in (
            "variables",
            "roles",
            "chapters",
            "scenes",
            "decisions",
            "endings",
            "glossary",
            "factions",
            "assemblies",
            "texts",
            "characters",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def glossary_terms(self, text: str) -> list[GlossaryTerm]:
        """The glossary terms marked in ``text`` (a scene's prose as shown), in order of first mark."""
        found: dict[str, GlossaryTerm] = {}
        for match in GLOSSARY_MARK.finditer(text):
            term = self.glossary_lookup(" ".join(match.group(1).split()))
            if term is not None:
                found.setdefault(term.term, term)
        return list(found.values())

    def glossary_lookup(self, word: str) -> GlossaryTerm | None:
        """Find a glossary term by its name or one of its other spellings (any case)."""
        folded = word.casefold()
        for entry in self.glossary.values():
            if entry.term.casefold() == folded or any(a.casefold() == folded for a in entry.also):
                return entry
        return None
