"""YAML syntax errors reworded in plain English, with a hint for the common mistakes."""

from __future__ import annotations

from typing import Final

import yaml

from game.loading.problems import Problem
from game.loading.yaml_tree import MAX_DEPTH

DEPTH_MESSAGE: Final = f"lists and mappings are nested too deeply here (more than {MAX_DEPTH} levels)"
DEPTH_HINT: Final = "a story never needs this much nesting; check for runaway '[' or '{' or indentation"
TAG_HINT: Final = "remove the tag; text starting with '!' must be put in quotes"


def syntax_problem(err: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
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
    if "{" in source_line and ("mapping values are not allowed" in problem or "flow" in context + problem):
        return located(
            "this text holds '{' or ': ', which YAML reads as part of its own syntax",
            "put text with {if ...: ...} or {name} in quotes (\"...\"), or write it as a block after '|'",
        )
    if "nesting depth" in problem:  # libyaml's own limit, which its look-ahead can reach before ours
        return located(DEPTH_MESSAGE, DEPTH_HINT)
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
        return located("tags (text starting with '!') are not allowed", TAG_HINT)
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
