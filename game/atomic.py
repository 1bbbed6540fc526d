"""Writing a file so that a crash leaves the old file or the new one, never half of one.

Every file the game writes (saves, settings, results, handouts, reports) goes through
:func:`write_atomic`; a text file for people to read (a report, a handout, a debrief) goes
through :func:`write_text`, which also neutralises control characters from any source.

A game killed while writing leaves its temporary file behind (``.<name>.<random>.tmp``).
The writer holds an exclusive lock on that file until it has been renamed into place, so
:func:`remove_stale_temporaries` can tell a leftover (old, and locked by nobody) from a file
another running game is writing at that moment, and removes only leftovers.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
import threading
import time
from pathlib import Path

from game.safe_text import printable

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; age alone decides what is stale
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"

STALE_AFTER_S = 10.0
"""A temporary file this much older than now, that nobody holds locked, is a leftover of a kill."""


def write_atomic(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``target``, sync it, then rename it over ``target``.

    With ``durable=False`` (the autosave after every choice) the rename is the same, so a
    crash or a kill still leaves the old file or the new one, but the file is synced to the
    disk a moment later, off the player's way (:data:`SYNC_DELAY`), and at exit: a power cut
    may cost the last second of play, never the save.

    Raises :class:`OSError` (the temporary file is removed) if any step fails.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # held until the file has its real name
            # mkstemp makes the file private; give it the permissions an ordinary new file gets.
            umask = os.umask(0)
            os.umask(umask)
            with contextlib.suppress(OSError):
                os.chmod(temp_name, 0o666 & ~umask)
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            if fcntl is not None:  # renamed while locked; Windows cannot rename an open file
                os.replace(temp_name, target)
        if fcntl is None:
            os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:
        fsync_directory(target.parent)
    else:
        _SYNCER.later(target)


SYNC_DELAY = 1.0
"""Seconds after a write with ``durable=False`` before the file is synced to the disk."""


class _Syncer:
    """One daemon thread that syncs files written with ``durable=False`` a moment later."""

    def __init__(self) -> None:
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def later(self, path: Path) -> None:
        with self._lock:
            self._pending.add(path)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="moscow1921-sync", daemon=True)
                self._thread.start()
                atexit.register(self.flush)
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            threading.Event().wait(SYNC_DELAY)  # let writes in quick succession share one sync
            self.flush()

    def flush(self) -> None:
        """Sync every file waiting now (at exit, and from the thread)."""
        with self._lock:
            paths, self._pending = self._pending, set()
            self._wake.clear()
        for path in paths:
            _fsync_file(path)
            fsync_directory(path.parent)


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # replaced or removed since: whoever wrote it syncs it
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_SYNCER = _Syncer()


def sync_pending() -> None:
    """Sync now every file written with ``durable=False`` (the game calls it when it quits)."""
    _SYNCER.flush()


def write_text(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with :func:`write_atomic`, every control character replaced by a
    visible stand-in (:func:`game.safe_text.printable`; line breaks are kept)."""
    write_atomic(target, printable(text).encode("utf-8"))


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is named as :func:`write_atomic` names its temporary files."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files a killed game left in ``folder``; return those removed.

    Only files older than :data:`STALE_AFTER_S` that no process holds locked are removed: a
    game writing into the same folder right now keeps its file.  Errors are ignored (a file
    that cannot be removed is simply left).
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = [path for path in folder.iterdir() if is_temporary(path)]
    except OSError:
        return removed
    for path in candidates:
        with contextlib.suppress(OSError):
            if now - path.lstat().st_mtime < STALE_AFTER_S or not path.is_file() or path.is_symlink():
                continue
            if _remove_unless_locked(path):
                removed.append(path)
    return removed


def _remove_unless_locked(path: Path) -> bool:
    if fcntl is None:
        path.unlink()
        return True
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a running game is writing it
        if os.fstat(fd).st_ino != path.lstat().st_ino:
            return False  # renamed into place (or replaced) meanwhile: not ours to remove
        path.unlink()
        return True
    finally:
        os.close(fd)


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
