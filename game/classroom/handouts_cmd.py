"""``moscow1921 handouts --out DIR``: write the quick start, the teacher's guide and its
appendix, the worksheets and their marking guide, the role cards and the faction briefs."""

from __future__ import annotations

import argparse
import sys

from game.classroom.handouts import HandoutsError, write_handouts
from game.classroom.handouts_cards import role_cards
from game.classroom.handouts_layout import PAGE_LINES, SIZES, height, overflowing
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
    print("open a .html file in a web browser and print it:")
    print("quick-start.html is two pages, and the front of teacher-guide.html;")
    print("worksheets.html gives each episode one or two pages (marking-guide.html is for you);")
    print("role-cards-a4.html and role-cards-letter.html print one card to a page,")
    print("faction-briefs.html starts each faction's brief on a new page")
    for card in overflowing(role_cards(story)):
        share = height(card, len(SIZES) - 1) / PAGE_LINES
        print(
            f"moscow1921 handouts: warning: the {card.kind} card {card.ident!r} fills about {share:.0%} "
            "of a page even in the smallest type, so it prints on more than one page; "
            "shorten its text in the scene files (who, wants, fears, cases, questions)",
            file=sys.stderr,
        )
    return 0
