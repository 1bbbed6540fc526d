"""How a role card is laid out on paper so that it stays on one page where it can.

A faction heard at many decision points has a long card.  It is set one step smaller
per threshold passed; when even the smallest step would overflow, its cases at the
other decision points move onto continuation pages of their own (two columns, as few
pages as hold them, in the largest type that fits), and the next card still starts on
a fresh page.  The limits are characters of the card's
Markdown, measured by printing cards of growing length with headless Chromium on US
Letter (the shorter paper) and keeping a margin; see tests/classroom/test_handouts.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.classroom.handouts_cards import Card

CARD_PAGE = (2700, 3050, 3650, 4900)
"""Most characters of a whole card that fit one page at steps 0..3 (.card-dense-N in print.css)."""

MORE_PAGE = (3300, 4100, 4900, 5800)
"""Most characters of a continuation page of cases at steps 0..3 (.more-dense-N in print.css)."""


@dataclass(frozen=True)
class CardLayout:
    density: int  # 0 (ordinary type) to 3 (smallest)
    continued_pages: int = 0  # pages of the other decision points after the card's own page
    more_density: int = 0

    @property
    def continued(self) -> bool:
        return self.continued_pages > 0

    @property
    def pages(self) -> int:
        return 1 + self.continued_pages


def _step(size: int, limits: tuple[int, ...]) -> int:
    return min(sum(size > limit for limit in limits), len(limits) - 1)


def layout(card: Card) -> CardLayout:
    size = len(card.markdown)
    if size <= CARD_PAGE[-1] or not card.more:
        return CardLayout(_step(size, CARD_PAGE))
    more = len(card.more)
    pages = -(-more // MORE_PAGE[-1])  # as few pages as hold the cases in the smallest type
    return CardLayout(_step(len(card.main), CARD_PAGE), pages, _step(-(-more // pages), MORE_PAGE))
