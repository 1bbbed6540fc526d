"""Story text as Textual :class:`Content`, never through console markup.

Everything an author or a player wrote (prose, choices, names of saves) is
built here into ``Content`` objects whose styles are spans over the literal
text, so a scene containing ``[bold]`` or ``[@click=app.quit]`` shows those
characters and nothing else.  Glossary marks (``[[NEP]]``, ``[[NEP|the new
policy]]``) become highlighted words carrying a click action that names the term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual.content import Content, Span
from textual.style import Style

from game.engine.model import GLOSSARY_MARK, GlossaryTerm, Source, Story, plain_prose
from game.safe_text import printable

TERM_STYLE = "bold underline $text-accent"
"""How a glossary term looks in prose (theme-aware)."""

TERM_ACTION = "show_term"
"""The action a clicked term runs on the widget showing it, with the term's name."""

_LIST_LINE = re.compile(r"^\s*(?:[-*•>]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Join an author's hard-wrapped lines into paragraphs so the text can rewrap at any width.

    Blank lines separate paragraphs; a line that starts a list item (``- ``, ``* ``,
    ``1. ``) or a quotation (``> ``) keeps its own line.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if lines and not _LIST_LINE.match(raw):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def plain(text: str) -> str:
    """Story text with glossary marks replaced by the words they show, reflowed."""
    return reflow(plain_prose(text))


def text(value: str, style: str = "") -> Content:
    """Any text at all, shown literally (marks are shown as written)."""
    value = printable(value)
    return Content.styled(value, style) if style else Content(value)


def prose(value: str, story: Story, *, clickable: bool = True) -> Content:
    """Prose with its glossary terms highlighted and, if ``clickable``, able to be clicked."""
    flowed = reflow(printable(value))
    parts: list[str | Content] = []
    position = 0
    for match in GLOSSARY_MARK.finditer(flowed):
        parts.append(flowed[position : match.start()])
        name = " ".join(match.group(1).split())
        shown = " ".join((match.group(2) or match.group(1)).split())
        parts.append(term_content(shown, story.glossary_lookup(name), clickable=clickable))
        position = match.end()
    parts.append(flowed[position:])
    return Content.assemble(*parts)


def term_content(shown: str, term: GlossaryTerm | None, *, clickable: bool = True) -> Content:
    """The words ``shown`` for a glossary term: highlighted, and carrying a click action."""
    if term is None or not shown:
        return Content(shown)
    spans = [Span(0, len(shown), TERM_STYLE)]
    if clickable:
        spans.append(Span(0, len(shown), Style.from_meta({"@click": (TERM_ACTION, (term.term,))})))
    return Content(shown, spans)


def quotation(source: Source, cite: str | None = None) -> Content:
    """A source as a quotation followed by its citation (``cite``, else the source's own) on its own line."""
    return Content.assemble(
        ("“" + " ".join(printable(source.quote).split()) + "”", "italic"),
        "\n",
        ("— " + printable(source.cite if cite is None else cite), "$foreground-muted"),
    )


def joined(parts: Iterable[Content], separator: str = "\n\n") -> Content:
    """Content pieces one after another, separated by ``separator``."""
    return Content(separator).join(parts)
