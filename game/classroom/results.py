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
     "decisions": [{"decision": "...", "scene": "...", "choice": "...", "historical": true}, ...]}

``started_at`` is null when the game was resumed from a save (saves do not record
when a game began); ``finished_at`` is when the playthrough stopped, at its ending
or when the student left it.  Files are written atomically (a temporary file,
synced, then renamed), so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from game.atomic import write_atomic
from game.engine.fingerprint import story_fingerprint
from game.session import Session

RESULTS_FORMAT = "moscow1921-results"
"""The ``format`` marker every results file carries."""

RESULTS_VERSION = 1
"""The results format version this module writes and the newest it reads."""

NAME_MAX = 60
"""Longest name kept, in characters (a name is for the teacher to recognise, nothing more)."""

MAX_FILE_BYTES = 2_000_000
"""A results file is a few kilobytes; anything far larger is not one (and is not read whole)."""

STATUSES = ("finished", "abandoned")

Status = Literal["finished", "abandoned"]


class ResultsError(Exception):
    """A results file that cannot be written or read; ``reason`` says why in plain words."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class DecisionTaken:
    """One decision point the student answered, in the order played."""

    decision: str
    scene: str
    choice: str
    historical: bool


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
    decisions = tuple(
        DecisionTaken(step.decision, step.scene, step.choice, step.historical)
        for step in state.decisions
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
    )


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
_CUT_SHORT = "the file is cut short (it may have been copied before it was complete)"
_PARTIAL_SCALAR = re.compile(r"t|tr|tru|f|fa|fal|fals|n|nu|nul|-?[0-9.eE+-]*")


def read_results(path: Path) -> Results:
    """Read and check a results file; raises :class:`ResultsError` saying what is wrong."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise ResultsError(path, "this is a folder, not a results file") from None
    except FileNotFoundError:
        raise ResultsError(path, "there is no such file") from None
    except OSError as err:
        raise ResultsError(path, f"the file cannot be read: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ResultsError(path, "not a Moscow 1921 results file (far too large to be one)")
    results = results_from_bytes(data, path)
    return results


def results_from_bytes(data: bytes, source: Path | str) -> Results:
    """Check the bytes of a results file (``source`` names it in errors)."""
    if not data.strip():
        raise ResultsError(source, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.end == len(data):
            raise ResultsError(source, _CUT_SHORT) from None
        raise ResultsError(source, "not a Moscow 1921 results file (it is not UTF-8 text)") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        tail = text[err.pos :].rstrip()
        if err.msg.startswith("Unterminated string") or _PARTIAL_SCALAR.fullmatch(tail) is not None:
            raise ResultsError(source, _CUT_SHORT) from None
        raise ResultsError(
            source,
            "not a Moscow 1921 results file "
            f"(not valid JSON: {err.msg} at line {err.lineno}, column {err.colno})",
        ) from None
    except RecursionError:
        raise ResultsError(source, "not a Moscow 1921 results file (nested too deeply)") from None
    return results_from_dict(doc, source)


def results_from_dict(doc: object, source: Path | str = "") -> Results:
    """Check a results document (as parsed from JSON) and build :class:`Results` from it."""
    if not isinstance(doc, Mapping) or doc.get("format") != RESULTS_FORMAT:
        if isinstance(doc, Mapping) and doc.get("format") == "moscow1921-save":
            raise ResultsError(source, "this is a saved game, not a results file")
        raise ResultsError(
            source, "not a Moscow 1921 results file (its 'format' is not 'moscow1921-results')"
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ResultsError(source, "the file is damaged: its 'version' is missing or not a whole number")
    if version > RESULTS_VERSION:
        raise ResultsError(
            source,
            f"written by a newer version of Moscow 1921 (results format {version}; this game reads "
            f"format {RESULTS_VERSION}); update the game to read it",
        )
    story = _field(doc, "story", Mapping, source)
    title = _field(story, "title", str, source, "story.title")
    story_version = _field(story, "version", int, source, "story.version")
    fingerprint = _field(story, "fingerprint", str, source, "story.fingerprint")
    role = _field(doc, "role", str, source)
    name = _field(doc, "name", (str, type(None)), source)
    started_text = _field(doc, "started_at", (str, type(None)), source)
    finished_text = _field(doc, "finished_at", str, source)
    status = _field(doc, "status", str, source)
    ending = _field(doc, "ending", (str, type(None)), source)
    raw_decisions = _field(doc, "decisions", list, source)
    if status not in STATUSES:
        raise ResultsError(
            source, f"the file is damaged: its 'status' is '{status}', not 'finished' or 'abandoned'"
        )
    if status == "finished" and ending is None:
        raise ResultsError(source, "the file is damaged: it says 'finished' but names no 'ending'")
    if status == "abandoned" and ending is not None:
        raise ResultsError(source, "the file is damaged: it says 'abandoned' but names an 'ending'")
    decisions = []
    for number, raw in enumerate(raw_decisions, 1):
        where = f"decisions[{number}]"
        if not isinstance(raw, Mapping):
            raise ResultsError(source, f"the file is damaged: {where} is not an object")
        decisions.append(
            DecisionTaken(
                decision=_field(raw, "decision", str, source, f"{where}.decision"),
                scene=_field(raw, "scene", str, source, f"{where}.scene"),
                choice=_field(raw, "choice", str, source, f"{where}.choice"),
                historical=_field(raw, "historical", bool, source, f"{where}.historical"),
            )
        )
    return Results(
        story_title=title,
        story_version=story_version,
        fingerprint=fingerprint,
        role=role,
        name=clean_name(name),
        started_at=_time(started_text, source, "started_at") if started_text is not None else None,
        finished_at=_time(finished_text, source, "finished_at"),
        status="finished" if status == "finished" else "abandoned",
        ending=ending,
        decisions=tuple(decisions),
        source=str(source),
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_KIND_WORDS = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    Mapping: "an object",
}


def _field(data: Mapping[str, Any], key: str, kind: Any, source: Path | str, label: str | None = None) -> Any:
    label = label or key
    if key not in data:
        raise ResultsError(source, f"the file is damaged: '{label}' is missing")
    value = data[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = any((k is int and _is_int(value)) or (k is not int and isinstance(value, k)) for k in kinds)
    if not ok:
        wanted = " or ".join("null" if k is type(None) else _KIND_WORDS.get(k, k.__name__) for k in kinds)
        raise ResultsError(source, f"the file is damaged: '{label}' should be {wanted}")
    return value


def _time(text: str, source: Path | str, key: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ResultsError(source, f"the file is damaged: '{key}' is not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
