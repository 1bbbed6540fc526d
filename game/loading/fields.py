"""Reading typed fields out of located YAML mappings, reporting every mistake.

A :class:`Reader` collects :class:`Problem` objects instead of raising, so one
pass over a story reports every problem in every file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from game.engine.model import Pos
from game.loading.problems import Problem, did_you_mean
from game.loading.yaml_nodes import YMap, YNode, YScalar, YSeq
from game.safe_text import printable, unsafe_in

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
RESERVED = frozenset({"and", "or", "not", "true", "false", "visited", "chose", "role"})

_KIND_NAMES = {
    "text": "text",
    "int": "a whole number",
    "bool": "true or false",
    "id": "an id",
    "map": "a mapping (key: value lines)",
    "list": "a list (lines starting with '-')",
    "scalar": "a single value",
    "any": "a value",
}


def describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, float):
        return f"the number {value}"
    return f"the text '{_short(value)}'"


def _short(text: str, limit: int = 30) -> str:
    text = printable(text.replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Reader:
    """Collects problems while reading fields of YAML nodes."""

    problems: list[Problem] = field(default_factory=list)
    valid_ids: set[str] = field(default_factory=set)  # every text check_id has passed

    def report(self, pos: Pos, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(pos.file, pos.line, pos.col, message, hint))

    # ----------------------------------------------------------------- shapes
    def mapping(self, node: YNode | None, what: str) -> YMap | None:
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.report(node.pos, f"{what} should be a mapping (key: value lines), not {describe(node)}")
            return None
        return node

    def sequence(self, node: YNode | None, what: str) -> YSeq | None:
        if node is None:
            return None
        if not isinstance(node, YSeq):
            hint = "start each item with '- '" if isinstance(node, YMap) else None
            self.report(node.pos, f"{what} should be a list, not {describe(node)}", hint)
            return None
        return node

    def fields(
        self,
        node: YMap,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, YNode]:
        """The entries of ``node``, reporting unknown keys (with a did-you-mean) and missing ones."""
        required = tuple(required)
        allowed = (*required, *optional)
        found: dict[str, YNode] = {}
        for key, value in node.entries:
            name = key.value
            if name in allowed and isinstance(name, str):
                found[name] = value
                continue
            shown = name if isinstance(name, str) else describe(key)
            guess = did_you_mean(str(shown), allowed) or "allowed keys: " + ", ".join(allowed)
            self.report(key.pos, f"unknown key '{shown}' in {what}", guess)
        for name in required:
            if name not in found:
                break
        else:
            return found  # the usual case: nothing is missing
        missing = [name for name in required if name not in found]
        keys = ", ".join(f"'{m}'" for m in missing)
        self.report(node.pos, f"{what} is missing {keys}", f"add {missing[0]}: ...")
        return found

    # ---------------------------------------------------------------- scalars
    def text(self, node: YNode | None, what: str, *, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
            self.report(node.pos, f"{what} should be text, not {describe(node)}", _quote_hint(node))
            return None
        text = str(node.value).strip() if not isinstance(node.value, str) else node.value.strip("\n")
        if not allow_empty and (not text or text.isspace()):  # `not text.strip()`, without a copy
            self.report(node.pos, f"{what} is empty")
            return None
        unsafe = unsafe_in(text)
        if unsafe is not None:
            index, name = unsafe
            where = f"after '{_short(text[max(0, index - 29) : index])}'" if index else "at its start"
            self.report(
                node.pos,
                f"{what} holds {name} {where}",
                "remove it: a terminal obeys control characters instead of showing them "
                "(in quotes, \\e, \\a, \\x.. and \\u.. escapes write them); tabs and line breaks are fine",
            )
            return None
        return text

    def integer(self, node: YNode | None, what: str) -> int | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        self.report(node.pos, f"{what} should be a whole number, not {describe(node)}")
        return None

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.report(node.pos, f"{what} should be true or false, not {describe(node)}")
        return None

    def ident(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            hint = None
            if isinstance(node, YScalar) and isinstance(node.value, bool):
                hint = (
                    "YAML reads yes/no/on/off/true/false as true or false; choose another id, e.g. vote_yes"
                )
            self.report(node.pos, f"{what} should be an id, not {describe(node)}", hint)
            return None
        if node.value in self.valid_ids:  # check_id's first test, before the position is asked for
            return node.value
        return self.check_id(node.value, node.pos, what)

    def check_id(self, value: str, pos: Pos, what: str) -> str | None:
        if value in self.valid_ids:  # a story names each of its ids many times
            return value
        if not ID_PATTERN.match(value):
            suggestion = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_") or "scene_1"
            if not suggestion[0].isalpha():
                suggestion = "x_" + suggestion
            self.report(
                pos,
                f"{what} '{_short(value)}' is not a valid id",
                f"use lower-case letters, digits and _, starting with a letter, e.g. '{suggestion}'",
            )
            return None
        if value in RESERVED:
            self.report(pos, f"{what} '{value}' is a reserved word", "choose another name")
            return None
        self.valid_ids.add(value)
        return value


def _quote_hint(node: YNode) -> str | None:
    if isinstance(node, YMap):
        return "is there a ': ' inside the text? put the whole text in quotes"
    if isinstance(node, YSeq):
        return "text starting with '- ' or '[' must be put in quotes"
    return None
