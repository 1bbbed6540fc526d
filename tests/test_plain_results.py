"""The plain player writes results files: at the ending, with ``r``, and when ``q`` leaves a game."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game import locations
from game.classroom.results import read_results
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story
from game.loading import load_story
from game.plain import PlainPlayer
from game.saves import SaveStore

GOOD = Path(__file__).resolve().parent / "data" / "cli" / "good"
# The good story: queue (1 go to the hall), hall (decision 'vote': 1 aye, historical; 2 nay),
# market (1 buy bread -> ending_fed); 'nay' ends the game at once (ending_hungry).
TO_THE_END = "1\n1\n\n1\n"


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(GOOD)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SaveStore:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    return SaveStore(tmp_path / "home" / "saves")


def play(story: Story, store: SaveStore, transcript: str, **kwargs: str) -> tuple[int, str]:
    out = io.StringIO()
    code = PlainPlayer(story, store, io.StringIO(transcript), out).run(**kwargs)
    return code, out.getvalue()


def written(out: str) -> list[Path]:
    return [
        Path(line.split("Results written to ", 1)[1])
        for line in out.splitlines()
        if "Results written to " in line
    ]


def test_the_ending_offers_a_results_file_with_an_optional_name(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, TO_THE_END + "r\nAnna Petrovna\nq\n", role="worker")
    assert code == 0
    ending = out.split("THE END.", 1)[1]
    assert "type r to write them to a file" in ending
    assert "r results for your teacher" in ending
    [path] = written(out)
    assert path.parent == locations.results_dir()
    assert "anna" not in path.name.lower()
    results = read_results(path)
    assert results.status == "finished" and results.ending == "ending_fed"
    assert results.name == "Anna Petrovna"
    assert results.role == "worker"
    assert results.started_at is not None and results.started_at <= results.finished_at
    assert results.fingerprint == story_fingerprint(story)
    assert [(d.decision, d.scene, d.choice, d.historical) for d in results.decisions] == [
        ("vote", "hall", "aye", True)
    ]
    # nothing is asked again when the game is left at the ending
    assert "unfinished game" not in out


def test_no_name_is_fine(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, TO_THE_END + "r\n\nq\n", role="worker")
    [path] = written(out)
    assert read_results(path).name is None


def test_quitting_mid_game_offers_an_abandoned_results_file(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "1\n1\n\nq\ny\nBoris\n", role="worker")  # q in the market
    assert code == 0
    assert "Write a results file of this unfinished game for your teacher? (y/N)" in out
    assert "the file will say you stopped here (abandoned)" in out
    [path] = written(out)
    results = read_results(path)
    assert results.status == "abandoned" and results.ending is None
    assert results.name == "Boris"
    assert [(d.decision, d.choice, d.historical) for d in results.decisions] == [("vote", "aye", True)]
    assert out.rstrip().endswith("Game saved. Goodbye.")


def test_declining_on_quit_writes_nothing(story: Story, store: SaveStore) -> None:
    for answer in ("n\n", "\n", ""):  # no, Enter, or the end of input
        _, out = play(story, store, "1\n1\n\nq\n" + answer, role="worker")
        assert "unfinished game" in out
        assert written(out) == []
        assert out.rstrip().endswith("Game saved. Goodbye.")
    assert list(locations.results_dir().iterdir()) == []


def test_no_offer_before_any_decision_or_after_writing(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "q\n", role="worker")
    assert "unfinished game" not in out
    _, out = play(story, store, "1\n1\n\nr\n\nq\n", role="worker")
    assert len(written(out)) == 1
    assert "unfinished game" not in out  # just written for this very point


def test_r_in_a_scene_and_in_help(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "h\nr\nCleo\n", role="worker")
    assert "r             write a results file of your game so far, for your teacher" in out
    [path] = written(out)
    results = read_results(path)
    assert results.status == "abandoned" and results.decisions == ()


def test_a_continued_game_does_not_claim_a_start_time(story: Story, store: SaveStore) -> None:
    play(story, store, "1\n", role="worker")
    _, out = play(story, store, "1\n1\n\n1\nr\n\n")  # Continue from the menu, then to the end
    [path] = written(out)
    results = read_results(path)
    assert results.status == "finished"
    assert results.started_at is None


def test_an_unwritable_results_folder_is_a_message_not_a_crash(
    story: Story, store: SaveStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "home" / "results"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    code, out = play(story, store, TO_THE_END + "r\nAnna\nq\n", role="worker")
    assert code == 0
    assert f"Not written. {blocker}: could not write the results file: " in out
    assert written(out) == []
