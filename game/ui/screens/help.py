"""Every key the game uses, read from the screens' own bindings so the list cannot drift."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.ui.screens.dialog import InfoScreen
from game.ui.screens.ending import EndScreen
from game.ui.screens.glossary import GlossaryScreen
from game.ui.screens.save_load import SaveLoadScreen
from game.ui.screens.story import StoryScreen
from game.ui.screens.title import TitleScreen
from game.ui.screens.what_happened import WhatHappenedScreen

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "delete": "Del",
    "left": "←",
    "right": "→",
}

ANYWHERE: Sequence[tuple[str, str]] = (
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+t", "Next colour theme (all themes: palette → Theme)"),
    ("F1", "This help"),
    ("ctrl+q", "Quit (the game is autosaved after every choice)"),
)
READING: Sequence[tuple[str, str]] = (
    ("1-9", "Take the numbered choice"),
    ("↑ ↓ Enter", "Move through the choices and take one"),
    ("mouse", "Click a choice to take it; click a highlighted word for its meaning"),
)


def key_text(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(key, key) for key in keys.split(","))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding that has a description, in order."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.key == "1":
            continue  # the number keys are described once, in READING
        rows.append((key_text(binding.key), binding.description))
    return rows


def section(title: str, rows: Sequence[tuple[str, str]]) -> Content:
    width = max(len(keys) for keys, _ in rows)
    lines = [Content.styled(title, "bold $text-accent")]
    lines += [Content.assemble((keys.ljust(width), "bold"), "   ", text) for keys, text in rows]
    return Content("\n").join(lines)


def help_content() -> Content:
    sections = [
        section("Anywhere", ANYWHERE),
        section("Title screen", [("↑ ↓ Enter", "Pick from the menu"), *binding_rows(TitleScreen.BINDINGS)]),
        section("Reading a scene", [*READING, *binding_rows(StoryScreen.BINDINGS)]),
        section("What happened", binding_rows(WhatHappenedScreen.BINDINGS)),
        section("The end", binding_rows(EndScreen.BINDINGS)),
        section("Glossary", [*binding_rows(GlossaryScreen.BINDINGS), ("Esc", "Close")]),
        section("Saving and loading", [("Enter", "Save or load"), *binding_rows(SaveLoadScreen.BINDINGS)]),
    ]
    return Content("\n\n").join(sections)


class HelpScreen(InfoScreen):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Content.styled("Keys", "bold $text-accent"), classes="heading")
            with VerticalScroll(id="help-body"):
                yield Static(help_content(), markup=False)
            yield Static(Content("Esc to close"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()
