"""The decisions of a run: the player's choice beside what history chose."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from game.engine import panel
from game.session import JournalEntry
from game.ui import story_text

NO_DECISIONS = "No decision points yet: the journal fills as you answer the questions history asked."


def entry_content(number: int, entry: JournalEntry, *, detailed: bool = False) -> Content:
    """One decision: title and date, the question, your choice, and how history went beside it
    (every entry says, so the numbered list and the count agree); ``detailed`` adds the short account."""
    verdict = panel.verdict(entry)
    parts: list[str | Content | tuple[str, str]] = [
        (f"{number}. {entry.decision.title}", "bold $text-accent"),
        (f"  ({entry.scene.date})", "$foreground-muted"),
        "\n",
        (story_text.plain(entry.decision.question), "italic"),
        "\n",
        (f"{panel.YOU_CHOSE}: ", "bold"),
        story_text.plain(entry.chosen_text),
        "\n",
        (verdict.words, "bold" if verdict.kind != "open" else "italic"),
    ]
    parts += [f"\n• {story_text.plain(text)}" for text in verdict.listed]
    if detailed:
        parts += ["\n", ("What happened: ", "bold"), story_text.plain(panel.summary(entry.decision))]
    return Content.assemble(*parts)


def comparison_content(counted: panel.Comparison) -> Content:
    """The count of the run's decisions beside history's, and what to make of it (not a score)."""
    if not counted.total:
        return Content(counted.sentence())
    return Content.assemble(counted.sentence(), "\n", (panel.REFLECTION, "italic $foreground-muted"))


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
