"""The class's vote in large figures, readable from the back of a classroom."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from game.classroom.assembly import Tally

LABELS = (("for", "For"), ("against", "Against"), ("abstain", "Abstain"))


class TallyBoard(Horizontal):
    """For, against and abstaining, each as large digits under its label."""

    DEFAULT_CSS = """
    TallyBoard { height: auto; width: 100%; }
    TallyBoard > Vertical { width: 1fr; height: auto; align-horizontal: center; }
    TallyBoard Static { width: auto; }
    TallyBoard Digits { width: auto; }
    """

    def __init__(self, tally: Tally | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="tally-board")
        self._tally = tally

    def compose(self) -> ComposeResult:
        for (key, label), figure in zip(LABELS, self._figures(self._tally), strict=True):
            with Vertical(classes=f"tally-{key}"):
                yield Static(Content.styled(label, "bold"), classes="tally-label")
                yield Digits(figure, id=f"tally-{key}-digits")

    def show(self, tally: Tally | None) -> None:
        """Show ``tally``; None shows dashes (nothing valid entered yet)."""
        self._tally = tally
        for (key, _), figure in zip(LABELS, self._figures(tally), strict=True):
            self.query_one(f"#tally-{key}-digits", Digits).update(figure)

    @staticmethod
    def _figures(tally: Tally | None) -> tuple[str, str, str]:
        if tally is None:
            return ("-", "-", "-")
        return (str(tally.votes_for), str(tally.against), str(tally.abstain))
