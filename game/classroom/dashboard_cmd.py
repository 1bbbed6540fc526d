"""``moscow1921 class NAME [--export FILE] [--scenes DIR]``: the teacher's live dashboard, or the report.

The dashboard opens the class database read-only and polls it (see
:class:`~game.ui.screens.dashboard.DashboardScreen`); ``--export FILE`` writes the class
report (the same report as ``moscow1921 report``, over every playthrough of the class)
and exits.  Exit codes: 0 done; 1 the story or the class cannot be read, nothing has
been recorded yet, or the report cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from game import locations
from game.atomic import write_text
from game.classroom import joining
from game.classroom.class_names import class_stem
from game.classroom.classdb import ClassDB, ClassDBError
from game.classroom.live_view import class_report
from game.classroom.report import ClassReport
from game.classroom.report_html import render_html, unwritable, write_html
from game.engine.model import Story


def _error(message: str) -> None:
    print(f"moscow1921 class: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from game.story_folder import load_or_report

    story = load_or_report(args.scenes)
    if story is None:
        return 1
    try:
        db = ClassDB.for_class(args.name, readonly=True)
    except ClassDBError as err:
        _error(str(err))
        return 1
    with db:
        if args.export is not None:
            return export(db, story, args.export)
        from game.ui.dashboard_app import DashboardApp

        DashboardApp(db, story, export=report_writer(db.class_name), release=code_releaser(db.path)).run()
    return 0


def code_releaser(path: Path) -> Callable[[str], str | None]:
    """What the dashboard's ``c`` key runs: release a student's code (the dashboard itself reads the
    class read-only; this opens it for that one write)."""

    def release(name: str) -> str | None:
        with ClassDB.open(path) as db:
            return joining.release(db, name)

    return release


def report_writer(class_name: str) -> Callable[[ClassReport], Path]:
    """What the dashboard's ``e`` key runs: the report as a new HTML file in the exports folder."""
    stem = class_stem(class_name)

    def write(report: ClassReport) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = locations.exports_dir() / f"class-{stem}-{stamp}.html"
        number = 2
        while path.exists():  # two reports in the same second keep both files
            path = locations.exports_dir() / f"class-{stem}-{stamp}-{number}.html"
            number += 1
        write_text(path, render_html(report))
        return path

    return write


def export(db: ClassDB, story: Story, out: Path) -> int:
    """Write the class report of every playthrough so far to ``out``."""
    why = unwritable(out, "--export")
    if why:
        _error(why)
        return 1
    try:
        snapshot = db.snapshot()
    except ClassDBError as err:
        _error(str(err))
        return 1
    report = class_report(story, snapshot)
    why = write_html(report, out)
    if why:
        _error(why)
        return 1
    counted, students = len(report.counted), len(snapshot.students)
    print(
        f"Class report of {db.class_name}: {counted} playthrough{'s' * (counted != 1)} "
        f"by {students} student{'s' * (students != 1)} ({report.finished} finished), written to {out}"
    )
    for item in report.foreign:
        _error(f"{item.source}: played with another version of the story; listed in the report, not counted")
    for problem in report.skipped:
        _error(f"{problem.source}: skipped: {problem.reason}")
    if not counted:
        _error("nothing was counted: no student of this class has played this version of the story yet")
        return 1
    return 0
