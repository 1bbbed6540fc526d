"""The class database: schema, names, idempotent recording, undo, takeover, and bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from game import locations
from game.classroom import class_names, classdb, joining
from game.classroom.classdb import ClassDB, ClassDBError, DecisionStep, Progress, StoryId, Superseded
from tests.classroom.live_support import join_as

STORY = StoryId("Moscow 1921", 1, "0123456789abcdef")


def progress(*choices: tuple[str, str], role: str = "metalworker", ending: str | None = None) -> Progress:
    """A playthrough whose decision steps are the (decision, choice) pairs, one choice apart."""
    steps = tuple(
        DecisionStep(2 * number + 1, decision, f"scene_{decision}", choice, choice.startswith("hist"))
        for number, (decision, choice) in enumerate(choices)
    )
    at = None if ending else f"scene_{len(choices)}"
    return Progress(role, at, None if ending else "ch_1920", ending, 2 * len(choices) + 1, steps, STORY)


@pytest.fixture
def db() -> ClassDB:
    return ClassDB.for_class("History 9A", create=True)


def test_the_file_is_named_by_slug_and_hash_never_by_the_raw_name() -> None:
    for name in ("../../etc/passwd", "a/b\\c", "Класс 9А", "  History   9A  "):
        path = class_names.class_db_path(name)
        assert path.parent == locations.classes_dir()
        assert path.suffix == ".sqlite3"
        assert "/" not in path.name and "\\" not in path.name and ".." not in path.stem
    db_path = class_names.class_db_path
    assert db_path("History 9A") == db_path("  history   9a ")
    assert db_path("History 9A") != db_path("History 9B")
    assert db_path("Класс 9А") != db_path("Класс 9Б")  # the hash tells them apart


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a\x00b", "control"),
        ("tab\u202eevil", "control"),
        ("x" * 41, "longer"),
    ],
)
def test_bad_names_are_refused_with_the_reason(name: str, reason: str) -> None:
    with pytest.raises(ClassDBError, match=reason):
        class_names.clean_student_name(name)
    with pytest.raises(ClassDBError, match=reason):
        class_names.clean_class_name(name)


def test_a_new_class_has_the_schema_in_wal_mode(db: ClassDB) -> None:
    conn = sqlite3.connect(db.path)
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["format"] == classdb.FORMAT
    assert meta["schema_version"] == str(classdb.SCHEMA_VERSION)
    assert meta["class_name"] == "History 9A"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"meta", "students", "runs", "decisions", "revisions"} <= tables
    conn.close()
    again = ClassDB.for_class("history 9a", create=True)  # opening again keeps it
    assert again.class_name == "History 9A" and again.path == db.path


def test_the_same_name_is_the_same_student_whatever_its_case_and_spacing(db: ClassDB) -> None:
    first = joining.join(db, "Anna K")
    anna = first.student
    again = joining.join(db, "  anna   k ", first.code).student
    other = join_as(db, "Boris")
    assert anna is not None and again is not None
    assert not anna.returning and again.returning
    assert again.id == anna.id and again.name == "Anna K" and again.folder == anna.folder
    assert other.id != anna.id and other.folder != anna.folder
    assert "Anna" not in anna.folder  # the saves folder is a hash
    assert [s.name for s in db.snapshot().students] == ["Anna K", "Boris"]


def test_recording_the_same_progress_twice_changes_nothing(db: ClassDB) -> None:
    anna = join_as(db, "Anna")
    state = progress(("dp_a", "hist_yes"), ("dp_b", "no"))
    first = db.record(anna, state)
    second = db.record(anna, state)
    assert first == second
    snap = db.snapshot()
    assert snap.decisions == 2 and snap.runs == 1
    assert snap.tallies == {"dp_a": {"hist_yes": 1}, "dp_b": {"no": 1}}
    assert snap.revised == {}


def test_undo_moves_the_choice_to_revisions_and_the_tally_follows_the_new_one(db: ClassDB) -> None:
    anna = join_as(db, "Anna")
    db.record(anna, progress(("dp_a", "hist_yes"), ("dp_b", "no")))
    db.record(anna, progress(("dp_a", "hist_yes")))  # undo
    assert db.snapshot().tallies == {"dp_a": {"hist_yes": 1}}
    db.record(anna, progress(("dp_a", "hist_yes"), ("dp_b", "hist_other")))  # chose again, differently
    snap = db.snapshot()
    assert snap.tallies == {"dp_a": {"hist_yes": 1}, "dp_b": {"hist_other": 1}}
    assert snap.revised == {"dp_b": 1}
    assert snap.decisions == 2


def test_a_new_game_is_a_new_playthrough_and_both_are_counted(db: ClassDB) -> None:
    anna = join_as(db, "Anna")
    first = db.record(anna, progress(("dp_a", "no"), ending="end_x"))
    second = db.record(anna, progress(role="delegate"), new_run=True)
    second = db.record(anna, progress(("dp_a", "hist_yes"), role="delegate"))
    assert second != first
    snap = db.snapshot()
    assert snap.runs == 2
    assert snap.tallies == {"dp_a": {"no": 1, "hist_yes": 1}}
    (row,) = snap.students
    assert row.role == "delegate" and row.runs == 2 and row.decisions == 1 and row.ending is None
    plays = db.playthroughs()
    assert [(p.role, p.ending, len(p.decisions)) for p in plays] == [
        ("metalworker", "end_x", 1),
        ("delegate", None, 1),
    ]
    assert plays[0].story == STORY


def test_a_newer_tab_with_the_same_name_takes_over(db: ClassDB) -> None:
    old = join_as(db, "Anna")
    new = join_as(db, "anna")
    db.record(new, progress(("dp_a", "no")))
    with pytest.raises(Superseded, match="another tab"):
        db.record(old, progress(("dp_a", "hist_yes")))
    with pytest.raises(Superseded):
        db.heartbeat(old)
    db.leave(old)  # the old tab closing leaves the new one connected
    (row,) = db.snapshot().students
    assert row.left is None
    assert db.snapshot().tallies == {"dp_a": {"no": 1}}


def test_heartbeats_and_leaving_decide_who_is_connected(tmp_path: Path) -> None:
    now = [1000.0]
    clocked = ClassDB.for_class("Clocked", create=True)
    clocked._clock = lambda: now[0]
    anna, boris = join_as(clocked, "Anna"), join_as(clocked, "Boris")
    now[0] += classdb.CONNECTED_S + 1
    clocked.heartbeat(anna)
    clocked.leave(boris)
    status = {s.name: s.connected(now[0]) for s in clocked.snapshot().students}
    assert status == {"Anna": True, "Boris": False}
    now[0] += classdb.CONNECTED_S + 1
    assert not any(s.connected(now[0]) for s in clocked.snapshot().students)


def test_a_read_only_connection_sees_new_writes_and_cannot_write(db: ClassDB) -> None:
    reader = ClassDB.open(db.path, readonly=True)
    assert reader.changed()  # the first call always reports a change
    assert not reader.changed()
    db.record(join_as(db, "Anna"), progress(("dp_a", "no")))
    assert reader.changed()
    assert reader.snapshot().tallies == {"dp_a": {"no": 1}}
    with pytest.raises(ClassDBError, match="cannot write"):
        joining.join(reader, "Boris")


def test_a_missing_class_names_the_command_that_starts_it() -> None:
    ClassDB.for_class("Existing", create=True).close()
    with pytest.raises(ClassDBError) as caught:
        ClassDB.for_class("Nobody")
    message = str(caught.value)
    assert "no class called 'Nobody'" in message
    assert "moscow1921 serve --class 'Nobody'" in message
    assert "Existing" in message


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    path = class_names.class_db_path("Broken")
    path.write_bytes(b"this is not a database at all, just some text written over it" * 20)
    with pytest.raises(ClassDBError, match="not a readable class database"):
        ClassDB.for_class("Broken")


def test_an_sqlite_file_of_something_else_is_a_clear_error() -> None:
    path = class_names.class_db_path("Other")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(ClassDBError, match="not a Moscow 1921 class database"):
        ClassDB.for_class("Other")


def test_a_database_from_a_newer_game_asks_for_an_update(db: ClassDB) -> None:
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE meta SET value = '7' WHERE key IN ('schema_version', 'min_reader_version')")
    conn.commit()
    conn.close()
    with pytest.raises(ClassDBError, match=r"newer version of Moscow 1921 .*schema 7.*update the game"):
        ClassDB.for_class("History 9A")


def test_a_newer_schema_that_older_readers_may_read_is_opened(db: ClassDB) -> None:
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    assert ClassDB.for_class("History 9A").class_name == "History 9A"


def test_a_damaged_schema_version_is_a_clear_error(db: ClassDB) -> None:
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE meta SET value = 'two' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(ClassDBError, match="schema version is damaged"):
        ClassDB.for_class("History 9A")


def test_a_snapshot_after_heartbeats_alone_rereads_only_the_roster(db: ClassDB) -> None:
    anna = join_as(db, "Anna")
    db.record(anna, progress(("dp_a", "no")))
    first = db.snapshot()
    db.heartbeat(anna)
    join_as(db, "Boris")
    second = db.snapshot(first)
    assert second.playthroughs is first.playthroughs and second.changes == first.changes
    assert [s.name for s in second.students] == ["Anna", "Boris"]
    db.record(anna, progress(("dp_a", "no"), ("dp_b", "hist_yes")))
    third = db.snapshot(second)
    assert third.changes != second.changes
    assert third.tallies == {"dp_a": {"no": 1}, "dp_b": {"hist_yes": 1}}


def test_a_decision_point_met_twice_in_one_playthrough_counts_once_as_last_answered(db: ClassDB) -> None:
    anna = join_as(db, "Anna")
    db.record(anna, progress(("dp_a", "no"), ("dp_b", "x"), ("dp_a", "hist_yes")))
    snap = db.snapshot()
    assert snap.tallies == {"dp_a": {"hist_yes": 1}, "dp_b": {"x": 1}}
    assert snap.decisions == 3


def test_only_the_latest_playthrough_of_a_connected_student_is_in_progress(db: ClassDB) -> None:
    now = [1000.0]
    db._clock = lambda: now[0]
    anna, boris = join_as(db, "Anna"), join_as(db, "Boris")
    db.record(anna, progress(("dp_a", "no")))
    db.record(anna, progress(role="delegate"), new_run=True)  # left the first game for a new one
    db.record(boris, progress(("dp_a", "no"), ending="end_x"))
    playing = {(p.student, p.role): p.playing for p in db.snapshot().playthroughs}
    assert playing == {
        ("Anna", "metalworker"): False,
        ("Anna", "delegate"): True,
        ("Boris", "metalworker"): False,
    }
    first = db.snapshot()
    now[0] += classdb.CONNECTED_S + 1  # Anna's tab went quiet: her game is no longer being played
    assert not any(p.playing for p in db.snapshot(first).playthroughs)
    assert not any(p.playing for p in db.snapshot().playthroughs)


V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE students (id INTEGER PRIMARY KEY, name_key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    folder TEXT NOT NULL UNIQUE, joined REAL NOT NULL, last_seen REAL NOT NULL, left REAL, tab TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, student_id INTEGER NOT NULL REFERENCES students(id),
    started REAL NOT NULL, updated REAL NOT NULL, role TEXT NOT NULL, scene TEXT, chapter TEXT, ending TEXT,
    turn INTEGER NOT NULL DEFAULT 0, story_title TEXT NOT NULL DEFAULT '',
    story_version INTEGER NOT NULL DEFAULT 0, fingerprint TEXT NOT NULL DEFAULT '');
CREATE TABLE decisions (run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL,
    decision TEXT NOT NULL, scene TEXT NOT NULL, choice TEXT NOT NULL, historical INTEGER NOT NULL,
    at REAL NOT NULL, UNIQUE (run_id, step));
CREATE TABLE revisions (run_id INTEGER NOT NULL REFERENCES runs(id), step INTEGER NOT NULL,
    decision TEXT NOT NULL, scene TEXT NOT NULL, choice TEXT NOT NULL, historical INTEGER NOT NULL,
    chosen REAL NOT NULL, undone REAL NOT NULL);
INSERT INTO meta VALUES ('format', 'moscow1921-class'), ('schema_version', '1'),
    ('min_reader_version', '1'), ('class_name', 'Old class'), ('changes', '1'), ('created', '0');
INSERT INTO students VALUES (1, 'anna', 'Anna', 'f0', 10, 10, 20, 't0');
INSERT INTO runs VALUES (1, 1, 10, 20, 'metalworker', 's1', 'c1', NULL, 3, 'Moscow 1921', 1, 'ff');
INSERT INTO decisions VALUES (1, 1, 'dp_a', 's0', 'no', 0, 15);
"""


def test_a_class_begun_before_codes_is_upgraded_and_keeps_everything(tmp_path: Path) -> None:
    path = class_names.class_db_path("Old class")
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()
    with ClassDB.open(path, readonly=True) as reader:  # the dashboard opens it first
        snap = reader.snapshot()
        assert [s.name for s in snap.students] == ["Anna"] and snap.tallies == {"dp_a": {"no": 1}}
    with ClassDB.for_class("Old class") as db:
        # Anna had no code: her next join gives her one (as a release would), and keeps her game.
        back = joining.join(db, "anna")
        assert back.outcome is joining.Outcome.RENEWED and back.student is not None
        assert back.student.folder == "f0"
        assert joining.join(db, "anna").outcome is joining.Outcome.NEEDS_CODE
