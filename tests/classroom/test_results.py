"""Results files: written from real play-throughs, read back, and every kind of broken file."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from game import documents, locations
from game.classroom import results as results_module
from game.classroom.results import (
    NAME_MAX,
    RESULTS_FORMAT,
    RESULTS_VERSION,
    Results,
    ResultsError,
    read_results,
    results_from_session,
    write_results,
)
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story
from game.saves import SaveStore
from tests.classroom.conftest import PlayThroughs, random_session


def _finished_and_abandoned(story: Story, tmp_path: Path) -> tuple[Results, Results]:
    rng = random.Random(7)
    store = SaveStore(tmp_path / "saves")
    finished = random_session(story, rng, store)
    abandoned = random_session(story, rng, store, stop_after=3)
    return results_from_session(finished, "Anna"), results_from_session(abandoned, None)


def test_results_of_a_finished_game_record_its_path(story: Story, tmp_path: Path) -> None:
    rng = random.Random(3)
    session = random_session(story, rng, SaveStore(tmp_path / "saves"))
    started = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    results = results_from_session(session, "  Anna\tK.\n ", started=started)
    assert results.status == "finished"
    assert results.ending == session.state.at and results.ending in story.endings
    assert results.role == session.state.role
    assert results.name == "Anna K."  # control characters and runs of spaces folded
    assert results.started_at == started
    assert results.fingerprint == story_fingerprint(story)
    assert (results.story_title, results.story_version) == (story.title, story.version)
    expected = [(s.decision, s.scene, s.choice, s.historical) for s in session.state.decisions]
    assert expected, "a finished game of the shipped story passes decision points"
    assert [(d.decision, d.scene, d.choice, d.historical) for d in results.decisions] == expected


def test_an_abandoned_game_has_no_ending(story: Story, tmp_path: Path) -> None:
    session = random_session(story, random.Random(1), SaveStore(tmp_path / "saves"), stop_after=2)
    assert not session.is_over
    results = results_from_session(session, "")
    assert results.status == "abandoned"
    assert results.ending is None
    assert results.name is None  # an empty name is no name
    assert results.started_at is None


def test_a_long_name_is_cut() -> None:
    assert results_module.clean_name("x" * 500) == "x" * NAME_MAX


def test_round_trip_through_a_file(story: Story, tmp_path: Path) -> None:
    for results in _finished_and_abandoned(story, tmp_path):
        path = write_results(results, tmp_path / "out")
        again = read_results(path)
        assert again == results
        assert again.source == str(path)
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["format"] == RESULTS_FORMAT and doc["version"] == RESULTS_VERSION
        assert doc["story"]["fingerprint"] == story_fingerprint(story)


def test_round_trip_of_many_real_play_throughs(play_throughs: PlayThroughs, tmp_path: Path) -> None:
    made = play_throughs(25, 11)
    assert {r.status for r in made} == {"finished", "abandoned"}
    paths = [write_results(r, tmp_path / "class") for r in made]
    assert len(set(paths)) == len(made)
    assert [read_results(p) for p in paths] == made


def test_default_folder_is_the_results_folder(story: Story, tmp_path: Path, home: Path) -> None:
    results, _ = _finished_and_abandoned(story, tmp_path)
    path = write_results(results)
    assert path.parent == locations.results_dir()
    assert path.parent.is_relative_to(home)


def test_file_name_is_never_the_students_name(story: Story, tmp_path: Path) -> None:
    rng = random.Random(5)
    session = random_session(story, rng, SaveStore(tmp_path / "saves"))
    for name in ("../../etc/passwd", "Anna", "C:\\Users\\x", "con"):
        path = write_results(results_from_session(session, name), tmp_path / "out")
        assert path.parent == tmp_path / "out"
        assert path.name.startswith("results-") and path.suffix == ".json"
        assert "anna" not in path.name.lower() and "passwd" not in path.name
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("results-")) == []


def test_same_results_twice_make_two_files(story: Story, tmp_path: Path) -> None:
    results, _ = _finished_and_abandoned(story, tmp_path)
    first = write_results(results, tmp_path / "out")
    second = write_results(results, tmp_path / "out")
    assert first != second
    assert read_results(first) == read_results(second)


def test_write_is_atomic_a_failed_write_leaves_nothing(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results, _ = _finished_and_abandoned(story, tmp_path)
    folder = tmp_path / "out"
    synced: list[int] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    path = write_results(results, folder)
    assert synced, "the data is synced to disk before the rename"

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ResultsError) as caught:
        write_results(results, folder)
    assert "No space left on device" in caught.value.reason
    assert sorted(folder.iterdir()) == [path]  # no temporary file and no half file left behind


def test_write_to_an_impossible_folder_is_a_results_error(story: Story, tmp_path: Path) -> None:
    results, _ = _finished_and_abandoned(story, tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        write_results(results, blocker / "inside")
    assert "could not write" in caught.value.reason


# ------------------------------------------------------------- broken files
@pytest.fixture
def good_doc(story: Story, tmp_path: Path) -> dict[str, object]:
    results, _ = _finished_and_abandoned(story, tmp_path)
    return results.to_dict()


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "broken.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _reason(path: Path) -> str:
    with pytest.raises(ResultsError) as caught:
        read_results(path)
    assert str(path) in str(caught.value)  # the message names the file
    return caught.value.reason


def test_not_json(tmp_path: Path) -> None:
    assert "not valid JSON" in _reason(_write(tmp_path, "Dear teacher, here are my results"))


def test_empty_and_binary(tmp_path: Path) -> None:
    assert "empty" in _reason(_write(tmp_path, ""))
    assert "not UTF-8" in _reason(_write(tmp_path, b"\x89PNG\r\n\x1a\n\xff\xfe"))


def test_truncated(good_doc: dict[str, object], tmp_path: Path) -> None:
    text = json.dumps(good_doc, indent=2)
    for cut in (len(text) // 3, len(text) // 2, len(text) - 2):
        assert "cut short" in _reason(_write(tmp_path, text[:cut])), cut


def test_wrong_format(good_doc: dict[str, object], tmp_path: Path) -> None:
    assert "not a Moscow 1921 results file" in _reason(_write(tmp_path, "[1, 2, 3]"))
    assert "not a Moscow 1921 results file" in _reason(
        _write(tmp_path, json.dumps({**good_doc, "format": "x"}))
    )
    save = {"format": "moscow1921-save", "save_version": 1, "state": {}}
    assert "saved game" in _reason(_write(tmp_path, json.dumps(save)))


def test_newer_version(good_doc: dict[str, object], tmp_path: Path) -> None:
    reason = _reason(_write(tmp_path, json.dumps({**good_doc, "version": RESULTS_VERSION + 1})))
    assert "newer version" in reason and "update the game" in reason


@pytest.mark.parametrize(
    "key", ["version", "story", "role", "name", "started_at", "finished_at", "status", "ending", "decisions"]
)
def test_missing_keys(good_doc: dict[str, object], tmp_path: Path, key: str) -> None:
    doc = dict(good_doc)
    del doc[key]
    assert f"'{key}'" in _reason(_write(tmp_path, json.dumps(doc)))


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d["story"].pop("fingerprint"), "'story.fingerprint' is missing"),
        (lambda d: d["story"].update(version="1"), "'story.version' should be a whole number"),
        (lambda d: d["decisions"][0].pop("choice"), "'decisions[1].choice' is missing"),
        (
            lambda d: d["decisions"][0].update(historical=1),
            "'decisions[1].historical' should be true or false",
        ),
        (lambda d: d["decisions"].append("vote_for"), "is not an object"),
        (lambda d: d.update(status="won"), "'status' is 'won'"),
        (lambda d: d.update(ending=None), "names no 'ending'"),
        (lambda d: d.update(finished_at="yesterday"), "'finished_at' is not a date"),
        (lambda d: d.update(name=42), "'name' should be text or null"),
        (lambda d: d.update(version=True), "'version' is missing or not a whole number"),
    ],
)
def test_damaged_fields(good_doc: dict[str, object], tmp_path: Path, change: object, said: str) -> None:
    doc = json.loads(json.dumps(good_doc))
    assert callable(change)
    change(doc)
    assert said in _reason(_write(tmp_path, json.dumps(doc)))


def test_abandoned_with_an_ending_is_damaged(good_doc: dict[str, object], tmp_path: Path) -> None:
    doc = {**good_doc, "status": "abandoned"}
    assert doc["ending"] is not None
    assert "names an 'ending'" in _reason(_write(tmp_path, json.dumps(doc)))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in _reason(tmp_path / "nowhere.json")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert "folder" in _reason(folder)


def test_huge_file_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 100)
    assert "too large" in _reason(_write(tmp_path, "[" + "1," * 200 + "1]"))


def test_deeply_nested_json_is_refused_not_a_crash(tmp_path: Path) -> None:
    assert "not a Moscow 1921 results file" in _reason(_write(tmp_path, "[" * 100_000 + "]" * 100_000))
