"""Load a story folder: safe YAML in, a checked :class:`~game.engine.model.Story` or located problems out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.engine.model import Story
from game.loading.builder import Builder
from game.loading.problems import Problem
from game.loading.yaml_nodes import parse_file
from game.loading.yaml_tree import MAX_FILE_BYTES

MAX_STORY_BYTES = 4 * MAX_FILE_BYTES
"""A story folder whose files add up to more than this is refused before any is read."""

__all__ = ["LoadResult", "Problem", "load_story", "story_files"]


@dataclass(frozen=True)
class LoadResult:
    """The outcome of loading: a story (only when there are no problems) and every problem found."""

    story: Story | None
    problems: list[Problem] = field(default_factory=list)
    files: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.story is not None and not self.problems


def story_files(folder: Path) -> list[Path]:
    """Every YAML file under ``folder``, in the order they are read."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _display(path: Path, folder: Path) -> str:
    try:
        return str(folder / path.relative_to(folder))
    except ValueError:
        return str(path)


def load_story(folder: Path | str) -> LoadResult:
    """Read and check every YAML file in ``folder``; never raises for bad content."""
    folder = Path(folder)
    if not folder.is_dir():
        return LoadResult(
            None, [Problem(str(folder), 1, 1, "no such story folder", "give the folder of .yaml files")]
        )
    files = story_files(folder)
    if not files:
        hint = "a story is a folder of .yaml files; see docs/scene-format.md"
        return LoadResult(None, [Problem(str(folder), 1, 1, "the folder has no .yaml files", hint)])
    too_big = _too_big(files, folder)
    if too_big is not None:
        return LoadResult(None, [too_big], tuple(files))
    builder = Builder()
    for path in files:
        node, problems = parse_file(path, _display(path, folder))
        builder.reader.problems.extend(problems)
        if node is not None:
            builder.add_file(node, _display(path, folder))
    story = builder.build()
    problems = sorted(builder.reader.problems, key=lambda p: (p.file, p.line, p.col))
    return LoadResult(story if not problems else None, problems, tuple(files))


def _too_big(files: list[Path], folder: Path) -> Problem | None:
    """A problem if the story's files add up to more than :data:`MAX_STORY_BYTES`."""
    total = 0
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue  # parse_file reports an unreadable file
        if size <= MAX_FILE_BYTES:  # a file too large by itself is refused on its own, with its name
            total += size
    if total <= MAX_STORY_BYTES:
        return None
    mb = 1024 * 1024
    return Problem(
        str(folder),
        1,
        1,
        f"the story's files add up to {total / mb:.1f} MB; the limit is {MAX_STORY_BYTES // mb} MB",
        "a story never needs this much text; check for copies or generated files in the folder",
    )
