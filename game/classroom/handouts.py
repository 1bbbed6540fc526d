"""The classroom handouts, generated from the story: a teacher's guide, role cards (one
page each) and faction briefs (each faction's case outside the assemblies), each as
Markdown and as print-ready HTML (the cards in an A4 and a Letter edition).

:func:`render_handouts` builds every file in memory; :func:`write_handouts` writes them
into a folder, each file atomically (a temporary file renamed into place), so a
half-written handout never replaces a good one.
"""

from __future__ import annotations

from pathlib import Path

from game.atomic import write_text
from game.classroom.handouts_briefs import briefs_intro, briefs_markdown, faction_briefs
from game.classroom.handouts_cards import BRIEFS_FILE, cards_markdown, role_cards
from game.classroom.handouts_guide import teacher_guide
from game.classroom.handouts_html import PAPER, briefs_html, cards_html, guide_html
from game.engine.model import Story

GUIDE = "teacher-guide"
CARDS = "role-cards"
BRIEFS = BRIEFS_FILE.removesuffix(".html")


class HandoutsError(Exception):
    """The handouts could not be written; the message says where and why."""


def render_handouts(story: Story) -> dict[str, str]:
    """Every handout file's name and text, in the order they are written."""
    guide = teacher_guide(story)
    cards = role_cards(story)
    files = {
        f"{GUIDE}.md": guide,
        f"{GUIDE}.html": guide_html(f"{story.title}: teacher's guide", guide),
        f"{CARDS}.md": cards_markdown(story, cards),
    }
    for suffix, paper in PAPER.items():
        files[f"{CARDS}-{suffix}.html"] = cards_html(f"{story.title}: role cards", cards, paper)
    briefs = faction_briefs(story)
    files[f"{BRIEFS}.md"] = briefs_markdown(story, briefs)
    files[f"{BRIEFS}.html"] = briefs_html(
        f"{story.title}: faction briefs", briefs_intro(story, briefs), briefs
    )
    return files


def write_handouts(story: Story, out: Path) -> list[Path]:
    """Write every handout into ``out`` (created if missing); returns the files written."""
    files = render_handouts(story)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise HandoutsError(f"{out} is a file, not a folder; give a folder for --out") from err
    except OSError as err:
        raise HandoutsError(f"cannot create the folder {out}: {err.strerror or err}") from err
    written = []
    for name, content in files.items():
        path = out / name
        try:
            write_text(path, content)
        except OSError as err:
            raise HandoutsError(f"cannot write {path}: {err.strerror or err}") from err
        written.append(path)
    return written
