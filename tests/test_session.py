"""A game in progress: autosave, resume, named saves, the journal and the debrief."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.engine.model import Story, plain_prose
from game.engine.panel import Comparison
from game.loading import load_story
from game.saves import AUTOSAVE_FILE, SaveStore, where_words
from game.session import Session, SessionError, slot_summaries

GOOD = Path(__file__).parent / "data" / "cli" / "good"


class Clock:
    """Ticks one minute per call, so 'newest first' does not depend on the machine's speed."""

    def __init__(self) -> None:
        self.now = datetime(1921, 3, 8, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(scope="module")
def story() -> Story:
    result = load_story(GOOD)
    assert result.story is not None, result.problems
    return result.story


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MOSCOW1921_HOME", str(home))
    return home


@pytest.fixture
def store(home: Path) -> SaveStore:
    return SaveStore(home / "saves", clock=Clock())


def autosaved(store: SaveStore) -> dict[str, object]:
    return SaveStore(store.directory).read_autosave().state  # a fresh store: read from disk


# ----------------------------------------------------------------- autosave
def test_new_game_is_autosaved(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    assert session.state.at == "queue"
    assert autosaved(store) == session.state.to_dict()
    meta = store.read_autosave().meta
    assert meta["role"] == "worker" and meta["role_name"] == "Worker"
    assert meta["chapter_title"] == "Winter" and meta["date"] == "January 1921"


def test_every_choice_and_undo_is_autosaved(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    start = session.state.to_dict()
    assert session.choose("stay") is None  # not a decision point
    assert autosaved(store) == session.state.to_dict()
    assert autosaved(store)["at"] == "hall"
    decision = session.choose("aye")
    assert decision is not None and decision.id == "vote"
    assert autosaved(store)["at"] == "market"
    assert session.undo() is True
    assert autosaved(store)["at"] == "hall"
    assert session.undo() is True
    assert autosaved(store) == start
    assert session.undo() is False
    assert autosaved(store) == start


def test_resume_returns_the_same_state(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    session.choose("stay")
    session.choose("aye")
    resumed = Session.resume(story, store)
    assert resumed is not None
    assert resumed.state == session.state
    assert resumed.state.to_json() == session.state.to_json()
    assert resumed.notices == ()
    assert [o.choice.id for o in resumed.options()] == [o.choice.id for o in session.options()]


def test_resume_without_a_readable_autosave_is_none(story: Story, store: SaveStore) -> None:
    assert Session.resume(story, store) is None
    store.directory.joinpath(AUTOSAVE_FILE).write_text("{half a save", encoding="utf-8")
    assert Session.resume(story, store) is None
    # The unreadable file is left exactly as it was.
    assert store.directory.joinpath(AUTOSAVE_FILE).read_text(encoding="utf-8") == "{half a save"


def test_unknown_role_or_choice_is_a_session_error(story: Story, store: SaveStore) -> None:
    with pytest.raises(SessionError, match="there is no role 'tsar'"):
        Session.new(story, store, "tsar")
    session = Session.new(story, store, "worker")
    with pytest.raises(SessionError, match="there is no choice 'fly'"):
        session.choose("fly")
    session.choose("hall")
    session.choose("aye")
    with pytest.raises(SessionError, match="not available"):
        session.choose("card_trick")  # no card on this path
    assert autosaved(store)["at"] == "market"


# -------------------------------------------------------------------- slots
def test_save_and_load_round_trip(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    session.choose("stay")
    session.save("after queue")
    saved = session.state
    session.choose("nay")
    assert session.is_over
    loaded = Session.load(story, store, "after queue")
    assert loaded.state == saved
    assert loaded.state.to_json() == saved.to_json()
    assert not loaded.is_over and loaded.scene is not None and loaded.scene.id == "hall"
    # The loaded game becomes the autosave, so Continue resumes it rather than the ending.
    assert autosaved(store)["at"] == "hall"


def test_load_of_a_missing_slot_says_so(story: Story, store: SaveStore) -> None:
    with pytest.raises(SessionError) as caught:
        Session.load(story, store, "nowhere")
    assert str(caught.value) == "There is no save called “nowhere”."


def test_load_of_a_save_from_another_story_says_why(story: Story, store: SaveStore) -> None:
    store.write(
        "foreign",
        {"version": 1, "role": "tsar", "at": "x", "turn": 0, "values": {}, "visits": {}, "steps": []},
    )
    with pytest.raises(SessionError) as caught:
        Session.load(story, store, "foreign")
    message = str(caught.value)
    assert message.startswith("the save 'foreign' cannot be loaded: ")
    assert "role 'tsar'" in message


def test_load_of_a_damaged_file_says_why(story: Story, store: SaveStore) -> None:
    Session.new(story, store, "worker").save("good")
    store.path_for("good").write_text('{"format": "moscow1921-save", "min_reader_ver', encoding="utf-8")
    with pytest.raises(SessionError, match="cut short"):
        Session.load(story, store, "good")


def test_slot_summaries_list_named_saves_and_broken_files(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    session.save("first")
    session.choose("hall")
    session.save("second")
    session.choose("nay")
    session.save("done")
    store.directory.joinpath("garbage.json").write_text("[1, 2", encoding="utf-8")
    store.directory.joinpath("notes.json").write_text('{"hello": "world"}', encoding="utf-8")

    slots = slot_summaries(story, store)
    readable = [s for s in slots if s.broken_reason is None]
    broken = {s.name: s.broken_reason for s in slots if s.broken_reason is not None}
    # Newest first, the autosave left out.
    assert [(s.name, s.role_name, s.chapter_title, s.date) for s in readable] == [
        ("done", "Worker", "The end", "Hungry"),
        ("second", "Worker", "Winter", "February 1921"),
        ("first", "Worker", "Winter", "January 1921"),
    ]
    assert all(s.saved_at is not None for s in readable)
    assert set(broken) == {"garbage.json", "notes.json"}
    assert broken["notes.json"] == "not a Moscow 1921 save"
    assert "cut short" in (broken["garbage.json"] or "")


def test_slot_summaries_are_empty_with_only_an_autosave(story: Story, store: SaveStore) -> None:
    Session.new(story, store, "worker")
    assert store.has_autosave()
    assert slot_summaries(story, store) == []


# ------------------------------------------------------ history vs choices
def play_through(story: Story, store: SaveStore, *choices: str, role: str = "worker") -> Session:
    session = Session.new(story, store, role)
    for choice in choices:
        session.choose(choice)
    return session


def test_journal_and_divergence_follow_history(story: Story, store: SaveStore) -> None:
    same = play_through(story, store, "stay", "aye")
    (entry,) = same.journal()
    assert entry.decision.id == "vote" and entry.scene.id == "hall"
    assert entry.chosen.id == "aye"
    assert [c.id for c in entry.historical] == ["aye"]
    assert entry.matched is True
    assert same.comparison() == Comparison(same=1, other=0, open=0)

    other = play_through(story, store, "hall", "nay")
    (entry,) = other.journal()
    assert entry.chosen.id == "nay" and entry.matched is False
    assert other.comparison() == Comparison(same=0, other=1, open=0)

    assert play_through(story, store).journal() == []
    assert play_through(story, store).comparison().total == 0


def test_undo_takes_the_decision_out_of_the_journal(story: Story, store: SaveStore) -> None:
    session = play_through(story, store, "hall", "nay")
    assert len(session.journal()) == 1
    session.undo()
    assert session.journal() == []


def test_timeline_shows_events_once_reached(story: Story, store: SaveStore) -> None:
    session = play_through(story, store)
    assert session.reached_timeline() == []
    session.choose("hall")
    assert [e.text for e in session.reached_timeline()] == ["The conference meets."]


def test_meta_at_an_ending(story: Story, store: SaveStore) -> None:
    session = play_through(story, store, "hall", "aye", "ending_fed")
    assert session.is_over and session.ending is not None
    assert session.meta()["chapter_title"] == "The end"
    assert session.meta()["date"] == "Fed"
    assert session.options() == []


def test_debrief_against_history(story: Story, store: SaveStore) -> None:
    session = play_through(story, store, "hall", "nay")
    text = session.debrief_markdown()
    assert text.startswith("# Test Moscow: debrief\n")
    assert "Role: Worker" in text
    assert "Choices made: 2" in text
    assert "## Ending: Hungry" in text and "You stay hungry." in text
    assert "## Your decisions beside history\n\nYou took 1 decision: at 1 it went another way.\n" in text
    assert "This is not a score." in text
    # the short layer first: the choice beside history's, the short account, one quotation
    assert (
        "### 1. The vote (February 1921)\n\n"
        "- You chose: Vote against it.\n- History went another way:\n  - Vote for it.\n\n"
        "The resolution passed.\n\n> the resolution was passed\n>\n> — Simon Pirani, 2006\n\n"
        "#### The full account\n\n*How do you vote?*\n\nThe resolution passed.\n\n"
    ) in text
    assert "Simon Pirani argues: Order is not cause." in text
    assert "For discussion:\n\n- Did the conference change the party's mind?\n" in text


def test_debrief_when_the_choice_matched_and_the_ending_has_sources(story: Story, store: SaveStore) -> None:
    text = play_through(story, store, "hall", "aye", "ending_fed").debrief_markdown()
    assert "- You chose: Vote for it.\n- History went the same way.\n\n" in text
    assert "> wages climbed back\n>\n> — Simon Pirani, 2006" in text


def test_debrief_glossary_marks_read_as_plain_words(story: Story, store: SaveStore) -> None:
    assert plain_prose("The [[Cheka]] and the [[NEP|new policy]].") == "The Cheka and the new policy."
    assert "[[" not in play_through(story, store, "hall", "aye").debrief_markdown()


def test_export_debrief_writes_under_the_home_exports(story: Story, store: SaveStore, home: Path) -> None:
    session = play_through(story, store, "hall", "nay")
    path = session.export_debrief()
    assert path.parent == home / "exports"
    assert path.name.startswith("debrief-worker-") and path.suffix == ".md"
    assert path.read_text(encoding="utf-8") == session.debrief_markdown()
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_saves_are_plain_json_that_name_ids_only(story: Story, store: SaveStore) -> None:
    session = play_through(story, store, "stay")
    session.save("look")
    doc = json.loads(store.path_for("look").read_text(encoding="utf-8"))
    assert doc["state"]["at"] == "hall"
    assert doc["state"]["steps"] == [{"scene": "queue", "choice": "stay"}]
    assert doc["meta"]["story_title"] == "Test Moscow"


def test_loading_a_slot_makes_it_the_game_that_continue_resumes(story: Story, store: SaveStore) -> None:
    session = Session.new(story, store, "worker")
    session.save("early")
    first_choice = next(o.choice.id for o in session.options() if o.available)
    session.choose(first_choice)
    loaded = Session.load(story, store, "early")
    resumed = Session.resume(story, store)
    assert resumed is not None
    assert resumed.state.to_json() == loaded.state.to_json()
    assert resumed.state.turn == 0


def test_an_event_written_for_two_scenes_is_shown_once(
    story: Story, store: SaveStore, tmp_path: Path
) -> None:
    folder = tmp_path / "story"
    shutil.copytree(GOOD, folder)
    (folder / "90-timeline.yaml").write_text(
        "timeline:\n"
        "  - {date: February 1921, text: The conference meets., decision: vote}\n"  # the same event again
        "  - {date: March 1921, text: The market., scene: market}\n",
        encoding="utf-8",
    )
    twice = load_story(folder).story
    assert twice is not None and len(twice.timeline) == 3
    session = play_through(twice, store, "hall", "aye")  # passes the hall, its vote and the market
    assert [e.text for e in session.reached_timeline()] == ["The conference meets.", "The market."]


def test_where_a_game_is_never_says_the_same_year_twice() -> None:
    # The shipped chapters' titles begin with their years and many scenes are dated by the year alone.
    assert where_words("Delegate", "1920: The hungry peace", "1920") == "Delegate · 1920: The hungry peace"
    assert where_words("Worker", "Winter 1921: The crisis", "February 1921") == (
        "Worker · Winter 1921: The crisis · February 1921"
    )
    assert where_words("Worker", "", "", ", ") == "Worker"


def test_every_front_end_words_a_shipped_save_the_same_way(tmp_path: Path) -> None:
    from game.ui.screens.title import TitleScreen
    from game.webapp.pages import _where
    from tests.scenes.shipped import shipped_story

    shipped = shipped_story()
    store = SaveStore(tmp_path)
    session = Session.new(shipped, store, "delegate")
    meta = session.meta()
    assert meta["date"] and meta["date"] in meta["chapter_title"]  # the case this guards
    session.save("mine")
    expected = f"{meta['role_name']} · {meta['chapter_title']}"
    assert _where(session) == expected
    assert TitleScreen(store, "Moscow 1921")._continue_hint() == expected
    (slot,) = slot_summaries(shipped, store)
    assert slot.where() == expected
