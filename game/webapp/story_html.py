"""Story text as HTML: paragraphs, and glossary marks as links to their definitions.

The engine renders every text from the story and the state (game.engine.view) and keeps
glossary marks (``[[NEP]]``, ``[[NEP|the new policy]]``) for each front end to show its own
way.  Here a mark becomes a link to the term's definition (``#term-<slug>``: on a scene page
the definitions are listed under the prose, on the glossary page each has its entry).
Everything else is escaped: story text is never markup, and control characters are
neutralised first (:func:`game.safe_text.printable`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from game.engine.model import GLOSSARY_MARK, GlossaryTerm, Story, paragraphs
from game.safe_text import printable


@functools.lru_cache(maxsize=4096)
def term_id(term: GlossaryTerm) -> str:
    """The fragment that names a term's definition on a page: ``term-new-economic-policy``."""
    ascii_name = unicodedata.normalize("NFKD", term.term).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"term-{slug or hashlib.sha256(term.term.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class Marked:
    """A text as HTML, and the glossary terms it marks (in order of first mark)."""

    html: Markup
    terms: tuple[GlossaryTerm, ...]


CACHED = 20_000
"""Texts kept as HTML per story, as a paragraph and as prose (a text's HTML depends only on the
text and the glossary, and the engine renders the same passages for every player in the same
state)."""
_cache: dict[int, tuple[Story, dict[tuple[str, bool, bool], Marked]]] = {}


def inline(text: str, story: Story, *, links: bool = True) -> Marked:
    """One paragraph's worth of story text as HTML, its glossary marks links (or, without ``links``,
    plain words); either way the terms marked are returned with it."""
    return _cached(text, story, links, False)


def _cached(text: str, story: Story, links: bool, paragraphed: bool) -> Marked:
    kept = _cache.get(id(story))
    if kept is None or kept[0] is not story:
        kept = _cache[id(story)] = (story, {})  # holding the story keeps its id its own
    key = (text, links, paragraphed)
    found = kept[1].get(key)
    if found is None:
        made = _prose(text, story, links) if paragraphed else _inline(text, story, links)
        if len(kept[1]) >= CACHED:
            kept[1].clear()
        found = kept[1][key] = made
    return found


def _inline(text: str, story: Story, links: bool) -> Marked:
    text = printable(text)
    out: list[str] = []
    found: dict[str, GlossaryTerm] = {}
    position = 0
    for match in GLOSSARY_MARK.finditer(text):
        out.append(escape(text[position : match.start()]))
        name = " ".join(match.group(1).split())
        shown = " ".join((match.group(2) or match.group(1)).split())
        term = story.glossary_lookup(name)
        if term is not None:
            found.setdefault(term.term, term)
        if term is None or not links:  # no links inside a button: the term is listed beside it
            out.append(escape(shown))
        else:
            out.append(Markup('<a class="term" href="#{}">{}</a>').format(term_id(term), shown))
        position = match.end()
    out.append(escape(text[position:]))
    return Marked(Markup("").join(out), tuple(found.values()))


def prose(text: str, story: Story, *, links: bool = True) -> Marked:
    """Story text as ``<p>`` paragraphs (split where the author left a blank line)."""
    return _cached(text, story, links, True)


def _prose(text: str, story: Story, links: bool) -> Marked:
    parts = [inline(paragraph, story, links=links) for paragraph in paragraphs(text)]
    found: dict[str, GlossaryTerm] = {}
    for part in parts:
        for term in part.terms:
            found.setdefault(term.term, term)
    html = Markup("\n").join(Markup("<p>{}</p>").format(part.html) for part in parts)
    return Marked(html, tuple(found.values()))


@functools.lru_cache(maxsize=4096)
def glossary_html(term: GlossaryTerm) -> Markup:
    """A term's entry as students read it, as HTML: its pieces joined with a space, the note about
    the word's general sense marked (worked out once per term: every scene page lists its terms)."""
    return Markup(" ").join(
        Markup('<span class="general-note">{}</span>').format(text) if note else escape(text)
        for text, note in term.reading()
    )


def terms_of(*marked: Marked) -> tuple[GlossaryTerm, ...]:
    """The terms marked in several texts, each once, in order."""
    found: dict[str, GlossaryTerm] = {}
    for item in marked:
        for term in item.terms:
            found.setdefault(term.term, term)
    return tuple(found.values())
