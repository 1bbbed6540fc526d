"""The end: the ending's title and epilogue, then the debrief of the run against history.

``e`` exports the debrief; ``r`` writes a results file for the teacher (the app asks for a name).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.engine import panel
from game.session import Session
from game.ui import story_text
from game.ui.screens import GAME_CSS
from game.ui.widgets.footer import GameFooter
from game.ui.widgets.journal_entries import JournalEntries, comparison_content
from game.ui.widgets.path_text import PathText
from game.ui.widgets.prose import Prose


class EndScreen(Screen[None]):
    """Shown once ``session`` has reached an ending; ``e`` exports the debrief, ``r`` writes results."""

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "app.export", "Export debrief"),
        Binding("r", "app.write_results", "Results"),
        Binding("u,ctrl+z", "app.undo", "Undo", key_display="u"),
        Binding("n", "app.new_game", "New game", show=False),  # in help; the footer has no room at 80 columns
        Binding("t", "app.timeline", "Timeline", show=False),
        Binding("g", "app.glossary", "Glossary", show=False),
        Binding("escape", "app.title", "Title"),
        Binding("q", "app.quit", "Quit", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session, story = self.session, self.session.story
        shown = session.ending_view()
        with VerticalScroll(id="end-scroll"):
            if shown is not None and shown.aftermath:  # what the last choice left, before the end
                yield Prose(story_text.prose(shown.aftermath, story), id="aftermath", classes="aftermath")
            yield Static(Content("The end"), classes="overline")
            if shown is not None:
                yield Static(Content.styled(shown.ending.title, "bold $text-accent"), id="ending-title")
                yield Prose(story_text.prose(shown.epilogue, story), id="epilogue")
                if shown.fates:
                    yield Static(Content.styled("What became of them", "bold"), classes="section")
                    fates = [
                        Content.assemble((f"{f.character.name}: ", "bold"), story_text.prose(f.text, story))
                        for f in shown.fates
                    ]
                    yield Prose(story_text.joined(fates), id="fates")
                yield Static(Content.styled("What became of people like you", "bold"), classes="section")
                yield Prose(story_text.prose(shown.history, story), id="history")
                for source in shown.ending.sources:
                    yield Static(
                        story_text.quotation(source, panel.short_cite(story, source.cite)),
                        classes="quotation",
                        markup=False,
                    )
            journal = session.journal()
            yield Static(Content.styled("Your decisions beside history", "bold"), classes="section")
            yield Static(comparison_content(panel.comparison(journal)), id="divergence", markup=False)
            entries = JournalEntries(id="debrief")
            entries.show(journal, detailed=True)
            yield entries
            yield Static(
                Content("Press e to export this debrief as a Markdown file."),
                id="export-path",
                classes="hint",
                markup=False,
            )
            if getattr(self.app, "RESULTS_FILES", True):  # a live class records every decision itself
                yield Static(
                    Content("If your teacher asked for your results, press r to write them to a file."),
                    id="results-path",
                    classes="hint",
                    markup=False,
                )
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#end-scroll", VerticalScroll).focus()

    def exported(self, where: str, *, downloaded: bool = False) -> None:
        """Show where the debrief went: a path on this machine, or the name the browser saves."""
        label = "Your browser is downloading the debrief: " if downloaded else "Debrief written to "
        shown = self.query_one("#export-path", Static)
        shown.update(PathText(label, where))
        shown.remove_class("hint")

    def results_written(self, where: str, *, downloaded: bool = False) -> None:
        """Show where the results file went."""
        label = (
            "Your browser is downloading your results: "
            if downloaded
            else "Results for your teacher written to "
        )
        shown = self.query_one("#results-path", Static)
        shown.update(PathText(label, where))
        shown.remove_class("hint")
