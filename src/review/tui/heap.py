"""The app's heap kept out of the garbage collector's full passes, so that they stay short.

A full collection walks every object the process holds; with a screening view open at
100,000 records that took 30-65 ms of the app's thread, at random keys. What is loaded when
a view opens lives as long as the view: collected once, then frozen (left out of later
collections), a full pass walks only what came since.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what is garbage now, then leave every object alive out of later passes."""
    gc.collect()
    gc.freeze()


class CollectedWhileRead:
    """While a view is open, the collector's passes come between keys, not during them.

    A pass over the young objects starts by itself every 700 allocations: several per
    keypress, and at random one of 3-9 ms (the young and middle generations, or a full
    pass). While a view is open that threshold is raised far above what a key allocates,
    and the view collects once the reviewer is reading (`collect`): the young objects each
    time, everything every FULL_EVERY times. When the last such view closes, the thresholds
    are put back.
    """

    YOUNG_LIMIT = 200_000  # allocations before a pass starts by itself, as a safety net
    FULL_EVERY = 50
    open_views = 0
    saved = gc.get_threshold()

    def __init__(self) -> None:
        self.passes = 0
        self.started = False

    def start(self) -> None:
        if self.started:
            return
        if CollectedWhileRead.open_views == 0:
            CollectedWhileRead.saved = gc.get_threshold()
        CollectedWhileRead.open_views += 1
        self.started = True
        gc.set_threshold(self.YOUNG_LIMIT, *self.saved[1:])

    def collect(self) -> None:
        self.passes += 1
        gc.collect(2 if self.passes % self.FULL_EVERY == 0 else 1)

    def stop(self) -> None:
        if not self.started:
            return
        self.started = False
        CollectedWhileRead.open_views -= 1
        if CollectedWhileRead.open_views == 0:
            gc.set_threshold(*self.saved)
