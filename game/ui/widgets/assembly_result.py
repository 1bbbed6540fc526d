"""One resolution at the reveal: the class's vote beside what really became of it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from game.classroom.assembly import CHOICE_WORDS, Agreement, Vote, agreement, agreement_text, history_says
from game.engine.model import Resolution, Story
from game.ui import story_text

AGREEMENT_STYLE = {
    Agreement.SAME: "bold $text-success",
    Agreement.DIFFERENT: "bold $text-warning",
    Agreement.UNKNOWN: "italic $foreground-muted",
}


def class_column(vote: Vote | None) -> Content:
    """``Your class`` and its result; from the hot seat, each faction's vote too."""
    parts: list[str | Content | tuple[str, str]] = [("Your class", "bold $text-accent"), "\n"]
    if vote is None:
        parts.append("Not voted on.")
        return Content.assemble(*parts)
    parts.append((vote.tally.describe(), "bold"))
    for cast in vote.cast:
        parts += ["\n", f"{cast.faction.name}: {CHOICE_WORDS[cast.choice]}"]
    return Content.assemble(*parts)


def history_column(resolution: Resolution, story: Story) -> Content:
    """``The real assembly``: passed, failed or not known, and what happened."""
    return Content.assemble(
        ("The real assembly", "bold $text-accent"),
        "\n",
        (f"{history_says(resolution)}.", "bold"),
        "\n",
        story_text.prose(resolution.happened, story, clickable=False),
    )


class ResolutionResult(Vertical):
    """The resolution, the two results side by side (or stacked when narrow), and whether they agree."""

    DEFAULT_CSS = """
    ResolutionResult { height: auto; }
    ResolutionResult > Horizontal { height: auto; }
    """

    def __init__(
        self, number: int, resolution: Resolution, vote: Vote | None, story: Story, *, stacked: bool
    ) -> None:
        super().__init__(classes="resolution-result")
        self.number = number
        self.resolution = resolution
        self.vote = vote
        self.story = story
        self.stacked = stacked

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                (f"Resolution {self.number}: ", "bold"), (story_text.plain(self.resolution.text), "bold")
            ),
            classes="resolution",
            markup=False,
        )
        with Horizontal(classes="compare -stacked" if self.stacked else "compare"):
            yield Static(class_column(self.vote), classes="column class-result", markup=False)
            yield Static(
                history_column(self.resolution, self.story), classes="column history-result", markup=False
            )
        if self.vote is not None:
            found = agreement(self.resolution, self.vote.tally)
            yield Static(
                Content.styled(agreement_text(self.resolution, self.vote.tally), AGREEMENT_STYLE[found]),
                classes="agreement",
                markup=False,
            )
