"""What the story builder accumulates from many files, and the small readers every section shares.

:class:`BuilderBase` holds every definition read in pass 1 (see :mod:`game.loading.builder`);
the section readers in :mod:`~game.loading.build_sections`, :mod:`~game.loading.build_history`,
:mod:`~game.loading.build_scenes` and :mod:`~game.loading.build_text` extend it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from game.engine.expr_tree import ExprError
from game.engine.model import (
    DEFAULT_ROLE_PROMPT,
    GLOSSARY_MARK,
    Assembly,
    Character,
    Decision,
    Ending,
    Faction,
    GlossaryTerm,
    Pos,
    Reference,
    Role,
    Source,
    TimelineEntry,
    Variable,
)
from game.engine.passage import NamedText
from game.loading.fields import Reader
from game.loading.problems import Problem
from game.loading.yaml_tree import LiteralScalar, YMap, YNode, YScalar, new_pos


@dataclass
class RawChoice:
    node: YMap
    fields: dict[str, YNode]
    id: str | None
    text: str | None
    next: str | None


@dataclass
class RawScene:
    node: YMap
    fields: dict[str, YNode]
    id: str
    choices: list[RawChoice] = field(default_factory=list)


@dataclass
class RawEnding:
    node: YMap
    fields: dict[str, YNode]
    id: str


@dataclass
class BuilderBase:
    """Every definition read so far (pass 1), and what pass 2 builds from them."""

    reader: Reader = field(default_factory=Reader)
    story_node: YMap | None = None
    title: str | None = None
    version: int | None = None
    about: str = ""
    subtitle: str = ""
    note: str = ""
    role_prompt: str = DEFAULT_ROLE_PROMPT
    references: list[Reference] = field(default_factory=list)
    content_note: str = ""  # what may distress a reader, and the age the story suits
    variables: dict[str, Variable] = field(default_factory=dict)
    variable_pos: dict[str, Pos] = field(default_factory=dict)
    roles: dict[str, tuple[Role, Pos]] = field(default_factory=dict)
    role_starts: dict[str, YNode] = field(default_factory=dict)  # a role's set: (checked in pass 2)
    chapters: dict[str, tuple[YMap, str, str | None]] = field(default_factory=dict)
    scenes: dict[str, RawScene] = field(default_factory=dict)
    decisions: dict[str, tuple[Decision, Pos]] = field(default_factory=dict)
    raw_endings: dict[str, RawEnding] = field(default_factory=dict)
    endings: dict[str, Ending] = field(default_factory=dict)  # built in pass 2
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    glossary_folded: set[str] = field(default_factory=set)  # every term's casefold, to find repeats fast
    timeline: list[tuple[TimelineEntry, YMap]] = field(default_factory=list)
    factions: dict[str, tuple[Faction, Pos]] = field(default_factory=dict)
    cases: list[tuple[str, YNode]] = field(default_factory=list)  # faction ids named by cases, to check
    assemblies: dict[str, tuple[Assembly, YMap]] = field(default_factory=dict)
    characters: dict[str, tuple[Character, Pos]] = field(default_factory=dict)
    raw_texts: dict[str, tuple[YNode, Pos]] = field(default_factory=dict)  # named texts, built in pass 2
    texts: dict[str, NamedText] = field(default_factory=dict)
    marks: list[tuple[str, Pos]] = field(default_factory=list)  # glossary marks to check
    id_pos: dict[str, Pos] = field(default_factory=dict)  # scenes and endings share one namespace
    checked: dict[tuple[str, str | None], list[ExprError]] = field(default_factory=dict)  # see _check

    def _items(self, node: YNode | None, section: str) -> list[tuple[YMap, str]]:
        """The mappings of a list section, each with its valid id."""
        r = self.reader
        seq = r.sequence(node, section)
        out: list[tuple[YMap, str]] = []
        if seq is None:
            return out
        for item in seq.items:
            m = r.mapping(item, f"an item of {section}")
            if m is None:
                continue
            id_node = m.get("id")
            if id_node is None:
                r.report(m.pos, f"an item of {section} has no id", "add id: some_name")
                continue
            ident = r.ident(id_node, "id")
            if ident is not None:
                out.append((m, ident))
        return out

    def _records(
        self, node: YNode | None, what: str, item_what: str, keys: list[str]
    ) -> list[dict[str, YNode]]:
        """The fields of each mapping in a list of small mappings (sources, cases, groups)."""
        r = self.reader
        seq = r.sequence(node, what)
        out = []
        for item in seq.items if seq else ():
            m = r.mapping(item, item_what)
            if m is not None:
                out.append(r.fields(m, item_what, keys))
        return out

    def _texts(self, node: YNode | None, what: str, item_what: str) -> tuple[str, ...]:
        """A list of texts (``discuss:``, ``real_people:``); an absent key is an empty tuple."""
        if node is None:
            return ()
        seq = self.reader.sequence(node, what)
        out = []
        for item in seq.items if seq else ():
            text = self.reader.text(item, item_what)
            if text:
                out.append(text)
        return tuple(out)

    def _sources(self, node: YNode | None, what: str) -> tuple[Source, ...]:
        r = self.reader
        out: list[Source] = []
        for f in self._records(node, f"the sources of {what}", f"a source of {what}", ["quote", "cite"]):
            quote, cite = r.text(f.get("quote"), "quote"), r.text(f.get("cite"), "cite")
            if quote and cite:
                out.append(Source(quote.strip(), cite.strip()))
        return tuple(out)

    def _claim(self, ident: str, pos: Pos, what: str) -> bool:
        if ident in self.id_pos:
            self.reader.report(
                pos,
                f"{what} id '{ident}' is already used (at {self.id_pos[ident]})",
                "scenes and endings share one set of ids; rename one",
            )
            return False
        self.id_pos[ident] = pos
        return True

    def _collect_marks(self, text: str, node: YNode, at: Callable[[int], Pos] | None = None) -> None:
        """Note the glossary marks in ``text`` (``at``: its :func:`positions`, if made already)."""
        if "[[" not in text:
            return
        if at is None:
            at = positions(node, text)
        for match in GLOSSARY_MARK.finditer(text):
            self.marks.append((match.group(1).strip(), at(match.start())))


def plain(node: YNode | None) -> object:
    return node.value if isinstance(node, YScalar) else None


def folder_problem(message: str, hint: str) -> Problem:
    return Problem("(story folder)", 1, 1, message, hint)


def offset_pos(node: YNode, text: str, offset: int) -> Pos:
    """The file position of character ``offset`` of ``text``, a scalar's value as read.

    Exact for text on one line and for text over several lines (block scalars, long plain
    or single-quoted scalars), from the lines' anchors the YAML reader records; for
    double-quoted text with escapes, the nearest line it could line up."""
    return positions(node, text)(offset)


def start_pos(node: YNode, text: str) -> Pos:
    """``positions(node, text)(0)``, quicker for text on one line: where ``text`` starts."""
    if node.__class__ is LiteralScalar:  # where its first line starts (it has no leading blank line)
        file, line, _ = node.where
        return new_pos(file, line + 1, node.margin + 1)
    if isinstance(node, YScalar) and not node.anchors:
        base = node.pos
        return new_pos(base.file, base.line, base.col + 1) if node.quoted else base
    return positions(node, text)(0)


def positions(node: YNode, text: str) -> Callable[[int], Pos]:
    """:func:`offset_pos` for many offsets into the same text: the work that depends only on
    the text is done once."""
    if node.__class__ is LiteralScalar:
        return _literal_positions(node, text)
    return _anchored_positions(node, text)


def _anchored_positions(node: YNode, text: str) -> Callable[[int], Pos]:
    """:func:`positions` from the node's anchors (or, without them, from its start)."""
    base = node.pos
    file = base.file
    plain = _plain_positions(node, text)
    if not isinstance(node, YScalar) or not node.anchors:
        return plain
    raw = node.value if isinstance(node.value, str) else text
    lead = len(raw) - len(raw.lstrip("\n")) if text != raw else 0  # the reader strips blank lines
    marks = node.anchors
    first = marks[0][0]

    def at(offset: int) -> Pos:
        offset += lead
        if offset < first:
            return plain(offset - lead)
        value_offset, line, col = marks[bisect_right(marks, (offset, 1 << 62, 0)) - 1]
        return new_pos(file, line, col + offset - value_offset)

    return at


def _literal_positions(node: LiteralScalar, text: str) -> Callable[[int], Pos]:
    """:func:`positions` of a literal block text, worked out from its margin: each of its lines
    was cut at the same column, so a place in it is its line's number and the margin plus its
    place in that line. That is what its anchors say, but for a line indented past the margin
    (whose anchor is where its text starts, not where the line does) and for a blank line or
    the end (which have no anchor of their own): there, and in a text with such a line, the
    anchors are asked."""
    raw = node.value
    assert isinstance(raw, str)
    if node.indented:
        return _anchored_positions(node, text)
    file, line, _ = node.where
    first_line, col = line + 1, node.margin + 1
    lead = len(raw) - len(raw.lstrip("\n")) if text != raw else 0  # the reader strips blank lines
    size = len(raw)
    anchored: list[Callable[[int], Pos]] = []
    counted = [0, 0]  # the line breaks before this offset (a passage asks in order, mostly)

    def at(offset: int) -> Pos:
        offset += lead
        newline = raw.rfind("\n", 0, offset)
        if offset >= size or (newline == offset - 1 and raw[offset] == "\n"):
            if not anchored:
                anchored.append(_anchored_positions(node, text))
            return anchored[0](offset - lead)
        if newline < 0:
            return new_pos(file, first_line, col + offset)
        done, breaks = counted
        if offset >= done:
            breaks += raw.count("\n", done, offset)
        else:
            breaks = raw.count("\n", 0, offset)
        counted[0], counted[1] = offset, breaks
        return new_pos(file, first_line + breaks, col + offset - newline - 1)

    return at


def _plain_positions(node: YNode, text: str) -> Callable[[int], Pos]:
    """Positions counted from the node's own start, for text without anchors."""
    base = node.pos
    file, first_line, first_col = base.file, base.line, base.col
    if not isinstance(node, YScalar) or not node.quoted:

        def plain(offset: int) -> Pos:
            newline = text.rfind("\n", 0, offset)
            if newline < 0:
                return new_pos(file, first_line, first_col + offset)
            return new_pos(file, first_line + text.count("\n", 0, offset), offset - newline)

        return plain

    def quoted(offset: int) -> Pos:
        newline = text.rfind("\n", 0, offset)
        if newline < 0:
            return new_pos(file, first_line, first_col + 1 + offset)
        # a block scalar without anchors: its text starts on the line after the '|'
        return new_pos(file, first_line + 1 + text.count("\n", 0, offset), offset - newline)

    return quoted
