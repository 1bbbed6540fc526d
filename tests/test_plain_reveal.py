"""The plain player's reveal and menus (issue 11, items 1, 3, 7 and 14): transcripts played in process."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from game.engine.model import Story
from game.loading import load_story
from game.plain import PlainPlayer
from game.saves import SaveStore

ROOT = Path(__file__).parents[1]
GOOD = ROOT / "tests" / "data" / "cli" / "good"


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(GOOD)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SaveStore:
    monkeypatch.setenv("MOSCOW1921_HOME", str(tmp_path))
    return SaveStore(tmp_path / "saves")


def play(story: Story, store: SaveStore, transcript: str, **kwargs: str) -> str:
    out = io.StringIO()
    PlainPlayer(story, store, io.StringIO(transcript), out).run(**kwargs)
    return out.getvalue()


def test_the_what_happened_block_gives_the_verdict_then_f_the_full_account(
    story: Story, store: SaveStore
) -> None:
    out = play(story, store, "1\n2\nf\n\n", role="worker")
    block = out.split("-- What happened: The vote --", 1)[1]
    short, full = block.split("-- The full account --", 1)
    assert short.startswith(
        "\nYou chose: Vote against it.\nHistory went another way:\n  - Vote for it.\n\n"
        "The resolution passed.\n"
    )
    assert '"the resolution was passed"\n  (Simon Pirani, 2006)' in short
    assert "[Enter to go on, f for the full account] f" in short
    assert "Simon Pirani argues" not in short
    assert full.startswith("\nHow do you vote?\n\nThe resolution passed.\n")
    assert "Simon Pirani argues: Order is not cause." in full
    assert "Think about it:\n- Did the conference change the party's mind?" in full


def test_enter_after_the_short_account_goes_straight_on(story: Story, store: SaveStore) -> None:
    out = play(story, store, "1\n1\n\n", role="worker")
    assert "-- The full account --" not in out
    assert "## Spring market" in out


def test_h_at_the_role_menu_prints_the_commands_not_the_cards_again(story: Story, store: SaveStore) -> None:
    out = play(story, store, "h\nq\n")
    assert out.count("New game as a Worker") == 1 and out.count("New game as a Delegate") == 1
    assert "Type 1 or 2 to choose from the list above; q to quit." in out


def test_a_menu_of_one_reads_naturally(story: Story, store: SaveStore, tmp_path: Path) -> None:
    folder = tmp_path / "one-role"
    shutil.copytree(GOOD, folder)
    roles = folder / "00-story.yaml"
    text = roles.read_text("utf-8")
    delegate = "  - id: delegate\n    name: Delegate\n    description: A party delegate.\n    start: hall\n"
    assert delegate in text
    roles.write_text(text.replace(delegate, ""), "utf-8")
    one = load_story(folder).story
    assert one is not None
    out = play(one, store, "7\nq\n")
    assert "Type 1, or q to quit." in out
    assert "from 1 to 1" not in out


def test_the_role_menu_asks_the_storys_own_question(story: Story, store: SaveStore) -> None:
    out = play(story, store, "q\n")
    assert "Who will you be?\n1. New game as a Worker" in out  # the good story writes no role_prompt
    assert "Moscow, 1921" not in out


def test_glossary_terms_of_a_scene_are_listed_after_it(story: Story, store: SaveStore) -> None:
    out = play(story, store, "q\n", role="worker")
    assert (
        "The Cheka watches the queue.\n\nIn the glossary (g TERM): Cheka\n\n1. Go to the conference." in out
    )


def test_the_count_at_the_end_covers_every_decision_and_is_not_a_score(
    story: Story, store: SaveStore
) -> None:
    out = play(story, store, "1\n2\n\n1\nj\nq\n", role="worker")
    ending = out.split("THE END.", 1)[1]
    assert ending.startswith("\nYou took 1 decision: at 1 it went another way.\nThis is not a score.")
    assert "You differed" not in out
