"""Results files: what one student's playthrough chose, for the class report.

A finished or abandoned game can be written as a small JSON file that the student
hands in; ``moscow1921 report`` reads a class's files.  Only the ids of what was
chosen are stored, never the story's text, with the story's fingerprint
(:func:`game.engine.fingerprint.story_fingerprint`) so a report never mixes files
from another version of the story.  The only personal data is the optional name the
student types; it is stored inside the file and never becomes part of a path.

File format (UTF-8 JSON, sorted keys, indented)::

    {"format": "moscow1921-results", "version": 1,
     "story": {"title": "...", "version": 1, "fingerprint": "<16 hex digits>"},
     "role": "metalworker", "name": "Anna" | null,
     "started_at": "<ISO-8601 UTC>" | null, "finished_at": "<ISO-8601 UTC>",
     "status": "finished" | "abandoned", "ending": "end_card" | null,
     "decisions": [{"decision": "...", "scene": "...", "choice": "...", "historical": true}, ...],
     "start": {"chapter": "ch_spring", "preset": "history"}}      # only for a chapter start

A game begun at a chapter (game/classroom/episodes.py) carries ``start``: the chapter and
the preset that played the way there.  Its ``decisions`` are the student's own, from the
chapter on: the preset's are never counted as the student's.  ``start`` is optional, so
a game that reads results format 1 without knowing it still counts the file correctly.

``started_at`` is null when the game was resumed from a save (saves do not record
when a game began); ``finished_at`` is when the playthrough stopped, at its ending
or when the student left it.  Files are written atomically (a temporary file,
synced, then renamed), so a crash never leaves half a file.  They are read by
:mod:`game.documents`, the reader saves use too: any file either reads or raises a
:class:`ResultsError` with the reason, and its text is made safe to show.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from game.atomic import write_atomic
from game.documents import DocumentFormat, Unreadable, checked, moment, parse, read_bytes, take
from game.engine.fingerprint import story_fingerprint
from game.safe_text import printable
from game.session import Session

RESULTS_FORMAT = "moscow1921-results"
"""The ``format`` marker every results file carries."""

RESULTS_VERSION = 1
"""The results format version this module writes and the newest it reads."""

NAME_MAX = 60
"""Longest name kept, in characters (a name is for the teacher to recognise, nothing more)."""

STATUSES = ("finished", "abandoned")
"""What a results file may say (a file is written when a game ends or is left)."""

Status = Literal["finished", "abandoned", "in progress"]
"""``in progress``: a live class's playthrough still being played (never written to a file)."""

RESULTS_DOCUMENT = DocumentFormat(
    marker=RESULTS_FORMAT,
    noun="results file",
    version_key="version",
    newest=RESULTS_VERSION,
    format_name="results format",
    use="read",
    cut_short="it may have been copied before it was complete",
)
"""How :mod:`game.documents` reads a results file."""


class ResultsError(Exception):
    """A results file that cannot be written or read; ``reason`` says why in plain words."""

    def __init__(self, path: Path | str, reason: str) -> None:
        shown = printable(str(path), newlines=False)  # a file's name can hold anything but '/'
        super().__init__(f"{shown}: {reason}")
        self.path = shown
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DecisionTaken:
    """One decision point the student answered, in the order played."""

    decision: str
    scene: str
    choice: str
    historical: bool


@dataclass(frozen=True, slots=True)
class StartedAt:
    """Where a playthrough begun at a chapter began: the chapter and the preset that led there."""

    chapter: str
    preset: str


@dataclass(frozen=True, slots=True)
class Results:
    """One playthrough's results, as written to (and read from) a results file."""

    story_title: str
    story_version: int
    fingerprint: str
    role: str
    name: str | None
    started_at: datetime | None
    finished_at: datetime
    status: Status
    ending: str | None
    decisions: tuple[DecisionTaken, ...]
    source: str = field(default="", compare=False)
    """Where these results came from (a file's path, a live class's student); not stored."""
    start: StartedAt | None = None
    """Where a game begun at a chapter began (None: at its role's start)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RESULTS_FORMAT,
            "version": RESULTS_VERSION,
            "story": {
                "title": self.story_title,
                "version": self.story_version,
                "fingerprint": self.fingerprint,
            },
            "role": self.role,
            "name": self.name,
            "started_at": _time_text(self.started_at) if self.started_at is not None else None,
            "finished_at": _time_text(self.finished_at),
            "status": self.status,
            "ending": self.ending,
            "decisions": [
                {"decision": d.decision, "scene": d.scene, "choice": d.choice, "historical": d.historical}
                for d in self.decisions
            ],
            **({"start": {"chapter": self.start.chapter, "preset": self.start.preset}} if self.start else {}),
        }

    def to_json(self) -> str:
        return (
            json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        )


def _time_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _to_second(moment: datetime) -> datetime:
    """A moment in UTC to the whole second, as the file stores it (so a read-back compares equal)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def clean_name(name: str | None) -> str | None:
    """The student's name as stored: control characters dropped, spaces collapsed, at most
    :data:`NAME_MAX` characters; None if nothing is left."""
    if name is None:
        return None
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in name)
    kept = " ".join(kept.split())[:NAME_MAX].strip()
    return kept or None


def results_from_session(
    session: Session,
    name: str | None,
    *,
    started: datetime | None = None,
    now: datetime | None = None,
) -> Results:
    """The results of ``session`` as it stands: finished if it reached an ending, else abandoned.

    ``started`` is when the game began, if the caller knows it (a game resumed from a save
    does not say); ``now`` is the finishing time (default: the clock).
    """
    story, state = session.story, session.state
    ending = session.ending
    mark = state.start
    own = state.steps[min(mark.steps, len(state.steps)) :] if mark is not None else state.steps
    decisions = tuple(
        DecisionTaken(step.decision, step.scene, step.choice, step.historical)
        for step in own
        if step.decision is not None
    )
    return Results(
        story_title=story.title,
        story_version=story.version,
        fingerprint=story_fingerprint(story),
        role=state.role,
        name=clean_name(name),
        started_at=_to_second(started) if started is not None else None,
        finished_at=_to_second(now or datetime.now(UTC)),
        status="finished" if ending is not None else "abandoned",
        ending=ending.id if ending is not None else None,
        decisions=decisions,
        start=StartedAt(mark.chapter, mark.preset) if mark is not None else None,
    )


def write_session_results(session: Session, name: str | None, folder: Path | None = None) -> Path:
    """Write a results file of ``session`` as it stands (for the class report); return its path.

    The session then knows its game was handed in (:attr:`Session.results_unsent` stays false
    until the game changes).  Raises :class:`ResultsError` if the file cannot be written."""
    path = write_results(results_from_session(session, name, started=session.started_at), folder)
    session.results_written()
    return path


def results_file_name(results: Results) -> str:
    """``results-<UTC time>-<hash>.json``: never the student's name, unique even for two
    identical playthroughs finished in the same second (the hash takes a random part)."""
    stamp = results.finished_at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    digest = hashlib.sha256((results.to_json() + uuid.uuid4().hex).encode("utf-8")).hexdigest()[:12]
    return f"results-{stamp}-{digest}.json"


def write_results(results: Results, folder: Path | None = None) -> Path:
    """Write ``results`` as a new file in ``folder`` (default: the results folder); return its path.

    Raises :class:`ResultsError` if the file cannot be written.
    """
    from game import locations

    try:
        folder = locations.results_dir() if folder is None else folder
        folder.mkdir(parents=True, exist_ok=True)
        data = results.to_json().encode("utf-8")
        target = folder / results_file_name(results)
        while target.exists():  # practically never: the name holds a random hash
            target = folder / results_file_name(results)
        write_atomic(target, data)
    except UnicodeEncodeError:
        where = folder if folder is not None else "the results folder"
        raise ResultsError(where, "the results hold text that cannot be stored (check the name)") from None
    except OSError as err:
        where = folder if folder is not None else (err.filename or "the results folder")
        raise ResultsError(where, f"could not write the results file: {err.strerror or err}") from None
    return target


# ------------------------------------------------------------------- reading
def read_results(path: Path) -> Results:
    """Read and check a results file; raises :class:`ResultsError` saying what is wrong."""
    path = Path(path)
    try:
        data = read_bytes(path, RESULTS_DOCUMENT)
    except IsADirectoryError:
        raise ResultsError(path, "this is a folder, not a results file") from None
    except FileNotFoundError:
        raise ResultsError(path, "there is no such file") from None
    except OSError as err:
        raise ResultsError(path, f"the file cannot be read: {err.strerror or err}") from None
    except Unreadable as why:
        raise ResultsError(path, why.reason) from None
    return results_from_bytes(data, path)


def results_from_bytes(data: bytes, source: Path | str) -> Results:
    """Check the bytes of a results file (``source`` names it in errors)."""
    try:
        doc = parse(data, RESULTS_DOCUMENT)
    except Unreadable as why:
        raise ResultsError(source, why.reason) from None
    return results_from_dict(doc, source)


def results_from_dict(doc: object, source: Path | str = "") -> Results:
    """Check a results document (as parsed from JSON) and build :class:`Results` from it."""
    try:
        return _results(checked(doc, RESULTS_DOCUMENT), source)
    except Unreadable as why:
        raise ResultsError(source, why.reason) from None


def _results(doc: Mapping[str, Any], source: Path | str) -> Results:
    story = take(doc, "story", Mapping)
    title = take(story, "title", str, "story.title")
    story_version = take(story, "version", int, "story.version")
    fingerprint = take(story, "fingerprint", str, "story.fingerprint")
    role = take(doc, "role", str)
    name = take(doc, "name", (str, type(None)))
    started_text = take(doc, "started_at", (str, type(None)))
    finished_text = take(doc, "finished_at", str)
    status = take(doc, "status", str)
    ending = take(doc, "ending", (str, type(None)))
    raw_decisions = take(doc, "decisions", list)
    if status not in STATUSES:
        raise Unreadable(f"the file is damaged: its 'status' is '{status}', not 'finished' or 'abandoned'")
    if status == "finished" and ending is None:
        raise Unreadable("the file is damaged: it says 'finished' but names no 'ending'")
    if status == "abandoned" and ending is not None:
        raise Unreadable("the file is damaged: it says 'abandoned' but names an 'ending'")
    decisions = []
    for number, raw in enumerate(raw_decisions, 1):
        where = f"decisions[{number}]"
        if not isinstance(raw, Mapping):
            raise Unreadable(f"the file is damaged: {where} is not an object")
        decisions.append(
            DecisionTaken(
                decision=take(raw, "decision", str, f"{where}.decision"),
                scene=take(raw, "scene", str, f"{where}.scene"),
                choice=take(raw, "choice", str, f"{where}.choice"),
                historical=take(raw, "historical", bool, f"{where}.historical"),
            )
        )
    start = None
    if "start" in doc:
        raw_start = take(doc, "start", Mapping)
        start = StartedAt(
            take(raw_start, "chapter", str, "start.chapter"), take(raw_start, "preset", str, "start.preset")
        )
    return Results(
        story_title=title,
        story_version=story_version,
        fingerprint=fingerprint,
        role=role,
        name=clean_name(name),
        started_at=moment(started_text, "started_at") if started_text is not None else None,
        finished_at=moment(finished_text, "finished_at"),
        status="finished" if status == "finished" else "abandoned",
        ending=ending,
        decisions=tuple(decisions),
        source=printable(str(source), newlines=False),
        start=start,
    )
