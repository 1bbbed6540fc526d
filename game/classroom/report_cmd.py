"""``moscow1921 report FILE... [--out report.html] [--text] [--scenes DIR]``.

Reads students' results files (or every ``*.json`` in the folders named) and writes the
class report as one HTML page, or prints it with bars in the terminal (``--text``).
Exit codes: 0 when at least one playthrough was counted; 1 when the story cannot be
read, nothing could be counted, or the report cannot be written.  Skipped and foreign
files are listed in the report and summed up on stderr; they never stop it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from game.classroom.report import ClassReport, build_report
from game.classroom.report_html import unwritable, write_html
from game.classroom.report_text import render_text
from game.safe_text import printable


def _error(message: str) -> None:
    print(printable(f"moscow1921 report: {message}"), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from game.story_folder import load_or_report

    story = load_or_report(args.scenes)
    if story is None:
        return 1
    report = build_report(story, list(args.files))
    if args.text:
        width = shutil.get_terminal_size((80, 24)).columns - 1 if sys.stdout.isatty() else 79
        sys.stdout.write(printable(render_text(report, width)))
    else:
        written = _write_html(report, args.out)
        if not written:
            return 1
    _summarise(report, None if args.text else args.out)
    return 0 if report.counted else 1


def _write_html(report: ClassReport, out: Path) -> bool:
    problem = unwritable(out, "--out") or write_html(report, out)
    if problem:
        _error(problem)
    return problem is None


def _summarise(report: ClassReport, out: Path | None) -> None:
    counted = len(report.counted)
    if out is not None:
        print(f"Class report of {counted} playthrough{'s' * (counted != 1)} written to {out}")
    versions: dict[tuple[str, int, str], int] = {}
    for item in report.foreign:
        key = (item.title, item.version, item.fingerprint)
        versions[key] = versions.get(key, 0) + 1
    for (title, version, fingerprint), count in versions.items():
        _error(
            f"{count} file{'s' * (count != 1)} played with another version of the story "
            f"({title}, version {version}, fingerprint {fingerprint}; this story is version "
            f"{report.story_version}, fingerprint {report.fingerprint}): listed in the report, not counted"
        )
    for problem in report.skipped:
        _error(f"{problem.source}: skipped: {problem.reason}")
    if not counted:
        _error(
            "no results file could be counted; give the results files students wrote "
            "(or the folder holding them), made with this version of the story"
        )
