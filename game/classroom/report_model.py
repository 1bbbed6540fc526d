"""The class report's model: a class's choices at every decision point, its endings and
who handed in what, as plain data.

:mod:`game.classroom.report` builds a :class:`ClassReport` from results files or a live
class's records; :mod:`game.classroom.report_html` and :mod:`game.classroom.report_text`
render one.  This module imports neither: data flows from the builder through the model
to the renderers, never back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.model import Decision, Ending


@dataclass(frozen=True, slots=True)
class Skipped:
    """A results file (or a live class's record) that was not counted, and why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class ForeignResults:
    """Results from another version of the story: listed, not counted."""

    source: str
    title: str
    version: int
    fingerprint: str
    name: str | None
    status: str


@dataclass(frozen=True, slots=True)
class ChoiceTally:
    """How many of the class took one choice at a decision point."""

    id: str
    text: str  # as the first scene answering the decision words it
    other_texts: tuple[str, ...]  # how other scenes (other roles) word the same choice
    historical: bool
    count: int


@dataclass(frozen=True, slots=True)
class DecisionTally:
    decision: Decision
    roles: tuple[str, ...]  # names of the roles whose path can reach it
    choices: tuple[ChoiceTally, ...]

    @property
    def answered(self) -> int:
        """How many counted playthroughs answered this decision point."""
        return sum(choice.count for choice in self.choices)


@dataclass(frozen=True, slots=True)
class EndingTally:
    ending: Ending
    count: int


@dataclass(frozen=True, slots=True)
class Counted:
    """One playthrough that was counted, for the list of who handed in what."""

    source: str
    name: str | None
    role: str  # the role's name
    status: str
    ending: str | None  # the ending's title
    started: str = ""  # a game begun at a chapter: where ("“Spring 1921: The soviet” (as most did)")


@dataclass(frozen=True)
class ClassReport:
    story_title: str
    story_version: int
    fingerprint: str
    decisions: tuple[DecisionTally, ...]
    endings: tuple[EndingTally, ...]
    counted: tuple[Counted, ...]
    foreign: tuple[ForeignResults, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    roles: dict[str, int] = field(default_factory=dict)  # role name -> playthroughs counted

    @property
    def finished(self) -> int:
        return sum(1 for c in self.counted if c.status == "finished")

    @property
    def abandoned(self) -> int:
        return sum(1 for c in self.counted if c.status == "abandoned")

    @property
    def in_progress(self) -> int:
        """Playthroughs still being played in a live class (results files are never in progress)."""
        return sum(1 for c in self.counted if c.status == "in progress")

    @property
    def summary(self) -> str:
        """``12 playthroughs counted: 9 finished, 3 abandoned (Metalworker 7, Party delegate 5)``"""
        counted = len(self.counted)
        playing = f"{self.in_progress} in progress, " if self.in_progress else ""
        text = (
            f"{counted} playthrough{'s' * (counted != 1)} counted: "
            f"{self.finished} finished, {playing}{self.abandoned} abandoned"
        )
        if self.roles:
            text += " (" + ", ".join(f"{name} {n}" for name, n in self.roles.items()) + ")"
        if self.chapter_starts:
            text += f"; {self.chapter_starts} began at a chapter (only the choices made there are counted)"
        return text

    @property
    def chapter_starts(self) -> int:
        """How many of the playthroughs counted began at a chapter, not at their role's start."""
        return sum(1 for c in self.counted if c.started)
