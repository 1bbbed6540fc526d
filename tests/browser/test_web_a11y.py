"""The web edition is accessible by test: a role of the shipped story played to its ending in a
real Chromium, and on every kind of page met on the way (web_tour.KINDS) axe-core finds nothing
against WCAG 2.2 A/AA and its best practices, in the standard theme as a light and as a dark
device shows it and in the high-contrast theme; each page has one h1, the landmarks, a skip link
to its main text, a language and a title that says where the player is; Chromium's own
accessibility tree (what a screen reader is given) holds the scene's prose and choices, and the
what-happened panel's verdict and quotation as text; and the whole game is played by keyboard,
the focus always visible.

One Chromium and one server for this file and test_web_screens.py (one xdist group); the tour is
played once for both (conftest.py's ``tour_riders``) and every test reads what it saw.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from game.engine import panel as panels
from game.engine.model import GLOSSARY_MARK, Story, paragraphs
from game.engine.view import SceneView
from game.webapp.identity import SECRET_ENV
from tests.browser import axe, cdp
from tests.browser.serving import serve
from tests.browser.web_browser import KEY, Web, game_of
from tests.browser.web_tour import CLASS_KINDS, KINDS, OPEN_CHOICE, Tab, class_tour, open_tab

pytestmark = pytest.mark.xdist_group(
    "web-a11y"
)  # one process, one browser and one tour with test_web_screens

MODES = {
    "light": ("light", "default"),
    "dark": ("dark", "default"),
    "high contrast": ("dark", "contrast"),
}
"""Each way the pages are drawn: (the device's prefers-color-scheme, the theme chosen).  The
high-contrast theme sets every colour itself, whatever the device prefers (web.css)."""


ERROR_PAGES = (("/no-such-page", "not-found"), ("/choose", "wrong-method"))
"""The pages of what went wrong, met after the tour: a mistyped address (404), a form's address
opened as a page (405); the tour meets the refused choice's page (409) on its way."""


@dataclass
class Seen:
    """What one kind of page showed."""

    path: str
    title: str
    lang: str
    h1: list[str]
    landmarks: list[str]
    skip: dict[str, Any]
    violations: dict[str, list[axe.Violation]] = field(default_factory=dict)


@dataclass
class Tour:
    pages: dict[str, Seen] = field(default_factory=dict)
    scene_tree: list[dict[str, Any]] = field(default_factory=list)
    scene_view: SceneView | None = None
    panel_tree: list[dict[str, Any]] = field(default_factory=list)
    panel: panels.Panel | None = None


class Audit:
    """This file's rider on the shared web tour (conftest.py's ``tour_riders``): on each kind of
    page met, its structure, axe's findings in every mode and, on two of them, the accessibility
    tree; then the pages of what went wrong in the same tab, and a live class's own pages (served
    beside the site, in a folder of its own, with the site's signing key)."""

    def __init__(self, site: Web, story: Story, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.site, self.story, self.folders = site, story, tmp_path_factory
        self.found = Tour()
        self.skipped: str | None = None  # axe-core could not be had (outside CI): this file skips
        try:
            self.script = axe.script()
        except pytest.skip.Exception as skip:
            self.skipped = str(skip)

    async def visit(self, kind: str, tab: Tab) -> None:
        if self.skipped is None:
            await self.look(kind, tab)

    async def after(self, connection: cdp.Connection, tab: Tab) -> None:
        if self.skipped is not None:
            return
        for path, kind in ERROR_PAGES:
            await tab.goto(path)
            await self.look(kind, tab)
        folder = self.folders.mktemp("web-a11y-class")
        with serve(folder, folder / "home", "--class", "Class 9B", env={SECRET_ENV: KEY}) as served:
            base = served.url.rstrip("/")
            await class_tour(await open_tab(connection, base), await open_tab(connection, base), self.look)

    async def look(self, kind: str, tab: Tab) -> None:
        found, story = self.found, self.story
        found.pages[kind] = seen = await _structure(tab)
        await axe.inject(tab.page, self.script)
        await tab.js("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        for mode, (scheme, theme) in MODES.items():  # every rule in the first, the colours' after
            await _draw(tab, scheme, theme)
            seen.violations[mode] = await axe.run(tab.page, () if mode == "light" else axe.COLOUR_RULES)
        await _draw(tab, "light", "default")
        if kind == "scene-closed":
            found.scene_tree = await ax_tree(tab)
            shown = (await game_of(tab.page, story, self.site.home)).view()
            assert isinstance(shown, SceneView)
            found.scene_view = shown
        elif kind == "happened":
            found.panel_tree = await ax_tree(tab)
            entry = (await game_of(tab.page, story, self.site.home)).last_answer()
            assert entry is not None
            found.panel = panels.panel(story, entry)
        await tab.page.send("Emulation.setEmulatedMedia", {"features": []})  # as the page came


TOUR_RIDER = (1, Audit)  # after the screens' rider: this one opens each page's details for good


@pytest.fixture(scope="module")
def toured(tour_riders: dict[str, Any]) -> Tour:
    audit = tour_riders[__name__]
    assert isinstance(audit, Audit)
    if audit.skipped is not None:
        pytest.skip(audit.skipped)
    return audit.found


async def _draw(tab: Tab, scheme: str, theme: str) -> None:
    """Draw the page as a device preferring ``scheme`` shows it in ``theme`` (the class the theme
    cookie puts on <html>: the test of the footer's switch is the keyboard test below)."""
    await tab.page.send(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    await tab.js(f"document.documentElement.className = 'theme-{theme}'")


async def _structure(tab: Tab) -> Seen:
    facts = await tab.js(
        """(() => {
          const roles = {HEADER: 'banner', NAV: 'navigation', MAIN: 'main', FOOTER: 'contentinfo'};
          const landmarks = [...document.querySelectorAll('body > header, nav, main, body > footer')]
            .map(e => roles[e.tagName]);
          const first = document.querySelector('a[href], button, input, select, textarea, [tabindex]');
          const target = first && first.hash ? document.getElementById(first.hash.slice(1)) : null;
          return {
            path: location.pathname, title: document.title, lang: document.documentElement.lang,
            h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim().replace(/\\s+/g, ' ')),
            landmarks,
            skip: {text: first ? first.textContent.trim() : '', target: target ? target.tagName : '',
                   targetFocusable: target ? target.tabIndex === -1 : false},
          };
        })()"""
    )
    assert isinstance(facts, dict)
    return Seen(**facts)


async def ax_tree(tab: Tab) -> list[dict[str, Any]]:
    """Chromium's accessibility tree of the page, the nodes a screen reader is given, in order:
    each as {role, name, props}."""
    await tab.page.send("Accessibility.enable")
    nodes = (await tab.page.send("Accessibility.getFullAXTree", timeout=30))["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    ordered: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        if not node.get("ignored"):
            ordered.append(
                {
                    "role": node.get("role", {}).get("value", ""),
                    "name": node.get("name", {}).get("value", ""),
                    "props": {p["name"]: p["value"].get("value") for p in node.get("properties", [])},
                    "description": node.get("description", {}).get("value", ""),
                }
            )
        for child in node.get("childIds", []):
            if child in by_id:
                walk(by_id[child])

    walk(nodes[0])
    return ordered


def spoken(tree: list[dict[str, Any]]) -> str:
    """The text a screen reader reads out of the page: its text nodes in order, one string."""
    return squash(" ".join(node["name"] for node in tree if node["role"] in ("StaticText", "text")))


def squash(text: str) -> str:
    """``text`` with its glossary marks as the words they show and its spacing ignored (the tree
    splits text around links, and the spaces at a split are kept on either side)."""
    shown = GLOSSARY_MARK.sub(lambda match: match.group(2) or match.group(1), text)
    return re.sub(r"\s+", "", shown).casefold()  # some headings are set in capitals by the style sheet


# ------------------------------------------------------------------------------ the tests


def test_the_tour_meets_every_kind_of_page(toured: Tour) -> None:
    kinds = KINDS + tuple(kind for _, kind in ERROR_PAGES) + CLASS_KINDS
    assert sorted(toured.pages) == sorted(kinds), f"not met: {sorted(set(kinds) - set(toured.pages))}"


@pytest.mark.parametrize("mode", list(MODES))
def test_axe_finds_no_violation_on_any_page(toured: Tour, mode: str) -> None:
    assert toured.pages, "the tour met no page"
    found = {
        f"{kind} ({seen.path})": seen.violations[mode]
        for kind, seen in toured.pages.items()
        if seen.violations[mode]
    }
    report = "\n".join(f"  {where}:\n" + "\n".join(f"    {v}" for v in found[where]) for where in found)
    assert not found, f"axe-core {axe.VERSION} found violations ({mode}):\n{report}"


def test_each_page_has_one_h1_its_landmarks_a_skip_link_a_language_and_a_title(
    toured: Tour, story: Story
) -> None:
    titles: dict[str, str] = {}
    for kind, seen in toured.pages.items():
        where = f"{kind} ({seen.path})"
        assert seen.lang == "en", where
        assert len(seen.h1) == 1 and seen.h1[0], (where, seen.h1)
        assert seen.landmarks[:2] == ["banner", "navigation"] and seen.landmarks.count("main") == 1, where
        assert seen.landmarks[-1] == "contentinfo", (where, seen.landmarks)
        assert seen.skip == {"text": "Skip to the main text", "target": "MAIN", "targetFocusable": True}, (
            where
        )
        # The title says where the player is: the page's own heading first, then the game.
        assert seen.title.endswith(story.title), (where, seen.title)
        if kind.startswith("title"):
            assert seen.title == story.title
        elif kind == "ending":
            assert seen.title == f"The end: {seen.h1[0]} — {story.title}", seen.title
        elif kind in ("happened", "journal-entry"):
            assert seen.title == f"What happened: {seen.h1[0]} — {story.title}", seen.title
        else:  # the title's own part is the heading, or its first words ("About" for "About Moscow 1921")
            own = seen.title.removesuffix(f" — {story.title}")
            assert seen.h1[0].startswith(own.split(" (")[0]), (where, seen.title, seen.h1)
        titles[kind] = seen.title
    # A scene's title names its chapter too: two scenes' titles differ as their places do.
    scene = toured.pages["scene"]
    assert re.fullmatch(rf"{re.escape(scene.h1[0])} \(.+\) — {re.escape(story.title)}", scene.title)
    assert len({titles[k] for k in ("journal", "glossary", "timeline", "situation", "about", "saves")}) == 6


def test_the_accessibility_tree_holds_the_scene_prose_and_its_choices(toured: Tour) -> None:
    shown, tree = toured.scene_view, toured.scene_tree
    assert shown is not None and tree, "the tour met no scene with a closed choice"
    text = spoken(tree)
    assert squash(shown.scene.title) in text
    for paragraph in paragraphs(shown.prose):
        assert squash(paragraph) in text, f"not in the accessibility tree: {paragraph!r}"
    buttons = [node for node in tree if node["role"] == "button"]
    for option in shown.options:
        wanted = " ".join(GLOSSARY_MARK.sub(lambda m: m.group(2) or m.group(1), option.text).split())
        found = [b for b in buttons if " ".join(b["name"].split()) == wanted]
        assert len(found) == 1, (
            f"choice {wanted!r} is not a button of that name: {[b['name'] for b in buttons]}"
        )
        assert bool(found[0]["props"].get("disabled")) == (not option.available), wanted
        if not option.available:  # the reason is read with the disabled button
            assert found[0]["description"].startswith("Not open to you: "), found[0]
            assert squash(option.reason or "not now") in squash(found[0]["description"])
    headings = [node["name"] for node in tree if node["role"] == "heading"]
    assert headings[:2] == [shown.scene.title, "What do you do?"], headings


def test_the_verdict_and_the_quotation_are_text_in_the_accessibility_tree(toured: Tour) -> None:
    panel, tree = toured.panel, toured.panel_tree
    assert panel is not None and tree
    text = spoken(tree)
    first = panel.first
    for words in ("You chose", first.chosen, "History", first.verdict.words, first.summary):
        assert squash(words) in text, f"not in the accessibility tree: {words!r}"
    assert first.quotation is not None
    assert squash(first.quotation.source.quote) in text and squash(first.quotation.cite) in text
    quotes = [node for node in tree if node["role"] == "blockquote"]
    assert quotes, "the quotation is not a blockquote"
    for cited in panel.full.sources:  # the full account, opened
        assert squash(cited.source.quote) in text


# ----------------------------------------------------------------------- keyboard and focus

FOCUSED = """(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    tag: e.tagName, id: e.id, text: e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 80),
    visible: e.matches(':focus-visible'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
    inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth
      && box.width > 0 && box.height > 0,
  };
})()"""


async def _tab_to(tab: Tab, wanted: str, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab until the focus is on an element whose text starts with ``wanted``; every element
    passed on the way, as FOCUSED describes it."""
    passed: list[dict[str, Any]] = []
    for _ in range(limit):
        await tab.page.press("tab")
        focused = await tab.js(FOCUSED)
        assert isinstance(focused, dict), f"Tab left the focus nowhere after {[p['text'] for p in passed]}"
        passed.append(focused)
        if focused["text"].startswith(wanted):
            return passed
    raise AssertionError(f"{wanted!r} never took the focus; Tab went through {[p['text'] for p in passed]}")


def _assert_focus_shown(passed: list[dict[str, Any]]) -> None:
    for focused in passed:
        assert focused["visible"] and focused["outline"] == "solid" and focused["width"] >= 2, focused
        assert focused["inView"], f"the focused element is off screen: {focused}"


def test_the_whole_game_is_played_by_keyboard_with_the_focus_always_visible(site: Web) -> None:
    asyncio.run(_keyboard(site))


async def _keyboard(site: Web) -> None:
    connection = await cdp.Connection.open(site.endpoint())
    try:
        tab = await open_tab(connection, site.base)  # a browser of its own: a new player
        await tab.goto("/")
        await tab.page.press("tab")
        skip = await tab.js(FOCUSED)
        assert isinstance(skip, dict) and skip["text"] == "Skip to the main text", skip
        _assert_focus_shown([skip])
        await tab.page.press("enter")
        assert await tab.js("document.activeElement.id") == "main"
        passed = await _tab_to(tab, "Play as the metalworker")
        assert passed[0]["text"] != "Moscow 1921", "after the skip link, Tab went back to the header"
        _assert_focus_shown(passed)
        tab.page.loaded.clear()
        await tab.page.press("enter")
        await tab.wait_for_load()
        assert await tab.path() == "/play" and await tab.has(".choices")
        # On a scene: Tab reaches each choice (through the prose's glossary links), Enter takes it.
        for _ in range(6):
            if not await tab.has(".choices"):
                break
            heading = await tab.js("document.querySelector('h1').textContent")
            first = str(await tab.js(f"document.querySelector({OPEN_CHOICE!r}).textContent.trim()"))
            passed = await _tab_to(tab, first[:30])
            _assert_focus_shown(passed)
            tab.page.loaded.clear()
            await tab.page.press("enter")
            await tab.wait_for_load()
            if await tab.path() == "/happened":
                passed = await _tab_to(tab, "Go on")
                _assert_focus_shown(passed)
                tab.page.loaded.clear()
                await tab.page.press("enter")
                await tab.wait_for_load()
            assert await tab.js("document.querySelector('h1').textContent") != heading
        # A number key takes the choice of that number, as in the terminal.
        heading = await tab.js("document.querySelector('h1').textContent")
        number = await tab.js(f"document.querySelector({OPEN_CHOICE!r}).dataset.key")
        tab.page.loaded.clear()
        await tab.page.press(str(number))
        await tab.wait_for_load()
        assert await tab.js("document.querySelector('h1').textContent") != heading
        # The theme switch in the footer, by keyboard: the high-contrast theme, kept for the next page.
        passed = await _tab_to(tab, "High contrast", limit=200)
        _assert_focus_shown(passed[-1:])
        tab.page.loaded.clear()
        await tab.page.press("enter")
        await tab.wait_for_load()
        assert await tab.js("document.documentElement.className") == "theme-contrast"
        await tab.goto("/journal")
        assert await tab.js("document.documentElement.className") == "theme-contrast"
        focused = await _tab_to(tab, "Skip to the main text")
        _assert_focus_shown(focused)
        assert focused[0]["color"] == "rgb(0, 255, 255)"  # the contrast theme's focus colour
    finally:
        await connection.close()


@pytest.fixture(autouse=True, scope="module")
def _kept(site: Web) -> Iterator[None]:
    yield
    assert site.served.process.poll() is None, f"the server died during the tests:\n{site.served.log_text()}"


def test_axe_does_see_a_faint_text_and_a_page_without_its_h1(site: Web) -> None:
    """The audit above can fail: the same run finds what a careless change would bring."""
    asyncio.run(_spoiled(site))


async def _spoiled(site: Web) -> None:
    connection = await cdp.Connection.open(site.endpoint())
    try:
        tab = await open_tab(connection, site.base)
        await tab.goto("/about")
        await axe.inject(tab.page, axe.script())
        assert await axe.run(tab.page) == []
        await tab.js(
            "(() => { const p = document.createElement('p'); p.textContent = 'Faint words';"
            " p.style.color = '#c8c0b4'; document.querySelector('main').append(p);"
            " document.querySelector('h1').remove(); })()"
        )
        found = {violation.rule for violation in await axe.run(tab.page)}
        assert {"color-contrast", "page-has-heading-one"} <= found, found
    finally:
        await connection.close()
