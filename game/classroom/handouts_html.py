"""Print-ready HTML pages for the handouts (guide, role cards, faction briefs): the
Markdown rendered by markdown-it inside a page that carries the print style
(game/classroom/print.css) and, for the role cards, the paper size."""

from __future__ import annotations

import re
from html import escape
from importlib import resources

from game.classroom.handouts_briefs import Brief
from game.classroom.handouts_cards import Card
from game.classroom.handouts_layout import density
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


def guide_html(title: str, quick_start: str, body: str) -> str:
    """The teacher's guide: the quick start on its own two pages, then the rest from a new
    page.  The printer's own paper size is used."""
    return _page(
        title,
        "guide-page",
        f'<section class="quick-start">\n{to_html(quick_start)}</section>\n'
        f'<main class="guide">\n{to_html(body)}</main>\n',
        None,
    )


def quick_start_html(title: str, quick_start: str) -> str:
    """The quick start alone: two pages on the printer's paper."""
    return _page(
        title, "guide-page", f'<section class="quick-start">\n{to_html(quick_start)}</section>\n', None
    )


def appendix_html(title: str, markdown: str) -> str:
    return _page(title, "guide-page", f'<main class="guide appendix">\n{to_html(markdown)}</main>\n', None)


def cards_html(title: str, cards: list[Card], paper: str) -> str:
    """Every card in a section of its own, each printed on one page of ``paper`` (A4 or letter)."""
    note = f"{escape(title)}: {len(cards)} cards; printed, one to a page."
    sections = [f'<p class="screen-only">{note}</p>\n']
    for card in cards:
        kind = escape(card.kind, quote=True)
        ident = escape(f"{card.kind}-{card.ident}", quote=True)
        sections.append(
            f'<section class="card card-{kind} card-dense-{density(card)}" id="{ident}">\n'
            f"{to_html(card.markdown)}</section>\n"
        )
    return _page(title, "cards-page", "".join(sections), paper)


def briefs_html(title: str, intro: str, briefs: list[Brief]) -> str:
    """The intro (on screen only, so that the printout starts with a brief), then each
    faction's brief in a section that starts a new page, its cases in two columns.  The
    printer's own paper size is used."""
    sections = [f'<header class="briefs-intro screen-only">\n{to_html(intro)}</header>\n']
    for brief in briefs:
        ident = escape(f"faction-{brief.ident}", quote=True)
        sections.append(
            f'<section class="brief" id="{ident}">\n{to_html(brief.heading)}'
            f'<div class="brief-cases">\n{to_html(brief.cases)}</div>\n</section>\n'
        )
    return _page(title, "briefs-page", "".join(sections), None)


_ANSWER = re.compile(r"<p>(<strong>[^<]*</strong> )?_{20,}</p>")


def _answer_lines(html: str) -> str:
    """A paragraph of underscores (a line to write on) drawn as a rule across the page."""
    return _ANSWER.sub(lambda m: f'<p class="answer">{m.group(1) or ""}</p>', html)


def sheets_html(title: str, sheets: list[tuple[str, str]], kind: str) -> str:
    """Worksheets or their marking guide: each sheet (ident, Markdown) in a section that
    starts a new page.  The printer's own paper size is used."""
    sections = [
        f'<p class="screen-only">{escape(title)}: {len(sheets)} episodes, each from a new page.</p>\n'
    ]
    for ident, markdown in sheets:
        sections.append(
            f'<section class="sheet {kind}" id="{escape(ident, quote=True)}">\n'
            f"{_answer_lines(to_html(markdown))}</section>\n"
        )
    return _page(title, "sheets-page", "".join(sections), None)
