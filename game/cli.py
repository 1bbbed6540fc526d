"""The ``moscow1921`` command: play (Textual or plain), and the authoring tools.

moscow1921 [play] [--plain] [--role ROLE [--chapter ID [--preset NAME]]] [--load SLOT] [--scenes DIR]
moscow1921 check [DIR]
moscow1921 map [DIR] [--format mermaid|dot]
moscow1921 explore [DIR] [--max-states N]
moscow1921 stats [DIR]
moscow1921 serve [--terminal] [--host 127.0.0.1] [--port 8000] [--scenes DIR] [--class NAME]

The classroom kit (handlers in game/classroom/, imported only when used):
moscow1921 handouts --out DIR
moscow1921 assembly [conference|soviet|factory]
moscow1921 report FILE... [--out report.html] [--text]
moscow1921 class NAME [--export report.html]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__, locations

if TYPE_CHECKING:  # the story loader is imported where it is used: `play` starts without it
    from game.engine.model import Story

COMMANDS = ("play", "check", "map", "explore", "stats", "serve", "handouts", "assembly", "report", "class")

AUTHORING = ("check", "map", "explore", "stats")
"""Commands for story authors (in game.authoring_cmd)."""

CLASSROOM = {
    # command -> module in game.classroom with ``run(args: argparse.Namespace) -> int``
    "handouts": "game.classroom.handouts_cmd",
    "assembly": "game.classroom.assembly_cmd",
    "report": "game.classroom.report_cmd",
    "class": "game.classroom.dashboard_cmd",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="moscow1921", description="Moscow 1921: a historical interactive fiction."
    )
    parser.add_argument("--version", action="version", version=f"moscow1921 {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play the game (the default command)")
    play.add_argument(
        "--plain", action="store_true", help="plain text on stdin/stdout (screen readers, scripts)"
    )
    play.add_argument("--role", help="start a new game in this role (e.g. metalworker)")
    play.add_argument("--load", metavar="SLOT", help="load a saved game")
    play.add_argument(
        "--chapter",
        metavar="ID",
        help="with --role: begin at this chapter (its id or number), a lesson's episode",
    )
    play.add_argument(
        "--preset",
        metavar="NAME",
        help="with --chapter: who you have been by then (history: as most did; dissent: against the current)",
    )
    play.add_argument("--scenes", metavar="DIR", type=Path, help="play another story folder")
    # A browser's game under `serve`: its own saves, in the folder named (see game/web_tabs.py).
    play.add_argument("--isolated", nargs="?", const="", default=None, help=argparse.SUPPRESS)
    play.add_argument("--class", dest="class_name", help=argparse.SUPPRESS)  # a student's tab in a live class

    for name, text in (
        ("check", "check a story folder and list every problem"),
        ("map", "print the story graph"),
        ("explore", "play every path of the story and report defects"),
        ("stats", "words and reading time per role and chapter"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument(
            "dir", nargs="?", type=Path, metavar="DIR", help="story folder (default: the shipped one)"
        )
        cmd.add_argument("--scenes", metavar="DIR", type=Path, help=argparse.SUPPRESS)
        if name == "map":
            cmd.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
        if name in ("explore", "stats"):
            cmd.add_argument("--max-states", type=int, default=2_000_000, metavar="N")
        if name in ("check", "explore"):
            cmd.add_argument(
                "--strict", action="store_true", help="exit 1 on warnings too (how the story uses the state)"
            )

    serve = sub.add_parser("serve", help="serve the game to web browsers (the web edition)")
    serve.add_argument(
        "--terminal",
        action="store_true",
        help="serve the terminal look instead (the Textual app in the browser; a process per tab)",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--scenes", metavar="DIR", type=Path)
    serve.add_argument(
        "--class", dest="class_name", metavar="NAME", help="a live class: record each decision"
    )
    serve.add_argument(
        "--allow-origin",
        dest="allow_origins",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="another address whose pages may open games here, e.g. http://teacher-pc.school.example:8000",
    )

    handouts = sub.add_parser("handouts", help="write the teacher's guide and role cards (Markdown and HTML)")
    handouts.add_argument("--out", metavar="DIR", type=Path, default=Path("handouts"))
    handouts.add_argument("--scenes", metavar="DIR", type=Path)

    assembly = sub.add_parser("assembly", help="re-enact an assembly with a class, full screen")
    assembly.add_argument("which", nargs="?", metavar="ASSEMBLY", help="conference, soviet or factory")
    assembly.add_argument("--scenes", metavar="DIR", type=Path)

    report = sub.add_parser("report", help="a class report from students' results files")
    report.add_argument("files", nargs="+", type=Path, metavar="FILE", help="results files or folders")
    report.add_argument("--out", metavar="FILE", type=Path, default=Path("report.html"))
    report.add_argument("--text", action="store_true", help="print the report in the terminal instead")
    report.add_argument("--scenes", metavar="DIR", type=Path)

    klass = sub.add_parser("class", help="the teacher's live dashboard for a class")
    klass.add_argument("name", metavar="NAME", help="the class name given to serve --class")
    klass.add_argument("--export", metavar="FILE", type=Path, help="write the class report instead")
    klass.add_argument("--scenes", metavar="DIR", type=Path)
    return parser


def _folder(args: argparse.Namespace) -> Path:
    return getattr(args, "dir", None) or args.scenes or locations.default_scenes_dir()


def _load_or_report(folder: Path) -> Story | None:
    from game.story_folder import load_or_report

    return load_or_report(folder)


def cmd_play(args: argparse.Namespace) -> int:
    import os

    if args.class_name:  # a student's browser tab in a live class (started by serve --class)
        from game.classroom.live_cmd import play_in_class

        return play_in_class(args)

    if args.isolated is not None:
        import uuid

        from game import web_tabs

        try:
            home = web_tabs.session_home(args.isolated)
        except ValueError:  # no folder named: a game of its own
            home = web_tabs.sessions_root() / uuid.uuid4().hex
        os.environ[locations.HOME_ENV] = str(home)
    folder = args.scenes or locations.default_scenes_dir()
    chapter, preset = getattr(args, "chapter", None), getattr(args, "preset", None)
    if (chapter is not None or preset is not None) and (args.role is None or args.load is not None):
        print(
            "moscow1921: --chapter and --preset start a new game: give --role too (and no --load), "
            "e.g. moscow1921 play --role metalworker --chapter 3",
            file=sys.stderr,
        )
        return 2
    if preset is not None and chapter is None:
        print("moscow1921: --preset needs --chapter (the chapter to begin at)", file=sys.stderr)
        return 2
    if args.plain:
        from game.plain import PlainPlayer
        from game.saves import SaveStore
        from game.session import SessionError

        story = _load_or_report(folder)
        if story is None:
            return 1
        player = PlainPlayer(story, SaveStore(locations.saves_dir(story.title)), sys.stdin, sys.stdout)
        try:
            return player.run(role=args.role, load=args.load, chapter=chapter, preset=preset)
        except SessionError as err:
            print(f"moscow1921: {err}", file=sys.stderr)
            return 1
    checked: Story | None = None
    if args.scenes is not None and args.isolated is None:
        # An author's own folder: report its problems here, in the shell, before any screen.
        # The shipped story (and a browser tab, whose folder `serve` has checked) is read by
        # the app once its title screen is drawn, so the game starts sooner.
        checked = _load_or_report(folder)
        if checked is None:
            return 1
    if chapter is not None:  # say here, in the shell, if there is no such chapter to begin at
        from game.classroom.episodes import EpisodeError, find_start

        checked = checked or _load_or_report(folder)
        if checked is None:
            return 1
        try:
            find_start(checked, args.role, chapter, preset)
        except EpisodeError as err:
            print(f"moscow1921: {err}", file=sys.stderr)
            return 1
    from game.ui.app import create_app

    app = create_app(
        scenes_dir=folder, role=args.role, load_slot=args.load, story=checked, chapter=chapter, preset=preset
    )
    app.run()
    if app.problems:  # the app listed them on screen; say so in the shell too
        for problem in app.problems:
            print(problem, file=sys.stderr)
        print(f"moscow1921: the story in {folder} has problems; fix them and try again", file=sys.stderr)
        return 1
    return int(app.return_code or 0)


def cmd_serve(args: argparse.Namespace) -> int:
    folder = args.scenes or locations.default_scenes_dir()
    story = _load_or_report(folder)
    if story is None:
        return 1
    if not args.terminal:  # the web edition (game/webapp): one process for every player
        from game.webapp.serve_cmd import serve_web

        return serve_web(story, args)
    from game.web import serve

    if args.class_name:
        from game.classroom.live_cmd import serve_class

        return serve_class(folder, args)
    return serve(folder, host=args.host, port=args.port, allow_origins=args.allow_origins)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "play")
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int]
    if args.command in CLASSROOM:
        import importlib

        handler = importlib.import_module(CLASSROOM[args.command]).run
    elif args.command in AUTHORING:
        from game import authoring_cmd

        handler = getattr(authoring_cmd, f"cmd_{args.command}")
    else:
        handler = {"play": cmd_play, "serve": cmd_serve}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
