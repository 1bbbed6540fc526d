"""The rows of a class database as the game sees them: plain frozen records, no SQL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

CONNECTED_S = 15.0
"""A student whose tab has not been heard from for this long is shown as away."""


@dataclass(frozen=True, slots=True)
class Student:
    """A student who joined, as their tab knows them."""

    id: int
    name: str
    folder: str
    tab: str
    returning: bool
    """True if this name had joined before (the tab resumes their game)."""


@dataclass(frozen=True, slots=True)
class StudentRecord:
    """A student as :mod:`game.classroom.joining` weighs a request to join as them."""

    id: int
    name: str
    folder: str
    last_seen: float
    left: float | None
    secret: str | None
    """The hash of the student's code (None: none given yet, as in a class begun before codes)."""
    released: float | None
    """When the teacher last released the code."""
    failures: int
    failed_at: float | None

    def connected(self, now: float) -> bool:
        return self.left is None and now - self.last_seen <= CONNECTED_S


@dataclass(frozen=True, slots=True)
class DecisionStep:
    """One decision point on a playthrough's path."""

    step: int  # the index of the step in the playthrough (every choice counts)
    decision: str
    scene: str
    choice: str
    historical: bool


@dataclass(frozen=True, slots=True)
class StoryId:
    """Which story a playthrough plays (the report keeps other versions apart)."""

    title: str
    version: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a playthrough is now, with its whole path of decisions (what a tab records)."""

    role: str
    scene: str | None
    chapter: str | None
    ending: str | None
    turn: int
    decisions: tuple[DecisionStep, ...] = ()
    story: StoryId | None = None


@dataclass(frozen=True, slots=True)
class StudentStatus:
    """A row of the dashboard's roster: a student and their latest playthrough."""

    id: int
    name: str
    joined: float
    last_seen: float
    left: float | None
    role: str | None
    scene: str | None
    chapter: str | None
    ending: str | None
    decisions: int
    runs: int

    def connected(self, now: float) -> bool:
        return self.left is None and now - self.last_seen <= CONNECTED_S


@dataclass(frozen=True, slots=True)
class Playthrough:
    """One playthrough with its decisions, for the class report."""

    run_id: int
    student: str
    role: str
    ending: str | None
    started: float
    updated: float
    story: StoryId
    decisions: tuple[DecisionStep, ...]
    turn: int = 0
    """Choices taken on the current path (every choice, not only decision points)."""
    playing: bool = False
    """The student's latest playthrough, not finished, and their tab open now: "in progress"."""
    student_id: int = 0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the dashboard shows, read in one transaction."""

    class_name: str
    students: tuple[StudentStatus, ...]
    tallies: Mapping[str, Mapping[str, int]]
    """decision id -> choice id -> playthroughs whose path answers it with that choice now."""
    revised: Mapping[str, int] = field(default_factory=dict)
    """decision id -> choices taken back there (undo)."""
    runs: int = 0
    decisions: int = 0
    """Rows in ``decisions``: every decision step on every playthrough's current path."""
    playthroughs: tuple[Playthrough, ...] = ()
    changes: int | None = None
    """How many records the class has taken: while it stays the same, so do the tallies and the
    playthroughs (heartbeats change only the roster)."""
