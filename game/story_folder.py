"""Loading a story folder for a command: the story, or its problems printed and None.

Every command that reads a story (play, check's friends, the classroom kit) reports a
broken one the same way: each problem as ``file:line:col: message (hint)`` on standard
error, then one line saying what to do.  Never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from game import locations
from game.engine.model import Story


def load_or_report(folder: Path | None) -> Story | None:
    """The story in ``folder`` (the shipped one if None), or None after printing its problems."""
    from game.loading import load_story  # imported when used: `play` draws its title first

    folder = folder or locations.default_scenes_dir()
    result = load_story(folder)
    if result.story is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"moscow1921: the story in {folder} has problems; fix them and try again", file=sys.stderr)
        return None
    return result.story
