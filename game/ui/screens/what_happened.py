"""After a decision point: the player's choice beside what happened, in two layers.

The first layer fits an 80x24 terminal: your choice, history's, the short account and one
quotation.  ``f`` opens the full account (what happened, the background, each side's case,
every source, the argument, the questions); what goes in which layer is decided by
:mod:`game.engine.panel`, which the plain player, the browser and the debrief use too.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import panel
from game.engine.model import Decision, Story
from game.engine.view import JournalEntry
from game.ui import story_text
from game.ui.screens import GAME_CSS
from game.ui.screens.dialog import Dialog
from game.ui.widgets.prose import Prose

SIDE_BY_SIDE = 100
"""From this many columns, "You chose" and "What happened" stand side by side."""

SHORT_HINT = "f the full account · Enter continue"
FULL_HINT = "f the short account · ↑↓ scroll · Enter continue"


class WhatHappenedScreen(Dialog[None]):
    """Enter, Space or Escape continues the story; ``f`` switches between the two layers.

    One panel can serve every decision point of a story: :meth:`show` fills it anew,
    so the app keeps it (installed) instead of building a screen for each decision.
    """

    CSS_PATH = GAME_CSS

    AUTO_FOCUS = "#what-happened-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,escape", "close", "Continue", key_display="Enter"),
        Binding("f", "toggle_full", "Full account"),
    ]

    def __init__(self, story: Story, entry: JournalEntry) -> None:
        super().__init__()
        self.story = story
        self.entry = entry
        self.account = panel.panel(story, entry)
        self.quotations = max((len(d.sources) for d in story.decisions.values()), default=0)
        """Quotation boxes kept for the full account: enough for the decision with the most sources."""

    @property
    def decision(self) -> Decision:
        return self.entry.decision

    @property
    def full(self) -> bool:
        """Whether the full account is open."""
        return self.query_one(".what-happened").has_class("-full")

    def compose(self) -> ComposeResult:
        stacked = self.app.size.width < SIDE_BY_SIDE  # set before mounting: no restyle after it
        with Vertical(classes="dialog what-happened"), VerticalScroll(id="what-happened-body"):
            yield Static("", id="question", classes="question full-only", markup=False)
            with Horizontal(id="compare", classes="-stacked" if stacked else ""):
                yield Static("", id="you-chose", classes="column", markup=False)
                with Vertical(classes="column", id="account"):
                    yield Prose(id="summary", classes="first-only")
                    yield Prose(id="happened", classes="full-only")
            yield Static("", id="first-quotation", classes="quotation first-only", markup=False)
            yield Prose(id="background", classes="full-only section")
            yield Prose(id="cases", classes="full-only section")
            yield Static(
                Content.styled("Sources", "bold $text-accent"), classes="full-only section", id="sources"
            )
            for _ in range(self.quotations):
                yield Static("", classes="quotation full-only source", markup=False)
            yield Static("", id="references", classes="full-only references", markup=False)
            yield Prose(id="argument", classes="full-only section")
            yield Static("", id="discuss", classes="full-only section", markup=False)

    def on_mount(self) -> None:
        self._fill()

    def show(self, entry: JournalEntry) -> None:
        """Fill the panel for another decision point (before it is pushed again): its short layer."""
        self.entry = entry
        self.account = panel.panel(self.story, entry)
        if not self.is_mounted:
            return  # on_mount will show them
        self._leave_full()
        self._fill()
        self.query_one("#compare").set_class(self.app.size.width < SIDE_BY_SIDE, "-stacked")

    # ------------------------------------------------------------ filling
    def _fill(self) -> None:
        first, full = self.account.first, self.account.full
        dialog = self.query_one(".what-happened")
        dialog.border_title = Content.styled(first.title, "bold")
        self._hint()
        self.query_one("#question", Static).update(Content.styled(story_text.plain(full.question), "italic"))
        self.query_one("#you-chose", Static).update(self._you_chose(first))
        self.query_one("#summary", Prose).update(self._account(first.summary))
        self.query_one("#happened", Prose).update(self._account(full.happened))
        quotation = self.query_one("#first-quotation", Static)
        if first.quotation is not None:
            quotation.update(self._quotation(first.quotation))
        quotation.set_class(first.quotation is None, "-empty")
        self._fill_full(full)
        self.query_one("#what-happened-body", VerticalScroll).scroll_home(animate=False)

    def _fill_full(self, full: panel.FullAccount) -> None:
        background = self.query_one("#background", Prose)
        background.update(
            Content.assemble(("Background", "bold $text-accent"), "\n", self._prose(full.background))
        )
        background.set_class(not full.background, "-empty")
        cases = self.query_one("#cases", Prose)
        cases.update(
            Content.assemble(
                ("Each side's case", "bold $text-accent"),
                *(
                    Content.assemble("\n\n", (f"{case.side}: ", "bold"), self._prose(case.text))
                    for case in full.cases
                ),
            )
        )
        cases.set_class(not full.cases, "-empty")
        for index, box in enumerate(self.query(".source").results(Static)):
            if index < len(full.sources):
                box.update(self._quotation(full.sources[index]))
            box.set_class(index >= len(full.sources), "-empty")
        references = self.query_one("#references", Static)
        references.update(Content("\n".join(f"Quoted from {reference}" for reference in full.references)))
        references.set_class(not full.references, "-empty")
        argument = self.query_one("#argument", Prose)
        if full.argument is not None:
            argument.update(
                Content.assemble((f"{full.argument.by} argues: ", "bold"), self._prose(full.argument.text))
            )
        argument.set_class(full.argument is None, "-empty")
        discuss = self.query_one("#discuss", Static)
        lines = "".join(f"\n• {story_text.plain(question)}" for question in full.discuss)
        discuss.update(Content.assemble(("Think about it", "bold $text-accent"), lines))
        discuss.set_class(not full.discuss, "-empty")

    def _hint(self) -> None:
        dialog = self.query_one(".what-happened")
        hint = FULL_HINT if dialog.has_class("-full") else SHORT_HINT
        dialog.border_subtitle = Content(hint)

    def _prose(self, text: str) -> Content:
        return story_text.prose(text, self.story, clickable=False)

    def _account(self, text: str) -> Content:
        return Content.assemble(("What happened", "bold $text-accent"), "\n", self._prose(text))

    @staticmethod
    def _quotation(citation: panel.Citation) -> Content:
        return story_text.quotation(citation.source, citation.cite)

    @staticmethod
    def _you_chose(first: panel.FirstLayer) -> Content:
        """The player's choice under its label, then how history went beside it."""
        verdict = first.verdict
        parts: list[Content | str | tuple[str, str]] = [
            (panel.YOU_CHOSE, "bold $text-accent"),
            "\n",
            story_text.plain(first.chosen),
            "\n\n",
            (verdict.words, "bold" if verdict.kind != "open" else "italic"),
        ]
        parts += [f"\n• {story_text.plain(text)}" for text in verdict.listed]
        return Content.assemble(*parts)

    # ------------------------------------------------------------ events
    def on_resize(self, event: events.Resize) -> None:
        """Side by side when there is room for two readable columns, else one above the other."""
        self.query_one("#compare").set_class(event.size.width < SIDE_BY_SIDE, "-stacked")

    def action_toggle_full(self) -> None:
        if self.full:
            self._leave_full()
        else:
            self.query_one(".what-happened").add_class("-full")
        self._hint()
        self.query_one("#what-happened-body", VerticalScroll).scroll_home(animate=False)

    def _leave_full(self) -> None:
        """Back to the short account.  Its height is measured without a scrollbar, so the full
        account's scrollbar is dropped for one refresh: kept, it would narrow the text by two
        columns and push the last line out of view."""
        dialog = self.query_one(".what-happened")
        if dialog.has_class("-full"):
            dialog.remove_class("-full")
            dialog.add_class("-settling")
            self.call_after_refresh(dialog.remove_class, "-settling")

    def action_close(self) -> None:
        self.dismiss(None)
