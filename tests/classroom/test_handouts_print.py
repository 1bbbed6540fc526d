"""The handouts on paper, printed with headless Chromium (skipped without one, except in CI,
where a missing Chromium fails): a long card is set smaller step by step so that it stays on
one page, and every card takes exactly one page on A4 and on Letter; every faction's brief
starts a new page; the quick start is two pages and the teacher's guide under 25 on A4 and
on Letter; each episode's worksheet takes one or two pages."""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from game import locations
from game.classroom.handouts import render_handouts
from game.classroom.handouts_briefs import Brief, faction_briefs
from game.classroom.handouts_cards import Card, role_cards
from game.classroom.handouts_html import PAPER, briefs_html, cards_html, sheets_html
from game.classroom.handouts_layout import SIZES, density, height, overflowing
from game.classroom.handouts_markdown import text
from game.classroom.handouts_worksheets import student_sheet, worksheets
from game.engine.model import Story
from game.loading import load_story
from tests.browser import cdp
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


def _words(n: int, source: itertools.cycle[str]) -> str:
    return text(" ".join(next(source) for _ in range(n)))


def _case_card(size: int) -> Card:
    """A faction card of about ``size`` characters in the story's own words: who, wants and
    fears, then as many assemblies as it takes, each with its question and a long case."""
    source = itertools.cycle(FILLER.split())
    markdown = (
        f"## Long\n\n**Who you are:** {_words(60, source)}\n\n**What you want:** {_words(35, source)}\n\n"
    )
    markdown += f"**What you fear:** {_words(35, source)}\n\n### Your case at the assemblies\n\n"
    number = 0
    while len(markdown) < size:
        number += 1
        markdown += f"#### Assembly {number}\n\n*The question:* {_words(12, source)}?\n\n"
        markdown += f"**Your case:** {_words(70, source)}\n\n"
    return Card("faction", f"cases_{size}", "Long", markdown[:size].rsplit(" ", 1)[0] + "\n")


def _list_card(size: int) -> Card:
    """A player's card of about ``size`` characters whose decisions are a list of short lines:
    fewer characters fill a page than in paragraphs."""
    source = itertools.cycle(FILLER.split())
    markdown = (
        f"## Role\n\n**Who you are:** {_words(50, source)}\n\n**What you want:** {_words(20, source)}\n\n"
    )
    markdown += f"**What you fear:** {_words(20, source)}\n\n### Decisions you may face\n\n"
    while len(markdown) < size:
        markdown += f"- **{_words(2, source)}**: {_words(5, source)}?\n"
    return Card("role", f"list_{size}", "Role", markdown[:size].rsplit("\n", 1)[0] + "\n")


def _longest(make: Callable[[int], Card], step: int) -> Card:
    """The longest card ``make`` builds (to 20 characters) that is still set at ``step``."""
    card = make(_longest_size(make, step))
    assert density(card) == step
    return card


@cache
def _longest_size(make: Callable[[int], Card], step: int) -> int:
    """From 500 characters up, the last size before one set past ``step`` or overflowing.  Every
    size up to the last one for ``step - 1`` is set at that step or below, so the search for
    ``step`` goes on from there (the same answer as from 500, each card built once a run)."""
    size = 500 if step == 0 else _longest_size(make, step - 1)
    while True:
        bigger = make(size + 20)
        if density(bigger) > step or overflowing([bigger]):
            return size
        size += 20


def test_a_long_card_is_set_smaller_step_by_step() -> None:
    for make in (_case_card, _list_card):
        sizes = range(1000, 7001, 100)
        steps = [density(make(size)) for size in sizes]
        assert steps == sorted(steps) and steps[0] == 0 and steps[-1] == len(SIZES) - 1
        assert set(steps) == set(range(len(SIZES)))  # every step is used on the way
        heights = [height(make(size), 0) for size in sizes]
        assert heights == sorted(heights)
    # a page holds fewer characters of short list lines than of paragraphs
    assert len(_longest(_list_card, 0).markdown) < len(_longest(_case_card, 0).markdown)
    too_long = _case_card(8000)
    assert overflowing([_case_card(2000), too_long]) == [too_long]
    page = walk(cards_html("t", [_case_card(1500), too_long], "A4"))
    assert [s.get("class") for s in page.sections] == [
        "card card-faction card-dense-0",
        f"card card-faction card-dense-{len(SIZES) - 1}",
    ]
    assert [t for t, _ in page.tags if t == "div"] == []  # nothing continues off the card


PAPER_INCHES = {"a4": (210 / 25.4, 297 / 25.4), "letter": (8.5, 11.0)}
"""The printer's paper, for a page whose CSS leaves the size to the printer (the guide, the sheets)."""

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


class Printer:
    """The process's headless Chromium for every print in this file: each document is opened in the
    file's one tab and printed to PDF at the page size its CSS asks for, as the browser's Print
    would.  One tab for all the prints: a new tab for each (a renderer process started and ended
    per print) cost Chromium twice the CPU of the print itself (12 worksheets: 4.8-5.7 s in new
    tabs, 2.4-2.6 s in one; load 14)."""

    def __init__(self, browser: cdp.Chromium) -> None:
        self.endpoint = browser.wait_for_endpoint()
        self._loop = asyncio.Runner()  # the tab's connection lives from print to print
        self._connection: cdp.Connection | None = None
        self._tab: cdp.Page | None = None

    def __call__(
        self, html: str, folder: Path, name: str, paper: str = "letter"
    ) -> tuple[int, tuple[float, float]]:
        """Print ``html`` to PDF on ``paper`` (a4 or letter) unless its CSS names a size: its
        page count and first page size in points."""
        page = folder / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        data = self._loop.run(self._pdf(page.as_uri(), PAPER_INCHES[paper]))
        (folder / f"{name}.pdf").write_bytes(data)
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        assert box is not None
        return pages, (float(box.group(1)), float(box.group(2)))

    async def _pdf(self, url: str, inches: tuple[float, float]) -> bytes:
        if self._tab is None:
            self._connection = await cdp.Connection.open(self.endpoint)
            await self._connection.use_own_context()
            self._tab = await self._connection.new_page()
        await self._tab.goto(url)  # a new document: nothing of the last print is left in it
        options = {"preferCSSPageSize": True, "paperWidth": inches[0], "paperHeight": inches[1]}
        printed = await self._tab.send("Page.printToPDF", options, timeout=60)
        return base64.b64decode(printed["data"])

    def close(self) -> None:
        if self._connection is not None:
            self._loop.run(self._connection.close())  # its browser context (and tab) with it
        self._loop.close()


@pytest.fixture(scope="module")
def printer() -> Iterator[Printer]:
    found = cdp.find_chromium()
    if found is None:
        message = "no Chromium to print the handouts with (apt-get install chromium, or set CHROMIUM)"
        if os.environ.get("CI"):  # .ci/run installs it: in CI the print must be checked
            pytest.fail(f"CI is set but {message}", pytrace=False)
        pytest.skip(message)
    shared = Printer(cdp.shared_chromium(found))  # the test process's one browser
    try:
        yield shared
    finally:
        shared.close()


# The prints share one browser: one process runs them (make test: --dist loadgroup).
chromium = pytest.mark.xdist_group("handouts-print")


@chromium
@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_printed_cards_take_one_page_each(
    shipped: Story, printer: Printer, tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    cards = role_cards(shipped)
    assert overflowing(cards) == []
    pages, box = printer(render_handouts(shipped)[f"role-cards-{paper}.html"], tmp_path, paper)
    assert (round(box[0]), round(box[1])) == size
    assert pages == len(cards)
    # for every type step, the longest cards set in it: the hardest to keep on one page
    long = [_longest(make, step) for make in (_case_card, _list_card) for step in range(len(SIZES))]
    pages, _ = printer(cards_html("t", long, PAPER[paper]), tmp_path, f"long-{paper}")
    assert pages == len(long)
    # a card past the smallest step does run over, and the count above would see it
    over = _case_card(2 * len(long[len(SIZES) - 1].markdown))
    assert overflowing([over]) == [over]
    pages, _ = printer(cards_html("t", [over], PAPER[paper]), tmp_path, f"over-{paper}")
    assert pages == 2


@chromium
def test_printed_briefs_start_each_faction_on_a_new_page(
    shipped: Story, printer: Printer, tmp_path: Path
) -> None:
    source = itertools.cycle(FILLER.split())
    short = [
        Brief(f"f{n}", f"F{n}", f"## Faction {n}\n", f"#### Strike\n\n**Your case:** {_words(40, source)}\n")
        for n in range(3)
    ]
    pages, _ = printer(briefs_html("t", "# Briefs\n", short), tmp_path, "short-briefs")
    assert pages == len(short)  # three short briefs would share one page if they did not break
    briefs = faction_briefs(shipped)
    pages, _ = printer(render_handouts(shipped)["faction-briefs.html"], tmp_path, "briefs")
    assert len(briefs) >= 2
    assert pages > len(briefs)  # each brief starts a page, and the longest run over one


@chromium
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_printed_quick_start_is_two_pages_and_the_guide_under_25(
    shipped: Story, printer: Printer, tmp_path: Path, paper: str
) -> None:
    files = render_handouts(shipped)
    pages, box = printer(files["quick-start.html"], tmp_path, f"quick-{paper}", paper)
    assert all(abs(got - want) <= 1 for got, want in zip(box, PAPER_POINTS[paper], strict=True))
    assert pages == 2
    pages, _ = printer(files["teacher-guide.html"], tmp_path, f"guide-{paper}", paper)
    assert 2 < pages < 25
    # the guide's quick start is the same two pages: the guide alone after it is two pages shorter
    body = files["teacher-guide.html"].replace(
        '<section class="quick-start">', '<section hidden class="quick-start">'
    )
    alone, _ = printer(body, tmp_path, f"guide-alone-{paper}", paper)
    assert alone == pages - 2
    # what was cut from the guide is in the appendix: more pages than the guide could hold
    pages, _ = printer(files["teacher-guide-appendix.html"], tmp_path, f"appendix-{paper}", paper)
    assert pages > 1


@chromium
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_printed_worksheets_take_one_or_two_pages_each(
    shipped: Story, printer: Printer, tmp_path: Path, paper: str
) -> None:
    sheets = worksheets(shipped)
    assert len(sheets) >= 2
    counts = []
    for sheet in sheets:
        html = sheets_html("t", [(sheet.ident, student_sheet(shipped, sheet))], "worksheet")
        pages, _ = printer(html, tmp_path, f"sheet-{sheet.ident}-{paper}", paper)
        assert 1 <= pages <= 2, sheet.ident
        counts.append(pages)
    pages, _ = printer(render_handouts(shipped)["worksheets.html"], tmp_path, f"sheets-{paper}", paper)
    assert pages == sum(counts)  # each starts a new page, and none is cut short
    # a sheet too long for two pages would be seen: twice one sheet's questions is over two
    longest = max(sheets, key=lambda s: len(s.scenes))
    doubled = student_sheet(shipped, longest) * 3
    pages, _ = printer(sheets_html("t", [("long", doubled)], "worksheet"), tmp_path, f"over-{paper}", paper)
    assert pages > 2
