"""axe-core, the accessibility engine, for the browser tests: installed from the npm registry into
a cache folder outside the repository the first time (``$XDG_CACHE_HOME/moscow1921-tests``),
loaded into the page to test, and run there.

Without ``npm`` (or with no registry to reach) the tests that need it skip and say why; with
``CI`` set they fail instead, as a missing Chromium does.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser import cdp

VERSION = "4.14.1"
"""The axe-core the tests run: pinned, so a new release's new rules arrive as a change of this line."""

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
"""The rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA (text contrast 4.5:1 among them),
and axe's best practices (one main landmark, one h1, all content in landmarks...)."""


def _cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "moscow1921-tests" / f"axe-core-{VERSION}"


def _unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}: the accessibility tests must run in CI", pytrace=False)
    pytest.skip(message)


def script() -> str:
    """The source of axe.min.js, installing axe-core first if it is not in the cache yet."""
    folder = _cache()
    found = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not found.is_file():
        if shutil.which("npm") is None:
            _unavailable(f"npm is not installed, so axe-core {VERSION} could not be installed")
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "w") as lock:  # two test processes may install at once
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not found.is_file():
                done = subprocess.run(
                    [
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--no-save",
                        "--prefix",
                        str(folder),
                        f"axe-core@{VERSION}",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
                if done.returncode != 0 or not found.is_file():
                    _unavailable(f"npm could not install axe-core {VERSION}: {done.stderr.strip()[-400:]}")
    return found.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]  # each node's selector and what axe says is wrong with it

    def __str__(self) -> str:
        shown = "\n      ".join(self.nodes[:5]) + (
            f"\n      ... {len(self.nodes) - 5} more" if len(self.nodes) > 5 else ""
        )
        return f"{self.rule} ({self.impact}): {self.help}\n      {shown}"


async def inject(tab: cdp.Page, source: str) -> None:
    """Load axe into the document ``tab`` shows, unless it is there already (DevTools adds it:
    the server's Content-Security-Policy, which allows no script but its own, does not apply)."""
    if await tab.evaluate("typeof axe === 'undefined'"):
        result = await tab.send("Runtime.evaluate", {"expression": source, "returnByValue": True}, timeout=30)
        if "exceptionDetails" in result:
            raise cdp.CDPError(f"axe-core did not load: {result['exceptionDetails']}")


COLOUR_RULES = ("color-contrast", "link-in-text-block")
"""The rules whose answer depends on the colours: all a page drawn in another theme needs again."""


async def run(tab: cdp.Page, rules: tuple[str, ...] = ()) -> list[Violation]:
    """axe's violations on the document ``tab`` shows, as it is drawn now (colours included): of
    every rule in :data:`TAGS`, or only of ``rules``.  A text whose contrast axe could not judge
    (its "incomplete": text over an image, say) counts as a violation too: none is allowed."""
    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": list(TAGS)}
    options = {"runOnly": only, "resultTypes": ["violations", "incomplete"]}
    expression = (
        f"axe.run(document, {json.dumps(options)}).then(r => [...r.violations, "
        f"...r.incomplete.filter(v => {json.dumps(list(COLOUR_RULES))}.includes(v.id))"
        ".map(v => ({...v, id: v.id + ' (could not be judged)'}))]"
        ".map(v => ({rule: v.id, impact: v.impact || '', help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || "
        "(n.any[0] || {}).message || ''))})))"
    )
    result = await tab.send(
        "Runtime.evaluate",
        {"expression": expression, "awaitPromise": True, "returnByValue": True},
        timeout=60,
    )
    if "exceptionDetails" in result:
        raise cdp.CDPError(f"axe.run failed: {result['exceptionDetails']}")
    found: list[dict[str, Any]] = result["result"]["value"]
    return [Violation(v["rule"], v["impact"], v["help"], tuple(v["nodes"])) for v in found]
