"""The real body's make-up, as far as the talk gives it, scaled to the class."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.classroom.assembly import scale, scaled_sentence
from game.engine.model import Composition
from game.ui import story_text


def _students(count: int) -> str:
    return f"{count} student{'s' * (count != 1)}"


def composition_content(composition: Composition, size: int, how: str) -> Content:
    """Each group's real seats beside its share of a class of ``size``, then the source's note.

    ``how`` says where the size came from (``the votes cast``), shown after it.
    """
    groups = scale(composition, size)
    parts: list[str | Content | tuple[str, str]] = [
        ("The real body, scaled to your class", "bold $text-accent"),
        "\n",
        f"{composition.total} seats in all, scaled to a class of {size} ({how}).",
    ]
    width = max((len(group.name) for group in groups), default=0)
    for group in groups:
        seats = f"{group.real} of {composition.total} seats"
        parts += ["\n", (f"{group.name:<{width}}", "bold"), f"  {seats:>18}  →  {_students(group.students)}"]
    for group in groups:
        if group.known:
            parts += ["\n\n", (scaled_sentence(group, composition.total, size), "bold")]
    if composition.note:
        parts += ["\n\n", (story_text.plain(composition.note), "italic $foreground-muted")]
    return Content.assemble(*parts)


class CompositionPanel(Static):
    """Shown at the reveal of an assembly whose real composition the talk gives."""

    def __init__(self, composition: Composition, size: int, how: str) -> None:
        super().__init__(composition_content(composition, size, how), markup=False, classes="composition")
        self.composition = composition

    def show(self, size: int, how: str) -> None:
        self.update(composition_content(self.composition, size, how))
