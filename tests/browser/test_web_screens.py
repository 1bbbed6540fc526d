"""The web edition on any screen: every kind of page of a played-through game (web_tour.KINDS)
drawn by a real Chromium as a phone shows it (375x812, touch, the mobile viewport) and as a
laptop or a classroom projector does (1280x800), and at 200 % zoom on that projector (640x400).

On each: nothing is wider than the screen (no sideways scrolling, no text cut off), the text is
large enough to read (the story's at least 16 px on a phone and 18 px on a projector), every
button is a finger's size on the phone, and on the wide screen the story's lines stay short
enough to read (at most about 80 characters); no card has a blank strip inside its border.
Every page is kept as a screenshot in ``$MOSCOW1921_SCREENSHOTS`` (or the test's temporary
folder) to be looked at: on the phone the whole page, on the projector what its first screen
shows.
"""

from __future__ import annotations

import asyncio
import base64
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from game.engine.model import Story
from tests.browser import cdp
from tests.browser.web_browser import Web
from tests.browser.web_tour import KINDS, Tab, open_tab

# One process, one browser, one server and one tour with test_web_a11y.py (its group's name).
pytestmark = pytest.mark.xdist_group("web-a11y")


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    mobile: bool
    story_px: float  # the least size of the story's text
    shot: bool = True


SCREENS = (
    Screen("phone", 375, 812, True, 16.0),
    Screen("projector", 1280, 800, False, 18.0),
    Screen("projector at 200 %", 640, 400, False, 16.0, shot=False),
)

MEASURE = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    if (e.closest('.skip')) continue;  // the skip link waits above the page until it has the focus
    if (box.right > width + 0.5 || box.left < -0.5) {
      const name = e.tagName.toLowerCase() + (e.className ? '.' + e.className : '');
      const text = (e.textContent || '').trim().slice(0, 40);
      wide.push(`${name} [${Math.round(box.left)}, ${Math.round(box.right)}]: ${text}`);
    }
  }
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const texts = [...document.querySelectorAll(
      'main p, main li, main dd, main dt, main button, main a, main label')]
    .filter(e => e.getBoundingClientRect().width > 0);
  const story = [...document.querySelectorAll(
      '.prose p, .choices li button, .summary, .quotation blockquote p')];
  const buttons = [...document.querySelectorAll('main button, main .button, footer button')]
    .filter(e => e.getBoundingClientRect().width > 0)
    .map(e => ({text: e.textContent.trim().slice(0, 40), height: e.getBoundingClientRect().height,
                width: e.getBoundingClientRect().width}));
  const reading = document.querySelector('.prose p, .summary');
  // A card's first and last lines sit on its padding: no strip of a child's margin above or below.
  const strips = [];
  for (const card of document.querySelectorAll('.card')) {
    const first = card.firstElementChild, last = card.lastElementChild;
    if (!first || card.getBoundingClientRect().height === 0) continue;
    const box = card.getBoundingClientRect(), style = getComputedStyle(card);
    const inside = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
    const floor = box.bottom - parseFloat(style.borderBottomWidth) - parseFloat(style.paddingBottom);
    const above = first.getBoundingClientRect().top - inside;
    const below = floor - last.getBoundingClientRect().bottom;
    if (above > 1 || below > 1) {
      strips.push(`${(first.textContent || '').trim().slice(0, 30)}: ${Math.round(above)} px above, ` +
                  `${Math.round(below)} px below`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10),
    smallest: texts.length ? Math.min(...texts.map(size)) : 0,
    smallestText: texts.length
      ? texts.reduce((a, b) => size(a) <= size(b) ? a : b).textContent.trim().slice(0, 40) : '',
    story: story.length ? Math.min(...story.map(size)) : null,
    buttons,
    measure: reading ? reading.getBoundingClientRect().width / size(reading) : null,
    strips,
  };
})()"""


COLOURED = ("scene-closed", "happened")
"""Kinds drawn on the phone in the dark and the high-contrast look as well (axe checks their
colours on every page: test_web_a11y.py)."""


@dataclass
class Drawn:
    kind: str
    screen: Screen
    facts: dict[str, Any]
    shot: Path | None = None


@dataclass
class Drawings:
    folder: Path
    drawn: list[Drawn] = field(default_factory=list)

    def on(self, screen: Screen) -> list[Drawn]:
        return [d for d in self.drawn if d.screen == screen]


class Screens:
    """This file's rider on the shared web tour (conftest.py's ``tour_riders``): each kind of page
    drawn on every screen, two of them in the other looks too, each kept as a screenshot."""

    def __init__(self, site: Web, story: Story, tmp_path_factory: pytest.TempPathFactory) -> None:
        kept = os.environ.get("MOSCOW1921_SCREENSHOTS")
        folder = Path(kept) if kept else tmp_path_factory.mktemp("screenshots")
        folder.mkdir(parents=True, exist_ok=True)
        self.drawings = Drawings(folder)

    async def visit(self, kind: str, tab: Tab) -> None:
        drawings = self.drawings
        for screen in SCREENS:
            drawings.drawn.append(await _draw(tab, kind, screen, drawings.folder))
        if kind in COLOURED:  # to be looked at: the dark and the high-contrast look on a phone
            for scheme, theme in (("dark", "default"), ("light", "contrast")):
                await tab.page.send(
                    "Emulation.setEmulatedMedia",
                    {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
                )
                await tab.js(f"document.documentElement.className = 'theme-{theme}'")
                looks = f"{kind}-{scheme}-{theme}"
                drawings.drawn.append(await _draw(tab, looks, SCREENS[0], drawings.folder))
            await tab.page.send("Emulation.setEmulatedMedia", {"features": []})
            await tab.js("document.documentElement.className = 'theme-default'")
        # The page as it came, for the next rider: the browser's own window, no touch.
        await tab.page.send("Emulation.clearDeviceMetricsOverride")
        await tab.page.send("Emulation.setTouchEmulationEnabled", {"enabled": False})

    async def after(self, connection: cdp.Connection, tab: Tab) -> None:
        """Nothing past the tour."""


TOUR_RIDER = (0, Screens)  # first: the pages as they are served, before the audit opens their details


@pytest.fixture(scope="module")
def drawings(tour_riders: dict[str, Any]) -> Drawings:
    screens = tour_riders[__name__]
    assert isinstance(screens, Screens)
    return screens.drawings


async def _resize(tab: Tab, screen: Screen) -> None:
    await tab.page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": screen.width, "height": screen.height, "deviceScaleFactor": 1, "mobile": screen.mobile},
    )
    await tab.page.send("Emulation.setTouchEmulationEnabled", {"enabled": screen.mobile})


async def _draw(tab: Tab, kind: str, screen: Screen, folder: Path) -> Drawn:
    await _resize(tab, screen)
    await tab.js("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    facts = await tab.js(MEASURE)
    assert isinstance(facts, dict)
    drawn = Drawn(kind, screen, facts)
    if screen.shot:  # the phone's whole page, scrolled through; the projector's first screen
        metrics = await tab.page.send("Page.getLayoutMetrics")
        whole = min(int(metrics["cssContentSize"]["height"]), 4000)
        height = whole if screen.mobile else screen.height
        shot = await tab.page.send(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": screen.width, "height": height, "scale": 1},
            },
            timeout=30,
        )
        drawn.shot = folder / f"{kind}-{screen.width}x{screen.height}.png"
        drawn.shot.write_bytes(base64.b64decode(shot["data"]))
    return drawn


def _where(drawn: Drawn) -> str:
    return f"{drawn.kind} on the {drawn.screen.name} ({drawn.screen.width}x{drawn.screen.height})"


def test_every_kind_of_page_is_drawn_on_every_screen(drawings: Drawings) -> None:
    looks = [f"{kind}-{look}" for kind in COLOURED for look in ("dark-default", "light-contrast")]
    for screen in SCREENS:
        wanted = [*KINDS, *looks] if screen == SCREENS[0] else KINDS
        assert sorted(d.kind for d in drawings.on(screen)) == sorted(wanted), screen.name
    for drawn in drawings.drawn:
        if drawn.shot is not None:
            data = drawn.shot.read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 5000, drawn.shot


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_nothing_is_wider_than_the_screen(drawings: Drawings, screen: Screen) -> None:
    for drawn in drawings.on(screen):
        facts = drawn.facts
        assert facts["scrollWidth"] <= facts["width"], f"{_where(drawn)} scrolls sideways: {facts['wide']}"
        assert not facts["wide"], f"{_where(drawn)}: cut off at the edge: {facts['wide']}"


def test_no_card_has_a_blank_strip_inside_its_border(drawings: Drawings) -> None:
    cards = [d for d in drawings.drawn if d.kind in ("title-continue", "saves-saved", "journal")]
    assert len(cards) >= 6, [d.kind for d in cards]  # the cards' pages, on every screen
    for drawn in drawings.drawn:
        assert not drawn.facts["strips"], f"{_where(drawn)}: {drawn.facts['strips']}"


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_the_text_is_large_enough_to_read(drawings: Drawings, screen: Screen) -> None:
    for drawn in drawings.on(screen):
        facts = drawn.facts
        assert facts["smallest"] >= 14, (
            f"{_where(drawn)}: {facts['smallest']} px text: {facts['smallestText']!r}"
        )
        if facts["story"] is not None:
            assert facts["story"] >= screen.story_px, (
                f"{_where(drawn)}: the story's text is {facts['story']} px"
            )


def test_on_a_phone_every_button_is_a_finger_s_size(drawings: Drawings) -> None:
    for drawn in drawings.on(SCREENS[0]):
        for button in drawn.facts["buttons"]:
            assert button["height"] >= 44 and button["width"] >= 44, f"{_where(drawn)}: {button}"


def test_on_a_wide_screen_the_story_s_lines_stay_short(drawings: Drawings) -> None:
    measured = [d for d in drawings.on(SCREENS[1]) if d.facts["measure"] is not None]
    assert {"scene", "happened", "ending"} <= {d.kind for d in measured}
    for drawn in measured:  # a line of N em holds about 2N characters of this type
        assert 20 <= drawn.facts["measure"] <= 40, (
            f"{_where(drawn)}: lines {drawn.facts['measure']:.0f} em long"
        )


def test_a_page_wider_than_the_phone_is_seen(site: Web) -> None:
    """The measures above can fail: a box too wide for the phone, and small text, are reported."""
    asyncio.run(_spoiled(site))


async def _spoiled(site: Web) -> None:
    connection = await cdp.Connection.open(site.endpoint())
    try:
        tab = await open_tab(connection, site.base)
        await tab.goto("/about")
        await _resize(tab, SCREENS[0])
        await tab.js(
            "(() => { const p = document.createElement('p'); p.textContent = 'A wide and small line';"
            " p.style.width = '30rem'; p.style.fontSize = '10px';"
            " document.querySelector('main').append(p); })()"
        )
        facts = await tab.js(MEASURE)
        assert isinstance(facts, dict)
        assert facts["scrollWidth"] > facts["width"] and any("A wide and small" in w for w in facts["wide"])
        assert facts["smallest"] == 10
    finally:
        await connection.close()
