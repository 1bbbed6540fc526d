"""The floor: a bare Textual app that exits as soon as its first frame is on screen.

Run it as ``python -m bench.bare_app`` (add ``--headless`` to skip the terminal).
Nothing the game does at start-up can be faster than this, so the game's own
start-up time is reported as a multiple of it.

When the environment names a file in ``MOSCOW1921_BENCH_FRAME_FILE``, the app
appends to it the system-wide monotonic time of its first frame, so the parent can
tell first-frame latency apart from Textual's shutdown (see :mod:`bench.startup`).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TypeVar

from textual.app import App

FRAME_FILE_ENV = "MOSCOW1921_BENCH_FRAME_FILE"

AppT = TypeVar("AppT", bound=type[App[Any]])


def mark_first_frame() -> None:
    """Record ``time.monotonic()`` in the file named by ``MOSCOW1921_BENCH_FRAME_FILE``, if any."""
    path = os.environ.get(FRAME_FILE_ENV)
    if path:
        with open(path, "a", encoding="ascii") as handle:
            handle.write(f"{time.monotonic():.9f}\n")


def exit_on_first_frame(app_class: AppT) -> AppT:
    """A subclass of ``app_class`` that marks its first frame and exits.

    Textual sends ``Ready`` to the app once the DOM is ready and the first frame has
    been displayed; handlers run for every class in the MRO, so the app's own
    ``on_ready`` (if any) still runs.
    """

    class FirstFrameOnly(app_class):  # type: ignore[valid-type,misc]
        def on_ready(self) -> None:
            mark_first_frame()
            self.exit()

    FirstFrameOnly.__name__ = f"{app_class.__name__}FirstFrameOnly"
    FirstFrameOnly.__qualname__ = FirstFrameOnly.__name__
    return FirstFrameOnly  # type: ignore[return-value]


class BareApp(App[None]):
    """An app with nothing in it but Textual's default screen."""

    def on_ready(self) -> None:
        mark_first_frame()
        self.exit()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    BareApp().run(headless="--headless" in args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
