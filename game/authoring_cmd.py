"""The story author's commands: ``check``, ``map``, ``explore`` and ``stats``.

``check`` and ``explore`` report problems (exit 1) and lints: warnings about how the story
uses the state (choices that do the same thing, effects nobody feels, text that never varies
or never shows), which fail the run only with ``--strict``. ``stats`` adds, per role, how much
of the story reads differently by state and which decision choices nothing later acknowledges.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from game import locations
from game.engine.lints import Lint
from game.engine.model import Story


def _folder(args: argparse.Namespace) -> Path:
    return getattr(args, "dir", None) or args.scenes or locations.default_scenes_dir()


def _load_or_report(folder: Path) -> Story | None:
    from game.story_folder import load_or_report

    return load_or_report(folder)


def _count(number: int, noun: str) -> str:
    """``1 ending``, ``2 endings``."""
    return f"{number} {noun}{'s' * (number != 1)}"


def cmd_check(args: argparse.Namespace) -> int:
    from game.engine.lints import static_lints
    from game.engine.stats import story_words
    from game.loading import load_story

    folder = _folder(args)
    started = time.perf_counter()
    result = load_story(folder)
    for problem in result.problems:
        print(problem)
    files = len(result.files)
    if result.story is None:
        took = time.perf_counter() - started
        count = len(result.problems)
        print(f"checked {files} file{'s' * (files != 1)}: {count} problem{'s' * (count != 1)} ({took:.2f} s)")
        return 1
    story = result.story
    lints = static_lints(story)
    for lint in lints:
        print(lint)
    took = time.perf_counter() - started
    choices = sum(len(s.choices) for s in story.scenes.values())
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(story.scenes), "scene"),
            (choices, "choice"),
            (len(story.decisions), "decision point"),
            (len(story.endings), "ending"),
            (story_words(story), "word"),
        )
    )
    warned = f", {_count(len(lints), 'warning')}" if lints else ""
    print(f"checked {_count(files, 'file')}: no problems{warned}; {counts} ({took:.2f} s)")
    return 1 if lints and getattr(args, "strict", False) else 0


def cmd_map(args: argparse.Namespace) -> int:
    from game.engine.graph import render

    story = _load_or_report(_folder(args))
    if story is None:
        return 1
    sys.stdout.write(render(story, args.format))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from game.engine.explore import explore
    from game.engine.stats import WORDS_PER_MINUTE, classroom_words, story_words, table

    story = _load_or_report(_folder(args))
    if story is None:
        return 1
    rows = table(story)
    width = max([len(r.role) for r in rows] + [4])
    cwidth = max([len(r.chapter) for r in rows] + [7])
    print(f"{'Role':<{width}}  {'Chapter':<{cwidth}}  {'Scenes':>6}  {'Words':>6}  {'Minutes':>7}")
    for r in rows:
        print(f"{r.role:<{width}}  {r.chapter:<{cwidth}}  {r.scenes:>6}  {r.words:>6}  {r.minutes:>7.1f}")
    total = story_words(story)
    minutes = total / WORDS_PER_MINUTE
    print(f"Whole story: {len(story.scenes)} scenes, {total} words, about {minutes:.0f} minutes")
    print(f"(reading time at {WORDS_PER_MINUTE} words a minute; a role reads the scenes it can reach)")
    extra = classroom_words(story)
    print(
        f"Also written: {extra} words for the classroom and reference (backgrounds, cases, questions, "
        f"factions, assemblies, glossary, timeline, role notes); {total + extra} words in all"
    )
    print()
    from game.classroom.episodes import EpisodeError, reading_lines

    try:
        print("\n".join(reading_lines(story)))
    except EpisodeError as err:
        print(f"moscow1921 stats: the chapters cannot be played through: {err}", file=sys.stderr)
    print()
    print("One playthrough, start to ending (scenes, what-happened panels and the ending, as shown):")
    report = explore(story, max_states=args.max_states)
    for role in report.roles:
        if not role.reading:
            print(f"  {story.roles[role.role].name}: reaches no ending")
            continue
        fewest = min(low for low, _ in role.reading.values())
        most = max(high for _, high in role.reading.values())
        print(
            f"  {story.roles[role.role].name}: {fewest:,}-{most:,} words, "
            f"{fewest / WORDS_PER_MINUTE:.0f}-{most / WORDS_PER_MINUTE:.0f} minutes, "
            f"{_count(len(role.reading), 'ending')}" + (" (and loops)" if role.cyclic else "")
        )
        for ending, (low, high) in sorted(role.reading.items()):
            span = f"{low:,}" if low == high else f"{low:,}-{high:,}"
            print(f"    {ending}: {span} words")
    if any(role.truncated for role in report.roles):
        print(f"(exploring stopped at {args.max_states:,} states: these cover only the paths explored)")
    print()
    _print_reactivity(story, report)
    return 0


def _print_reactivity(story: Story, report: object) -> None:
    """Per role: the share of scenes whose text varies with the state, and the decision choices
    something later acknowledges (and the list of those nothing does)."""
    from game.engine.explore import ExploreReport
    from game.engine.lints import felt_live, unacknowledged

    assert isinstance(report, ExploreReport)
    live = felt_live(story)
    missing = unacknowledged(story, live)
    missed = {(lint.scene, lint.choice) for lint in missing if lint.scene and lint.choice}
    print("Text that follows the state (scenes whose text differs with what the player did):")
    for role in report.roles:
        name = story.roles[role.role].name
        scenes = sorted(role.scenes)
        varying = [s for s in scenes if s in role.varying]
        share = 100 * len(varying) / len(scenes) if scenes else 0.0
        asked = [(s, c.id) for s in scenes if story.scenes[s].decision for c in story.scenes[s].choices]
        told = [pair for pair in asked if pair not in missed]
        print(
            f"  {name}: {len(varying)} of {len(scenes)} scenes vary ({share:.0f}%); "
            f"{len(told)} of {len(asked)} decision choices acknowledged later"
        )
        for scene, choice in asked:
            if (scene, choice) in missed:
                print(f"    not acknowledged: {choice} in {scene}")


def cmd_explore(args: argparse.Namespace) -> int:
    from game.engine.explore import explore

    story = _load_or_report(_folder(args))
    if story is None:
        return 1
    show = sys.stderr.isatty()
    last = [0.0]

    def progress(states: int, waiting: int) -> None:
        now = time.monotonic()
        if show and now - last[0] > 0.1:
            last[0] = now
            done = states / max(1, states + waiting)
            bar = "#" * int(30 * done)
            print(
                f"\r[{bar:<30}] {states:,} states, {waiting:,} waiting", end="", file=sys.stderr, flush=True
            )

    started = time.perf_counter()
    report = explore(story, max_states=args.max_states, progress=progress)
    if show:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    for role in report.roles:
        name = story.roles[role.role].name
        print(f"{name}: {role.states:,} distinct states")
        for ending in story.endings:
            if ending in role.endings:
                count = role.endings[ending]
                paths = (
                    "unbounded (the story loops)" if count is None else f"{count:,} path{'s' * (count != 1)}"
                )
                print(f"  ending {ending}: {paths}")
    defects = report.defects
    if report.approximate_visits:
        scenes = ", ".join(report.approximate_visits)
        print(
            f"NOTE: visited() of {scenes} is used in arithmetic or stored in a variable; visit counts are "
            "saturated just above the largest number in any condition, so these results may be approximate"
        )
    if report.kept_for_text:
        print(
            f"NOTE: {_count(report.kept_for_text, 'fact')} read by text could not be packed (too many values "
            "read together) and were kept in the states instead: exact, but more states"
        )
    for defect in defects:
        print(f"DEFECT: {defect}")
    for role in report.roles:
        for scene, path in role.dead_ends.items():
            route = " -> ".join(f"{s}[{c}]" for s, c in path) or "(start)"
            print(f"  dead end at {scene} reached by: {route}")
    lints: list[Lint] = report.text_lints
    for lint in lints:
        print(lint)
    took = time.perf_counter() - started
    verdict = f"{len(defects)} defect{'s' * (len(defects) != 1)}" if defects else "no defects"
    warned = f", {_count(len(lints), 'warning')}" if lints else ""
    print(f"explored {report.states:,} states in {took:.2f} s: {verdict}{warned}")
    if defects:
        return 1
    return 1 if lints and getattr(args, "strict", False) else 0
