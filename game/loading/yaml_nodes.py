"""A safe YAML reader: a file becomes a tree of located nodes, or a list of problems.

The tree is built from PyYAML's *event* stream with an explicit stack (no recursion, so
deep nesting cannot overflow) and nothing is ever constructed from a tag: there is no
``yaml.load`` here. What authors do not need and attackers love is refused outright,
each refusal a located :class:`~game.loading.problems.Problem`:

* anchors and aliases (which is what defeats "billion laughs" alias bombs),
* explicit tags (``!!python/object/apply:...``, ``!foo``, even ``!!str``),
* nesting deeper than :data:`MAX_DEPTH`, files over :data:`MAX_FILE_BYTES`,
* duplicate or non-scalar keys, more than one document, text that is not UTF-8,
  control characters, tabs in indentation, an empty file, and YAML syntax errors
  (reworded in plain English, with a hint for the common ones).

Nothing here raises or prints at bad input: every entry point returns
``(node_or_None, problems)``. The node is None when the file could not be read into a
trustworthy tree; otherwise it is returned even alongside problems (say a duplicate key,
of which the first is kept), so later checks can report more at once.

Plain scalars are resolved with PyYAML's YAML 1.1 resolver: ``3`` is an int, ``true``
and ``yes`` are bools, ``~`` and an empty value are None, ``1.5`` is a float, but a
timestamp such as ``1921-02-01`` stays the string it was written as. Quoted and block
(``|``, ``>``) scalars are always strings.

Line and column numbers are 1-based and count characters (not bytes). Lines end at
``\\n`` or ``\\r\\n``; the parser's positions also treat a lone ``\\r``, U+0085, U+2028
and U+2029 as line ends, as YAML does, which the checks made before parsing (tabs, bad
bytes, control characters) do not.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from game.engine.model import Pos
from game.loading.problems import Problem

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "YMap",
    "YNode",
    "YScalar",
    "YSeq",
    "parse_file",
    "parse_text",
]

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
"""A story file larger than this is refused before it is read."""

MAX_DEPTH: Final = 64
"""Lists and mappings may be nested this many levels deep, no deeper."""

MAX_REPORTS: Final = 10
"""Of one kind of repeated problem (tabs, tags, aliases...) report this many, then a count."""

ScalarValue: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class YScalar:
    """A single value. ``quoted`` is true if it was written in quotes or as a block (``|``, ``>``)."""

    value: ScalarValue
    pos: Pos
    quoted: bool


@dataclass(frozen=True, slots=True)
class YMap:
    """A mapping, its entries in written order. Keys are always scalars, and unique."""

    entries: tuple[tuple[YScalar, YNode], ...]
    pos: Pos

    def get(self, key: str) -> YNode | None:
        """The value under ``key`` (compared as the key is shown by :meth:`keys`), or None."""
        for k, v in self.entries:
            if _key_text(k.value) == key:
                return v
        return None

    def keys(self) -> list[str]:
        """The keys as text, in written order: ``0`` and ``true`` read as ``"0"`` and ``"true"``."""
        return [_key_text(k.value) for k, _ in self.entries]


@dataclass(frozen=True, slots=True)
class YSeq:
    """A list, its items in written order."""

    items: tuple[YNode, ...]
    pos: Pos


YNode: TypeAlias = YScalar | YMap | YSeq


def _key_text(value: ScalarValue) -> str:
    if type(value) is str:
        return value
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


# --------------------------------------------------------------------------- entry points


def parse_file(path: Path, display: str) -> tuple[YNode | None, list[Problem]]:
    """Read and parse one YAML file; ``display`` is the file's name as shown in messages.

    The size is checked before a single byte is read; an unreadable file is a problem too.
    """
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [Problem(display, 1, 1, f"cannot read this file: {_os_reason(err)}")]
    if size > MAX_FILE_BYTES:
        return None, [_too_big(display, size)]
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return None, [Problem(display, 1, 1, f"cannot read this file: {_os_reason(err)}")]
    return parse_text(data, display)


def parse_text(data: str | bytes, display: str) -> tuple[YNode | None, list[Problem]]:
    """Parse YAML given as text or as (UTF-8) bytes; ``display`` names it in messages."""
    return _parse(data, display, _LOADER)


# --------------------------------------------------------------------------- checks before parsing


def _os_reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def _too_big(display: str, size: int) -> Problem:
    mb = 1024 * 1024
    return Problem(
        display,
        1,
        1,
        f"file is too large ({size / mb:.1f} MB); the limit is {MAX_FILE_BYTES // mb} MB",
        "split it into several smaller files",
    )


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index in ``text``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(data: bytes, display: str, problems: list[Problem]) -> tuple[str, bool]:
    """UTF-8 text of ``data`` (BOM stripped) and whether it decoded cleanly."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        bad = err.start
        line_start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        col = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        problems.append(
            Problem(
                display,
                line,
                col,
                f"this is not UTF-8 text: byte 0x{data[bad]:02X} cannot be read",
                "save the file as UTF-8",
            )
        )
        return data.decode("utf-8", "replace"), False


def _unencodable(text: str, display: str, problems: list[Problem]) -> str:
    """Report and replace characters that cannot be written as UTF-8 (lone surrogates)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError as err:
        line, col = _line_col(text, err.start)
        problems.append(
            Problem(
                display,
                line,
                col,
                "this text holds a character that is not valid Unicode",
                "save the file as UTF-8",
            )
        )
        return re.sub("[\ud800-\udfff]", "\ufffd", text)


# Characters YAML does not allow anywhere in a file (the YAML 1.1 printable set, inverted).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report characters YAML forbids; return the text with each replaced by U+FFFD."""
    if _NON_PRINTABLE.search(text) is None:
        return text
    found = 0
    for m in _NON_PRINTABLE.finditer(text):
        found += 1
        if found <= MAX_REPORTS:
            line, col = _line_col(text, m.start())
            problems.append(
                Problem(
                    display,
                    line,
                    col,
                    f"this file holds an invisible control character (U+{ord(m.group()):04X}), "
                    "which YAML does not allow",
                    "delete it; it may have come from pasting from another program",
                )
            )
    if found > MAX_REPORTS:
        problems.append(Problem(display, 1, 1, f"...and {found - MAX_REPORTS} more control characters"))
    return _NON_PRINTABLE.sub("\ufffd", text)


# A line whose leading whitespace holds a tab, and which has something after it.
_TAB_INDENT = re.compile(r"^( *)\t[ \t]*[^ \t\r\n]", re.MULTILINE)


def _tabs(text: str, display: str, problems: list[Problem]) -> bool:
    """Report lines indented with tabs (at most MAX_REPORTS, then a count); True if any."""
    if "\t" not in text:
        return False
    found = 0
    line = 1
    counted_to = 0
    first_extra: tuple[int, int] | None = None
    for m in _TAB_INDENT.finditer(text):
        found += 1
        start = m.start()
        line += text.count("\n", counted_to, start)
        counted_to = start
        col = len(m.group(1)) + 1
        if found <= MAX_REPORTS:
            problems.append(
                Problem(
                    display, line, col, "this line is indented with a tab character", "indent with spaces"
                )
            )
        elif first_extra is None:
            first_extra = (line, col)
    if first_extra is not None:
        extra = found - MAX_REPORTS
        problems.append(
            Problem(
                display,
                first_extra[0],
                first_extra[1],
                f"...and {extra} more line{'s' if extra != 1 else ''} indented with tabs",
                "indent with spaces",
            )
        )
    return found > 0


# --------------------------------------------------------------------------- scalar resolution

_TAG_PREFIX = "tag:yaml.org,2002:"
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCTORS: dict[str, Callable[[ScalarNode], Any]] = {
    _TAG_PREFIX + "null": _CONSTRUCTOR.construct_yaml_null,
    _TAG_PREFIX + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG_PREFIX + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG_PREFIX + "float": _CONSTRUCTOR.construct_yaml_float,
}
"""Tags a plain scalar may resolve to that become something other than a string.
Timestamps (and the merge ``<<`` and value ``=`` tags) deliberately stay strings."""

_Resolvers: TypeAlias = tuple[tuple[str, "re.Pattern[str]"], ...]


def _implicit_resolvers() -> tuple[dict[str | None, _Resolvers], _Resolvers]:
    """PyYAML's implicit resolvers by first character, each list followed by the wildcards."""
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers
    wildcards = tuple(table.get(None, ()))
    return {first: tuple(rs) + wildcards for first, rs in table.items() if first is not None}, wildcards


_RESOLVERS, _WILDCARD_RESOLVERS = _implicit_resolvers()


def _resolve_plain(value: str) -> ScalarValue:
    """What a plain (unquoted, untagged) scalar means, as PyYAML's safe resolver reads it."""
    resolvers = _RESOLVERS.get(value[0] if value else "", _WILDCARD_RESOLVERS)
    for tag, regexp in resolvers:
        if regexp.match(value):
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:
                return value
            try:
                result: ScalarValue = construct(ScalarNode(tag, value))
            except Exception:
                return value
            return result
    return value


# --------------------------------------------------------------------------- the event loop


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...] | None:
    """Setters that fill a frozen, slotted dataclass's fields directly, or None if it is not one.

    Building hundreds of thousands of nodes, a frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field) is the largest cost after PyYAML itself; setting the
    slots through their descriptors makes equal objects two to three times faster. Used only
    for classes where that is exactly what ``__init__`` would do.
    """
    if not is_dataclass(cls) or tuple(f.name for f in fields(cls)) != names:
        return None
    if "__slots__" not in vars(cls):
        return None
    if "__post_init__" in vars(cls):
        return None
    return tuple(vars(cls)[name].__set__ for name in names)


_POS_SETTERS = _slot_setters(Pos, ("file", "line", "col"))
_SCALAR_SETTERS = _slot_setters(YScalar, ("value", "pos", "quoted"))


_MISSING: Final = object()

_ALIAS_MESSAGE: Final = "anchors and aliases (&name, *name) are not allowed"
_ALIAS_HINT: Final = "write the text out again"
_DEPTH_MESSAGE: Final = f"lists and mappings are nested too deeply here (more than {MAX_DEPTH} levels)"
_DEPTH_HINT: Final = "a story never needs this much nesting; check for runaway '[' or '{' or indentation"
_TAG_HINT: Final = "remove the tag; text starting with '!' must be put in quotes"


class _Reporter:
    """Counts repeated kinds of problem so that each is reported at most MAX_REPORTS times."""

    __slots__ = ("counts", "display", "first_extra", "problems")

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.counts: dict[str, int] = {}
        self.first_extra: dict[str, Pos] = {}

    def add(self, kind: str, mark: Any, message: str, hint: str | None) -> None:
        n = self.counts.get(kind, 0) + 1
        self.counts[kind] = n
        if n <= MAX_REPORTS:
            self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message, hint))
        elif n == MAX_REPORTS + 1:
            self.first_extra[kind] = Pos(self.display, mark.line + 1, mark.column + 1)

    def finish(self) -> None:
        for kind, n in self.counts.items():
            if n > MAX_REPORTS:
                pos = self.first_extra[kind]
                self.problems.append(
                    Problem(self.display, pos.line, pos.col, f"...and {n - MAX_REPORTS} more {kind}")
                )


def _tag_text(tag: str) -> str:
    if tag.startswith(_TAG_PREFIX):
        return "!!" + tag[len(_TAG_PREFIX) :]
    return tag


def _report_node_event(ev: Any, report: _Reporter) -> None:
    """Report an anchor or an explicit tag on a scalar, list or mapping event."""
    if ev.anchor is not None:
        report.add(
            "anchors or aliases", ev.start_mark, f"{_ALIAS_MESSAGE}: found '&{ev.anchor}'", _ALIAS_HINT
        )
    if ev.tag is not None:
        report.add(
            "tags",
            ev.start_mark,
            f"tags such as '{_tag_text(ev.tag)}' are not allowed",
            _TAG_HINT,
        )


def _build(loader: Any, display: str, report: _Reporter) -> tuple[YNode | None, bool]:
    """Build the tree from the loader's events. Returns (first document's root, trustworthy).

    This loop runs once per YAML event, so it is written for speed: the innermost open
    collection's state lives in local variables, and the enclosing ones are saved on an
    explicit stack (never recursion, so no nesting can overflow Python's stack).
    """
    problems = report.problems
    get_event = loader.get_event
    resolve = _resolve_plain
    cache: dict[str, Any] = {}
    missing = _MISSING
    scalar_event = ScalarEvent
    mapping_start = MappingStartEvent
    sequence_start = SequenceStartEvent
    mapping_end = MappingEndEvent
    sequence_end = SequenceEndEvent
    make_scalar = YScalar
    make_pos = Pos
    new = object.__new__
    fast = _POS_SETTERS is not None and _SCALAR_SETTERS is not None
    if _POS_SETTERS is not None and _SCALAR_SETTERS is not None:
        set_file, set_line, set_col = _POS_SETTERS
        set_value, set_pos, set_quoted = _SCALAR_SETTERS

    # The enclosing collections: (items, in_map, want_key, skip_value, seen, pos) each.
    saved: list[tuple[Any, ...]] = []
    push = saved.append
    pop = saved.pop
    # The innermost open collection. A mapping's items alternate key, value.
    items: list[Any] | None = None  # None: no collection is open
    in_map = False
    want_key = True  # in a mapping, the next node is a key
    skip_value = False  # in a mapping, the next node is the value of a refused key
    seen: dict[Any, int] = {}  # in a mapping, the line of each key so far
    open_pos: Any = None

    root: YNode | None = None
    documents = 0
    trustworthy = True
    node: YNode
    line = 0

    while True:
        ev = get_event()
        cls = ev.__class__
        if cls is scalar_event:
            m = ev.start_mark
            line = m.line + 1
            style = ev.style
            if ev.anchor is not None or ev.tag is not None:
                _report_node_event(ev, report)
                value: ScalarValue = ev.value
            elif style:
                value = ev.value
            else:
                text = ev.value
                value = cache.get(text, missing)
                if value is missing:
                    value = resolve(text)
                    if len(text) <= 32:
                        cache[text] = value
            if fast:
                pos = new(make_pos)
                set_file(pos, display)
                set_line(pos, line)
                set_col(pos, m.column + 1)
                node = new(make_scalar)
                set_value(node, value)
                set_pos(node, pos)
                set_quoted(node, bool(style))
            else:
                node = make_scalar(value, make_pos(display, line, m.column + 1), bool(style))
        elif cls is mapping_start or cls is sequence_start:
            m = ev.start_mark
            if ev.anchor is not None or ev.tag is not None:
                _report_node_event(ev, report)
            if len(saved) >= MAX_DEPTH:
                problems.append(
                    Problem(
                        display,
                        m.line + 1,
                        m.column + 1,
                        _DEPTH_MESSAGE,
                        _DEPTH_HINT,
                    )
                )
                return None, False  # reading on could only add noise (and is slow in pure Python)
            push((items, in_map, want_key, skip_value, seen, open_pos))
            items = []
            in_map = cls is mapping_start
            want_key = True
            skip_value = False
            if in_map:
                seen = {}
            open_pos = make_pos(display, m.line + 1, m.column + 1)
            continue
        elif cls is mapping_end:
            assert items is not None
            node = YMap(tuple(zip(items[::2], items[1::2], strict=True)), open_pos)
            items, in_map, want_key, skip_value, seen, open_pos = pop()
        elif cls is sequence_end:
            assert items is not None
            node = YSeq(tuple(items), open_pos)
            items, in_map, want_key, skip_value, seen, open_pos = pop()
        elif cls is AliasEvent:
            m = ev.start_mark
            report.add("anchors or aliases", m, f"{_ALIAS_MESSAGE}: found '*{ev.anchor}'", _ALIAS_HINT)
            trustworthy = False
            line = m.line + 1
            node = make_scalar(None, make_pos(display, line, m.column + 1), False)  # a stand-in
        elif cls is DocumentStartEvent:
            documents += 1
            if documents == 2:
                _second_document(ev, display, problems)
            continue
        elif cls is StreamEndEvent:
            break
        else:  # stream start, document end
            continue

        # Attach the finished node to the innermost open collection, or make it the root.
        if items is None:
            if documents == 1:
                root = node
        elif not in_map:
            items.append(node)
        elif want_key:
            want_key = False
            if node.__class__ is make_scalar:
                key = node.value
                key_id = key if key.__class__ is str else (key.__class__, key)
                first = seen.get(key_id)
                if first is None:
                    seen[key_id] = line
                    items.append(node)
                else:
                    problems.append(
                        Problem(
                            display,
                            node.pos.line,
                            node.pos.col,
                            f"duplicate key '{_key_text(key)}' (first at line {first})",
                            "each key may appear only once in a mapping; remove or rename one",
                        )
                    )
                    skip_value = True
            else:
                problems.append(
                    Problem(
                        display,
                        node.pos.line,
                        node.pos.col,
                        "a key must be a single word or text, not a list or mapping",
                        "check for a stray '?', '[' or '{' at the start of the key",
                    )
                )
                skip_value = True
        else:
            want_key = True
            if skip_value:
                skip_value = False
            else:
                items.append(node)

    if documents == 0:
        problems.append(
            Problem(display, 1, 1, "file is empty", "add a section such as scenes:, or delete the file")
        )
        return None, False
    return root, trustworthy


def _second_document(ev: Any, display: str, problems: list[Problem]) -> None:
    m = ev.start_mark
    problems.append(
        Problem(
            display,
            m.line + 1,
            m.column + 1,
            "a file may hold only one YAML document, but a second one starts here",
            "remove the '---' line (or the text after '...'), or move the rest to another file",
        )
    )


# --------------------------------------------------------------------------- syntax errors


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """A YAML syntax error, reworded in plain English with a hint for the common mistakes."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    problem = err.problem or ""
    context = err.context or ""
    cmark = err.context_mark
    where = f"line {cmark.line + 1}, column {cmark.column + 1}" if cmark is not None else "above"
    source_lines = text.split("\n")
    source_line = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    char = source_line[col - 1] if 0 < col <= len(source_line) else ""
    before = source_line[: col - 1].strip()

    def located(message: str, hint: str | None = None) -> Problem:
        return Problem(display, line, col, message, hint)

    quote_hint = "put the text in quotes"
    if "nesting depth" in problem:  # libyaml's own limit, which its look-ahead can reach before ours
        return located(_DEPTH_MESSAGE, _DEPTH_HINT)
    if "mapping values are not allowed" in problem:
        return located(
            "a ':' here would start a key, but a key cannot start here",
            "is there a ':' inside text? put the text in quotes",
        )
    if "could not find expected ':'" in problem:
        return located(
            f"expected 'key: value', but the text at {where} has no ':' after it",
            "add the ':' after the key; for text running over several lines write 'key: |' "
            "and indent the text under it",
        )
    if "quoted scalar" in context and ("end of stream" in problem or "document" in problem):
        return located(
            f"the quoted text that starts at {where} is never closed",
            "add the missing closing quote",
        )
    if "escape" in problem and "quoted scalar" in context:
        return located(
            "a backslash '\\' in \"double-quoted\" text starts an escape, and this one is unknown",
            "use 'single quotes' instead, or write '\\\\' for a backslash",
        )
    if "tab" in problem or char == "\t":
        return located("a tab character cannot be used here", "indent with spaces")
    if "cannot start any token" in problem:
        if char and char in "@`%":
            return located(f"text cannot start with '{char}'", quote_hint)
        return located(f"unexpected character {char!r}" if char else "unexpected character", quote_hint)
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        return located(
            "text starting with '*' or '&' is read as an alias or anchor",
            "put the text in quotes",
        )
    if "block sequence entries are not allowed" in problem or "sequence entries are not allowed" in problem:
        return located(
            "a '- ' list cannot start on the same line as its key",
            "start the list on the next line, indented under the key",
        )
    if "',' or ']'" in problem:
        return located(
            f"the list opened with '[' at {where} is not closed here, or is missing a ','",
            "close it with ']', and put items holding ',', ':', '[' or ']' in quotes",
        )
    if "',' or '}'" in problem:
        return located(
            f"the mapping opened with '{{' at {where} is not closed here, or is missing a ','",
            "close it with '}', and put values holding ',', ':', '{' or '}' in quotes",
        )
    if "block mapping" in context and ("expected key" in problem or "expected <block end>" in problem):
        if before and not before.startswith("-"):
            return located(
                "unexpected text after the value",
                "if it belongs to the value, put all of the value in quotes",
            )
        return located(
            "this line is not lined up with the keys above it (bad indentation)",
            "keys of the same mapping must start in the same column; indent with spaces",
        )
    if "block collection" in context and ("'-' indicator" in problem or "expected <block end>" in problem):
        return located(
            "this line is not lined up with the list items above it (bad indentation)",
            "each '- ' item of a list starts in the same column; a key after the list needs less indentation",
        )
    if "tag" in problem or "tag" in context:
        return located("tags (text starting with '!') are not allowed", _TAG_HINT)
    if "directive" in context:
        return located("a line cannot start with '%'", quote_hint)
    if "block scalar" in context:
        return located(
            "after '|' or '>' the text must start on the next line",
            "put the text on the lines below, indented; or put it in quotes",
        )
    if "expected node content" in problem:
        return located(
            "a value was expected here",
            "a value cannot start with ',', ']', '}' or a stray '|' or '>'; put the text in quotes",
        )
    if "mapping keys are not allowed" in problem:
        return located("a '?' here would start a key, but a key cannot start here", quote_hint)
    if "unexpected ':'" in problem:
        return located("unexpected ':'", "is there a ':' inside text? put the text in quotes")
    if "document start" in problem:
        return located(
            "unexpected text after the end of the document",
            "everything in the file must belong to one top-level mapping",
        )
    if "end of stream" in problem:
        return located("the file ends in the middle of a value", "is something missing at the end?")
    detail = f"{problem} ({context})" if context else problem
    return located(f"YAML syntax error: {detail or 'the text cannot be read'}")


# --------------------------------------------------------------------------- the whole parse


def _settle() -> None:
    """Move the objects made while the collector was paused straight to its oldest generation.

    Otherwise the first allocation after ``gc.enable()`` would make the collector walk the
    whole new tree (a fifth of a second for a 3 MB file), and walk it twice more later on
    its way to the oldest generation, to find nothing: the tree holds no cycles. Freezing
    and at once unfreezing does the move without a walk. It is done only when nothing else
    in the program is frozen, since unfreezing would release that too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


_LOADER: Final[Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def _parse(data: str | bytes, display: str, loader_class: Any) -> tuple[YNode | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        return _parse_checked(data, display, loader_class, problems)
    except Exception as err:  # a last resort: the reader must never raise at bad input
        problems.append(
            Problem(display, 1, 1, f"this file cannot be read as YAML ({type(err).__name__}: {err})")
        )
        return None, problems


def _parse_checked(
    data: str | bytes, display: str, loader_class: Any, problems: list[Problem]
) -> tuple[YNode | None, list[Problem]]:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            return None, [_too_big(display, len(data))]
        text, ok = _decode(data, display, problems)
    else:
        text = data[1:] if data.startswith("\ufeff") else data
        text_ok = _unencodable(text, display, problems)
        ok = text_ok is text
        text = text_ok
        if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8")) > MAX_FILE_BYTES:
            return None, [_too_big(display, len(text.encode("utf-8")))]
    clean = _control_characters(text, display, problems)
    ok = ok and clean is text
    text = clean
    has_tabs = _tabs(text, display, problems)

    report = _Reporter(display, problems)
    loader = loader_class(text)
    # The tree holds no cycles, and the cyclic garbage collector passing over it again and
    # again while it grows would double the time taken: pause it (see _settle below).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        node, trustworthy = _build(loader, display, report)
    except yaml.MarkedYAMLError as err:
        # A tab in indentation already reported is the likely cause of whatever follows.
        if not has_tabs:
            problems.append(_syntax_problem(err, text, display))
        node, trustworthy = None, False
    except yaml.YAMLError as err:  # reader errors: the checks above should have caught them
        problems.append(Problem(display, 1, 1, f"this file cannot be read as YAML: {err}"))
        node, trustworthy = None, False
    finally:
        if gc_was_enabled:
            _settle()
            gc.enable()
        loader.dispose()
    report.finish()
    if not (ok and trustworthy):
        node = None
    return node, problems
