"""The classroom handouts, generated from the story: a two-page quick start, the teacher's
guide (the quick start at its front) and its appendix, student worksheets (one or two pages
an episode) and their marking guide, role cards (one page each) and faction briefs (each
faction's case outside the assemblies), each as Markdown and as print-ready HTML (the cards
in an A4 and a Letter edition).

:func:`render_handouts` builds every file in memory; :func:`write_handouts` writes them
into a folder, each file atomically (a temporary file renamed into place), so a
half-written handout never replaces a good one.
"""

from __future__ import annotations

from pathlib import Path

from game.atomic import write_text
from game.classroom.handouts_appendix import APPENDIX_FILE
from game.classroom.handouts_briefs import briefs_intro, briefs_markdown, faction_briefs
from game.classroom.handouts_cards import BRIEFS_FILE, cards_markdown, role_cards
from game.classroom.handouts_guide import teacher_guide
from game.classroom.handouts_html import (
    PAPER,
    appendix_html,
    briefs_html,
    cards_html,
    guide_html,
    quick_start_html,
    sheets_html,
)
from game.classroom.handouts_plans import WORKSHEET_FILE
from game.classroom.handouts_worksheets import (
    Worksheet,
    marking_markdown,
    marking_sheet,
    student_sheet,
    worksheets,
    worksheets_markdown,
)
from game.engine.model import Story

QUICK_START = "quick-start"
GUIDE = "teacher-guide"
APPENDIX = APPENDIX_FILE.removesuffix(".html")
WORKSHEETS = WORKSHEET_FILE.removesuffix(".html")
MARKING = "marking-guide"
CARDS = "role-cards"
BRIEFS = BRIEFS_FILE.removesuffix(".html")


class HandoutsError(Exception):
    """The handouts could not be written; the message says where and why."""


def render_handouts(story: Story) -> dict[str, str]:
    """Every handout file's name and text, in the order they are written."""
    guide = teacher_guide(story)
    cards = role_cards(story)
    files = {
        f"{QUICK_START}.md": guide.quick_start,
        f"{QUICK_START}.html": quick_start_html(f"{story.title}: quick start", guide.quick_start),
        f"{GUIDE}.md": guide.markdown,
        f"{GUIDE}.html": guide_html(f"{story.title}: teacher's guide", guide.quick_start, guide.body),
        f"{APPENDIX}.md": guide.appendix,
        f"{APPENDIX}.html": appendix_html(f"{story.title}: teacher's guide, appendix", guide.appendix),
    }
    sheets = worksheets(story)
    if sheets:
        files[f"{WORKSHEETS}.md"] = worksheets_markdown(story, sheets)
        files[f"{WORKSHEETS}.html"] = worksheets_html(story, sheets)
        files[f"{MARKING}.md"] = marking_markdown(story, sheets)
        files[f"{MARKING}.html"] = sheets_html(
            f"{story.title}: marking guide", [(s.ident, marking_sheet(story, s)) for s in sheets], "marking"
        )
    files[f"{CARDS}.md"] = cards_markdown(story, cards)
    for suffix, paper in PAPER.items():
        files[f"{CARDS}-{suffix}.html"] = cards_html(f"{story.title}: role cards", cards, paper)
    briefs = faction_briefs(story)
    files[f"{BRIEFS}.md"] = briefs_markdown(story, briefs)
    files[f"{BRIEFS}.html"] = briefs_html(
        f"{story.title}: faction briefs", briefs_intro(story, briefs), briefs
    )
    return files


def worksheets_html(story: Story, sheets: list[Worksheet]) -> str:
    """The students' worksheets, each episode's from a new page."""
    return sheets_html(
        f"{story.title}: worksheets", [(s.ident, student_sheet(story, s)) for s in sheets], "worksheet"
    )


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
