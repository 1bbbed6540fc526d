"""The shipped story and its exploration, shared by every test that reads them.

Exploring the whole campaign visits hundreds of thousands of states (tens of seconds, more
as the story grows), and the report it gives is small.  So it is computed once and kept
in pytest's cache folder under a key made of everything the result depends on: every file
under ``scenes/``, the source of every ``game`` module the loader and the explorer import
(followed through their imports), and the Python and PyYAML versions.  Any change to one of
them is a new key, so a report is never reused for a story or an engine it was not made
from.  A file lock makes the test processes of one run wait for the first one's answer
instead of exploring again; an exploration that raises is not stored, so every test that
needs it fails with the error.

Without pytest's cache (``-p no:cacheprovider``) or without ``fcntl`` (Windows) each test
process explores once for itself, as before.
"""

from __future__ import annotations

import ast
import hashlib
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import yaml

import game
from game import locations
from game.engine.explore import ExploreReport, explore
from game.engine.model import Story
from game.loading import load_story

cache_dir: Path | None = None
"""Where reports are kept across test processes and runs; set by tests/conftest.py."""

_ROOTS = ("game.loading", "game.engine.explore")  # what shipped_report() runs
_PACKAGE = Path(game.__file__).resolve().parent


@cache
def shipped_story() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story


def shipped_report() -> ExploreReport:
    """``explore(shipped_story())``, from the cache when the story and the engine are unchanged.

    A failure is kept too (for this process): every test that needs the report fails with
    it at once, instead of exploring again."""
    outcome = _report_or_failure()
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


@cache
def _report_or_failure() -> ExploreReport | Exception:
    try:
        return _report()
    except Exception as failure:  # re-raised by shipped_report
        return failure


def _report() -> ExploreReport:
    story = shipped_story()  # first: a story with problems fails here, with the problems
    if cache_dir is None:
        return explore(story)
    key = report_key(locations.default_scenes_dir())
    path = cache_dir / f"{key}.pickle"
    with _locked(cache_dir / "explore.lock"):
        if path.exists():
            report = pickle.loads(path.read_bytes())
            assert isinstance(report, ExploreReport)
            return report
        report = explore(story)
        for old in cache_dir.glob("*.pickle"):  # reports of earlier stories are of no more use
            old.unlink()
        partial = path.with_suffix(".tmp")
        partial.write_bytes(pickle.dumps(report))
        partial.replace(path)
        return report


def report_key(scenes: Path) -> str:
    """A digest of every input of ``explore(load_story(scenes))``."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{yaml.__version__}\0".encode())
    files = [("scenes", p) for p in sorted(scenes.rglob("*")) if p.is_file()]
    files += [("game", p) for p in _engine_files()]
    for kind, path in files:
        base = scenes if kind == "scenes" else _PACKAGE.parent
        digest.update(f"{kind}:{path.relative_to(base).as_posix()}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@cache
def _engine_files() -> list[Path]:
    """The source files of the loader and the explorer, found once a process (their contents
    are read for every key)."""
    return sorted(_sources(_ROOTS))


def _module_file(name: str) -> Path | None:
    """The source file of the ``game`` module ``name``, or None if it is not one."""
    if name != "game" and not name.startswith("game."):
        return None
    base = _PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path, name: str) -> Iterator[str]:
    """The modules ``path`` (the module ``name``) imports, at any depth in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`


def _sources(roots: tuple[str, ...]) -> set[Path]:
    """The files of ``roots`` and of every ``game`` module they import, directly or not
    (with the packages around each: their ``__init__`` runs first)."""
    seen: set[Path] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        todo += [".".join(parts[:n]) for n in range(1, len(parts)) if ".".join(parts[:n]) != name]
        path = _module_file(name)
        if path is None or path in seen:
            continue
        seen.add(path)
        todo += list(_imports(path, name))
    return seen


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows): no sharing between processes
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
