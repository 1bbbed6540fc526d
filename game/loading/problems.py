"""Problems found while loading a story: located, readable messages for authors.

Nothing in the loader raises at an author's mistake; every mistake becomes a
:class:`Problem` that names the file, the 1-based line and column, what is wrong and,
where we can guess it, how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from game.safe_text import printable


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a story file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.message}"
        if self.hint is not None:
            text += f" ({self.hint})"
        return printable(text, newlines=False)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """Suggest the closest of ``candidates`` to a misspelt ``word``, or None if none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not matches:
        return None
    return f"did you mean '{matches[0]}'?"
