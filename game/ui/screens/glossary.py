"""The glossary: every term with its definition, the current scene's terms first."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import GlossaryTerm, Story
from game.ui import story_text
from game.ui.screens.dialog import InfoScreen


def definition_content(term: GlossaryTerm) -> Content:
    parts: list[Content] = [Content.styled(term.term, "bold $text-accent")]
    if term.also:
        parts.append(Content.styled("also: " + ", ".join(term.also), "$foreground-muted"))
    pieces = [
        Content.styled(story_text.plain(piece), "$foreground-muted italic")
        if note
        else Content(story_text.plain(piece))
        for piece, note in term.reading()
    ]
    parts.append(Content(" ").join(pieces))
    return Content("\n").join(parts)


def matches(term: GlossaryTerm, search: str) -> bool:
    folded = search.casefold().strip()
    haystack = " ".join((term.term, *term.also, term.text)).casefold()
    return not folded or folded in haystack


class GlossaryScreen(InfoScreen):
    """Arrows move through the terms; typing in the search box filters them; Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "close", "Close", show=False),
        Binding("slash", "search", "Search", key_display="/"),
    ]

    def __init__(self, story: Story, shown: str = "", *, focus: str | None = None) -> None:
        """``shown``: the prose the player is reading (rendered), whose terms are listed first."""
        super().__init__()
        self.story = story
        self.scene_terms = story.glossary_terms(shown) if shown else []
        focused = story.glossary_lookup(focus) if focus else None
        self.focus_term = focused.term if focused is not None else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog glossary"):
            yield Static(Content.styled("Glossary", "bold $text-accent"), classes="heading")
            yield Input(placeholder="Search the glossary (/)", id="glossary-search")
            with Horizontal(id="glossary-panes"):
                yield OptionList(id="glossary-terms", markup=False)
                with VerticalScroll(id="glossary-definition"):
                    yield Static("", id="definition", markup=False)
            yield Static(Content("↑↓ choose a term · / search · Esc close"), classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#glossary-terms", OptionList).focus()

    def _fill(self, search: str) -> None:
        terms_list = self.query_one("#glossary-terms", OptionList)
        in_scene = [term for term in self.scene_terms if matches(term, search)]
        shown = {term.term for term in in_scene}
        others = sorted(
            (
                term
                for term in self.story.glossary.values()
                if term.term not in shown and matches(term, search)
            ),
            key=lambda term: term.term.casefold(),
        )
        terms_list.clear_options()
        if in_scene:
            terms_list.add_option(
                Option(Content.styled("In this scene", "italic $foreground-muted"), disabled=True)
            )
            terms_list.add_options(Option(Content(term.term), id=term.term) for term in in_scene)
            if others:
                terms_list.add_option(
                    Option(Content.styled("All terms", "italic $foreground-muted"), disabled=True)
                )
        terms_list.add_options(Option(Content(term.term), id=term.term) for term in others)
        # highlight the focused term if it is listed, else the first term
        enabled = [
            position
            for position in range(terms_list.option_count)
            if not terms_list.get_option_at_index(position).disabled
        ]
        index = next(
            (
                position
                for position in enabled
                if terms_list.get_option_at_index(position).id == self.focus_term
            ),
            enabled[0] if enabled else None,
        )
        terms_list.highlighted = index
        self._show(terms_list.get_option_at_index(index).id if index is not None else None)

    def _show(self, name: str | None) -> None:
        term = self.story.glossary_lookup(name) if name else None
        definition = self.query_one("#definition", Static)
        if term is None:
            definition.update(Content.styled("No term matches the search.", "italic"))
        else:
            definition.update(definition_content(term))

    @on(OptionList.OptionHighlighted, "#glossary-terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.focus_term = event.option.id
        self._show(event.option.id)

    @on(Input.Changed, "#glossary-search")
    def _searched(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _submitted(self) -> None:
        self.query_one("#glossary-terms", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#glossary-search", Input).focus()
