"""The plain-text player: transcripts piped in, as a screen reader user or a script plays."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.model import Story
from game.loading import load_story
from game.plain import PlainPlayer
from game.saves import SaveStore

ROOT = Path(__file__).parents[1]
GOOD = Path("tests/data/cli/good")
BROKEN = Path("tests/data/cli/broken")

# The good story: queue (1 go to the hall, 2 stay home and get a card), hall (decision
# 'The vote': 1 aye, historical; 2 nay), market (1 buy bread, 2 show the card if you have one).
TO_THE_END = "1\n1\n\n1\n"  # go, vote for it, Enter after the history, buy bread


def play_plain(home: Path, transcript: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MOSCOW1921_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--scenes", str(GOOD), *args],
        cwd=ROOT,
        env=env,
        input=transcript,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


# ------------------------------------------------------------ as a process
def test_transcript_reaches_the_ending_with_history_shown(tmp_path: Path) -> None:
    result = play_plain(tmp_path, TO_THE_END + "q\n", "--role", "worker")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out  # no colour codes or cursor movement, ever
    assert "Traceback" not in out + result.stderr
    # The decision is followed by what happened, with the talk's words and their source.
    assert "-- What happened: The vote --" in out
    assert "You chose: Vote for it." in out
    assert "You chose: Vote for it.\nHistory went the same way.\n\nThe resolution passed.\n" in out
    assert '"the resolution was passed"\n  (Simon Pirani, 2006)' in out
    assert "Simon Pirani argues" not in out  # in the full account, which this player did not open
    # ... and the ending, after the market scene.
    assert out.index("What happened") < out.index("## Spring market") < out.index("## Fed")
    assert "You eat bread." in out and "Many ate better." in out
    assert "THE END.\nYou took 1 decision: at 1 history went the same way.\nThis is not a score." in out
    assert out.rstrip().endswith("Game saved. Goodbye.")


def test_glossary_marks_are_shown_as_plain_words(tmp_path: Path) -> None:
    out = play_plain(tmp_path, "q\n", "--role", "worker").stdout
    assert "The Cheka watches the queue." in out
    assert "[[" not in out


def test_end_of_input_mid_game_saves_and_continue_resumes(tmp_path: Path) -> None:
    first = play_plain(tmp_path, "1\n", "--role", "worker")  # cut short in the hall
    assert first.returncode == 0
    assert first.stdout.rstrip().endswith("Game saved. Goodbye.")
    assert first.stdout.count("## The conference") == 1

    second = play_plain(tmp_path, "1\n")  # no role: the menu offers to continue
    assert second.returncode == 0
    out = second.stdout
    assert "1. Continue (Worker, Winter, February 1921)" in out
    assert "2. New game as a Worker: A turner at a metal works." in out
    assert "3. New game as a Delegate: A party delegate." in out
    after_menu = out.split("> 1", 1)[1]
    assert "## The conference" in after_menu
    assert "## Half a ration" not in after_menu


def test_broken_story_exits_with_located_problems(tmp_path: Path) -> None:
    env = {**os.environ, "MOSCOW1921_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--scenes", str(BROKEN), "--role", "worker"],
        cwd=ROOT,
        env=env,
        input="1\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{BROKEN / '10-scenes.yaml'}:8:5: unknown key 'choises' in scene 'queue'" in result.stderr
    assert "has problems; fix them and try again" in result.stderr
    assert not (tmp_path / "saves").exists() or not any((tmp_path / "saves").iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "tsar"), "there is no role 'tsar' (the roles are: delegate, worker)"),
        (("--load", "nothing"), "There is no save called “nothing”."),
    ],
)
def test_bad_role_or_slot_fails_cleanly(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = play_plain(tmp_path, "", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# -------------------------------------------------------------- in process
@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(ROOT / GOOD)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SaveStore:
    monkeypatch.setenv("MOSCOW1921_HOME", str(tmp_path))
    return SaveStore(tmp_path / "saves")


def play(story: Story, store: SaveStore, transcript: str, **kwargs: str) -> tuple[int, str]:
    out = io.StringIO()
    code = PlainPlayer(story, store, io.StringIO(transcript), out).run(**kwargs)
    return code, out.getvalue()


def test_undo_goes_back_one_choice_and_shows_the_scene_once(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "u\n1\nu\n", role="worker")
    assert code == 0
    assert "There is nothing to undo." in out
    after_undo = out.split("Undone.", 1)[1]
    assert after_undo.count("## Half a ration") == 1
    assert "## The conference" not in after_undo
    # The autosave holds the state after the undo.
    assert store.read_autosave().state["at"] == "queue"
    assert store.read_autosave().state["turn"] == 0


def test_save_then_load_by_name(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "1\ns before vote\n1\n\nl before vote\n", role="worker")
    assert code == 0
    assert "Saved as 'before vote'." in out
    assert "## Spring market" in out.split("Saved as", 1)[1]
    loaded = out.split("Loaded 'before vote'.", 1)[1]
    assert loaded.count("## The conference") == 1
    assert store.read_autosave().state["at"] == "hall"
    assert store.read("before vote").state["at"] == "hall"


def test_load_alone_lists_saves_but_not_the_autosave(story: Story, store: SaveStore) -> None:
    (store.directory / "junk.json").write_text("{not json", encoding="utf-8")
    code, out = play(story, store, "s first\n1\ns second\nl\n", role="worker")
    assert code == 0
    listing = out.split("> l\n", 1)[1].split("Game saved.")[0]
    assert "- first: Worker, Winter, January 1921 (saved " in listing
    assert "- second: Worker, Winter, February 1921 (saved " in listing
    assert "- junk.json: cannot be loaded (" in listing
    assert "Autosave" not in listing


def test_save_needs_a_name_that_is_not_the_autosave(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "s\ns autosave\n", role="worker")
    assert "Give the save a name: s NAME" in out
    assert "That name is reserved for the autosave; choose another." in out
    assert [slot.name for slot in store.list()] == ["Autosave"]


def test_load_of_a_missing_save_keeps_playing(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "l ghost\n1\n", role="worker")
    assert code == 0
    assert "Could not load 'ghost': There is no save called “ghost”." in out
    assert "## The conference" in out


def test_journal_before_and_after_a_decision(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "j\n1\n2\n\nj\n", role="worker")
    before, after = out.split("You chose: Vote against it.", 1)
    assert "No decisions taken yet." in before
    assert (
        "1. The vote (February 1921)\n   You chose: Vote against it.\n"
        "   History went another way:\n     - Vote for it.\n"
        "You took 1 decision: at 1 it went another way.\n"
    ) in after


def test_unknown_input_gets_the_hint(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "dance\n9\n", role="worker")
    assert "Type the number of a choice, or h for help." in out
    assert "There is no choice 9." in out


def test_unavailable_choice_is_shown_dimmed_and_refused(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "1\n1\n\n2\n", role="worker")
    assert "2. (not possible: Only members may.) Show your card." in out
    assert "That is not possible now: Only members may." in out
    assert store.read_autosave().state["at"] == "market"


def test_help_timeline_glossary_and_situation(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, "h\nt\ng\ng cheka\ng tsar\nv\n1\nt\n", role="worker")
    assert "s NAME        save the game as NAME" in out
    assert "No events reached yet." in out
    assert "Cheka: The political police." in out
    assert "No glossary entry for 'tsar'." in out
    assert "Hunger: 5" in out and "Party card: no" in out
    assert "February 1921: The conference meets." in out


def test_ending_offers_export_and_undo(story: Story, store: SaveStore, tmp_path: Path) -> None:
    code, out = play(story, store, TO_THE_END + "e\nu\n", role="worker")
    assert code == 0
    written = out.split("Debrief written to ", 1)[1].splitlines()[0]
    path = Path(written)
    assert path.parent == tmp_path / "exports"
    assert "## Ending: Fed" in path.read_text(encoding="utf-8")
    # Undo at the ending goes back to the market.
    assert out.split("> u\n", 1)[1].count("## Spring market") == 1
    assert store.read_autosave().state["at"] == "market"


def test_ending_prompt_answers_unknown_input(story: Story, store: SaveStore) -> None:
    _, out = play(story, store, TO_THE_END + "dance\nj\nq\n", role="worker")
    ending = out.split("THE END.", 1)[1]
    assert (
        "Type j for the journal, e to export the debrief, r to write your results for your teacher, "
        "u to undo or q to quit." in ending
    )
    assert "1. The vote (February 1921)" in ending
    assert "   You chose: Vote for it.\n   History went the same way.\n" in ending


def test_menu_without_a_save_offers_only_new_games(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "7\n2\n")
    assert code == 0
    assert "Continue" not in out
    assert "Type 1 or 2, or q to quit." in out
    assert "## The conference" in out  # the delegate starts in the hall
    assert store.read_autosave().state["role"] == "delegate"


def test_quitting_at_the_menu_saves_nothing(story: Story, store: SaveStore) -> None:
    code, out = play(story, store, "q\n")
    assert code == 0
    assert "Game saved" not in out
    assert not store.has_autosave()


def test_output_is_not_wrapped_when_not_a_terminal(story: Story, store: SaveStore) -> None:
    long_line = "x" * 200
    out = io.StringIO()
    PlainPlayer(story, store, io.StringIO(""), out).say(long_line)
    assert out.getvalue() == long_line + "\n"
