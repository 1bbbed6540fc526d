"""Every place on disk the game reads or writes, in one module.

Nothing else in the game builds a path to user data: ask here.  Set the
environment variable ``MOSCOW1921_HOME`` to move all user data (saves,
settings, exports) to another folder, as the tests do.

Directories are created lazily, with their parents, when first asked for;
merely importing this module touches nothing.

Each story keeps its own saves and settings, keyed by its title (never by the folder it
was read from, which may move): Moscow 1921 in the data folder itself, where they have
always been, and any other story under ``stories/<slug>-<hash of the title>/``.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

import platformdirs

APP_NAME = "moscow1921"
HOME_ENV = "MOSCOW1921_HOME"
"""Environment variable that, when set and not empty, replaces the user data folder."""

SHIPPED_TITLE = "Moscow 1921"
"""The shipped story's title: its saves and settings stay at the top of the data folder."""

_SLUG_MAX = 40
_HASH_CHARS = 12


def _ensure(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def data_dir() -> Path:
    """The folder holding all of this user's game data, created if missing."""
    override = os.environ.get(HOME_ENV)
    if override:
        return _ensure(Path(override).expanduser())
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def story_dir(story_title: str | None = None) -> Path:
    """The folder of one story's own data (its saves and settings), created if missing.

    ``None`` or the shipped story's title: the data folder itself; another title: a folder
    of ``stories/`` named by :func:`file_stem` (a slug and a hash: any title is safe)."""
    if story_title is None or story_title == SHIPPED_TITLE:
        return data_dir()
    return _ensure(data_dir() / "stories" / file_stem(story_title, "story"))


def saves_dir(story_title: str | None = None) -> Path:
    """The folder of a story's save slots (including its autosave), created if missing."""
    return _ensure(story_dir(story_title) / "saves")


def settings_path(story_title: str | None = None) -> Path:
    """A story's settings file (it may not exist yet; its folder does)."""
    return story_dir(story_title) / "settings.json"


def exports_dir() -> Path:
    """The folder where exported transcripts and maps go, created if missing."""
    return _ensure(data_dir() / "exports")


def results_dir() -> Path:
    """Results files a finished or abandoned playthrough writes for the class report."""
    return _ensure(data_dir() / "results")


def classes_dir() -> Path:
    """Live classes: one SQLite database (and its students' games) per class."""
    return _ensure(data_dir() / "classes")


def file_stem(name: str, fallback: str) -> str:
    """A safe file name stem for any text (a save slot's or a class's name, never used as a path):
    an ASCII slug for people to read, and a hash of the text so that different names never meet."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    return f"{slug or fallback}-{digest}"


def _has_story(directory: Path) -> bool:
    return directory.is_dir() and any(directory.rglob("*.yaml"))


def checkout_scenes_dir() -> Path:
    """The top-level ``scenes/`` of a source checkout (or editable install) of the game."""
    import game

    return Path(game.__file__).resolve().parent.parent / "scenes"


def packaged_scenes_dir() -> Path:
    """The story shipped inside an installed wheel, as ``game/scenes``."""
    import game

    return Path(game.__file__).resolve().parent / "scenes"


def default_scenes_dir() -> Path:
    """The story the game plays when no ``--scenes`` folder is given.

    From a checkout or an editable install this is the repository's ``scenes/``
    folder, so authors see their edits at once; from an installed wheel it is the
    copy packaged as ``game/scenes``.
    """
    checkout = checkout_scenes_dir()
    if _has_story(checkout):
        return checkout
    return packaged_scenes_dir()
