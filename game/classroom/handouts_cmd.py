"""``moscow1921 handouts --out DIR``: write the teacher's guide and the role cards."""

from __future__ import annotations

import argparse
import sys

from game.classroom.handouts import HandoutsError, write_handouts
from game.story_folder import load_or_report


def run(args: argparse.Namespace) -> int:
    story = load_or_report(args.scenes)
    if story is None:
        return 1
    try:
        written = write_handouts(story, args.out)
    except HandoutsError as err:
        print(f"moscow1921 handouts: {err}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} handouts to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    print("open a .html file in a web browser and print it;")
    print("role-cards-a4.html and role-cards-letter.html start each card on a new page")
    return 0
