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

from pathlib import Path
from typing import Any, Final

import yaml
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

from game.engine.collector import collector_paused
from game.engine.model import Pos
from game.loading.problems import Problem
from game.loading.yaml_checks import (
    control_characters,
    decode,
    os_reason,
    surely_printable,
    tabs,
    too_big,
    unencodable,
)
from game.loading.yaml_errors import DEPTH_HINT, DEPTH_MESSAGE, TAG_HINT, syntax_problem
from game.loading.yaml_fast import quick_tree
from game.loading.yaml_lines import anchors as scalar_anchors
from game.loading.yaml_resolve import TAG_PREFIX, resolve_plain
from game.loading.yaml_tree import (
    MAP_SETTERS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_REPORTS,
    POS_SETTERS,
    SCALAR_SETTERS,
    SEQ_SETTERS,
    ScalarValue,
    YMap,
    YNode,
    YScalar,
    YSeq,
    key_text,
)

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

# --------------------------------------------------------------------------- entry points


def parse_file(path: Path, display: str) -> tuple[YNode | None, list[Problem]]:
    """Read and parse one YAML file; ``display`` is the file's name as shown in messages.

    The size is checked before a single byte is read; an unreadable file is a problem too.
    """
    try:
        size = path.stat().st_size
    except OSError as err:
        return None, [Problem(display, 1, 1, f"cannot read this file: {os_reason(err)}")]
    if size > MAX_FILE_BYTES:
        return None, [too_big(display, size)]
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return None, [Problem(display, 1, 1, f"cannot read this file: {os_reason(err)}")]
    return parse_text(data, display)


def parse_text(data: str | bytes, display: str) -> tuple[YNode | None, list[Problem]]:
    """Parse YAML given as text or as (UTF-8) bytes; ``display`` names it in messages."""
    return _parse(data, display, _LOADER)


# --------------------------------------------------------------------------- the event loop


_MISSING: Final = object()

_ALIAS_MESSAGE: Final = "anchors and aliases (&name, *name) are not allowed"
_ALIAS_HINT: Final = "write the text out again"


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
    if tag.startswith(TAG_PREFIX):
        return "!!" + tag[len(TAG_PREFIX) :]
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
            TAG_HINT,
        )


def _build(loader: Any, display: str, report: _Reporter, source: str) -> tuple[YNode | None, bool]:
    """Build the tree from the loader's events. Returns (first document's root, trustworthy).

    This loop runs once per YAML event, so it is written for speed: the innermost open
    collection's state lives in local variables, and the enclosing ones are saved on an
    explicit stack (never recursion, so no nesting can overflow Python's stack).
    """
    problems = report.problems
    get_event = loader.get_event
    resolve = resolve_plain
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
    fast = False
    if (
        POS_SETTERS is not None
        and SCALAR_SETTERS is not None
        and MAP_SETTERS is not None
        and SEQ_SETTERS is not None
    ):
        fast = True
        set_file, set_line, set_col = POS_SETTERS
        set_value, set_pos, set_quoted, set_anchors = SCALAR_SETTERS
        set_entries, set_map_pos = MAP_SETTERS
        set_items, set_seq_pos = SEQ_SETTERS
    make_map = YMap
    make_seq = YSeq
    lines: list[str] | None = None  # the file's lines, split once a scalar runs over several

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
                set_anchors(node, ())
            else:
                node = make_scalar(value, make_pos(display, line, m.column + 1), bool(style))
            end_line = ev.end_mark.line
            if end_line != m.line and value.__class__ is str:
                if lines is None:
                    lines = source.split("\n")
                marks = scalar_anchors(lines, m.line, end_line, m.column, style or "", value)
                object.__setattr__(node, "anchors", marks)
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
                        DEPTH_MESSAGE,
                        DEPTH_HINT,
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
            if fast:
                open_pos = new(make_pos)
                set_file(open_pos, display)
                set_line(open_pos, m.line + 1)
                set_col(open_pos, m.column + 1)
            else:
                open_pos = make_pos(display, m.line + 1, m.column + 1)
            continue
        elif cls is mapping_end:
            assert items is not None
            entries = tuple(zip(items[::2], items[1::2], strict=True))
            if fast:
                node = new(make_map)
                set_entries(node, entries)
                set_map_pos(node, open_pos)
            else:
                node = make_map(entries, open_pos)
            items, in_map, want_key, skip_value, seen, open_pos = pop()
        elif cls is sequence_end:
            assert items is not None
            if fast:
                node = new(make_seq)
                set_items(node, tuple(items))
                set_seq_pos(node, open_pos)
            else:
                node = make_seq(tuple(items), open_pos)
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
                            f"duplicate key '{key_text(key)}' (first at line {first})",
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


# --------------------------------------------------------------------------- the whole parse


_LOADER: Final[Any] = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def _parse(
    data: str | bytes, display: str, loader_class: Any, *, quick: bool = True
) -> tuple[YNode | None, list[Problem]]:
    """``quick``: try :func:`~game.loading.yaml_fast.quick_tree` first (the same tree, when it
    can read the file at all); False reads every file with ``loader_class``'s events."""
    problems: list[Problem] = []
    try:
        return _parse_checked(data, display, loader_class, problems, quick)
    except Exception as err:  # a last resort: the reader must never raise at bad input
        problems.append(
            Problem(display, 1, 1, f"this file cannot be read as YAML ({type(err).__name__}: {err})")
        )
        return None, problems


def _parse_checked(
    data: str | bytes, display: str, loader_class: Any, problems: list[Problem], quick: bool
) -> tuple[YNode | None, list[Problem]]:
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            return None, [too_big(display, len(data))]
        text, ok = decode(data, display, problems)
    else:
        text = data[1:] if data.startswith("\ufeff") else data
        text_ok = unencodable(text, display, problems)
        ok = text_ok is text
        text = text_ok
        if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8")) > MAX_FILE_BYTES:
            return None, [too_big(display, len(text.encode("utf-8")))]
    if isinstance(data, bytes) and ok and surely_printable(data):
        clean = text
    else:
        clean = control_characters(text, display, problems)
    ok = ok and clean is text
    text = clean
    has_tabs = tabs(text, display, problems)
    # The tree holds no cycles, and the cyclic garbage collector passing over it again and
    # again while it grows would double the time taken: pause it, and settle what was made.
    if quick and ok and not problems:
        with collector_paused(settle=True):
            quick_node = quick_tree(text, display)
        if quick_node is not None:
            return quick_node, problems

    report = _Reporter(display, problems)
    loader = loader_class(text)
    try:
        with collector_paused(settle=True):
            node, trustworthy = _build(loader, display, report, text)
    except yaml.MarkedYAMLError as err:
        # A tab in indentation already reported is the likely cause of whatever follows.
        if not has_tabs:
            problems.append(syntax_problem(err, text, display))
        node, trustworthy = None, False
    except yaml.YAMLError as err:  # reader errors: the checks above should have caught them
        problems.append(Problem(display, 1, 1, f"this file cannot be read as YAML: {err}"))
        node, trustworthy = None, False
    finally:
        loader.dispose()
    report.finish()
    if not (ok and trustworthy):
        node = None
    return node, problems
