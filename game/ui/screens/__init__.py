"""The game's screens."""

from pathlib import Path

GAME_CSS = Path(__file__).resolve().parent.parent / "game.tcss"
"""The stylesheet of every screen but the title, problems and too-small screens (their CSS_PATH).

The title's first frame does not wait for it: the app parses it once that frame is on screen.
"""
