"""The role cards on paper: a long card is set smaller, then continued on pages of its own;
printed with headless Chromium (when there is one), every card takes the pages its layout says."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game import locations
from game.classroom.handouts import render_handouts
from game.classroom.handouts_cards import Card, role_cards
from game.classroom.handouts_html import PAPER, cards_html
from game.classroom.handouts_layout import CARD_PAGE, MORE_PAGE, layout
from game.classroom.handouts_markdown import text
from game.engine.model import Story
from game.loading import load_story
from tests.classroom.handouts_helpers import walk


@pytest.fixture(scope="module")
def shipped() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


FILLER = """In the winter the trains from the south did not come, and the bread ration was cut again.
At the works meeting the turners demanded equal rations for all, and the party secretary answered
that the army came first. Some of the older workers remembered the soviets of 1917, when every
shop elected its own deputy and could recall him; the younger ones had come from the villages and
wanted their families fed before anything else was argued about."""


def _long_card(cases: int, words: int = 70) -> Card:
    """A faction card with ``cases`` cases at other decision points, in the story's own words."""
    source = itertools.cycle(FILLER.split())

    def para(n: int) -> str:
        return text(" ".join(next(source) for _ in range(n)))

    main = f"## Long\n\n**Who you are:** {para(60)}\n\n**What you want:** {para(35)}\n\n"
    main += f"**What you fear:** {para(35)}\n\n### Your case at the assemblies\n\n"
    main += "".join(f"#### Assembly {n}\n\n**Your case:** {para(words)}\n\n" for n in range(3))
    more = "### Your case at other decision points\n\n"
    more += "".join(f"**Decision {n}.** {para(words)}\n\n" for n in range(cases))
    return Card("faction", f"long_{cases}", "Long", main, more if cases else "")


def test_a_long_card_is_set_smaller_then_continued() -> None:
    fits = [layout(_long_card(cases)) for cases in range(0, 27, 2)]
    continued = [f.continued for f in fits]
    first = continued.index(True)  # from here on every card continues on pages of its own
    assert first >= 2 and all(continued[first:])
    single = [f.density for f in fits[:first]]
    assert single == sorted(single) and single[0] < single[-1] == len(CARD_PAGE) - 1
    pages = [f.continued_pages for f in fits[first:]]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 2
    for count in (1, 2):  # on as many pages, the type gets smaller as the cases grow
        steps = [f.more_density for f in fits[first:] if f.continued_pages == count]
        assert steps == sorted(steps) and steps[-1] > 0
    assert max(f.more_density for f in fits) == len(MORE_PAGE) - 1
    short, long = _long_card(0), _long_card(18)
    page = walk(cards_html("t", [short, long], "A4"))
    assert [s.get("class") for s in page.sections] == [
        f"card card-faction card-dense-{layout(short).density}",
        f"card card-faction card-dense-{layout(long).density}",
    ]
    assert page.text.count("Long (continued)") == 1
    assert [a.get("class") for t, a in page.tags if t == "div"] == [
        f"more more-continued more-dense-{layout(long).more_density}"
    ]


def _chromium() -> str | None:
    override = os.environ.get("CHROMIUM")
    if override:
        return override
    names = (
        "chromium-headless-shell",
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    )
    return next(filter(None, map(shutil.which, names)), None)


def _print(html: str, folder: Path, name: str) -> tuple[int, tuple[float, float]]:
    """Print ``html`` to PDF with headless Chromium: its page count and first page size in points."""
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium to print with (set CHROMIUM to one)")
    page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    return pages, (float(box.group(1)), float(box.group(2)))


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_printed_cards_take_one_page_each_unless_continued(
    shipped: Story, tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    cards = role_cards(shipped)
    pages, box = _print(render_handouts(shipped)[f"role-cards-{paper}.html"], tmp_path, paper)
    assert (round(box[0]), round(box[1])) == size
    assert pages == sum(layout(card).pages for card in cards)
    long = [_long_card(cases) for cases in (0, 3, 5, 7, 9, 11, 14, 24)]
    assert max(layout(card).pages for card in long) == 3
    pages, _ = _print(cards_html("t", long, PAPER[paper]), tmp_path, f"long-{paper}")
    assert pages == sum(layout(card).pages for card in long)
