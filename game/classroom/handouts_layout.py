"""How a role card is set so that it prints on one page.

A card is set in the largest of four type steps (.card-dense-0 to -3 in print.css) at
which it fits one page.  Whether it fits is estimated from its Markdown, block by block:
each paragraph, list item and heading takes as many lines as its characters fill at
that step's size, plus the space around it.  The line width and the page height, in
characters and lines of the step-0 type, were measured by printing cards of growing
length with headless Chromium on US Letter (the shorter paper) in DejaVu Serif (wider
than the fonts print.css asks for first), keeping a margin; see
tests/classroom/test_handouts_print.py.  A card too long even for the smallest step
would run onto a second page: :func:`overflowing` names it, so the command can say
which card to shorten.
"""

from __future__ import annotations

import math
import re

from game.classroom.handouts_cards import Card

SIZES = (10.5, 9.5, 8.8, 8.0)
"""The card's type size in points at steps 0..3 (as .card and .card-dense-N in print.css)."""

LINE_CHARS = 96
"""Characters of Markdown that fill one line of step-0 body type across the page."""

PAGE_LINES = 41.5
"""Lines of step-0 body type (with its line spacing) that one page holds, less a margin:
the cards measured fill 43.4 to 45.6 by this estimate when the next word would overflow."""

_HEADING = {"##": 1.6, "###": 1.15, "####": 1.02}
"""A heading's type size, relative to the body type (print.css: .card h2, h3, h4)."""

_SPACE = {"p": 0.2, "li": 0.05, "##": 0.8, "###": 0.4, "####": 0.34}
"""The space a block adds around itself, in lines of its step's body type."""


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """The card's blocks as (kind, text): kind is a heading's hashes, "p" or "li"."""
    blocks = []
    for part in re.split(r"\n\s*\n", markdown.strip()):
        if part.startswith("#"):
            hashes, _, rest = part.partition(" ")
            blocks.append((hashes, rest))
        elif part.startswith("- "):
            blocks.extend(("li", "  " + item) for item in part[2:].split("\n- "))
        else:
            blocks.append(("p", part))
    return blocks


def height(card: Card, step: int) -> float:
    """The card's estimated height at ``step``, in lines of step-0 body type."""
    scale = SIZES[step] / SIZES[0]
    lines = 0.0
    for kind, words in _blocks(card.markdown):
        size = _HEADING.get(kind, 1.0)
        across = max(1, math.ceil(len(words) * size * scale / LINE_CHARS))
        line_height = size * (1.2 / 1.4 if kind.startswith("#") else 1.0)
        lines += (across * line_height + _SPACE.get(kind, 0.5)) * scale
    return lines


def density(card: Card) -> int:
    """The card's type step: the largest type (0) to the smallest (3) at which it fits a page."""
    return next((step for step in range(len(SIZES)) if height(card, step) <= PAGE_LINES), len(SIZES) - 1)


def overflowing(cards: list[Card]) -> list[Card]:
    """The cards too long for one page even in the smallest type."""
    return [card for card in cards if height(card, len(SIZES) - 1) > PAGE_LINES]
