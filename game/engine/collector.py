"""Pausing Python's cyclic garbage collector around large, cycle-free allocations."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block.

    Loading a story and exploring it allocate many objects that form no reference
    cycles; every collection those allocations trigger walks everything allocated so
    far and finds nothing (for 10,000 scenes, a third of the load time and of the
    exploration time).  Whatever the collector would have found is still collected
    once it runs again.  The collector's previous on/off state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
