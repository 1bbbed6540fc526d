"""``moscow1921 assembly [conference|soviet|factory]``: re-enact an assembly with a class.

Reads the story (the shipped one, or ``--scenes DIR``), checks the assembly named, and runs
the full-screen assembly app (:mod:`game.ui.assembly_app`); without a name it opens at the
picker of the story's assemblies.  Exit codes: 0 done, 1 the story has problems or no
assemblies, 2 no assembly of that name.
"""

from __future__ import annotations

import argparse
import sys

from game import locations
from game.classroom.assembly import unknown_assembly_message


def run(args: argparse.Namespace) -> int:
    from game.story_folder import load_or_report

    folder = args.scenes or locations.default_scenes_dir()
    story = load_or_report(folder)
    if story is None:
        return 1
    if not story.assemblies:
        print(
            f"moscow1921: the story in {folder} has no assemblies to re-enact "
            "(see 'assemblies' in docs/scene-format.md)",
            file=sys.stderr,
        )
        return 1
    which = args.which
    if which is not None:
        which = which.strip().casefold()
        if which not in story.assemblies:
            print(unknown_assembly_message(story, args.which), file=sys.stderr)
            return 2
    from game.ui.assembly_app import create_assembly_app

    app = create_assembly_app(story, which)
    app.run()
    return int(app.return_code or 0)
