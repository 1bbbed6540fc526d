"""The decisions of a run: the player's choice beside what history chose."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from game.session import JournalEntry
from game.ui import story_text

NO_DECISIONS = "No decision points yet: the journal fills as you answer the questions history asked."


def entry_content(number: int, entry: JournalEntry, *, detailed: bool = False) -> Content:
    """One decision: title and date, the question, your choice, history's, and whether they match."""
    parts: list[str | Content | tuple[str, str]] = [
        (f"{number}. {entry.decision.title}", "bold $text-accent"),
        (f"  ({entry.scene.date})", "$foreground-muted"),
        "\n",
        (story_text.plain(entry.decision.question), "italic"),
        "\n",
        ("You chose: ", "bold"),
        story_text.plain(entry.chosen_text),
    ]
    if entry.historical:
        history = "; ".join(story_text.plain(text) for text in entry.historical_texts)
        verdict = (
            ("  ✓ as history went", "$text-success")
            if entry.matched
            else ("  ✗ history went another way", "$text-warning")
        )
        parts += ["\n", ("History:   ", "bold"), history, "\n", verdict]
    if detailed:
        parts += ["\n", ("What happened: ", "bold"), story_text.plain(entry.decision.happened)]
    return Content.assemble(*parts)


def divergence_content(differed: int, judged: int) -> Content:
    if not judged:
        return Content("None of your decisions had a single historical answer to compare.")
    same = judged - differed
    return Content.assemble(
        ("Against history: ", "bold"),
        f"you differed at {differed} of {judged} decision point{'s' if judged != 1 else ''}",
        f" and went the way history went at {same}.",
    )


class JournalEntries(Static):
    """Every decision so far; set it with :meth:`show`."""

    DEFAULT_CSS = """
    JournalEntries { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    def show(self, entries: Sequence[JournalEntry], *, detailed: bool = False) -> None:
        if not entries:
            self.update(Content.styled(NO_DECISIONS, "italic"))
            return
        self.update(
            story_text.joined(
                entry_content(number, entry, detailed=detailed) for number, entry in enumerate(entries, 1)
            )
        )
