"""The game's own themes, registered beside Textual's built-in ones."""

from __future__ import annotations

from textual.theme import Theme

MOSCOW_1921 = Theme(
    name="moscow-1921",
    primary="#B8322A",
    secondary="#C9A227",
    accent="#E0B341",
    warning="#E0A030",
    error="#E05545",
    success="#7FB069",
    foreground="#ECE4D4",
    background="#1A1613",
    surface="#231E1A",
    panel="#2F2722",
    dark=True,
)

MOSCOW_PAPER = Theme(
    name="moscow-paper",
    primary="#9E1B1B",
    secondary="#6B5B2E",
    accent="#8A3B12",
    warning="#9A5B00",
    error="#B00020",
    success="#2E6B30",
    foreground="#1E1A16",
    background="#F3EDE1",
    surface="#EAE2D2",
    panel="#DDD2BD",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="moscow-high-contrast",
    primary="#FFFF00",
    secondary="#FFFFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "text-disabled": "#C8C8C8",
        "text-accent": "#FFFF00",
        "text-warning": "#FFFF00",
        "text-success": "#00FF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "border": "#FFFF00",
        "border-blurred": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#000000",
        "input-selection-background": "#FFFF00 40%",
    },
)

GAME_THEMES = {theme.name: theme for theme in (MOSCOW_1921, MOSCOW_PAPER, HIGH_CONTRAST)}
"""The game's own themes, by name."""

DEFAULT_THEME = MOSCOW_1921.name

CYCLE = (MOSCOW_1921.name, MOSCOW_PAPER.name, HIGH_CONTRAST.name, "textual-dark", "textual-light")
"""The themes ``ctrl+t`` steps through; every other theme is in the command palette's theme picker."""


def next_theme(current: str) -> str:
    """The theme after ``current`` in :data:`CYCLE` (the first one if ``current`` is not in it)."""
    if current not in CYCLE:
        return CYCLE[0]
    return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
