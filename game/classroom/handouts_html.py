"""Print-ready HTML pages for the handouts: the Markdown rendered by markdown-it inside a
page that carries the print style (game/classroom/print.css) and the paper size."""

from __future__ import annotations

from html import escape
from importlib import resources

from game.classroom.handouts_cards import Card
from game.classroom.handouts_layout import layout
from game.classroom.handouts_markdown import to_html

PAPER = {"a4": "A4", "letter": "letter"}
"""Role-card editions: file suffix -> CSS @page size."""


def print_css() -> str:
    return resources.files("game.classroom").joinpath("print.css").read_text(encoding="utf-8")


def _page(title: str, body_class: str, body: str, paper: str | None) -> str:
    size = f"size: {paper}; " if paper else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n@page {{ {size}margin: 16mm 18mm; }}\n{print_css()}</style>\n"
        f'</head>\n<body class="{body_class}">\n{body}</body>\n</html>\n'
    )


def guide_html(title: str, markdown: str) -> str:
    """The teacher's guide as one page; the printer's own paper size is used."""
    return _page(title, "guide-page", f'<main class="guide">\n{to_html(markdown)}</main>\n', None)


def cards_html(title: str, cards: list[Card], paper: str) -> str:
    """Every card in a section of its own, each printed on a new page of ``paper`` (A4 or letter)."""
    note = f"{escape(title)}: {len(cards)} cards; printed, each starts a new page."
    sections = [f'<p class="screen-only">{note}</p>\n']
    for card in cards:
        kind = escape(card.kind, quote=True)
        ident = escape(f"{card.kind}-{card.ident}", quote=True)
        fit = layout(card)
        more = ""
        if card.more:
            classes = "more"
            heading = ""
            if fit.continued:
                classes += f" more-continued more-dense-{fit.more_density}"
                heading = f'<p class="continued">{escape(card.name)} (continued)</p>\n'
            more = f'<div class="{classes}">\n{heading}{to_html(card.more)}</div>\n'
        sections.append(
            f'<section class="card card-{kind} card-dense-{fit.density}" id="{ident}">\n'
            f"{to_html(card.main)}{more}</section>\n"
        )
    return _page(title, "cards-page", "".join(sections), paper)
