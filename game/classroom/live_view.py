"""What the teacher sees of a live class, built from a database snapshot and the story.

The tallies are the class report's own (:func:`game.classroom.report.build_report_from_results`
over one :class:`~game.classroom.results.Results` per playthrough), so the dashboard and
``class NAME --export`` always count alike.  No Textual here: the dashboard's widgets
only draw these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from game.classroom.classdb import Playthrough, Snapshot, StudentStatus
from game.classroom.report import ClassReport, build_report_from_results
from game.classroom.results import DecisionTaken, Results
from game.engine.model import Story


def results_of(playthrough: Playthrough, class_name: str) -> Results:
    """One playthrough as results: finished once it reached an ending; in progress while it is the
    student's latest and their tab is open; else abandoned (a live class's report is a picture
    of the moment)."""
    return Results(
        story_title=playthrough.story.title,
        story_version=playthrough.story.version,
        fingerprint=playthrough.story.fingerprint,
        role=playthrough.role,
        name=playthrough.student,
        started_at=datetime.fromtimestamp(playthrough.started, UTC),
        finished_at=datetime.fromtimestamp(playthrough.updated, UTC),
        status=(
            "finished"
            if playthrough.ending is not None
            else "in progress"
            if playthrough.playing
            else "abandoned"
        ),
        ending=playthrough.ending,
        decisions=tuple(
            DecisionTaken(d.decision, d.scene, d.choice, d.historical) for d in playthrough.decisions
        ),
        source=f"class {class_name}: {playthrough.student}, playthrough {playthrough.run_id}",
    )


def class_report(story: Story, snapshot: Snapshot) -> ClassReport:
    """The class report over every playthrough of the class so far."""
    return build_report_from_results(
        story, (results_of(p, snapshot.class_name) for p in snapshot.playthroughs)
    )


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A student as the dashboard lists them (every field is plain text to show as it is)."""

    student_id: int
    name: str
    status: str  # "playing", "finished" or "away"
    connected: bool
    role: str
    chapter: str
    scene: str
    decisions: int
    playthroughs: int


def roster(story: Story, snapshot: Snapshot, now: float) -> tuple[RosterRow, ...]:
    """Every student who joined, with where their latest playthrough is; ids the story no longer
    has are shown as they are."""
    return tuple(_row(story, student, now) for student in snapshot.students)


def _row(story: Story, student: StudentStatus, now: float) -> RosterRow:
    connected = student.connected(now)
    role = story.roles.get(student.role or "")
    scene = story.scenes.get(student.scene or "")
    chapter = story.chapters.get(student.chapter or "")
    ending = story.endings.get(student.ending or "")
    if student.ending is not None:
        where = f"Ending: {ending.title if ending else student.ending}"
    elif scene is not None:
        where = f"{scene.title} ({scene.date})" if scene.date else scene.title
    else:
        where = student.scene or "choosing a role"
    return RosterRow(
        student_id=student.id,
        name=student.name,
        status="away" if not connected else ("finished" if student.ending is not None else "playing"),
        connected=connected,
        role=role.name if role else (student.role or ""),
        chapter=chapter.title if chapter else (student.chapter or ""),
        scene=where,
        decisions=student.decisions,
        playthroughs=student.runs,
    )
