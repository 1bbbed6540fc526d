"""Key press to redrawn screen, on a real terminal, for the game and for the floor.

Run under a pseudo-terminal by :mod:`bench.ui` (``python -m bench.keys game|bare``):
the app runs with Textual's real driver, and a scripted player inside the process
posts key events as the terminal would.  A key's latency is the time from posting
it to the first frame written to the terminal after the state it changes has
changed (the next scene, panel or label drawn); the state is checked as each frame
is written.  The bare app's key replaces the text of one label: the least any app
can do per key.  Results, with the process's own peak memory, are written as JSON to
the file named by ``MOSCOW1921_BENCH_KEYS_FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

RESULT_FILE_ENV = "MOSCOW1921_BENCH_KEYS_FILE"
SETTLE = 0.05  # pause between keys, so each is measured on an idle app


class BareKeyApp(App[None]):
    """A bare app whose every key replaces one label's text."""

    def compose(self) -> ComposeResult:
        yield Static("0", id="label")

    def on_key(self) -> None:
        label = self.query_one("#label", Static)
        label.update(str(int(str(label.content)) + 1))


class FrameClock:
    """Timestamps of the frames an app writes to its terminal, and which came after a change."""

    def __init__(self, app: App[Any]) -> None:
        self.frames: list[float] = []
        self._changed: Callable[[], bool] | None = None
        self._first_changed: float | None = None
        original = app.post_display_hook

        def hook() -> None:
            now = time.perf_counter()
            self.frames.append(now)
            # The state is checked as each frame is written, not by polling: a frame drawn in
            # the same turn of the event loop as the change, before any poll could run, counts.
            if self._first_changed is None and self._changed is not None and self._changed():
                self._first_changed = now
            original()

        app.post_display_hook = hook  # type: ignore[method-assign]

    async def press(
        self, app: App[Any], key: str, changed: Callable[[], bool], timeout: float = 5.0
    ) -> float:
        """Post ``key``; return the seconds until a frame is written while ``changed()`` holds."""
        await asyncio.sleep(SETTLE)
        character = "\r" if key == "enter" else key
        self._changed, self._first_changed = changed, None
        started = time.perf_counter()
        app.post_message(events.Key(key, character))
        try:
            while time.perf_counter() - started < timeout:
                if self._first_changed is not None:
                    return self._first_changed - started
                await asyncio.sleep(0.0005)
        finally:
            self._changed = None
        raise RuntimeError(f"no frame after pressing {key!r} within {timeout} s")


async def play_bare(app: BareKeyApp, clock: FrameClock, presses: int) -> dict[str, list[float]]:
    label = app.query_one("#label", Static)
    out: list[float] = []
    for _ in range(presses):
        before = str(label.content)

        def changed(before: str = before) -> bool:
            return str(label.content) != before

        out.append(await clock.press(app, "a", changed))
    return {"choice": out}


async def play_game(app: Any, clock: FrameClock, presses: int) -> dict[str, list[float]]:
    """Choices (a number key) and continues (Enter on a what-happened panel), timed apart."""
    from game.ui.screens.what_happened import WhatHappenedScreen

    out: dict[str, list[float]] = {"choice": [], "continue": []}
    while len(out["choice"]) < presses:
        session = app.session
        if session is None or session.is_over:
            break  # one whole playthrough
        if isinstance(app.screen, WhatHappenedScreen):
            panel = app.screen

            def closed(panel: object = panel) -> bool:
                return app.screen is not panel

            out["continue"].append(await clock.press(app, "enter", closed))
            continue
        option = next(o for o in session.options() if o.available)
        turn, decision = session.state.turn, session.scene.decision is not None

        def changed(turn: int = turn, decision: bool = decision) -> bool:
            if app.session.state.turn == turn:
                return False
            # A decision's next screen is its what-happened panel: wait until it is mounted.
            return not decision or (isinstance(app.screen, WhatHappenedScreen) and app.screen.is_mounted)

        out["choice"].append(await clock.press(app, str(option.number), changed))
    return out


def own_peak_rss_kib() -> int | None:
    """This process's peak resident memory in KiB (Linux's ``VmHWM``), or None elsewhere.

    Not ``ru_maxrss``: on Linux a process starts with its parent's peak at the fork that
    made it, so a benchmark runner grown large by earlier rows would hide the app's own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def build(which: str) -> App[Any]:
    if which == "bare":
        return BareKeyApp()
    from game.ui.app import create_app

    return create_app(role="metalworker")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keys")
    parser.add_argument("which", choices=("game", "bare"))
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args(argv)
    app = build(args.which)
    clock = FrameClock(app)
    result: dict[str, Any] = {}

    async def player() -> None:
        await asyncio.sleep(0.3)  # let the first screen settle
        try:
            runner = play_bare if args.which == "bare" else play_game
            result["latencies"] = await runner(app, clock, args.presses)  # type: ignore[arg-type]
        except Exception as err:  # reported to the parent, which fails the benchmark
            result["error"] = repr(err)
        app.exit()

    def start(_: object = None) -> None:
        app.run_worker(player(), exclusive=True)

    app.call_later(start)
    app.run()
    result["peak_rss_kib"] = own_peak_rss_kib()
    path = os.environ.get(RESULT_FILE_ENV)
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(result, handle)
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
