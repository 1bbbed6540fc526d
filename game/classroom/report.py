"""The class report: a class's choices at every decision point against what happened.

:func:`build_report` reads results files; a live class builds the same report from its
database with :func:`build_report_from_results`.  Only results whose story fingerprint
matches the story are counted; files from another version of the story are listed
apart (with their title and version), and files that cannot be read are listed with
the reason, never silently dropped.  The report itself is plain data
(:mod:`game.classroom.report_model`, whose names are re-exported here); it is rendered by
:mod:`game.classroom.report_html` and :mod:`game.classroom.report_text`, which read the
model and never this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.classroom.episodes import start_label
from game.classroom.report_model import (
    ChoiceTally,
    ClassReport,
    Counted,
    DecisionTally,
    EndingTally,
    ForeignResults,
    Skipped,
)
from game.classroom.results import Results, ResultsError, read_results
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story

__all__ = [
    "ChoiceTally",
    "ClassReport",
    "Counted",
    "DecisionTally",
    "EndingTally",
    "ForeignResults",
    "Skipped",
    "build_report",
    "build_report_from_results",
    "results_paths",
]


def results_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """The files named, with every ``*.json`` in a named folder and its sub-folders (sorted, as a
    school's "download all" gives a folder per student); missing paths are skipped.

    Hidden files and folders are left out; the same file named twice is read once.
    """
    files: list[Path] = []
    missing: list[Skipped] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*.json")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                missing.append(Skipped(str(path), "the folder holds no results files (*.json)"))
        elif path.exists():
            found = [path]
        else:
            missing.append(Skipped(str(path), "there is no such file or folder"))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, missing


def build_report(story: Story, paths: Sequence[Path]) -> ClassReport:
    """The report over the results files in ``paths`` (files, or folders of ``*.json``)."""
    files, problems = results_paths(paths)
    results: list[Results] = []
    for file in files:
        try:
            results.append(read_results(file))
        except ResultsError as err:
            problems.append(Skipped(str(file), err.reason))
    return build_report_from_results(story, results, problems)


def build_report_from_results(
    story: Story, results_list: Iterable[Results], problems: Iterable[Skipped] = ()
) -> ClassReport:
    """The report over results already read (a live class's database gives them this way).

    ``problems`` are records that could not be read; they are listed in the report as skipped.
    Each results' ``source`` names it in the lists of foreign and skipped results.
    """
    fingerprint = story_fingerprint(story)
    answers = _choices_by_decision(story)
    counts: dict[tuple[str, str], int] = {}
    ending_counts: dict[str, int] = {}
    roles: dict[str, int] = {}
    counted: list[Counted] = []
    foreign: list[ForeignResults] = []
    skipped = list(problems)
    copies: dict[str, str] = {}  # the document of each counted file -> its source
    fitting: list[Results] = []

    for results in results_list:
        source = results.source or "(unnamed results)"
        if results.fingerprint != fingerprint:
            foreign.append(
                ForeignResults(
                    source,
                    results.story_title,
                    results.story_version,
                    results.fingerprint,
                    results.name,
                    results.status,
                )
            )
            continue
        wrong = _does_not_fit(story, answers, results)
        if wrong is not None:
            skipped.append(Skipped(source, wrong))
            continue
        document = json.dumps(results.to_dict(), sort_keys=True)
        if document in copies:
            skipped.append(Skipped(source, f"a copy of {copies[document]} (counted once)"))
            continue
        copies[document] = source
        fitting.append(results)

    later = _continued_elsewhere(fitting)
    for results in fitting:
        source = results.source or "(unnamed results)"
        if id(results) in later:
            skipped.append(
                Skipped(
                    source,
                    f"the same game (same name and role) as {later[id(results)]}, which goes further; "
                    "counted there",
                )
            )
            continue
        # A decision point met twice in one playthrough counts once, as last answered.
        last = {taken.decision: taken.choice for taken in results.decisions}
        for decision, choice in last.items():
            counts[decision, choice] = counts.get((decision, choice), 0) + 1
        if results.ending is not None:
            ending_counts[results.ending] = ending_counts.get(results.ending, 0) + 1
        role_name = story.roles[results.role].name
        roles[role_name] = roles.get(role_name, 0) + 1
        counted.append(
            Counted(
                source,
                results.name,
                role_name,
                results.status,
                story.endings[results.ending].title if results.ending is not None else None,
                start_label(story, results.start.chapter, results.start.preset) if results.start else "",
            )
        )

    reach = _roles_reaching(story)
    decisions = tuple(
        DecisionTally(
            decision,
            tuple(story.roles[r].name for r in story.roles if decision.id in reach[r]),
            tuple(
                ChoiceTally(c.id, c.text, c.other_texts, c.historical, counts.get((decision.id, c.id), 0))
                for c in answers[decision.id]
            ),
        )
        for decision in story.decisions.values()
    )
    endings = tuple(EndingTally(ending, ending_counts.get(ending.id, 0)) for ending in story.endings.values())
    return ClassReport(
        story_title=story.title,
        story_version=story.version,
        fingerprint=fingerprint,
        decisions=decisions,
        endings=endings,
        counted=tuple(counted),
        foreign=tuple(foreign),
        skipped=tuple(skipped),
        roles=roles,
    )


def _continued_elsewhere(fitting: list[Results]) -> dict[int, str]:
    """Results that another file of the same game carries further, by ``id()``: the source to count.

    A student may write results when leaving a game unfinished and again after finishing it,
    or twice at the same point.  Two files are taken as one game when they give the same
    name (not empty) and role, neither names a different start time, and the earlier path
    of decisions is the start of the later one (a finished file only as an exact repeat).
    """
    by_student: dict[tuple[str, str], list[Results]] = {}
    for results in fitting:
        if results.name:
            by_student.setdefault((results.name.casefold(), results.role), []).append(results)
    step: dict[int, Results] = {}
    for group in by_student.values():
        group.sort(key=lambda r: (r.finished_at, len(r.decisions), r.source))
        for index, earlier in enumerate(group):
            for further in group[index + 1 :]:
                if _carries_on(earlier, further):
                    step[id(earlier)] = further
                    break
    later: dict[int, str] = {}
    for key, further in step.items():
        while id(further) in step:  # the furthest file of the game is the one counted
            further = step[id(further)]
        later[key] = further.source or "(unnamed results)"
    return later


def _carries_on(earlier: Results, further: Results) -> bool:
    starts = (earlier.started_at, further.started_at)
    if None not in starts and starts[0] != starts[1]:
        return False  # two games, each started afresh
    if earlier.start != further.start:
        return False  # begun at different chapters (or one at its role's start): two games
    if earlier.decisions != further.decisions[: len(earlier.decisions)]:
        return False
    if earlier.status == "finished":
        return (
            further.status == "finished"
            and further.ending == earlier.ending
            and (further.decisions == earlier.decisions)
        )
    return True


@dataclass(frozen=True, slots=True)
class _Answer:
    id: str
    text: str
    other_texts: tuple[str, ...]
    historical: bool
    scenes: frozenset[str]


def _choices_by_decision(story: Story) -> dict[str, list[_Answer]]:
    """Each decision's choices by id, over every scene answering it, in the order first written."""
    gathered: dict[str, dict[str, tuple[list[str], bool, set[str]]]] = {d: {} for d in story.decisions}
    for scene in story.scenes.values():
        if scene.decision is None:
            continue
        choices = gathered.setdefault(scene.decision, {})
        for choice in scene.choices:
            texts, historical, scenes = choices.setdefault(choice.id, ([], False, set()))
            if choice.label not in texts:
                texts.append(choice.label)
            scenes.add(scene.id)
            choices[choice.id] = (texts, historical or choice.historical, scenes)
    return {
        decision: [
            _Answer(cid, texts[0], tuple(texts[1:]), historical, frozenset(scenes))
            for cid, (texts, historical, scenes) in choices.items()
        ]
        for decision, choices in gathered.items()
    }


def _does_not_fit(story: Story, answers: dict[str, list[_Answer]], results: Results) -> str | None:
    """Why results carrying this story's fingerprint still do not fit it (an edited file), or None."""
    if results.role not in story.roles:
        return f"the file is damaged: the story has no role '{results.role}'"
    if results.ending is not None and results.ending not in story.endings:
        return f"the file is damaged: the story has no ending '{results.ending}'"
    for taken in results.decisions:
        known = {a.id: a for a in answers.get(taken.decision, [])}
        if taken.decision not in story.decisions:
            return f"the file is damaged: the story has no decision point '{taken.decision}'"
        answer = known.get(taken.choice)
        if answer is None or taken.scene not in answer.scenes:
            return (
                f"the file is damaged: '{taken.choice}' in the scene '{taken.scene}' "
                f"does not answer the decision point '{taken.decision}'"
            )
    return None


def _roles_reaching(story: Story) -> dict[str, set[str]]:
    """For each role, the decision points on some path from its start (conditions ignored)."""
    from game.engine.stats import reachable_scenes

    return {
        role.id: {d for s in reachable_scenes(story, role.start) if (d := story.scenes[s].decision)}
        for role in story.roles.values()
    }
