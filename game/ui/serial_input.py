"""Input one event at a time, each to a screen that is ready for it.

Textual hands a key to the focused widget's message queue and goes straight on to the next
key.  Typed faster than the game reacts (a burst from the terminal, a browser tab on a
loaded server), every key of the burst lands in the queue of the widget that was focused
when the first one arrived, and is handled there even after that key has dismissed the
widget's screen: the role screen was dismissed twice (``ScreenStackError``), a scene's
choices ran on a screen being taken down (``NoMatches``), an Enter meant for the panel a
choice opens was lost on the scene below it.

:class:`InputQueue` closes that gap for an app: an input event (key, mouse, paste) that
arrives while the app is still busy with the one before, or with a screen coming or going,
waits in a queue; it is let through, in order, once every message pump of the app and its
screens has handled what it had to do.  An idle app is not slowed: the first event of a
burst goes through at once.  An event never waits longer than :data:`HOLD_LIMIT`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump

HOLD_LIMIT = 3.0
"""Seconds an input event may wait for the app to settle before it is let through anyway."""

ROUND_LIMIT = 0.5
"""Seconds one round waits for a pump to answer (a widget being mounted answers only after)."""

Dispatch = Callable[[events.Event], Coroutine[Any, Any, None]]


def _queued(pump: MessagePump) -> bool:
    """Whether ``pump`` has messages queued, or callbacks to run after the current message.

    A message being handled is not seen here: only a round of :meth:`InputQueue._round` is
    sure to wait for it.  Input events not yet handled by the app are not counted: they are
    what the queue holds back.
    """
    if pump._next_callbacks:
        return True
    queued: Iterable[object] = pump._message_queue.values
    return any(not _fresh_input(message) for message in queued)


def _fresh_input(message: object) -> bool:
    return isinstance(message, (events.InputEvent, events.Paste)) and not message.is_forwarded


CHANGES = (events.Key, events.MouseDown, events.MouseUp, events.Click, events.Paste)
"""Input that may change the screen (mouse moves and scrolls do not): what comes after one of
these waits until it has been handled."""


class InputQueue:
    """Holds an app's input events while the app is busy and releases them one at a time.

    The app asks :meth:`holds` about every input event before handling it.  An event goes
    through at once when the app is idle and nothing is waiting; after a key, a click or a
    paste, whatever comes next waits until the app has settled.  A held event is handed
    back to ``dispatch`` (the app's own handling), from the app's message queue.
    """

    def __init__(self, app: App[Any], dispatch: Dispatch) -> None:
        self._app = app
        self._dispatch = dispatch
        self._held: deque[events.Event] = deque()
        self._releasing: asyncio.Task[None] | None = None
        self._unsettled = False  # an event went through and the app may not have handled it yet
        self.overdue = 0
        """How many events were let through after :data:`HOLD_LIMIT` without the app settling."""

    @property
    def waiting(self) -> int:
        """How many input events are waiting to be let through (0: the app has settled too)."""
        return len(self._held) + self._unsettled

    def holds(self, event: events.Event) -> bool:
        """Keep ``event`` for later (True) if the app is not ready for it; False: handle it now."""
        if not isinstance(event, (events.InputEvent, events.Paste)) or event.is_forwarded:
            return False
        if self._held or self._unsettled or not self.ready():
            self._held.append(event)
            self._start()
            return True
        if isinstance(event, CHANGES):
            self._unsettled = True
            self._start()
        return False

    def ready(self) -> bool:
        """True when the app and the screens have nothing queued and every screen is mounted.

        Called by the app while it handles an event, so the app's own message in hand is not
        counted, only what is queued behind it.
        """
        return not _queued(self._app) and self._screens_ready()

    def _screens_ready(self) -> bool:
        """Every screen mounted, and nothing queued where an input event is handled: the screens,
        the focused widget and its parents; the screen in front has refreshed since it changed."""
        app = self._app
        stack = app.screen_stack
        if not all(screen.is_mounted for screen in stack) or (stack and stack[-1]._callbacks):
            return False
        return not any(_queued(pump) for pump in self._handlers())

    def _handlers(self) -> set[MessagePump]:
        """Where input is handled: the screens, and the focused widget with its parents.

        Other widgets only draw (their queues hold updates and layout), so they are not waited for.
        """
        app = self._app
        handlers: set[MessagePump] = set(app.screen_stack)
        node: DOMNode | None = app.focused
        while node is not None and node not in handlers:
            handlers.add(node)
            node = node.parent
        return handlers

    def close(self) -> None:
        """Drop what is held (the app is closing)."""
        self._held.clear()
        if self._releasing is not None:
            self._releasing.cancel()

    def _start(self) -> None:
        if self._releasing is None or self._releasing.done():
            self._releasing = asyncio.create_task(self._release(), name="release held input")

    async def _release(self) -> None:
        app = self._app
        try:
            while app.is_running:
                await self._settled()
                if not self._held:
                    return
                event = self._held.popleft()
                self._unsettled = isinstance(event, CHANGES)
                handed = asyncio.Event()

                async def hand_over(event: events.Event = event, handed: asyncio.Event = handed) -> None:
                    try:
                        await self._dispatch(event)
                    finally:
                        handed.set()

                if not app.call_later(hand_over):
                    break  # the app is closing
                await handed.wait()
        finally:
            self._unsettled = False
            if not app.is_running:
                self._held.clear()

    async def _settled(self) -> None:
        """Return once the app and the screens have handled everything (or after :data:`HOLD_LIMIT`)."""
        deadline = time.monotonic() + HOLD_LIMIT
        while time.monotonic() < deadline and self._app.is_running:
            await self._round(deadline)
            if self._idle():
                return
        self.overdue += 1

    def _idle(self) -> bool:
        return not _queued(self._app) and self._screens_ready()

    async def _round(self, deadline: float) -> None:
        """Wait until the app and the busy handlers have handled what they held (or had in hand)
        when this began; if only the screen's refresh is awaited, wait about a frame for it.

        A pump that has not answered within :data:`ROUND_LIMIT` (one still being mounted) is not
        waited for any longer in this round.
        """
        pending = 0
        done = asyncio.Event()

        def one_done() -> None:
            nonlocal pending
            pending -= 1
            if pending == 0:
                done.set()

        busy = [pump for pump in self._handlers() if _queued(pump)]
        for pump in (self._app, *busy):
            if pump.call_later(one_done):
                pending += 1
        if pending:
            limit = min(ROUND_LIMIT, max(0.0, deadline - time.monotonic()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), limit)
        if not busy and not _queued(self._app):
            await asyncio.sleep(1 / 60)  # nothing queued: what is left is a refresh, about a frame
