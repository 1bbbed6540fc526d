"""Writing a file so that a crash leaves the old file or the new one, never half of one.

Every file the game writes (saves, settings, results, handouts, reports) goes through
:func:`write_atomic`; a text file for people to read (a report, a handout, a debrief) goes
through :func:`write_text`, which also neutralises control characters from any source.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from game.safe_text import printable

TEMP_SUFFIX = ".tmp"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then rename it over ``target``.

    Raises :class:`OSError` (the temporary file is removed) if any step fails.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        # mkstemp makes the file private; give it the permissions an ordinary new file gets.
        umask = os.umask(0)
        os.umask(umask)
        with contextlib.suppress(OSError):
            os.chmod(temp_name, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_directory(target.parent)


def write_text(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with :func:`write_atomic`, every control character replaced by a
    visible stand-in (:func:`game.safe_text.printable`; line breaks are kept)."""
    write_atomic(target, printable(text).encode("utf-8"))


def fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows syncing a directory."""
    if os.name == "nt":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
