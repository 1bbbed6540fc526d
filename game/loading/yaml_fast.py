"""A quick reader for the plain block YAML story files are written in, with PyYAML as its judge.

Reading a story is mostly reading YAML, and most of that time is PyYAML's event stream
and the Python loop over it (:func:`game.loading.yaml_nodes._build`). Story files use a
small part of YAML: block mappings and lists, one-line plain and quoted values, one-line
flow mappings and lists (``{hunger: 1}``, ``[a, b]``) and block text (``|``, ``|-``,
``>``, ``>-``). :func:`quick_tree` reads exactly that part, line by line, into the same
located tree (values, positions and a multi-line text's anchors) that the event loop
builds, and gives up (returns None) at the first thing outside it: anything else YAML
allows, and every mistake (a duplicate key, a bad indentation, a stray ``:``...).
Then the caller reads the file with PyYAML as before, which reports the problems, so
what the reader accepts and every problem it reports are unchanged.

It is used only on text that passed the checks made before parsing (UTF-8, no control
characters), and it constructs nothing: plain values are resolved by the same safe
resolver (:func:`~game.loading.yaml_resolve.resolve_plain`). It gives up on tags,
anchors and aliases, and nesting past :data:`QUICK_DEPTH`, all of which PyYAML's path refuses
with located problems. tests/loading/test_yaml_fast.py holds it to the event loop's trees.
"""

from __future__ import annotations

import re
from typing import Any, Final, NoReturn

from game.engine.model import Pos
from game.loading.yaml_resolve import resolve_plain
from game.loading.yaml_tree import (
    POS_SETTERS,
    SCALAR_SETTERS,
    SET_WHERE,
    PlainScalar,
    YMap,
    YNode,
    YScalar,
    YSeq,
    new_literal,
    new_map,
    new_plain,
    new_pos,
    new_seq,
)

__all__ = ["QUICK_DEPTH", "quick_tree"]

QUICK_DEPTH: Final = 48
"""Deeper nesting is left to PyYAML's path (which refuses past MAX_DEPTH, with a location)."""

_OUTSIDE: Final = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff")
"""Characters that send a whole file to PyYAML: tabs, other line ends, a byte-order mark.
(Looked for one at a time: each ``in`` is a quick scan, far quicker than one regular
expression for them all.)"""
_MARKERS: Final = ("---", "...", "%")
"""Document markers and directives (at a line's start): they too send a file to PyYAML."""

_KEY_PATTERN: Final = r"\w(?:[^:#\[\]{}]*[^ :#\[\]{}])?"
_KEY: Final = re.compile(f"({_KEY_PATTERN}):(?: +|$)")
"""A block mapping's key (plain text on one line: a word, or words such as ``tax in kind``),
its ':' and the blanks after it."""
_KEY_TEXT: Final = re.compile(_KEY_PATTERN)
"""A key's text alone (:meth:`_Reader.key`)."""

_FLOW_KEY: Final = re.compile(r"(\w[\w-]*): +")
_FLOW_PLAIN: Final = re.compile(r"[\w.+~][^,\[\]{}#:]*|-[^ ,\[\]{}#:][^,\[\]{}#:]*")
"""A plain value inside ``{...}`` or ``[...]``: no flow indicator, ':' or '#' in it."""

_PLAIN_START_REFUSED: Final = frozenset("&*!%@`?,[]{}#:|>'\"")
_NOT_INLINE: Final = _PLAIN_START_REFUSED | {"-"}
"""First characters of a value that :meth:`_Reader.value` looks at (or gives up on)."""
_NOT_A_KEY: Final = ("", " ", "#")
"""What the character at a mapping's indentation is not, on a line that holds its next key:
the end of the line (a blank line), a blank (a line indented further) or a comment."""
_BLOCK_HEADERS: Final = {"|": (True, True), "|-": (True, False), ">": (False, True), ">-": (False, False)}
"""A block text's header: (literal, keeps its final line break)."""


class _GiveUp(Exception):
    """The text is outside what the quick reader reads: PyYAML's path reads it."""


_GIVE_UP: Final = _GiveUp()


def quick_tree(text: str, display: str) -> YNode | None:
    """The located tree of ``text`` exactly as PyYAML's path would build it, or None if the
    text holds anything outside the part of YAML this reader knows (or anything wrong)."""
    if SCALAR_SETTERS is None or POS_SETTERS is None or any(char in text for char in _OUTSIDE):
        return None
    if text.startswith(_MARKERS) or any("\n" + marker in text for marker in _MARKERS):
        return None
    try:
        return _Reader(text, display).document()
    except (_GiveUp, IndexError, RecursionError):
        return None


def _give_up() -> NoReturn:
    raise _GIVE_UP


class _Reader:
    """One file's lines, read by nested calls (one per open mapping or list)."""

    def __init__(self, text: str, display: str) -> None:
        self.lines = text.split("\n")
        self.count = len(self.lines)
        self.display = display
        self.cache: dict[str, Any] = {}
        self.keys: dict[str, tuple[Any, Any]] = {}  # see key()
        assert SCALAR_SETTERS is not None and POS_SETTERS is not None
        self.set_value, self.set_pos, self.set_quoted, self.set_anchors = SCALAR_SETTERS
        self.set_file, self.set_line, self.set_col = POS_SETTERS

    # ------------------------------------------------------------ made objects
    def pos(self, line: int, col: int) -> Pos:
        """The position of 0-based ``line`` and ``col``."""
        return new_pos(self.display, line + 1, col + 1)

    def scalar(self, value: Any, line: int, col: int, quoted: bool, anchors: tuple[Any, ...] = ()) -> YScalar:
        node: YScalar = object.__new__(YScalar)
        self.set_value(node, value)
        self.set_pos(node, self.pos(line, col))
        self.set_quoted(node, quoted)
        self.set_anchors(node, anchors)
        return node

    def key(self, text: str) -> tuple[Any, Any]:
        """A block mapping's key written ``text`` (up to its ':'), and what tells it apart from
        the other keys of its mapping; gives up unless :data:`_KEY` matches it."""
        if len(text) > 1000 or _KEY_TEXT.fullmatch(text) is None:
            _give_up()
        key = self.plain(text)
        known = self.keys[text] = (key, key if key.__class__ is str else (key.__class__, key))
        return known

    def plain(self, text: str) -> Any:
        value = self.cache.get(text, _GIVE_UP)
        if value is _GIVE_UP:
            value = resolve_plain(text)
            if len(text) <= 32:
                self.cache[text] = value
        return value

    # ------------------------------------------------------------------ lines
    def next_line(self, number: int) -> tuple[int, int]:
        """The first line from ``number`` on with something other than blanks or a comment,
        and its indentation (``count``, -1 at the end of the text)."""
        lines = self.lines
        while number < self.count:
            line = lines[number]
            content = line.lstrip(" ")
            if content and content[0] != "#":
                return number, len(line) - len(content)
            number += 1
        return number, -1

    def rest_is_empty(self, line: str, at: int) -> None:
        """Give up unless ``line`` holds only blanks, or a comment, from ``at`` on."""
        rest = line[at:]
        content = rest.lstrip(" ")
        if content and (content[0] != "#" or len(content) == len(rest)):
            _give_up()

    # -------------------------------------------------------------- structure
    def document(self) -> YNode:
        number, indent = self.next_line(0)
        if indent != 0:
            _give_up()  # an empty file, or a top level that is not a mapping at the margin
        node, number, _ = self.mapping(number, 0, 0)
        if number != self.count:
            _give_up()
        return node

    def mapping(self, number: int, indent: int, depth: int) -> tuple[YMap, int, int]:
        """The block mapping whose first key is at ``indent`` on line ``number``; returns it
        and the next line with content after it (and that line's indentation).

        Most of a story file is keys with a plain value on the same line: that case is read
        here without a call (this loop runs for every key of the file)."""
        if depth >= QUICK_DEPTH:
            _give_up()
        lines, count, display, cache = self.lines, self.count, self.display, self.cache
        set_value, set_where = self.set_value, SET_WHERE
        new, plain_class, missing = object.__new__, PlainScalar, _GIVE_UP
        keys = self.keys
        not_inline, not_a_key = _NOT_INLINE, _NOT_A_KEY
        entries: list[tuple[YScalar, YNode]] = []
        seen: set[Any] = set()
        start = self.pos(number, indent)
        key_col = indent + 1
        pad = " " * indent
        while True:
            line = lines[number]
            # As _KEY.match(line, indent), which a key's text can only match up to the first ':'.
            colon = line.find(":", indent)
            if colon < 0:
                _give_up()
            known = keys.get(line[indent:colon])
            if known is None:
                known = self.key(line[indent:colon])
            key, key_id = known
            if key_id in seen:
                _give_up()
            seen.add(key_id)
            key_node = new(plain_class)
            set_value(key_node, key)
            set_where(key_node, (display, number + 1, key_col))
            at = colon + 2
            if (
                at < len(line)
                and line[colon + 1] == " "
                and (char := line[at]) != " "
                and char not in not_inline
            ):
                # the usual line, 'key: plain value': read here as value() would
                comment = line.find(" #", at)
                text = (line[at:comment] if comment >= 0 else line[at:]).rstrip(" ")
                if ": " in text or text[-1] == ":":
                    _give_up()
                resolved = cache.get(text, missing)
                if resolved is missing:
                    resolved = self.plain(text)
                value: YNode = new(plain_class)
                set_value(value, resolved)
                set_where(value, (display, number + 1, at + 1))
                number += 1
                if number < count:  # and the usual next line: the next key of this mapping
                    line = lines[number]
                    if line.startswith(pad) and line[indent : indent + 1] not in not_a_key:
                        entries.append((key_node, value))
                        continue
                number, next_indent = self.next_line(number)
            else:
                value, number, next_indent = self.after_key(line, number, colon + 1, indent, depth)
            entries.append((key_node, value))
            if next_indent < indent:  # the end of the text, or a line of an enclosing node
                return new_map(tuple(entries), start), number, next_indent
            if next_indent > indent:
                _give_up()

    def after_key(self, line: str, number: int, at: int, indent: int, depth: int) -> tuple[YNode, int, int]:
        """The value of the key whose ':' ends at ``at`` on ``line`` (number ``number``), in a
        mapping at ``indent``, other than a plain value after one blank (see :meth:`mapping`)."""
        size = len(line)
        if at < size:  # the blanks after the ':' (there must be one)
            if line[at] != " ":
                _give_up()
            at += 1
            while at < size and line[at] == " ":
                at += 1
        if at >= size or line[at] == "#":
            return self.nested(number + 1, indent, depth)
        return self.value(number, at, indent)

    def nested(self, number: int, indent: int, depth: int) -> tuple[YNode, int, int]:
        """The value of a key with nothing after its ':': a block mapping or list on the next
        lines (a list may start at the key's own indentation)."""
        number, inner = self.next_line(number)
        if inner < indent or number >= self.count:
            _give_up()  # an empty value
        line = self.lines[number]
        is_item = line.startswith("- ", inner) or (len(line) == inner + 1 and line[inner] == "-")
        if inner == indent:
            if not is_item:
                _give_up()
            return self.sequence(number, inner, depth + 1, indentless=True)
        if is_item:
            return self.sequence(number, inner, depth + 1, indentless=False)
        return self.mapping(number, inner, depth + 1)

    def sequence(self, number: int, indent: int, depth: int, *, indentless: bool) -> tuple[YSeq, int, int]:
        """The block list whose first '-' is at ``indent`` on line ``number``."""
        if depth >= QUICK_DEPTH:
            _give_up()
        lines = self.lines
        items: list[YNode] = []
        start = self.pos(number, indent)
        while True:
            line = lines[number]
            if not line.startswith("- ", indent):
                _give_up()  # also '-' alone on its line: an item on the lines below
            at = indent + 2
            while at < len(line) and line[at] == " ":
                at += 1
            if at >= len(line) or line[at] == "#" or line.startswith("- ", at):
                _give_up()
            item: YNode
            if _KEY.match(line, at) is not None:
                item, number, next_indent = self.mapping(number, at, depth + 1)
            else:
                item, number, next_indent = self.value(number, at, indent)
            items.append(item)
            if next_indent < indent:
                return new_seq(tuple(items), start), number, next_indent
            if next_indent > indent:
                _give_up()
            if indentless and not lines[number].startswith("-", indent):
                return new_seq(tuple(items), start), number, next_indent  # the mapping goes on

    # ----------------------------------------------------------------- values
    def value(self, number: int, at: int, indent: int) -> tuple[YNode, int, int]:
        """The value that starts at column ``at`` of line ``number``, in a mapping or list at
        ``indent``; returns it and the next line with content after it."""
        line = self.lines[number]
        char = line[at]
        if char == "|" or char == ">":
            return self.block_text(number, at, indent)
        node: YNode
        if char == '"' or char == "'":
            node, end = self.quoted(line, number, at)
            self.rest_is_empty(line, end)
        elif char == "{" or char == "[":
            node, end = self.flow(line, number, at)
            self.rest_is_empty(line, end)
        else:
            if char in _PLAIN_START_REFUSED or (char == "-" and line[at + 1 : at + 2] in ("", " ")):
                _give_up()
            comment = line.find(" #", at)
            text = (line[at:comment] if comment >= 0 else line[at:]).rstrip(" ")
            if ": " in text or text[-1] == ":":
                _give_up()
            node = new_plain(self.plain(text), self.display, number + 1, at + 1)
        number, next_indent = self.next_line(number + 1)
        return node, number, next_indent

    def quoted(self, line: str, number: int, at: int) -> tuple[YScalar, int]:
        """A quoted value that ends on its own line (double-quoted: without escapes)."""
        quote = line[at]
        close = line.find(quote, at + 1)
        if quote == "'":
            while close >= 0 and line.startswith("''", close):
                close = line.find("'", close + 2)
        if close < 0:
            _give_up()
        text = line[at + 1 : close]
        if quote == '"':
            if "\\" in text:
                _give_up()
        else:
            text = text.replace("''", "'")
        return self.scalar(text, number, at, True), close + 1

    def flow(self, line: str, number: int, at: int) -> tuple[YNode, int]:
        """A flow mapping of ``key: value`` entries, or a flow list, on one line."""
        is_map = line[at] == "{"
        close = "}" if is_map else "]"
        start = self.pos(number, at)
        parts: list[Any] = []
        seen: set[Any] = set()
        position = at + 1
        while line[position] == " ":
            position += 1
        if line[position] == close:
            position += 1
        else:
            while True:
                if is_map:
                    match = _FLOW_KEY.match(line, position)
                    if match is None:
                        _give_up()
                    key = self.plain(match.group(1))
                    key_id = key if key.__class__ is str else (key.__class__, key)
                    if key_id in seen:
                        _give_up()
                    seen.add(key_id)
                    key_node = new_plain(key, self.display, number + 1, position + 1)
                    position = match.end()
                item, position = self.flow_scalar(line, number, position)
                parts.append((key_node, item) if is_map else item)
                while line[position] == " ":
                    position += 1
                char = line[position]
                position += 1
                if char == close:
                    break
                if char != ",":
                    _give_up()
                while line[position] == " ":
                    position += 1
                if line[position] == close:
                    _give_up()  # a trailing comma
        if is_map:
            return new_map(tuple(parts), start), position
        return new_seq(tuple(parts), start), position

    def flow_scalar(self, line: str, number: int, at: int) -> tuple[YScalar, int]:
        char = line[at]
        if char == '"' or char == "'":
            return self.quoted(line, number, at)
        match = _FLOW_PLAIN.match(line, at)
        if match is None:
            _give_up()
        text = match.group().rstrip(" ")
        return new_plain(self.plain(text), self.display, number + 1, at + 1), at + len(text)

    def block_text(self, number: int, at: int, indent: int) -> tuple[YScalar, int, int]:
        """A block text (``|``, ``|-``, ``>``, ``>-``) whose header is at column ``at``, in a
        mapping or list at ``indent``, with its anchors (as :func:`yaml_lines.anchors` finds
        them: every line with text, where that text starts in the value and in the file)."""
        lines = self.lines
        header = _BLOCK_HEADERS.get(lines[number][at:].rstrip(" "))
        if header is None:
            _give_up()  # an indentation or keep indicator, or a comment
        literal, keep_break = header
        first = number + 1
        line = lines[first]
        content = line.lstrip(" ")
        margin = len(line) - len(content)
        if not content or margin <= indent:
            _give_up()  # leading blank lines, or an empty text
        if literal:
            return self.literal_text(number, at, margin, keep_break)
        pieces: list[str] = []
        anchors: list[tuple[int, int, int]] = []
        size = 0
        blank = 0
        last = first
        current = first
        count = self.count
        while current < count:
            line = lines[current]
            content = line.lstrip(" ")
            lead = len(line) - len(content)
            if not content:
                if lead > margin:
                    _give_up()  # blanks past the margin would be text
                blank += 1
                current += 1
                continue
            if lead < margin:
                break
            if pieces:
                # literal text keeps every line break; folded text turns one into a space
                joint = "\n" * (blank + 1) if literal else "\n" * blank if blank else " "
                pieces.append(joint)
                size += len(joint)
            if not literal and lead != margin:
                _give_up()  # a more-indented line in folded text keeps its breaks: PyYAML's rules
            anchors.append((size + lead - margin, current + 1, lead + 1))
            text = line[margin:]
            pieces.append(text)
            size += len(text)
            blank = 0
            last = current
            current += 1
        if keep_break and last + 1 < count:
            pieces.append("\n")
        node = self.scalar("".join(pieces), number, at, True, tuple(anchors))
        number, next_indent = self.next_line(current)
        return node, number, next_indent

    def literal_text(self, number: int, at: int, margin: int, keep_break: bool) -> tuple[YScalar, int, int]:
        """:meth:`block_text` for a literal block (``|``, ``|-``) whose text starts at column
        ``margin`` on the line after its header: its lines, cut at the margin, joined by their
        line breaks, which is what the general loop builds a piece at a time. Its anchors are
        not made here: they follow from the margin (:class:`~game.loading.yaml_tree.LiteralScalar`)."""
        lines = self.lines
        count = self.count
        pad = " " * margin
        first = current = last = number + 1
        short_blank = False  # a blank line of fewer blanks than the margin (but some)
        indented = False  # a line of text indented past the margin
        while current < count:
            line = lines[current]
            if line.startswith(pad):
                if len(line) > margin:
                    if line[margin] == " ":
                        if not line.lstrip(" "):
                            _give_up()  # blanks past the margin would be text
                        indented = True
                    last = current
            elif line.lstrip(" "):
                break  # a line of text left of the margin: the text has ended
            elif line:
                short_blank = True
            current += 1
        if short_blank:
            text = "\n".join([line[margin:] for line in lines[first : last + 1]])
        else:  # every line starts with the margin's blanks, or is empty
            text = "\n".join(lines[first : last + 1]).replace("\n" + pad, "\n")[margin:]
        if keep_break and last + 1 < count:
            text += "\n"
        node = new_literal(text, self.display, number + 1, at + 1, margin, indented)
        number, next_indent = self.next_line(current)
        return node, number, next_indent
