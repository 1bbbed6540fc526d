"""Attacks on a live class's students (issue 13.1): nobody continues a student's game but that student.

Every request goes through :func:`game.classroom.joining.join`, the one rule the terminal,
the served tabs and the web edition use; the class database is real (SQLite in a temporary
folder).  The tab UI is tried the same way in ``tests/classroom/test_live_app.py``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from game import locations
from game.classroom import joining
from game.classroom.class_names import name_key
from game.classroom.classdb import ClassDB, Superseded
from game.classroom.joining import Outcome

SPELLINGS = [
    "ANNA K",
    "  anna   K ",
    "Ａｎｎａ Ｋ",  # full-width letters
    "Anna\u00a0K",  # a no-break space
    "anna\u3000k",  # an ideographic space
    "Anna \t K",
    "ＡＮＮＡ　Ｋ",
]
"""Ways to type the name ``Anna K`` (issue 13.1's, and more): all one student."""


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Iterator[ClassDB]:
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "home"))
    with ClassDB.for_class("History 9A", create=True) as opened:
        opened._clock = clock
        yield opened


def first_join(db: ClassDB, name: str = "Anna K") -> joining.JoinResult:
    result = joining.join(db, name)
    assert result.outcome is Outcome.NEW and result.code is not None and result.student is not None
    return result


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_tab_typing_a_playing_students_name_does_not_get_in(db: ClassDB, spelling: str) -> None:
    anna = first_join(db)
    assert anna.student is not None
    for code in (None, "", "000000", "123456", "anna k", "%", "0" * 60):
        if code == anna.code:
            continue
        result = joining.join(db, spelling, code)
        assert result.student is None, (spelling, code)
        assert result.outcome in (Outcome.NEEDS_CODE, Outcome.WRONG_CODE, Outcome.TOO_MANY)
        assert result.name == "Anna K"  # the same student, whatever the spelling
    db.heartbeat(anna.student)  # Anna's tab plays on: nothing took it over


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_after_the_student_has_left_nobody_walks_in_without_the_code(
    db: ClassDB, clock: Clock, spelling: str
) -> None:
    anna = first_join(db)
    assert anna.student is not None
    db.leave(anna.student)
    clock.now += 20  # issue 13.1: 20 s after the tab closed, anyone walked straight in
    result = joining.join(db, spelling)
    assert result.outcome is Outcome.NEEDS_CODE and result.student is None
    result = joining.join(db, spelling, "999999" if anna.code != "999999" else "111111")
    assert result.outcome is Outcome.WRONG_CODE and result.student is None
    assert "ask your teacher" in result.message


def test_the_right_code_however_typed_lets_the_student_back_and_stops_the_other_tab(db: ClassDB) -> None:
    anna = first_join(db)
    assert anna.code is not None and anna.student is not None
    typed = "　".join(chr(ord(d) + 0xFEE0) for d in anna.code)  # full-width digits, spaced out
    again = joining.join(db, "  anna   K ", typed)
    assert again.outcome is Outcome.RESUMED and again.student is not None
    assert again.took_over  # the first tab was open: it is told, and stops
    assert again.student.id == anna.student.id and again.student.folder == anna.student.folder
    with pytest.raises(Superseded):
        db.heartbeat(anna.student)
    db.heartbeat(again.student)


def test_wrong_codes_are_limited_per_name(db: ClassDB, clock: Clock) -> None:
    anna = first_join(db)
    wrong = "000000" if anna.code != "000000" else "111111"
    for _ in range(joining.MAX_FAILURES):
        assert joining.join(db, "Anna K", wrong).outcome is Outcome.WRONG_CODE
    # Now even the right code waits: a classmate cannot try the million codes in a lesson.
    blocked = joining.join(db, "anna k", anna.code)
    assert blocked.outcome is Outcome.TOO_MANY and blocked.student is None
    assert "Wait" in blocked.message
    clock.now += joining.FAILURE_PAUSE_S + 1
    assert joining.join(db, "anna k", anna.code).outcome is Outcome.RESUMED


def test_the_teacher_releases_a_forgotten_code(db: ClassDB, clock: Clock) -> None:
    anna = first_join(db)
    assert joining.release(db, "Nobody Here") is None
    assert joining.release(db, "ａｎｎａ k") == "Anna K"
    renewed = joining.join(db, "Anna K")
    assert renewed.outcome is Outcome.RENEWED and renewed.student is not None
    assert renewed.code is not None
    # The release is used up: the next join needs the new code, and the old one is refused.
    assert joining.join(db, "Anna K").outcome is Outcome.NEEDS_CODE
    if anna.code != renewed.code:
        assert joining.join(db, "Anna K", anna.code).outcome is Outcome.WRONG_CODE
    assert joining.join(db, "Anna K", renewed.code).outcome is Outcome.RESUMED


def test_a_release_not_used_in_time_lapses(db: ClassDB, clock: Clock) -> None:
    anna = first_join(db)
    joining.release(db, "Anna K")
    clock.now += joining.RELEASE_S + 1
    assert joining.join(db, "Anna K").outcome is Outcome.NEEDS_CODE
    assert joining.join(db, "Anna K", anna.code).outcome is Outcome.RESUMED


def test_only_a_salted_hash_of_each_code_is_stored(db: ClassDB) -> None:
    codes = [first_join(db, f"Student {n}").code for n in range(3)]
    conn = sqlite3.connect(db.path)
    stored = [row[0] for row in conn.execute("SELECT secret FROM students ORDER BY id")]
    conn.close()
    assert all(s.startswith("scrypt$") for s in stored)
    assert len(set(stored)) == 3
    raw = b"".join(
        Path(f"{db.path}{tail}").read_bytes() for tail in ("", "-wal") if Path(f"{db.path}{tail}").exists()
    )
    for code in codes:
        assert code is not None and code.encode() not in raw
    same = joining.hash_code("123456"), joining.hash_code("123456")
    assert same[0] != same[1]  # salted
    assert all(joining.code_matches("123456", h) for h in same)
    assert not joining.code_matches("123457", same[0])
    assert not joining.code_matches("123456", "scrypt$damaged")


def test_two_tabs_joining_with_one_new_name_at_once_make_one_student(db: ClassDB) -> None:
    results: list[joining.JoinResult] = []
    start = threading.Barrier(4)

    def tab() -> None:
        with ClassDB.open(db.path) as own:
            start.wait()
            results.append(joining.join(own, "Boris"))

    threads = [threading.Thread(target=tab) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.outcome.value for r in results) == ["needs code"] * 3 + ["new"]
    assert len(db.snapshot().students) == 1


def test_names_fold_to_one_key() -> None:
    assert {name_key(s) for s in SPELLINGS} == {"anna k"}
    assert name_key("Anna K") != name_key("Anna-K") != name_key("Anne K")


def test_codes_are_six_digits_from_a_secure_source() -> None:
    codes = {joining.new_code_text() for _ in range(200)}
    assert all(len(c) == joining.CODE_DIGITS and c.isdigit() for c in codes)
    assert len(codes) > 190
    assert joining.normal_code(" 482-913 ") == "482913"
    assert joining.normal_code("48291") == "" and joining.normal_code("４８２９１３") == "482913"
