"""The player's display settings (for now, the theme), kept in ``settings.json``.

Paired load and save functions, as frogmouth keeps its data.  Reading never
fails: a missing or damaged file gives the defaults.  Writing goes to a
temporary file in the same folder that then atomically replaces the old one,
and keeps any keys it does not know (other parts of the game may add some).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App

from game import locations
from game.atomic import write_atomic
from game.ui import themes


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str | None = None


def _read_document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    document = _read_document(path or locations.settings_path())
    theme = document.get("theme")
    return Settings(theme=theme if isinstance(theme, str) and theme else None)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically; raise ``OSError`` if the folder cannot be written."""
    path = path or locations.settings_path()
    document = _read_document(path)
    document["theme"] = settings.theme
    data = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, data.encode("utf-8"))


def saved_theme(app: App[Any]) -> str:
    """The theme the player chose last, if it still exists; else the game's default
    (the starting theme of the game and of assembly mode)."""
    saved = load_settings(getattr(app, "settings_file", None)).theme  # the game's: its story's
    return saved if saved is not None and saved in app.available_themes else themes.DEFAULT_THEME
