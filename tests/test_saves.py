"""Save slots: round trips, atomic writes, hostile names and files we must not touch."""

from __future__ import annotations

import ast
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from game import saves
from game.safe_text import printable
from game.saves import (
    AUTOSAVE_FILE,
    AUTOSAVE_NAME,
    BrokenSlot,
    SaveError,
    SaveStore,
    SlotInfo,
    slot_file_name,
)

STATE: dict[str, Any] = {
    "scene": "ration_queue",
    "vars": {"hunger": 6, "party_card": False},
    "history": ["start", "stay_home"],
    "note": "Хлеб — «паёк»",
}
META: dict[str, Any] = {"role": "metalworker", "scene_title": "Half a ration", "turn": 3}


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its user data in its own folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("MOSCOW1921_HOME", str(home))
    return home


class Clock:
    """A clock that ticks one minute per call, so 'newest first' is deterministic."""

    def __init__(self) -> None:
        self.now = datetime(1921, 3, 8, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves", clock=Clock())


def files_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# Round trips


def test_round_trip(store: SaveStore) -> None:
    path = store.write("Before the conference", STATE, META)
    loaded = store.read("Before the conference")
    assert loaded.name == "Before the conference"
    assert loaded.state == STATE
    assert loaded.meta == META
    assert loaded.path == path
    assert loaded.saved_at.tzinfo is not None
    assert not loaded.is_autosave


def test_file_format(store: SaveStore) -> None:
    path = store.write("one", STATE, META)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["format"] == "moscow1921-save"
    assert doc["save_version"] == 1
    assert doc["min_reader_version"] == 1
    assert doc["name"] == "one"
    assert doc["meta"] == META
    assert doc["state"] == STATE
    assert datetime.fromisoformat(doc["saved_at"]).utcoffset() == timedelta(0)
    assert list(doc) == sorted(doc)
    assert "\n  " in text  # indented, for people reading the file
    assert "«паёк»" in text  # UTF-8, not escapes


def test_default_store_lives_under_home(home: Path) -> None:
    store = SaveStore()
    path = store.write("x", STATE, META)
    assert path.parent == home / "saves"
    assert store.read("x").state == STATE


def test_overwrite_replaces(store: SaveStore) -> None:
    store.write("slot", {"turn": 1}, {})
    store.write("slot", {"turn": 2}, {})
    assert store.read("slot").state == {"turn": 2}
    assert len(store.list()) == 1


def test_list_newest_first(store: SaveStore) -> None:
    for name in ("first", "second", "third"):
        store.write(name, STATE, META)
    entries = store.list()
    assert [e.name for e in entries if isinstance(e, SlotInfo)] == ["third", "second", "first"]
    assert all(isinstance(e, SlotInfo) and e.meta == META for e in entries)


def test_delete(store: SaveStore) -> None:
    store.write("gone", STATE, META)
    store.write("kept", STATE, META)
    store.delete("gone")
    assert [e.name for e in store.list() if isinstance(e, SlotInfo)] == ["kept"]
    with pytest.raises(SaveError, match="no save called"):
        store.read("gone")
    with pytest.raises(SaveError, match="no save called"):
        store.delete("gone")


def test_missing_slot_is_a_save_error(store: SaveStore) -> None:
    with pytest.raises(SaveError) as caught:
        store.read("never written")
    assert "never written" in caught.value.message


def test_hand_renamed_file_is_found_by_stored_name(store: SaveStore) -> None:
    path = store.write("renamed", STATE, META)
    path.rename(path.with_name("my-backup.json"))
    assert store.read("renamed").state == STATE
    store.delete("renamed")
    assert store.list() == []


# Autosave


def test_autosave_is_a_reserved_slot(store: SaveStore) -> None:
    assert not store.has_autosave()
    with pytest.raises(SaveError, match="no autosave"):
        store.read_autosave()
    store.write_autosave({"turn": 1}, META)
    store.write("autosave", {"turn": 99}, {})  # a player's slot of that name is separate
    store.write(AUTOSAVE_NAME, {"turn": 98}, {})
    store.write_autosave({"turn": 2}, META)
    auto = store.read_autosave()
    assert auto.is_autosave
    assert auto.state == {"turn": 2}
    assert auto.path.name == AUTOSAVE_FILE
    assert store.read("autosave").state == {"turn": 99}
    assert store.read(AUTOSAVE_NAME).state == {"turn": 98}
    listed = store.list()
    assert sum(1 for e in listed if isinstance(e, SlotInfo) and e.is_autosave) == 1
    assert len(listed) == 3


@pytest.mark.parametrize("name", ["autosave", "Autosave", "AUTOSAVE", "autosave.json", ""])
def test_no_slot_name_maps_to_the_autosave_file(name: str) -> None:
    assert slot_file_name(name) != AUTOSAVE_FILE


# Atomicity


def test_failed_replace_keeps_old_file_and_leaves_no_temp(
    store: SaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.write("precious", {"turn": 1}, META)
    before = path.read_bytes()

    def broken_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SaveError, match="No space left on device"):
        store.write("precious", {"turn": 2}, META)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert files_in(store.directory) == [path.name]
    assert store.read("precious").state == {"turn": 1}


def test_failed_fsync_leaves_no_temp(store: SaveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(SaveError):
        store.write("new", STATE, META)
    monkeypatch.undo()
    assert files_in(store.directory) == []


def test_interrupt_during_write_leaves_no_temp(store: SaveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write("new", STATE, META)
    monkeypatch.undo()
    assert files_in(store.directory) == []


def test_leftover_temp_files_are_ignored(store: SaveStore) -> None:
    store.write("real", STATE, META)
    (store.directory / ".real-abc.tmp").write_bytes(b'{"format": "moscow1921-save", "na')
    (store.directory / "crash.json.tmp").write_bytes(b"")
    entries = store.list()
    assert len(entries) == 1
    assert isinstance(entries[0], SlotInfo)


# Hostile and unusual names

NAMES = [
    "../../etc/passwd",
    "/abs",
    "/etc/passwd",
    "con",
    "CON",
    "nul.txt",
    "a/b",
    "a\\b",
    "..",
    ".",
    "",
    " ",
    "🚩 Красный Октябрь 🚩",
    "🔥",
    "x" * 300,
    "name\x00with nul",
    "line\nbreak",
    "autosave",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_stay_inside_the_folder_and_round_trip(store: SaveStore, tmp_path: Path, name: str) -> None:
    """Any name saves and loads by the name typed; read back, a control character in it is shown
    as a visible stand-in (``\\x00`` as ``␀``), as everything the saves reader returns is."""
    path = store.write(name, STATE, {"n": name})
    assert path.parent == store.directory
    assert path.resolve().parent == store.directory.resolve()
    assert len(path.name) <= 64
    assert path.name.endswith(".json")
    shown = printable(name, newlines=False)
    assert store.read(name).name == shown
    assert store.read(name).meta == {"n": shown}
    (entry,) = store.list()
    assert isinstance(entry, SlotInfo)
    assert entry.name == shown
    # nothing escaped into the folder around the saves folder
    assert files_in(tmp_path) == ["saves"]
    store.delete(name)
    assert files_in(store.directory) == []


def test_distinct_names_get_distinct_files(store: SaveStore) -> None:
    names = ["a/b", "a-b", "a b", "A B", "a\\b", "ab", "a_b"]
    for index, name in enumerate(names):
        store.write(name, {"index": index}, {})
    assert len({slot_file_name(n) for n in names}) == len(names)
    for index, name in enumerate(names):
        assert store.read(name).state == {"index": index}


# Files we cannot read: reported, never touched, never blocking the rest

FUTURE = {
    "format": "moscow1921-save",
    "save_version": 3,
    "min_reader_version": 3,
    "name": "from the future",
    "saved_at": "2030-01-01T00:00:00+00:00",
    "meta": {},
    "state": {"hologram": True},
}
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "corrupt.json": (b'{"format": "moscow1921-save", ]]]} trailing', "not valid JSON"),
    "truncated.json": (b'{\n  "format": "moscow1921-save",\n  "meta": {\n', "cut short"),
    "empty.json": (b"", "empty"),
    "blank.json": (b"  \n", "empty"),
    "foreign.json": (
        json.dumps({"format": "some-other-game", "state": {}}).encode(),
        "not a Moscow 1921 save",
    ),
    "list.json": (b"[1, 2, 3]", "not a Moscow 1921 save"),
    "notes.txt": (b"remember to vote against", "not"),
    "future.json": (
        json.dumps(FUTURE).encode(),
        "written by a newer version of Moscow 1921 (save format 3); update the game to load it",
    ),
    "latin1.json": ("{'name': 'Léon'}".encode("latin-1"), "not UTF-8"),
    "binary.json": (bytes(range(256)), "not UTF-8"),
    "pickle.json": (b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00}\x94.", "not UTF-8"),
    "no-state.json": (
        json.dumps({"format": "moscow1921-save", "min_reader_version": 1, "name": "x"}).encode(),
        "damaged",
    ),
    "bad-date.json": (
        json.dumps({**FUTURE, "save_version": 1, "min_reader_version": 1, "saved_at": "yesterday"}).encode(),
        "damaged",
    ),
}


def test_broken_files_are_reported_untouched_and_others_still_load(store: SaveStore) -> None:
    store.write("good one", STATE, META)
    store.write_autosave({"turn": 7}, META)
    for file_name, (data, _) in BAD_FILES.items():
        (store.directory / file_name).write_bytes(data)
    before = {p.name: p.read_bytes() for p in store.directory.iterdir()}

    for _ in range(2):  # listing twice changes nothing either
        entries = store.list()
        broken = {e.file_name: e for e in entries if isinstance(e, BrokenSlot)}
        assert set(broken) == set(BAD_FILES)
        for file_name, (_, expected) in BAD_FILES.items():
            assert expected in broken[file_name].message, file_name
            assert broken[file_name].path == store.directory / file_name
        good = [e for e in entries if isinstance(e, SlotInfo)]
        assert {e.name for e in good} == {"good one", AUTOSAVE_NAME}

    assert store.read("good one").state == STATE
    assert store.read_autosave().state == {"turn": 7}
    assert {p.name: p.read_bytes() for p in store.directory.iterdir()} == before


@pytest.mark.parametrize("file_name", sorted(BAD_FILES))
def test_reading_a_broken_file_is_a_save_error(store: SaveStore, file_name: str) -> None:
    data, expected = BAD_FILES[file_name]
    path = store.directory / file_name
    path.write_bytes(data)
    with pytest.raises(SaveError) as caught:
        store.read_path(path)
    assert expected in caught.value.message
    assert file_name in caught.value.message
    assert "Traceback" not in caught.value.message
    assert path.read_bytes() == data


def test_reading_a_damaged_slot_by_name(store: SaveStore) -> None:
    path = store.write("damaged", STATE, META)
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(SaveError, match="cut short"):
        store.read("damaged")
    assert len(path.read_bytes()) == 40


def test_every_truncation_of_a_save_is_reported_as_cut_short(store: SaveStore) -> None:
    state = {"vars": {"flag": False, "on": True, "none": None, "x": -1.5e3}, "word": "ёж"}
    path = store.write("whole", state, META)
    data = path.read_bytes()
    for length in range(1, len(data.rstrip())):
        path.write_bytes(data[:length])
        (entry,) = store.list()
        assert isinstance(entry, BrokenSlot)
        assert "cut short" in entry.message, data[:length][-20:]
        assert path.read_bytes() == data[:length]


def test_damaged_autosave_is_reported(store: SaveStore) -> None:
    store.autosave_path.write_bytes(b"{")
    with pytest.raises(SaveError, match="cut short"):
        store.read_autosave()
    (entry,) = store.list()
    assert isinstance(entry, BrokenSlot)


def test_future_save_is_not_overwritten_by_a_save_of_the_same_name(store: SaveStore) -> None:
    path = store.path_for("from the future")
    data = json.dumps(FUTURE).encode()
    path.write_bytes(data)
    with pytest.raises(SaveError, match="newer version"):
        store.write("from the future", STATE, META)
    assert path.read_bytes() == data


def test_broken_slot_can_be_deleted_on_request(store: SaveStore) -> None:
    (store.directory / "junk.json").write_bytes(b"junk")
    (entry,) = store.list()
    assert isinstance(entry, BrokenSlot)
    store.delete_path(entry.path)
    assert store.list() == []


def test_paths_outside_the_folder_are_refused(store: SaveStore, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes(b"{}")
    with pytest.raises(SaveError, match="not a file of the saves folder"):
        store.read_path(outside)
    with pytest.raises(SaveError, match="not a file of the saves folder"):
        store.delete_path(outside)
    with pytest.raises(SaveError):
        store.delete_path(store.directory / ".." / "outside.json")
    assert outside.exists()


def test_unreadable_file_is_listed_as_broken(store: SaveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write("fine", STATE, META)
    locked = store.directory / "locked.json"
    locked.write_bytes(b"{}")
    real_open = Path.open

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.json":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    broken = [e for e in store.list() if isinstance(e, BrokenSlot)]
    assert [(e.file_name, e.message) for e in broken] == [
        ("locked.json", "could not be read: Permission denied")
    ]
    with pytest.raises(SaveError, match="Permission denied"):
        store.read_path(locked)
    assert store.read("fine").state == STATE


def test_saves_are_never_unpickled() -> None:
    tree = ast.parse(Path(saves.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"pickle", "marshal", "shelve", "dill"}


def test_a_name_in_a_save_error_is_shown_safely(store: SaveStore) -> None:
    """A name typed (or piped) into the game reaches the player again in an error: never raw."""
    with pytest.raises(SaveError) as raised:
        store.read("\x1b]0;TITLE\x07")
    assert raised.value.message == "There is no save called “␛]0;TITLE␇”."
    assert str(raised.value) == raised.value.message
