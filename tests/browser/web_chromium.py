"""The web edition in a real headless Chromium: a tab driven as a person would, by mouse clicks.

Built on :mod:`tests.browser.cdp` (the DevTools connection the terminal-mode tests use).
:class:`Tab` clicks an element where it is drawn (``Input.dispatchMouseEvent`` at its centre,
scrolled into view first, so a button covered or off screen is not clicked), waits for the page
the click leads to, reads the page's text and title, and collects the files the page downloads.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from tests.browser import cdp


class Tab:
    """One tab of a headless Chromium, looking at the web edition at ``base``."""

    def __init__(self, page: cdp.Page, base: str, downloads: Path) -> None:
        self.page = page
        self.base = base.rstrip("/")
        self.downloads = downloads
        self.finished: dict[str, str] = {}  # download guid -> state
        page.connection.listen(self._on_event)

    @classmethod
    async def open(
        cls, devtools: cdp.Connection, base: str, downloads: Path, *, own_browser: bool = False
    ) -> Tab:
        """A new tab; with ``own_browser``, in a browser context of its own (another person's
        browser: no cookies shared with the other tabs)."""
        downloads.mkdir(parents=True, exist_ok=True)
        where: dict[str, Any] = {}
        if own_browser:
            created = await devtools.send("Target.createBrowserContext", {"disposeOnDetach": True})
            where["browserContextId"] = created["browserContextId"]
        elif devtools.context is not None:  # the test's own context (its downloads are set there)
            where["browserContextId"] = devtools.context
        if where:
            target = await devtools.send("Target.createTarget", {"url": "about:blank", **where})
            attached = await devtools.send(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
            )
            page = cdp.Page(devtools, target["targetId"], attached["sessionId"])
            await page.setup()
        else:
            page = await devtools.new_page()
        await devtools.send(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True, **where},
        )
        return cls(page, base, downloads)

    async def type_into(self, selector: str, text: str) -> None:
        """Click a field and type ``text`` into it."""
        await self.click(selector, navigates=False)
        await self.page.send("Input.insertText", {"text": text})

    def _on_event(self, method: str, params: dict[str, Any], session: str | None) -> None:
        if method == "Browser.downloadProgress" and params.get("state") in ("completed", "canceled"):
            self.finished[params["guid"]] = params["state"]

    async def goto(self, path: str) -> None:
        await self.page.goto(self.base + path)

    async def reload(self) -> None:
        self.page.loaded.clear()
        await self.page.send("Page.reload", {"ignoreCache": True})
        await asyncio.wait_for(self.page.loaded.wait(), 15)

    async def js(self, expression: str) -> Any:
        return await self.page.evaluate(expression)

    @property
    async def path(self) -> str:
        return str(await self.js("location.pathname"))

    async def title(self) -> str:
        return str(await self.js("document.title"))

    async def text(self, selector: str = "main") -> str:
        found = await self.js(
            f"(function(e){{return e ? e.innerText : null}})(document.querySelector({json.dumps(selector)}))"
        )
        if found is None:
            raise AssertionError(f"no {selector} on {await self.path}")
        return str(found)

    async def h1(self) -> list[str]:
        return list(await self.js("Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim())"))

    async def count(self, selector: str) -> int:
        return int(await self.js(f"document.querySelectorAll({json.dumps(selector)}).length"))

    async def click(self, selector: str, *, navigates: bool = True) -> None:
        """Click the first element matching ``selector`` with the mouse, where it is drawn."""
        box = await self.js(
            f"""(function() {{
              const e = document.querySelector({json.dumps(selector)});
              if (!e) return null;
              e.scrollIntoView({{block: "center", inline: "nearest"}});
              const r = e.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              const hit = document.elementFromPoint(x, y);
              return {{x: x, y: y, hit: !!hit && (hit === e || e.contains(hit))}};
            }})()"""
        )
        if box is None:
            raise AssertionError(
                f"nothing to click: {selector} on {await self.path}:\n{await self.text('body')}"
            )
        assert box["hit"], f"{selector} on {await self.path} is covered by another element"
        if navigates:
            self.page.loaded.clear()
        for kind in ("mousePressed", "mouseReleased"):
            await self.page.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1},
            )
        if navigates:
            await asyncio.wait_for(self.page.loaded.wait(), 15)

    async def download(self, selector: str, timeout: float = 15.0) -> Path:
        """Click a download link and return the file the browser saved."""
        before = set(self.finished)
        await self.click(selector, navigates=False)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = set(self.finished) - before
            if done:
                guid = done.pop()
                assert self.finished[guid] == "completed", f"the download was {self.finished[guid]}"
                saved = [p for p in self.downloads.iterdir() if not p.name.endswith(".crdownload")]
                assert saved, "the browser finished a download but saved no file"
                return max(saved, key=lambda p: p.stat().st_mtime_ns)
            await asyncio.sleep(0.05)
        raise AssertionError(f"no download finished within {timeout:.0f} s after clicking {selector}")

    async def choose_first_open(self) -> bool:
        """On a scene: take its first open choice, then read past the what-happened panel if one
        comes (True if one did: the choice answered a decision)."""
        await self.click(".choices button:not([disabled])")
        if await self.path != "/happened":
            return False
        await self.click("a.button.primary")
        return True
