"""Property tests: no file in the saves folder can crash the game (issue 13, item 9).

Whatever a save file holds (arbitrary bytes, arbitrary JSON, or a real save with any one
field replaced by arbitrary JSON or removed), listing the folder, the title screen's
Continue, the load list, loading by name and playing on from it either work or say why in
a :class:`SaveError`/:class:`SessionError`, and the file is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.model import Story
from game.engine.state import StateError, state_from_dict
from game.loading import load_story
from game.plain import PlainPlayer
from game.safe_text import printable
from game.saves import AUTOSAVE_FILE, BrokenSlot, SaveStore, SlotInfo
from game.session import Session, SessionError, slot_summaries
from tests.security.fuzzing import (
    DELETE,
    FUZZ,
    deep,
    encoded,
    every_field_hostile,
    json_values,
    paths,
    replaced,
)

GOOD = Path(__file__).resolve().parent.parent / "data" / "cli" / "good"
SLOT_FILE = "fuzzed-0123456789ab.json"


@pytest.fixture(scope="module")
def story() -> Story:
    loaded = load_story(GOOD).story
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def valid_save(story: Story) -> dict[str, Any]:
    """A real save one decision in, with an undo origin (as a repaired save carries)."""
    import json

    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder))
        session = Session.new(story, store, "worker")
        session.choose(session.options()[0].choice.id)
        state = session.state.to_dict()
        state["origin"] = {
            "at": state["at"],
            "values": state["values"],
            "visits": dict(session.state.visits),
            "turn": state["turn"],
            "steps": len(state["steps"]),
        }
        session.save("mine")
        doc: dict[str, Any] = json.loads(store.path_for("mine").read_text(encoding="utf-8"))
        doc["state"] = state
        return doc


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of autosaves: syncing each to the disk would only test the disk (atomic writes
    are tested in tests/test_atomic.py)."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A saves folder; each example empties it first (hypothesis runs many in one test call)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _everything_a_player_can_do(story: Story, store: SaveStore) -> None:
    """List, summarise, continue and load every file, as the title screen and the load list do;
    raise only if the game would have crashed."""
    entries = store.list()
    for summary in slot_summaries(story, store):
        for text in (summary.name, summary.role_name, summary.chapter_title, summary.date):
            assert printable(text, newlines=False) == text, repr(text)
            text.encode("utf-8")
        if summary.broken_reason is not None:
            summary.broken_reason.encode("utf-8")
    resumed = Session.resume(story, store)
    if resumed is not None:
        _play_on(resumed)
    for entry in entries:
        if isinstance(entry, SlotInfo) and not entry.is_autosave:
            try:
                session = Session.load(story, store, entry.name)
            except SessionError:
                continue
            _play_on(session)
    # The plain player's `l` lists the folder on a terminal that encodes strictly.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    PlainPlayer(story, store, io.StringIO(), out)._load("")
    out.flush()


def _play_on(session: Session) -> None:
    session.meta()
    session.journal()
    session.reached_timeline()
    session.debrief_markdown().encode("utf-8")
    options = session.options()
    if not session.is_over and any(option.available for option in options):
        session.choose(next(option for option in options if option.available).choice.id)
        session.undo()


def _check_file(story: Story, folder: Path, data: bytes, name: str) -> None:
    for old in folder.iterdir():  # one folder serves many examples: start each one empty
        old.unlink()
    (folder / name).write_bytes(data)
    _everything_a_player_can_do(story, SaveStore(folder))
    if name != AUTOSAVE_FILE:  # loading a slot rewrites the autosave, never the slot
        assert (folder / name).read_bytes() == data, "the file was changed"
    entries = [entry for entry in SaveStore(folder).list() if entry.path.name == name]
    assert len(entries) == 1, "the file must be listed: loadable, or broken with its reason"
    if isinstance(entries[0], BrokenSlot):
        assert entries[0].message


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(story: Story, folder: Path, data: bytes) -> None:
    _check_file(story, folder, data, SLOT_FILE)


@FUZZ
@given(doc=json_values)
def test_arbitrary_json(story: Story, folder: Path, doc: object) -> None:
    _check_file(story, folder, encoded(doc), AUTOSAVE_FILE)


@FUZZ
@given(data=st.data(), value=json_values | st.just(DELETE), as_autosave=st.booleans())
def test_a_real_save_with_any_field_replaced(
    story: Story,
    valid_save: dict[str, Any],
    folder: Path,
    data: st.DataObject,
    value: object,
    as_autosave: bool,
) -> None:
    path = data.draw(st.sampled_from(list(paths(valid_save))), label="path")
    doc = replaced(valid_save, path, value)
    _check_file(story, folder, encoded(doc), AUTOSAVE_FILE if as_autosave else SLOT_FILE)


@FUZZ
@given(data=st.data(), value=json_values | st.just(DELETE))
def test_the_engine_reads_any_state_or_says_why(
    story: Story, valid_save: dict[str, Any], data: st.DataObject, value: object
) -> None:
    state = valid_save["state"]
    path = data.draw(st.sampled_from(list(paths(state))), label="path")
    with contextlib.suppress(StateError):
        state_from_dict(replaced(state, path, value), story)


def test_a_real_save_with_every_field_replaced_by_every_hostile_value(
    story: Story, valid_save: dict[str, Any], folder: Path
) -> None:
    failures = []
    for path, value, doc in every_field_hostile(valid_save):
        for file_name in (SLOT_FILE, AUTOSAVE_FILE):
            try:
                _check_file(story, folder, encoded(doc), file_name)
            except Exception as err:  # collected, so that one run shows every case that fails
                shown = ".".join(map(str, path)) or "(the document)"
                failures.append(f"{file_name}: {shown} = {value!r:.40}: {err!r:.200}")
    assert failures == []


def test_the_valid_save_itself_loads(story: Story, valid_save: dict[str, Any], folder: Path) -> None:
    """The property tests start from a save that loads (else every example would be 'broken')."""
    (folder / SLOT_FILE).write_bytes(encoded(valid_save))
    session = Session.load(story, SaveStore(folder), valid_save["name"])
    assert session.state.turn == 1 and session.state.origin is not None


def test_nesting_a_million_deep(story: Story, folder: Path) -> None:
    _check_file(story, folder, deep(1_000_000), AUTOSAVE_FILE)
    (broken,) = SaveStore(folder).list()
    assert isinstance(broken, BrokenSlot) and "nested too deeply" in broken.message
