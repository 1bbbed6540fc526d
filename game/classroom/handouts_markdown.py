"""Markdown for the handouts: story text escaped so it always reads as plain text.

The handouts are written as Markdown and turned into HTML by markdown-it.  Story
text is never Markdown: an author's ``*``, ``<b>`` or ``[x](y)`` must print as
typed, so every piece of story text passes through :func:`text` (one paragraph)
or :func:`paragraphs` (a block of prose) before it joins the document.  Only the
handout's own frame (headings, lists, bold labels) is Markdown syntax.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from game.engine.model import paragraphs as story_paragraphs
from game.engine.model import plain_line

_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
"""Characters that start inline Markdown (emphasis, code, links, raw HTML, entities) anywhere."""

_BLOCK_START = re.compile(r"^(#|>|-|\+|=|(\d+)([.)]))")
"""What turns a line into a heading, quote, list, rule or numbered item when it comes first."""


def text(value: str) -> str:
    """One paragraph of story text as Markdown that renders exactly as the reader sees it.

    Glossary marks become the words shown (``[[NEP|the new policy]]`` -> "the new
    policy"), line breaks and runs of spaces become one space, and every character
    Markdown would read as syntax is escaped with a backslash.
    """
    flat = plain_line(value)
    escaped = _INLINE.sub(r"\\\1", flat)
    return _BLOCK_START.sub(_escape_block_start, escaped, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(2) is not None:  # "1921. The year" would start a numbered list
        return f"{match.group(2)}\\{match.group(3)}"
    return "\\" + match.group(1)


def paragraphs(value: str) -> list[str]:
    """A block of story prose, split where the author left a blank line, each paragraph escaped."""
    return [text(part) for part in story_paragraphs(value)]


class Document:
    """Markdown built block by block; each method takes text that is already Markdown."""

    def __init__(self) -> None:
        self._blocks: list[str] = []

    def heading(self, level: int, markdown: str) -> None:
        self._blocks.append(f"{'#' * level} {markdown}")

    def para(self, markdown: str) -> None:
        self._blocks.append(markdown)

    def prose(self, story_text: str) -> None:
        """Story prose, one Markdown paragraph per paragraph the author wrote."""
        self._blocks.extend(paragraphs(story_text))

    def bullets(self, items: list[str]) -> None:
        if items:
            self._blocks.append("\n".join(f"- {item}" for item in items))

    def numbered(self, items: list[str]) -> None:
        if items:
            self._blocks.append("\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)))

    def quote(self, story_quote: str, cite: str) -> None:
        """A quotation and its source, as a block quote."""
        body = "\n>\n".join(f"> {p}" for p in paragraphs(story_quote))
        self._blocks.append(f"{body}\n>\n> — {text(cite)}")

    def extend(self, other: Document) -> None:
        self._blocks.extend(other._blocks)

    def markdown(self) -> str:
        return "\n\n".join(self._blocks) + "\n"


_RENDERER = MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(markdown: str) -> str:
    """HTML for Markdown written by this module; raw HTML in it is escaped, never passed through."""
    html: str = _RENDERER.render(markdown)
    return html
