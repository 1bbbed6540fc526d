"""``moscow1921 serve --class NAME`` and the per-tab ``play --class NAME`` it runs.

The server creates the class's database (or opens it again: a class can meet more
than once) and serves the game with textual-serve; every browser tab runs
``play --class NAME --scenes DIR``, a :class:`~game.ui.class_app.ClassApp` that asks
the student's name and records each decision as it is made.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from game import locations
from game.classroom.class_names import class_folder, clean_class_name
from game.classroom.classdb import ClassDB, ClassDBError


def class_command_line(scenes: Path, class_name: str) -> str:
    """The command textual-serve runs for every tab of the class (the name is shell-quoted)."""
    parts = [sys.executable, "-m", "game", "play", "--class", class_name, "--scenes", str(scenes.resolve())]
    return " ".join(shlex.quote(part) for part in parts)


def class_notes(class_name: str, students: int) -> tuple[str, ...]:
    """What the server prints for the teacher under the address."""
    shown = shlex.quote(class_name)
    joined = f" ({students} student{'s' * (students != 1)} joined before)" if students else ""
    return (
        f"Live class '{class_name}'{joined}: students open this address and type their name;",
        "each is given a code to write down. Each decision is recorded as it is made; a closed",
        "tab loses nothing: open the page again, type the same name and the code to carry on.",
        "A lost code: press c on the dashboard and type the student's name.",
        f"Watch the class (another terminal): moscow1921 class {shown}",
        f"The class report: moscow1921 class {shown} --export report.html",
    )


def serve_class(folder: Path, args: argparse.Namespace) -> int:
    from game.web import serve

    try:
        name = clean_class_name(args.class_name)
        with ClassDB.for_class(name, create=True) as db:
            name = db.class_name  # as first typed, if the class met before
            students = len(db.snapshot().students)
    except ClassDBError as err:
        print(f"moscow1921 serve: {err}", file=sys.stderr)
        return 1
    return serve(
        folder,
        host=args.host,
        port=args.port,
        command=class_command_line(folder, name),
        notes=class_notes(name, students),
        allow_origins=args.allow_origins,
    )


def play_in_class(args: argparse.Namespace) -> int:
    """One student's tab: the game, once they have typed their name."""
    try:
        db = ClassDB.for_class(args.class_name)
    except ClassDBError as err:
        print(f"moscow1921: {err}", file=sys.stderr)
        return 1
    from game.ui.class_app import ClassApp

    with db:
        app = ClassApp(
            db, class_folder(db.class_name), scenes_dir=args.scenes or locations.default_scenes_dir()
        )
        app.run()
    if app.problems:
        for problem in app.problems:
            print(problem, file=sys.stderr)
        return 1
    return int(app.return_code or 0)
