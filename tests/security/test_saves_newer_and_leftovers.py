"""A newer version's autosave never blocks a new game; a killed game's temporary files are
cleared on the next start, but never one another running game is writing (issue 13, item 12)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game import atomic, locations
from game.cli import main
from game.engine.model import Story
from game.loading import load_story
from game.saves import AUTOSAVE_FILE, OWN_AUTOSAVE_FILE, BrokenSlot, SaveStore
from game.session import Session, slot_summaries

REPO = Path(__file__).resolve().parent.parent.parent
GOOD = REPO / "tests" / "data" / "cli" / "good"
NEWER = {
    "format": "moscow1921-save",
    "save_version": 7,
    "min_reader_version": 7,
    "name": "Autosave",
    "saved_at": "2031-01-01T00:00:00+00:00",
    "meta": {"role_name": "Hologram"},
    "state": {"quantum": True},
}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def story() -> Story:
    loaded = load_story(GOOD).story
    assert loaded is not None
    return loaded


def _newer_autosave(folder: Path) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(NEWER, indent=2).encode()
    (folder / AUTOSAVE_FILE).write_bytes(data)
    return data


# ------------------------------------------------------------------ a newer version's autosave
def test_a_new_game_beside_a_newer_versions_autosave(story: Story, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    newer = _newer_autosave(folder)
    store = SaveStore(folder)
    session = Session.new(story, store, "worker")  # was: "a newer version ... choose another name"
    session.choose(session.options()[0].choice.id)
    assert (folder / AUTOSAVE_FILE).read_bytes() == newer
    resumed = Session.resume(story, SaveStore(folder))
    assert resumed is not None and resumed.state == session.state
    (broken,) = [e for e in store.list() if isinstance(e, BrokenSlot)]
    assert broken.file_name == AUTOSAVE_FILE and "newer version" in broken.message
    assert [s.broken_reason for s in slot_summaries(story, store)] == [broken.message]  # listed, kept


def test_the_plain_player_starts_a_new_game_beside_it(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = locations.saves_dir("Test Moscow")  # the story's own saves
    newer = _newer_autosave(folder)
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("1\nq\n"))
    assert main(["play", "--plain", "--scenes", str(GOOD), "--role", "worker"]) == 0
    assert (folder / AUTOSAVE_FILE).read_bytes() == newer
    assert (folder / OWN_AUTOSAVE_FILE).is_file()


def test_one_autosave_again_once_the_newer_one_is_gone(story: Story, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    _newer_autosave(folder)
    Session.new(story, SaveStore(folder), "worker")
    (folder / AUTOSAVE_FILE).unlink()  # the player removed it (or the newer version moved on)
    session = Session.new(story, SaveStore(folder), "delegate")
    assert sorted(p.name for p in folder.iterdir()) == [AUTOSAVE_FILE]
    resumed = Session.resume(story, SaveStore(folder))
    assert resumed is not None and resumed.state == session.state


# ------------------------------------------------------------------ leftovers of a kill
WRITER = """
import os, sys, time
from pathlib import Path
from game.saves import SaveStore
def slow_rename(source, target):  # the file is written, not yet renamed into place
    print("writing", flush=True)
    time.sleep(120)
os.replace = slow_rename
SaveStore(Path(sys.argv[1])).write_autosave({"turn": 1}, {})
"""


def _start_writer(folder: Path) -> subprocess.Popen[str]:
    """A game caught in the middle of an autosave (its disk is slow), until it is killed."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    return process


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_killed_autosave_leaves_a_temporary_file_that_the_next_start_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    monkeypatch.setattr(atomic, "STALE_AFTER_S", 0.0)  # age alone no longer protects it: the lock must
    writer = _start_writer(folder)
    try:
        (leftover,) = _temporaries(folder)
        assert leftover.startswith(".autosave.")
        SaveStore(folder).list()  # another game starts while this one is writing
        assert _temporaries(folder) == [leftover], "a file another running game is writing was removed"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert _temporaries(folder) == [leftover]  # the kill left it behind
    SaveStore(folder).list()  # the next start
    assert _temporaries(folder) == []


def test_only_stale_temporary_files_of_the_game_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    hour_ago = time.time() - 3600
    for name in (".autosave.k1l2m3.tmp", ".mine-0123456789ab.x9y8.tmp"):
        (folder / name).write_bytes(b'{"format": "moscow1921-sa')
        os.utime(folder / name, (hour_ago, hour_ago))
    (folder / ".autosave.fresh.tmp").write_bytes(b"{")  # written a moment ago: maybe in progress
    (folder / "notes.tmp").write_bytes(b"mine")  # not a name the game gives its files
    os.utime(folder / "notes.tmp", (hour_ago, hour_ago))
    (folder / ".hidden").write_bytes(b"")
    SaveStore(folder).list()
    assert sorted(p.name for p in folder.iterdir()) == [".autosave.fresh.tmp", ".hidden", "notes.tmp"]
